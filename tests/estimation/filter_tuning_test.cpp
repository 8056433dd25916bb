#include "synhead/estimation/filter_tuning.h"

#include <cmath>

#include <gtest/gtest.h>

#include "filter_test_data.h"
#include "synhead/estimation/sequence_filter.h"
#include "user_error.h"

namespace synhead::estimation {
namespace {

using testing::simulate_constant_velocity;

std::vector<TuningChannel> simulated_channels(NoiseParams noise, int sequences) {
  std::vector<TuningChannel> channels;
  for (int s = 0; s < sequences; ++s) {
    auto sim = simulate_constant_velocity(noise, 250, 100 + s);
    channels.push_back({sim.measurements, sim.times, sim.truth, false});
  }
  return channels;
}

TEST(FilterTuning, LikelihoodRecoversGeneratingNoise) {
  const NoiseParams truth{400, 4};
  TuningOptions options;
  options.objective = TuningObjective::InnovationLikelihood;
  const TuningResult result = tune_kalman(simulated_channels(truth, 16), options);
  EXPECT_NEAR(result.noise.r, truth.r, 0.1 * truth.r);
  // One grid step is a factor 10^¼ ≈ 1.8 in λ.
  EXPECT_GT(result.noise.q, truth.q / 2);
  EXPECT_LT(result.noise.q, truth.q * 2);
  EXPECT_EQ(result.innovations, 16 * 249);
}

TEST(FilterTuning, ValidationErrorRecoversNoiseRatio) {
  const NoiseParams truth{400, 4};
  const auto channels = simulated_channels(truth, 16);
  const TuningResult result = tune_kalman(channels, {});
  const double ratio = result.noise.q / result.noise.r;
  EXPECT_GT(ratio, truth.q / truth.r / 4);
  EXPECT_LT(ratio, truth.q / truth.r * 4);
  // The chosen filter beats the raw measurements and is no worse than one with the true noise.
  double raw = 0, with_truth = 0;
  std::size_t frames = 0;
  for (const auto& channel : channels) {
    const auto estimates = kalman_filter(channel.measurements, channel.times, MotionModel::ConstantVelocity, truth);
    for (std::size_t i = 0; i < estimates.size(); ++i) {
      raw += std::abs(channel.measurements[i] - channel.truth[i]);
      with_truth += std::abs(estimates[i] - channel.truth[i]);
    }
    frames += estimates.size();
  }
  EXPECT_LT(result.validation_mae, raw / frames);
  EXPECT_LE(result.validation_mae, 1.05 * with_truth / frames);
}

// Per-frame CNN errors carry a per-sequence offset; it must not decide how much the filter smooths.
TEST(FilterTuning, APerSequenceOffsetDoesNotChangeTheChosenSmoothing) {
  const NoiseParams truth{400, 4};
  const auto channels = simulated_channels(truth, 16);
  auto offset = channels;
  for (std::size_t s = 0; s < offset.size(); ++s) {
    for (double& v : offset[s].measurements) v += s % 2 ? 30 : -30;
  }
  const TuningResult plain = tune_kalman(channels, {}), biased = tune_kalman(offset, {});
  const double ratio = (biased.noise.q / biased.noise.r) / (plain.noise.q / plain.noise.r);
  EXPECT_GT(ratio, 1 / 3.2);  // within two grid steps (a factor 10^¼ each)
  EXPECT_LT(ratio, 3.2);
  EXPECT_GT(biased.validation_rmse, 29);
}

TEST(FilterTuning, AngularChannelsAreUnwrapped) {
  // A yaw track around 180°, given wrapped into [−180, 180): tuning must see the same problem as unwrapped.
  const NoiseParams truth{400, 4};
  std::vector<TuningChannel> wrapped, plain;
  for (int s = 0; s < 8; ++s) {
    auto sim = simulate_constant_velocity(truth, 250, 300 + s, 175);
    plain.push_back({sim.measurements, sim.times, sim.truth, false});
    for (double& v : sim.measurements) v = motion_tracks::wrap_angle_deg(v);
    for (double& v : sim.truth) v = motion_tracks::wrap_angle_deg(v);
    wrapped.push_back({sim.measurements, sim.times, sim.truth, true});
  }
  const TuningResult a = tune_kalman(wrapped, {}), b = tune_kalman(plain, {});
  EXPECT_DOUBLE_EQ(a.noise.q / a.noise.r, b.noise.q / b.noise.r);
  EXPECT_NEAR(a.validation_mae, b.validation_mae, 1e-9);
}

TEST(FilterTuning, RejectsChannelsWithoutInnovations) {
  const std::vector<TuningChannel> single = {{{1.0}, {0.0}, {1.0}, false}};
  EXPECT_NE(testing::user_error_of([&] { tune_kalman(single, {}); }).find("at least two frames"), std::string::npos);
  const std::vector<TuningChannel> no_truth = {{{1.0, 2.0}, {0.0, 0.04}, {}, false}};
  EXPECT_NE(testing::user_error_of([&] { tune_kalman(no_truth, {}); }).find("ground truth"), std::string::npos);
}

}  // namespace
}  // namespace synhead::estimation
