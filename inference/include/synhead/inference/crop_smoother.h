#pragma once
// Temporal smoothing of the crop box (paper §5: detector boxes smoothed over time so the network sees a steady
// face window). A constant-velocity Kalman filter per coordinate — centre x, centre y, side — whose noises scale
// with the face size, so a face far away is smoothed as much, relatively, as one close by. It follows a face moving
// at constant speed without lag, and carries the box through frames without a measurement.

#include <array>

#include "synhead/dataset/box.h"

namespace synhead::inference {

struct SmootherOptions {
  bool enabled = true;
  double measurement_noise = 0.04;  // std of a box measurement, × side (detector jitter)
  double process_noise = 0.01;      // std of the per-frame change of velocity, × side (how fast motion may change)
};

class CropSmoother {
 public:
  explicit CropSmoother(SmootherOptions options = {}) : options_(options) {}

  void reset() { initialised_ = false; }
  // A new measured (calibrated) box → the smoothed box (square: centre and side).
  dataset::Box update(const dataset::Box& measured);
  // A frame without a measurement: the box moved on by the current velocity.
  dataset::Box predict();
  bool initialised() const { return initialised_; }

 private:
  struct Axis {
    double p = 0, v = 0;
    double pp = 0, pv = 0, vv = 0;  // covariance
  };
  void predict_axes(double side);
  dataset::Box box() const;

  SmootherOptions options_;
  bool initialised_ = false;
  std::array<Axis, 3> axes_{};  // centre x, centre y, side
};

}  // namespace synhead::inference
