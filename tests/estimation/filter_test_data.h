#pragma once
// Trajectories drawn from the constant-velocity white-noise model itself, with Gaussian measurement noise: the
// linear-Gaussian problem on which the Kalman filter is exact and tuning can recover the generating (q, r).

#include <cmath>
#include <vector>

#include "synhead/core/random.h"
#include "synhead/estimation/kalman_filter.h"

namespace synhead::testing {

struct SimulatedChannel {
  std::vector<double> times, truth, measurements;
};

inline SimulatedChannel simulate_constant_velocity(estimation::NoiseParams noise, int frames, std::uint64_t seed,
                                                   double start = 0, double dt = 0.04) {
  core::Rng rng(seed);
  SimulatedChannel s;
  double position = start, velocity = 5;
  const estimation::StateMatrix q = estimation::unit_process_covariance(estimation::MotionModel::ConstantVelocity, dt);
  // Exact sampling of the integrated white acceleration: (Δp, Δv) ~ N(0, q·Q(dt)) through its Cholesky factor.
  const double l00 = std::sqrt(noise.q * q.m[0][0]), l10 = noise.q * q.m[1][0] / l00;
  const double l11 = std::sqrt(noise.q * q.m[1][1] - l10 * l10);
  for (int i = 0; i < frames; ++i) {
    if (i > 0) {
      const double a = rng.normal(), b = rng.normal();
      position += velocity * dt + l00 * a;
      velocity += l10 * a + l11 * b;
    }
    s.times.push_back(i * dt);
    s.truth.push_back(position);
    s.measurements.push_back(position + rng.normal(0, std::sqrt(noise.r)));
  }
  return s;
}

}  // namespace synhead::testing
