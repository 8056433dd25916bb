#include "synhead/motion_tracks/rotation.h"

#include <algorithm>
#include <cmath>

#include <glm/gtc/constants.hpp>

namespace synhead::motion_tracks {
namespace {

constexpr double kDegToRad = glm::pi<double>() / 180.0;
constexpr double kRadToDeg = 180.0 / glm::pi<double>();

}  // namespace

glm::dmat3 matrix_from_rows(const std::array<double, 9>& r) {
  return glm::dmat3(r[0], r[3], r[6],   // column 0
                    r[1], r[4], r[7],   // column 1
                    r[2], r[5], r[8]);  // column 2
}

std::array<double, 9> rows_of(const glm::dmat3& m) {
  return {at(m, 0, 0), at(m, 0, 1), at(m, 0, 2), at(m, 1, 0), at(m, 1, 1),
          at(m, 1, 2), at(m, 2, 0), at(m, 2, 1), at(m, 2, 2)};
}

glm::dmat3 rotation_from_euler(const EulerDeg& angles) {
  const double p = angles.pitch * kDegToRad, y = angles.yaw * kDegToRad, r = angles.roll * kDegToRad;
  const glm::dmat3 rx = matrix_from_rows({1, 0, 0, 0, std::cos(p), -std::sin(p), 0, std::sin(p), std::cos(p)});
  const glm::dmat3 ry = matrix_from_rows({std::cos(y), 0, std::sin(y), 0, 1, 0, -std::sin(y), 0, std::cos(y)});
  const glm::dmat3 rz = matrix_from_rows({std::cos(r), -std::sin(r), 0, std::sin(r), std::cos(r), 0, 0, 0, 1});
  return rz * ry * rx;
}

EulerDeg euler_from_rotation(const glm::dmat3& m) {
  EulerDeg e;
  e.pitch = std::atan2(at(m, 2, 1), at(m, 2, 2)) * kRadToDeg;
  e.yaw = std::atan2(-at(m, 2, 0), std::hypot(at(m, 2, 1), at(m, 2, 2))) * kRadToDeg;
  e.roll = std::atan2(at(m, 1, 0), at(m, 0, 0)) * kRadToDeg;
  return e;
}

double geodesic_angle_deg(const glm::dmat3& a, const glm::dmat3& b) {
  const glm::dmat3 d = glm::transpose(a) * b;
  const double c = std::clamp((d[0][0] + d[1][1] + d[2][2] - 1.0) / 2.0, -1.0, 1.0);
  return std::acos(c) * kRadToDeg;
}

double wrap_angle_deg(double degrees) {
  double w = std::fmod(degrees + 180.0, 360.0);
  if (w < 0) w += 360.0;
  return w - 180.0;
}

std::vector<double> unwrap_angles_deg(const std::vector<double>& degrees) {
  std::vector<double> out(degrees);
  for (std::size_t i = 1; i < out.size(); ++i) {
    out[i] = out[i - 1] + wrap_angle_deg(degrees[i] - degrees[i - 1]);
  }
  return out;
}

glm::dquat quat_from_euler(const EulerDeg& angles) { return glm::quat_cast(rotation_from_euler(angles)); }

EulerDeg euler_from_quat(const glm::dquat& q) { return euler_from_rotation(glm::mat3_cast(glm::normalize(q))); }

glm::dquat slerp_shortest(const glm::dquat& a, const glm::dquat& b, double t) {
  const glm::dquat target = glm::dot(a, b) < 0 ? -b : b;
  return glm::normalize(glm::slerp(a, target, t));
}

}  // namespace synhead::motion_tracks
