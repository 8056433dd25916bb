#include "synhead/inference/crop_smoother.h"

#include <algorithm>

namespace synhead::inference {

// Per axis: state (position, velocity per frame), F = [1 1; 0 1], process noise of a white acceleration
// q² [1/4 1/2; 1/2 1], measurement of the position with variance r². q and r are fractions of the current side.
void CropSmoother::predict_axes(double side) {
  const double q2 = (options_.process_noise * side) * (options_.process_noise * side);
  for (auto& a : axes_) {
    a.p += a.v;
    const double pp = a.pp + 2 * a.pv + a.vv + q2 / 4;
    const double pv = a.pv + a.vv + q2 / 2;
    const double vv = a.vv + q2;
    a.pp = pp;
    a.pv = pv;
    a.vv = vv;
  }
}

dataset::Box CropSmoother::box() const {
  const double side = axes_[2].p;
  return {axes_[0].p - side / 2, axes_[1].p - side / 2, side, side};
}

dataset::Box CropSmoother::update(const dataset::Box& measured) {
  const double side = std::max(measured.w, measured.h);
  const std::array<double, 3> z = {measured.cx(), measured.cy(), side};
  const double r2 = (options_.measurement_noise * side) * (options_.measurement_noise * side);
  if (!initialised_ || !options_.enabled) {
    for (std::size_t i = 0; i < 3; ++i) axes_[i] = Axis{z[i], 0, r2, 0, r2};
    initialised_ = true;
    return box();
  }
  predict_axes(axes_[2].p);
  for (std::size_t i = 0; i < 3; ++i) {
    Axis& a = axes_[i];
    const double s = a.pp + r2;
    const double kp = a.pp / s, kv = a.pv / s;
    const double innovation = z[i] - a.p;
    a.p += kp * innovation;
    a.v += kv * innovation;
    const double pp = (1 - kp) * a.pp;
    const double pv = (1 - kp) * a.pv;
    const double vv = a.vv - kv * a.pv;
    a.pp = pp;
    a.pv = pv;
    a.vv = vv;
  }
  return box();
}

dataset::Box CropSmoother::predict() {
  if (initialised_ && options_.enabled) predict_axes(axes_[2].p);
  return box();
}

}  // namespace synhead::inference
