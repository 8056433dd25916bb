#include "synhead/inference/angle_smoother.h"

#include <cmath>

namespace synhead::inference {

namespace {

// The weight of a new sample in an exponential low-pass with this cutoff at time step dt.
double alpha(double cutoff_hz, double dt) {
  const double tau = 1.0 / (2.0 * M_PI * cutoff_hz);
  return 1.0 / (1.0 + tau / dt);
}

}  // namespace

std::array<double, 3> AngleSmoother::update(const std::array<double, 3>& angles_deg, double time_s) {
  if (!options_.enabled) return angles_deg;
  if (!initialised_) {
    initialised_ = true;
    last_time_s_ = time_s;
    value_ = angles_deg;
    speed_ = {};
    return value_;
  }
  // Timestamps that do not advance (image folders without --fps, repeated frames) count as one 30 fps frame.
  const double dt = time_s > last_time_s_ ? time_s - last_time_s_ : 1.0 / 30;
  last_time_s_ = time_s;
  for (std::size_t i = 0; i < 3; ++i) {
    const double raw_speed = (angles_deg[i] - value_[i]) / dt;
    speed_[i] += alpha(options_.derivative_cutoff_hz, dt) * (raw_speed - speed_[i]);
    const double cutoff = options_.min_cutoff_hz + options_.beta * std::abs(speed_[i]);
    value_[i] += alpha(cutoff, dt) * (angles_deg[i] - value_[i]);
  }
  return value_;
}

}  // namespace synhead::inference
