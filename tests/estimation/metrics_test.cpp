#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "synhead/core/error.h"
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

TEST(LandmarkMetrics, FramesWithoutAFaceAreFailuresOutsideTheMean) {
  const double inf = std::numeric_limits<double>::infinity();
  const LandmarkMetrics m = landmark_metrics({0.02, 0.04, inf, 0.06});
  EXPECT_EQ(m.frames, 4u);
  EXPECT_EQ(m.missed, 1u);
  EXPECT_NEAR(m.nme_mean, 0.04, 1e-12);      // of the three frames with an estimate
  EXPECT_NEAR(m.failure_rate, 0.25, 1e-12);  // the missed frame
  // CED: 1/4 from 0.02, 2/4 from 0.04, 3/4 from 0.06 → area (0.06 + 0.04 + 0.02) / 4 over 0.08.
  EXPECT_NEAR(m.auc, 0.12 / 4 / 0.08, 1e-12);
  const nlohmann::json j = to_json(landmark_metrics({inf, inf}));
  EXPECT_TRUE(j.at("nme_mean").is_null());   // no estimate at all: no mean (JSON has no infinity)
  EXPECT_EQ(j.at("failure_rate_0.08"), 1.0);
  EXPECT_EQ(j.at("missed"), 2);
}

TEST(LandmarkMetrics, CedIsMonotoneAndEndsAtTheFailureRatesComplement) {
  const std::vector<double> errors = {0.01, 0.03, 0.03, 0.05, 0.079, 0.08, 0.2, std::numeric_limits<double>::infinity()};
  const LandmarkMetrics m = landmark_metrics(errors);
  ASSERT_EQ(m.ced.thresholds.size(), 81u);
  EXPECT_DOUBLE_EQ(m.ced.thresholds.front(), 0.0);
  EXPECT_DOUBLE_EQ(m.ced.thresholds.back(), kLandmarkErrorThreshold);
  for (std::size_t i = 1; i < m.ced.fraction.size(); ++i) EXPECT_GE(m.ced.fraction[i], m.ced.fraction[i - 1]);
  EXPECT_DOUBLE_EQ(m.ced.fraction.front(), 0.0);
  EXPECT_NEAR(m.ced.fraction.back(), 1 - m.failure_rate, 1e-12);  // 6 of 8 at most 0.08 (0.08 itself counts)
  EXPECT_NEAR(m.failure_rate, 2.0 / 8, 1e-12);
  // Hand values: at 0.04 three frames, at 0.06 four, at 0.02 one.
  EXPECT_NEAR(m.ced.fraction[40], 3.0 / 8, 1e-12);
  EXPECT_NEAR(m.ced.fraction[60], 4.0 / 8, 1e-12);
  EXPECT_NEAR(m.ced.fraction[20], 1.0 / 8, 1e-12);
  const nlohmann::json j = to_json(m);
  EXPECT_EQ(j.at("ced").at("fraction").size(), 81u);
  EXPECT_EQ(j.at("ced").at("nme").back(), kLandmarkErrorThreshold);
}

TEST(LandmarkMetrics, InterOcularDistanceIsBetweenTheOuterEyeCorners) {
  LandmarkPoints truth{};
  for (int i = 0; i < 68; ++i) {
    truth[i] = 10 + i;       // x from 10 to 77
    truth[68 + i] = 2 * i;   // y from 0 to 134
  }
  truth[36] = 30, truth[68 + 36] = 50;
  truth[45] = 60, truth[68 + 45] = 90;
  EXPECT_NEAR(normalising_distance(truth, LandmarkNormaliser::InterOcular), 50, 1e-12);  // a 30-40-50 triangle
  EXPECT_NEAR(normalising_distance(truth, LandmarkNormaliser::BoxDiagonal), std::hypot(67.0, 134.0), 1e-12);
  EXPECT_EQ(landmark_normaliser_from_name("inter_ocular"), LandmarkNormaliser::InterOcular);
  EXPECT_STREQ(landmark_normaliser_name(LandmarkNormaliser::BoxDiagonal), "box_diagonal");
  EXPECT_THROW(landmark_normaliser_from_name("eyes"), core::UserError);
}

}  // namespace
}  // namespace synhead::estimation
