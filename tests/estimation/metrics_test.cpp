#include <gtest/gtest.h>

#include "synhead/estimation/metrics.h"

namespace synhead::estimation {
namespace {

TEST(ErrorStats, MeanAndStandardDeviationOfAbsoluteErrors) {
  const ErrorStats s = error_stats({1, 3, 5, 7});
  EXPECT_DOUBLE_EQ(s.mae, 4);
  EXPECT_DOUBLE_EQ(s.std, std::sqrt(5.0));
  EXPECT_DOUBLE_EQ(error_stats({}).mae, 0);
}

TEST(PoseMetrics, PerAngleErrorsWrapAroundAndGeodesicMatchesASingleAxis) {
  const std::vector<motion_tracks::EulerDeg> truth = {{0, 179, 0}, {10, 0, 0}};
  const std::vector<motion_tracks::EulerDeg> predicted = {{0, -179, 0}, {16, 0, 0}};
  const PoseMetrics m = pose_metrics(predicted, truth);
  EXPECT_NEAR(m.yaw.mae, 1.0, 1e-9);  // (2 + 0) / 2: 179 vs −179 is 2° apart, not 358°
  EXPECT_NEAR(m.pitch.mae, 3.0, 1e-9);
  EXPECT_NEAR(m.roll.mae, 0.0, 1e-9);
  EXPECT_NEAR(m.mean_mae, 4.0 / 3.0, 1e-9);
  EXPECT_NEAR(m.geodesic.mae, 4.0, 1e-6);  // rotations about one axis: geodesic = |Δangle|
  EXPECT_EQ(m.frames, 2u);
}

TEST(LandmarkMetrics, NmeIsTheMeanDistanceOverTheBoxDiagonal) {
  LandmarkPoints truth{}, predicted{};
  for (int i = 0; i < 68; ++i) {
    truth[i] = predicted[i] = i;
    truth[68 + i] = i;
    predicted[68 + i] = i + 2;  // every point 2 px too low
  }
  EXPECT_NEAR(normalised_mean_error(predicted, truth, 100), 0.02, 1e-12);
}

TEST(LandmarkMetrics, AucAndFailureRateFollowTheCumulativeErrorCurve) {
  const LandmarkMetrics m = landmark_metrics({0.0, 0.04, 0.1, 0.2});
  EXPECT_NEAR(m.nme_mean, 0.085, 1e-12);
  EXPECT_NEAR(m.failure_rate, 0.5, 1e-12);
  // CED: 1/4 from e = 0, 2/4 from e = 0.04 → area (0.08·1 + 0.04·1) / 4 over 0.08.
  EXPECT_NEAR(m.auc, (0.08 + 0.04) / 4 / 0.08, 1e-12);
  EXPECT_NEAR(landmark_metrics({0, 0}).auc, 1.0, 1e-12);
}

}  // namespace
}  // namespace synhead::estimation
