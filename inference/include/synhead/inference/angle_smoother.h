#pragma once
// Causal smoothing of the per-frame angles (the One Euro filter of Casiez et al., CHI 2012): a first-order low-pass
// whose cutoff rises with the angle's speed, so a still head's frame-to-frame noise is averaged away while a turning
// head is followed with little lag. Each angle is filtered on its own; the time step comes from the frame timestamps.

#include <array>

namespace synhead::inference {

struct AngleSmootherOptions {
  bool enabled = true;
  double min_cutoff_hz = 1.0;        // cutoff of a still head: lower = smoother, more lag on slow motion
  double beta = 0.02;                // cutoff increase per °/s of speed: higher = less lag on fast turns
  double derivative_cutoff_hz = 1.0; // low-pass of the speed estimate itself
};

class AngleSmoother {
 public:
  explicit AngleSmoother(AngleSmootherOptions options = {}) : options_(options) {}

  void reset() { initialised_ = false; }
  // Angles of the frame at `time_s` → the smoothed angles (the first frame after a reset passes unchanged).
  std::array<double, 3> update(const std::array<double, 3>& angles_deg, double time_s);

 private:
  AngleSmootherOptions options_;
  bool initialised_ = false;
  double last_time_s_ = 0;
  std::array<double, 3> value_{}, speed_{};
};

}  // namespace synhead::inference
