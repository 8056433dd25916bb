#include "synhead/estimation/particle_filter.h"

#include <cmath>

#include <gtest/gtest.h>

#include "filter_test_data.h"

namespace synhead::estimation {
namespace {

using testing::simulate_constant_velocity;

TEST(ParticleFilter, ManyParticlesApproximateKalmanOnLinearGaussianProblem) {
  const NoiseParams noise{200, 4};
  const auto s = simulate_constant_velocity(noise, 200, 21);
  const auto kalman = kalman_filter(s.measurements, s.times, MotionModel::ConstantVelocity, noise);
  core::Rng rng(7);
  const auto particle = particle_filter(s.measurements, s.times, MotionModel::ConstantVelocity, noise, 5000, rng);
  ASSERT_EQ(particle.size(), kalman.size());
  double difference = 0, kalman_error = 0;
  for (std::size_t i = 10; i < kalman.size(); ++i) {
    difference += std::abs(particle[i] - kalman[i]);
    kalman_error += std::abs(kalman[i] - s.truth[i]);
  }
  difference /= static_cast<double>(kalman.size() - 10);
  kalman_error /= static_cast<double>(kalman.size() - 10);
  // Monte-Carlo error of the posterior mean is a small fraction of the posterior spread (and of the KF's error).
  EXPECT_LT(difference, 0.1 * std::sqrt(noise.r));
  EXPECT_LT(difference, 0.15 * kalman_error);
}

TEST(ParticleFilter, ConstantPositionModelApproximatesKalman) {
  core::Rng data(4);
  std::vector<double> times, z;
  for (int i = 0; i < 150; ++i) {
    times.push_back(i * 0.04);
    z.push_back(data.normal(-7, 1.5));
  }
  const NoiseParams noise{2, 2.25};
  const auto kalman = kalman_filter(z, times, MotionModel::ConstantPosition, noise);
  core::Rng rng(8);
  const auto particle = particle_filter(z, times, MotionModel::ConstantPosition, noise, 5000, rng);
  double difference = 0;
  for (std::size_t i = 0; i < z.size(); ++i) difference += std::abs(particle[i] - kalman[i]);
  EXPECT_LT(difference / static_cast<double>(z.size()), 0.05);
}

TEST(ParticleFilter, SameSeedSameEstimates) {
  const auto s = simulate_constant_velocity({100, 1}, 60, 2);
  core::Rng a(99), b(99), c(100);
  const auto first = particle_filter(s.measurements, s.times, MotionModel::ConstantAcceleration, {1000, 1}, 300, a);
  const auto second = particle_filter(s.measurements, s.times, MotionModel::ConstantAcceleration, {1000, 1}, 300, b);
  const auto other = particle_filter(s.measurements, s.times, MotionModel::ConstantAcceleration, {1000, 1}, 300, c);
  EXPECT_EQ(first, second);
  EXPECT_NE(first, other);
}

TEST(ParticleFilter, SystematicResamplingKeepsProportionalCounts) {
  core::Rng rng(1);
  const auto kept = systematic_resample({0.5, 0.25, 0.25, 0.0}, rng);
  EXPECT_EQ(kept, (std::vector<int>{0, 0, 1, 2}));
  for (int trial = 0; trial < 20; ++trial) {
    const auto counts = systematic_resample({0.1, 0.6, 0.3}, rng);
    int ones = 0;
    for (int index : counts) ones += index == 1;
    EXPECT_GE(ones, 1);  // ⌊3·0.6⌋
    EXPECT_LE(ones, 2);  // ⌈3·0.6⌉
  }
}

}  // namespace
}  // namespace synhead::estimation
