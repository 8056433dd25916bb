#include "synhead/estimation/kalman_filter.h"

#include <cmath>
#include <numeric>

#include <gtest/gtest.h>

#include "synhead/core/random.h"

namespace synhead::estimation {
namespace {

constexpr double kDt = 0.04;  // 25 fps

std::vector<double> uniform_times(std::size_t count, double dt = kDt) {
  std::vector<double> times(count);
  for (std::size_t i = 0; i < count; ++i) times[i] = static_cast<double>(i) * dt;
  return times;
}

TEST(KalmanFilter, WithoutProcessNoiseEstimateIsTheRunningMean) {
  // q = 0 and an initial variance r make the k-th estimate the mean of the first k measurements, gain 1/k.
  core::Rng rng(3);
  std::vector<double> z(300);
  for (double& value : z) value = rng.normal(10, 2);
  KalmanFilter filter(MotionModel::ConstantPosition, {0, 4});
  const auto times = uniform_times(z.size());
  double sum = 0;
  for (std::size_t i = 0; i < z.size(); ++i) {
    sum += z[i];
    EXPECT_NEAR(filter.update(times[i], z[i]), sum / static_cast<double>(i + 1), 1e-9);
    EXPECT_NEAR(filter.last_gain(), 1.0 / static_cast<double>(i + 1), 1e-12);
  }
  EXPECT_NEAR(filter.position(), 10, 3 * 2 / std::sqrt(300.0));
}

TEST(KalmanFilter, GainConvergesToRiccatiSteadyState) {
  const NoiseParams noise{0.5, 4};
  const double expected = steady_state_gain(noise.q, noise.r, kDt);
  // Closed form: P = (Q + √(Q² + 4Qr))/2 with Q = q·dt solves P = P·r/(P+r) + Q.
  const double prior = expected * noise.r / (1 - expected);
  EXPECT_NEAR(prior, prior * noise.r / (prior + noise.r) + noise.q * kDt, 1e-12);

  core::Rng rng(5);
  KalmanFilter filter(MotionModel::ConstantPosition, noise);
  const auto times = uniform_times(2000);
  std::vector<double> estimates;
  for (double t : times) estimates.push_back(filter.update(t, rng.normal(10, 2)));
  EXPECT_NEAR(filter.last_gain(), expected, 1e-9);
  EXPECT_NEAR(filter.position_variance(), expected * noise.r, 1e-9);  // posterior P·r/(P+r) = K·r
  // In steady state the estimate is an exponential average: unbiased, variance K·r/(2−K).
  const double mean = std::accumulate(estimates.begin() + 200, estimates.end(), 0.0) / 1800;
  EXPECT_NEAR(mean, 10, 0.3);
}

TEST(KalmanFilter, ConstantVelocityTracksRampWithoutLag) {
  const auto times = uniform_times(200);
  std::vector<double> ramp;
  for (double t : times) ramp.push_back(3 + 20 * t);
  const auto estimates = kalman_filter(ramp, times, MotionModel::ConstantVelocity, {10, 1});
  for (std::size_t i = 100; i < ramp.size(); ++i) EXPECT_NEAR(estimates[i], ramp[i], 1e-6) << i;

  KalmanFilter filter(MotionModel::ConstantVelocity, {10, 1});
  for (std::size_t i = 0; i < ramp.size(); ++i) filter.update(times[i], ramp[i]);
  EXPECT_NEAR(filter.velocity(), 20, 1e-6);
}

TEST(KalmanFilter, ConstantAccelerationTracksParabolaAcrossGaps) {
  // Frames 50..59 are missing: the time step, not the frame count, drives prediction.
  std::vector<double> times, parabola;
  for (int i = 0; i < 300; ++i) {
    if (i >= 50 && i < 60) continue;
    const double t = i * kDt;
    times.push_back(t);
    parabola.push_back(1 - 4 * t + 6 * t * t);
  }
  const auto estimates = kalman_filter(parabola, times, MotionModel::ConstantAcceleration, {100, 1});
  for (std::size_t i = 150; i < parabola.size(); ++i) EXPECT_NEAR(estimates[i], parabola[i], 1e-6) << i;
}

TEST(KalmanFilter, SmoothsNoiseOfSlowSignal) {
  core::Rng rng(11);
  const auto times = uniform_times(1000);
  std::vector<double> truth, z;
  for (double t : times) {
    truth.push_back(30 * std::sin(t));
    z.push_back(truth.back() + rng.normal(0, 3));
  }
  const auto estimates = kalman_filter(z, times, MotionModel::ConstantVelocity, {300, 9});
  double raw = 0, filtered = 0;
  for (std::size_t i = 0; i < z.size(); ++i) {
    raw += std::abs(z[i] - truth[i]);
    filtered += std::abs(estimates[i] - truth[i]);
  }
  EXPECT_LT(filtered, 0.6 * raw);
}

TEST(KalmanFilter, DiscretisationMatchesWhiteNoiseModel) {
  // Q(dt) of the CA model over two half steps equals Q over the full step: F(h)Q(h)F(h)ᵀ + Q(h) = Q(2h).
  const double h = 0.03;
  const StateMatrix f = transition_matrix(MotionModel::ConstantAcceleration, h);
  const StateMatrix q = unit_process_covariance(MotionModel::ConstantAcceleration, h);
  const StateMatrix full = unit_process_covariance(MotionModel::ConstantAcceleration, 2 * h);
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) {
      double value = q.m[i][j];
      for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b) value += f.m[i][a] * q.m[a][b] * f.m[j][b];
      EXPECT_NEAR(value, full.m[i][j], 1e-15) << i << j;
    }
  }
}

TEST(KalmanFilter, ParsesModelNames) {
  for (const auto model : {MotionModel::ConstantPosition, MotionModel::ConstantVelocity, MotionModel::ConstantAcceleration})
    EXPECT_EQ(parse_motion_model(motion_model_name(model)), model);
  EXPECT_ANY_THROW(parse_motion_model("ct"));
}

}  // namespace
}  // namespace synhead::estimation
