#include "synhead/motion_tracks/rotation.h"

#include <gtest/gtest.h>

#include "synhead/core/random.h"

namespace synhead::motion_tracks {
namespace {

void expect_matrix_near(const glm::dmat3& m, const std::array<double, 9>& rows, double tol = 1e-12) {
  const auto actual = rows_of(m);
  for (int i = 0; i < 9; ++i) EXPECT_NEAR(actual[static_cast<std::size_t>(i)], rows[static_cast<std::size_t>(i)], tol) << "entry " << i;
}

TEST(Rotation, KnownMatricesOfSingleAngles) {
  expect_matrix_near(rotation_from_euler({90, 0, 0}), {1, 0, 0, 0, 0, -1, 0, 1, 0});
  expect_matrix_near(rotation_from_euler({0, 90, 0}), {0, 0, 1, 0, 1, 0, -1, 0, 0});
  expect_matrix_near(rotation_from_euler({0, 0, 90}), {0, -1, 0, 1, 0, 0, 0, 0, 1});
  expect_matrix_near(rotation_from_euler({0, 0, 0}), {1, 0, 0, 0, 1, 0, 0, 0, 1});
}

TEST(Rotation, CompositionOrderIsRollYawPitch) {
  const EulerDeg e{20, -35, 10};
  const glm::dmat3 expected =
      rotation_from_euler({0, 0, e.roll}) * rotation_from_euler({0, e.yaw, 0}) * rotation_from_euler({e.pitch, 0, 0});
  expect_matrix_near(rotation_from_euler(e), rows_of(expected));
}

// The face front is −z in the head frame; the top of the head is −y (docs/conventions.md).
TEST(Rotation, SignsMatchThePhysicalConvention) {
  const glm::dvec3 front{0, 0, -1}, top{0, -1, 0};
  EXPECT_GT((rotation_from_euler({20, 0, 0}) * front).y, 0.1);  // pitch > 0: looks down (image y down)
  EXPECT_LT((rotation_from_euler({0, 20, 0}) * front).x, -0.1); // yaw > 0: face toward image left
  EXPECT_GT((rotation_from_euler({0, 0, 20}) * top).x, 0.1);    // roll > 0: top toward image right
}

TEST(Rotation, EulerRoundTripAwayFromGimbalLock) {
  core::Rng rng(1);
  for (int i = 0; i < 2000; ++i) {
    const EulerDeg e{rng.uniform(-179, 179), rng.uniform(-89, 89), rng.uniform(-179, 179)};
    const EulerDeg back = euler_from_rotation(rotation_from_euler(e));
    ASSERT_NEAR(back.pitch, e.pitch, 1e-9);
    ASSERT_NEAR(back.yaw, e.yaw, 1e-9);
    ASSERT_NEAR(back.roll, e.roll, 1e-9);
    const EulerDeg via_quat = euler_from_quat(quat_from_euler(e));
    ASSERT_NEAR(via_quat.pitch, e.pitch, 1e-7);
    ASSERT_NEAR(via_quat.yaw, e.yaw, 1e-7);
    ASSERT_NEAR(via_quat.roll, e.roll, 1e-7);
  }
}

TEST(Rotation, EulerFromMatrixUsesConventionFormulas) {
  const glm::dmat3 r = rotation_from_euler({12, -34, 56});
  const EulerDeg e = euler_from_rotation(r);
  EXPECT_NEAR(e.pitch, std::atan2(at(r, 2, 1), at(r, 2, 2)) * 180 / M_PI, 1e-12);
  EXPECT_NEAR(e.roll, std::atan2(at(r, 1, 0), at(r, 0, 0)) * 180 / M_PI, 1e-12);
}

TEST(Rotation, RowsRoundTrip) {
  const std::array<double, 9> rows{1, 2, 3, 4, 5, 6, 7, 8, 9};
  EXPECT_EQ(rows_of(matrix_from_rows(rows)), rows);
  EXPECT_EQ(at(matrix_from_rows(rows), 0, 2), 3);
  EXPECT_EQ(at(matrix_from_rows(rows), 2, 0), 7);
}

TEST(Rotation, GeodesicAngle) {
  EXPECT_NEAR(geodesic_angle_deg(rotation_from_euler({0, 0, 0}), rotation_from_euler({0, 30, 0})), 30, 1e-9);
  EXPECT_NEAR(geodesic_angle_deg(rotation_from_euler({10, 20, 30}), rotation_from_euler({10, 20, 30})), 0, 1e-6);
  EXPECT_NEAR(geodesic_angle_deg(rotation_from_euler({0, 0, 170}), rotation_from_euler({0, 0, -170})), 20, 1e-9);
  EXPECT_NEAR(geodesic_angle_deg(rotation_from_euler({180, 0, 0}), rotation_from_euler({0, 0, 0})), 180, 1e-6);
}

TEST(Rotation, WrapAndUnwrap) {
  EXPECT_DOUBLE_EQ(wrap_angle_deg(190), -170);
  EXPECT_DOUBLE_EQ(wrap_angle_deg(-190), 170);
  EXPECT_DOUBLE_EQ(wrap_angle_deg(180), -180);
  EXPECT_DOUBLE_EQ(wrap_angle_deg(-180), -180);
  EXPECT_DOUBLE_EQ(wrap_angle_deg(720 + 45), 45);
  const auto unwrapped = unwrap_angles_deg({170, 179, -175, -160, 175});
  EXPECT_EQ(unwrapped, (std::vector<double>{170, 179, 185, 200, 175}));
}

TEST(Rotation, SlerpTakesTheShortArcAtConstantSpeed) {
  const auto a = quat_from_euler({0, 0, 170});
  const auto b = quat_from_euler({0, 0, -170});
  EXPECT_NEAR(std::abs(euler_from_quat(slerp_shortest(a, b, 0.5)).roll), 180, 1e-9);
  EXPECT_NEAR(euler_from_quat(slerp_shortest(a, -b, 0.25)).roll, 175, 1e-9);
  const auto c = quat_from_euler({0, 40, 0});
  EXPECT_NEAR(euler_from_quat(slerp_shortest(quat_from_euler({}), c, 0.25)).yaw, 10, 1e-9);
}

}  // namespace
}  // namespace synhead::motion_tracks
