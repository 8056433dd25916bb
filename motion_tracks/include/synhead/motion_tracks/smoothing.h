#pragma once
// Gaussian temporal smoothing (the paper smooths its motion tracks with a Gaussian filter, section 4.1) and
// resampling to a target frame rate.

#include <string>
#include <vector>

#include "synhead/motion_tracks/track.h"

namespace synhead::motion_tracks {

struct SmoothingConfig {
  double sigma = 1.5;             // kernel standard deviation, in `unit`
  std::string unit = "frames";    // "frames" (of the track's nominal fps) or "seconds"
  double truncate = 4.0;          // kernel support: ± truncate · sigma
};

template <class V>
void describe(V& v, SmoothingConfig& c) {
  v.field("sigma", c.sigma);
  v.require(c.sigma > 0, "sigma", "a positive number");
  v.field("unit", c.unit);
  v.require(c.unit == "frames" || c.unit == "seconds", "unit", "'frames' or 'seconds'");
  v.field("truncate", c.truncate);
  v.require(c.truncate >= 1, "truncate", "a number >= 1");
}

double sigma_in_seconds(const SmoothingConfig& config, double fps);

// Weighted by exp(−Δt² / 2σ²) over the actual sample times, so dropped frames are handled; near the ends the
// truncated kernel is renormalised (a constant signal stays constant, no edge darkening).
std::vector<double> gaussian_smooth(const std::vector<double>& times_s, const std::vector<double>& values,
                                   double sigma_s, double truncate = 4.0);

// Smooths angles (unwrapped first, so a track crossing ±180° has no artefact) and translations.
Track smooth_track(const Track& track, const SmoothingConfig& config);

// Resamples onto a uniform grid at `fps` from the first frame's time: rotations by quaternion slerp, translation
// linearly. Frame numbers restart at 0.
Track resample_track(const Track& track, double fps);

}  // namespace synhead::motion_tracks
