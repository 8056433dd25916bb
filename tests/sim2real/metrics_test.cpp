// The comparison's figures on series whose answers are known by construction.

#include <gtest/gtest.h>

#include <cmath>

#include "synhead/sim2real/metrics.h"

namespace synhead::sim2real {
namespace {

const std::vector<double> kMotion{0, 3, 9, 14, 12, 5, -4, -10, -6, 1};

std::vector<double> plus(const std::vector<double>& v, double offset) {
  std::vector<double> out(v);
  for (double& x : out) x += offset;
  return out;
}

TEST(Sim2RealMetrics, CorrelationOfASeriesWithItselfPlusAnOffsetIsOne) {
  EXPECT_NEAR(pearson(plus(kMotion, 7.5), kMotion), 1.0, 1e-12);
  std::vector<double> negated(kMotion);
  for (double& x : negated) x = -2 * x;
  EXPECT_NEAR(pearson(negated, kMotion), -1.0, 1e-12);
}

TEST(Sim2RealMetrics, CorrelationIsUndefinedForAConstantSeries) {
  EXPECT_TRUE(std::isnan(pearson(std::vector<double>(kMotion.size(), 4.0), kMotion)));
  EXPECT_TRUE(std::isnan(pearson({1.0}, {2.0})));
}

TEST(Sim2RealMetrics, OffsetFreeMaeRemovesAConstantOffset) {
  EXPECT_NEAR(offset_free_mae(plus(kMotion, -12), kMotion), 0.0, 1e-12);
  EXPECT_NEAR(mean_offset(plus(kMotion, -12), kMotion), -12.0, 1e-12);
  // An offset of 5 plus ±1 alternating: the offset goes, the ±1 stays.
  std::vector<double> a(kMotion);
  for (std::size_t i = 0; i < a.size(); ++i) a[i] += 5 + (i % 2 ? 1.0 : -1.0);
  EXPECT_NEAR(offset_free_mae(a, kMotion), 1.0, 1e-12);
  EXPECT_NEAR(mean_offset(a, kMotion), 5.0, 1e-12);
}

TEST(Sim2RealMetrics, SlopeAndStandardDeviation) {
  std::vector<double> a(kMotion);
  for (double& x : a) x = 0.5 * x + 3;
  EXPECT_NEAR(slope(a, kMotion), 0.5, 1e-12);
  EXPECT_NEAR(standard_deviation({1, 3}), 1.0, 1e-12);
  EXPECT_NEAR(standard_deviation({2, 4, 4, 4, 5, 5, 7, 9}), 2.0, 1e-12);
  EXPECT_EQ(standard_deviation({5}), 0.0);
}

TEST(Sim2RealMetrics, JitterIsTheMedianStepBetweenConsecutiveFrames) {
  // Steps 1, 2, 3, 4 → median 2.5; negative steps count by their size.
  EXPECT_NEAR(jitter({0, 1, 3, 6, 10}, {0, 1, 2, 3, 4}), 2.5, 1e-12);
  EXPECT_NEAR(jitter({0, -1, 1, 0}, {7, 8, 9, 10}), 1.0, 1e-12);
  // A gap (frames 2 → 5) is not a step: the steps are 1, 2 and 40 → 2.
  EXPECT_NEAR(jitter({0, 1, 3, 100, 140}, {0, 1, 2, 5, 6}), 2.0, 1e-12);
  EXPECT_EQ(consecutive_pairs({0, 1, 2, 5, 6}), 3u);
  EXPECT_TRUE(std::isnan(jitter({0, 5}, {0, 2})));
}

}  // namespace
}  // namespace synhead::sim2real
