#pragma once
// Pose convention (docs/conventions.md): camera frame x right, y down, z forward;
// R = Rz(roll) · Ry(yaw) · Rx(pitch), angles in degrees at every interface, radians only inside.
// pitch > 0 looks down, yaw > 0 turns the face toward image left, roll > 0 tilts the top of the head toward
// image right.

#include <array>
#include <vector>

#include <glm/gtc/quaternion.hpp>
#include <glm/mat3x3.hpp>

namespace synhead::motion_tracks {

struct EulerDeg {
  double pitch = 0;
  double yaw = 0;
  double roll = 0;
};

glm::dmat3 rotation_from_euler(const EulerDeg& angles);
// Inverse of rotation_from_euler for |yaw| < 90°; at the singularity yaw = ±90° roll absorbs the rotation.
EulerDeg euler_from_rotation(const glm::dmat3& r);

// Row/column access in mathematical order (glm stores columns: m[col][row]).
inline double at(const glm::dmat3& m, int row, int col) { return m[col][row]; }
glm::dmat3 matrix_from_rows(const std::array<double, 9>& row_major);
std::array<double, 9> rows_of(const glm::dmat3& m);

// Geodesic distance acos((trace(Aᵀ B) − 1) / 2) in degrees, in [0, 180].
double geodesic_angle_deg(const glm::dmat3& a, const glm::dmat3& b);

// Wraps to [−180, 180).
double wrap_angle_deg(double degrees);
// Removes 360° jumps so consecutive samples differ by less than 180°.
std::vector<double> unwrap_angles_deg(const std::vector<double>& degrees);

glm::dquat quat_from_euler(const EulerDeg& angles);
EulerDeg euler_from_quat(const glm::dquat& q);
// Constant-speed interpolation along the shorter arc (q and −q are the same rotation).
glm::dquat slerp_shortest(const glm::dquat& a, const glm::dquat& b, double t);

}  // namespace synhead::motion_tracks
