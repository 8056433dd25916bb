// The One Euro filter on infer's angles: noise on a still head shrinks, a turn is followed, a reset starts afresh.

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "synhead/inference/angle_smoother.h"

namespace synhead::inference {
namespace {

double median_step(const std::vector<double>& v) {
  std::vector<double> d;
  for (std::size_t i = 1; i < v.size(); ++i) d.push_back(std::abs(v[i] - v[i - 1]));
  std::nth_element(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(d.size() / 2), d.end());
  return d[d.size() / 2];
}

TEST(AngleSmoother, NoiseOnAStillHeadShrinksSeveralFold) {
  AngleSmoother smoother;
  std::mt19937 rng(3);
  std::normal_distribution<double> noise(0, 1.0);
  std::vector<double> raw, smooth;
  for (int i = 0; i < 300; ++i) {
    const std::array<double, 3> a{10 + noise(rng), -5 + noise(rng), noise(rng)};
    raw.push_back(a[1]);
    smooth.push_back(smoother.update(a, i / 25.0)[1]);
  }
  EXPECT_LT(median_step(smooth), median_step(raw) / 3);
  EXPECT_NEAR(smooth.back(), -5, 1.0);
}

TEST(AngleSmoother, FollowsATurnWithLittleLag) {
  AngleSmoother smoother;
  // 60° in 0.5 s (120 °/s) at 25 fps, then still: under 6° behind near the turn's end, within 0.5° of the target
  // 0.24 s after it.
  double last = 0;
  for (int i = 0; i <= 18; ++i) {
    const double t = i / 25.0;
    const double yaw = std::min(t / 0.5, 1.0) * 60;
    last = smoother.update({0, yaw, 0}, t)[1];
    if (i == 12) {
      EXPECT_GT(last, 57.6 - 6) << "at 0.48 s";
    }
  }
  EXPECT_NEAR(last, 60, 0.5);
}

TEST(AngleSmoother, ResetAndDisabledPassAnglesThrough) {
  AngleSmoother smoother;
  smoother.update({0, 0, 0}, 0.0);
  smoother.update({0, 0, 0}, 0.04);
  smoother.reset();
  EXPECT_EQ(smoother.update({7, 8, 9}, 0.08), (std::array<double, 3>{7, 8, 9}));
  AngleSmoother off(AngleSmootherOptions{false});
  off.update({0, 0, 0}, 0.0);
  EXPECT_EQ(off.update({7, 8, 9}, 0.04), (std::array<double, 3>{7, 8, 9}));
}

}  // namespace
}  // namespace synhead::inference
