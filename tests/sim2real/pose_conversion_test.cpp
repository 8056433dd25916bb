// The peer's rotation → synhead's angles: a solvePnP rotation vector made from rotation_from_euler must give the
// same angles back, and a face projected at a known pose must be fitted at that pose — with synhead's signs (yaw > 0
// turns the nose toward image left, pitch > 0 moves it down, roll > 0 tilts the top of the head toward image right).

#include <gtest/gtest.h>

#include <opencv2/calib3d.hpp>

#include "synhead/sim2real/face_model.h"
#include "synhead/sim2real/peer.h"

namespace synhead::sim2real {
namespace {

const std::vector<motion_tracks::EulerDeg> kPoses{{0, 0, 0},    {0, 35, 0},   {0, -35, 0}, {25, 0, 0},
                                                  {-25, 0, 0},  {0, 0, 30},   {0, 0, -30}, {12, -40, 18},
                                                  {-20, 60, -10}, {40, 20, 25}};

cv::Vec3d rotation_vector(const motion_tracks::EulerDeg& e) {
  const glm::dmat3 r = motion_tracks::rotation_from_euler(e);
  cv::Matx33d m;
  for (int row = 0; row < 3; ++row)
    for (int col = 0; col < 3; ++col) m(row, col) = motion_tracks::at(r, row, col);
  cv::Vec3d rvec;
  cv::Rodrigues(m, rvec);
  return rvec;
}

// The generic face's points at pose e, 600 mm in front of a 640×480 camera with f = 640, as dlib would report them.
std::array<std::array<double, 2>, 68> projected_face(const motion_tracks::EulerDeg& e) {
  const glm::dmat3 r = motion_tracks::rotation_from_euler(e);
  std::array<std::array<double, 2>, 68> points{};
  for (const ModelPoint& p : kGenericFace) {
    const glm::dvec3 c = r * glm::dvec3(p.x, p.y, p.z) + glm::dvec3(15, -10, 600);
    points[p.landmark] = {640 * c.x / c.z + 320, 640 * c.y / c.z + 240};
  }
  return points;
}

TEST(Sim2RealPose, RotationVectorGivesBackTheEulerAnglesOfRotationFromEuler) {
  for (const auto& e : kPoses) {
    const motion_tracks::EulerDeg back = euler_from_rotation_vector(rotation_vector(e));
    EXPECT_NEAR(back.pitch, e.pitch, 1e-9) << e.pitch << " " << e.yaw << " " << e.roll;
    EXPECT_NEAR(back.yaw, e.yaw, 1e-9) << e.pitch << " " << e.yaw << " " << e.roll;
    EXPECT_NEAR(back.roll, e.roll, 1e-9) << e.pitch << " " << e.yaw << " " << e.roll;
  }
}

TEST(Sim2RealPose, FitsTheGenericFaceAtTheProjectedPose) {
  for (const auto& e : kPoses) {
    const PeerFrame fit = fit_generic_face(projected_face(e), 640, 480, 640);
    ASSERT_TRUE(fit.found);
    EXPECT_NEAR(fit.pose.pitch, e.pitch, 1e-4) << e.pitch << " " << e.yaw << " " << e.roll;
    EXPECT_NEAR(fit.pose.yaw, e.yaw, 1e-4) << e.pitch << " " << e.yaw << " " << e.roll;
    EXPECT_NEAR(fit.pose.roll, e.roll, 1e-4) << e.pitch << " " << e.yaw << " " << e.roll;
    EXPECT_NEAR(fit.translation_mm[2], 600, 1e-3);
    EXPECT_LT(fit.reprojection_px, 1e-4);
  }
}

TEST(Sim2RealPose, TheModelsAxesGiveSynheadsSigns) {
  const auto front = projected_face({0, 0, 0});
  const auto nose_minus_eyes = [](const std::array<std::array<double, 2>, 68>& p, int axis) {
    return p[30][axis] - 0.5 * (p[36][axis] + p[45][axis]);
  };
  EXPECT_LT(nose_minus_eyes(projected_face({0, 20, 0}), 0), nose_minus_eyes(front, 0));  // yaw > 0: image left
  EXPECT_GT(nose_minus_eyes(projected_face({20, 0, 0}), 1), nose_minus_eyes(front, 1));  // pitch > 0: looks down
  // roll > 0: the top of the head (the nose bridge above the chin) leans toward image right, a clockwise turn on
  // screen that lifts the image-left eye.
  const auto tilted = projected_face({0, 0, 20});
  EXPECT_GT(tilted[27][0], tilted[8][0]);
  EXPECT_LT(tilted[36][1], tilted[45][1]);
}

}  // namespace
}  // namespace synhead::sim2real
