#pragma once
// Procedural head motion with natural statistics.
//
// Model: the head alternates between fixations and movements, as people do while attending to things around them.
//  - Fixation: the pose rests for a random time (fixation_s) while drifting slowly (fixation_drift_deg per angle)
//    with micro-motion on top (tremor_deg, ~0.3 s time scale).
//  - Turn (the default movement): a new target pose is drawn (per angle a truncated normal of spread *_std inside
//    *_range) and reached along a minimum-jerk profile. Large turns reach a peak speed drawn from turn_speed_deg_s;
//    small ones are slower because no movement is shorter than min_movement_s (head movements follow a "main
//    sequence": peak speed grows with amplitude and saturates).
//  - Glance (glance_probability): a fast look aside (yaw 25–60°, peak speed from glance_speed_deg_s), a short
//    hold, and back. Nod (nod_probability): one or two pitch dips of 8–25° and back.
//  - Translation: a mean distance drawn from distance_mm plus slow drift toward/away from the camera
//    (depth_drift_mm) and sideways (lateral_drift_mm) on a drift_time_s time scale.
//  - Finally a Gaussian low-pass whose −3 dB point is band_limit_hz removes what remains above the band of natural
//    head rotation (~2–3 Hz).
// Every random draw comes from core::Rng(seed, track index): same seed, same tracks, on every machine.

#include <array>
#include <cstdint>
#include <string>

#include "synhead/motion_tracks/track.h"

namespace synhead::motion_tracks {

struct GeneratorConfig {
  double fps = 30;
  int frames = 600;
  std::array<double, 2> pitch_range{-60, 60};
  std::array<double, 2> yaw_range{-75, 75};
  std::array<double, 2> roll_range{-40, 40};
  double pitch_std = 18;
  double yaw_std = 32;
  double roll_std = 10;
  std::array<double, 2> fixation_s{0.3, 2.0};
  std::array<double, 2> turn_speed_deg_s{100, 180};
  std::array<double, 2> glance_speed_deg_s{150, 200};
  double glance_probability = 0.15;
  double nod_probability = 0.1;
  double min_movement_s = 0.3;
  double fixation_drift_deg = 2.0;
  double tremor_deg = 0.6;
  double band_limit_hz = 2.5;
  std::array<double, 2> distance_mm{750, 1100};
  double depth_drift_mm = 100;
  double lateral_drift_mm = 40;
  double drift_time_s = 3.0;
};

template <class V>
void describe(V& v, GeneratorConfig& c) {
  auto ordered = [](const std::array<double, 2>& r) { return r[0] < r[1]; };
  v.field("fps", c.fps);
  v.require(c.fps > 0, "fps", "a positive frame rate");
  v.field("frames", c.frames);
  v.require(c.frames >= 2, "frames", "an integer >= 2");
  v.field("pitch_range", c.pitch_range);
  v.require(ordered(c.pitch_range) && c.pitch_range[0] >= -89 && c.pitch_range[1] <= 89, "pitch_range", "[min, max] within ±89°");
  v.field("yaw_range", c.yaw_range);
  v.require(ordered(c.yaw_range) && c.yaw_range[0] >= -89 && c.yaw_range[1] <= 89, "yaw_range", "[min, max] within ±89°");
  v.field("roll_range", c.roll_range);
  v.require(ordered(c.roll_range) && c.roll_range[0] >= -89 && c.roll_range[1] <= 89, "roll_range", "[min, max] within ±89°");
  v.field("pitch_std", c.pitch_std);
  v.require(c.pitch_std > 0, "pitch_std", "a positive number");
  v.field("yaw_std", c.yaw_std);
  v.require(c.yaw_std > 0, "yaw_std", "a positive number");
  v.field("roll_std", c.roll_std);
  v.require(c.roll_std > 0, "roll_std", "a positive number");
  v.field("fixation_s", c.fixation_s);
  v.require(ordered(c.fixation_s) && c.fixation_s[0] > 0, "fixation_s", "[min, max] seconds with 0 < min < max");
  v.field("turn_speed_deg_s", c.turn_speed_deg_s);
  v.require(ordered(c.turn_speed_deg_s) && c.turn_speed_deg_s[0] > 0, "turn_speed_deg_s", "[min, max] °/s with 0 < min < max");
  v.field("glance_speed_deg_s", c.glance_speed_deg_s);
  v.require(ordered(c.glance_speed_deg_s) && c.glance_speed_deg_s[0] > 0, "glance_speed_deg_s", "[min, max] °/s with 0 < min < max");
  v.field("glance_probability", c.glance_probability);
  v.require(c.glance_probability >= 0 && c.glance_probability <= 1, "glance_probability", "a probability in [0, 1]");
  v.field("nod_probability", c.nod_probability);
  v.require(c.nod_probability >= 0 && c.glance_probability + c.nod_probability <= 1, "nod_probability",
            "a probability in [0, 1 − glance_probability]");
  v.field("min_movement_s", c.min_movement_s);
  v.require(c.min_movement_s > 0, "min_movement_s", "a positive number of seconds");
  v.field("fixation_drift_deg", c.fixation_drift_deg);
  v.require(c.fixation_drift_deg >= 0, "fixation_drift_deg", "a number >= 0");
  v.field("tremor_deg", c.tremor_deg);
  v.require(c.tremor_deg >= 0, "tremor_deg", "a number >= 0");
  v.field("band_limit_hz", c.band_limit_hz);
  v.require(c.band_limit_hz > 0 && c.band_limit_hz < c.fps / 2, "band_limit_hz", "a frequency in (0, fps/2)");
  v.field("distance_mm", c.distance_mm);
  v.require(ordered(c.distance_mm) && c.distance_mm[0] > 100, "distance_mm", "[min, max] millimetres with 100 < min < max");
  v.field("depth_drift_mm", c.depth_drift_mm);
  v.require(c.depth_drift_mm >= 0, "depth_drift_mm", "a number >= 0");
  v.field("lateral_drift_mm", c.lateral_drift_mm);
  v.require(c.lateral_drift_mm >= 0, "lateral_drift_mm", "a number >= 0");
  v.field("drift_time_s", c.drift_time_s);
  v.require(c.drift_time_s > 0, "drift_time_s", "a positive number of seconds");
}

// Track `index` of a batch seeded with `seed`; named track_<index, 3 digits>.
Track generate_track(const GeneratorConfig& config, std::uint64_t seed, int index);

// sigma (s) of the Gaussian whose frequency response exp(−2π²σ²f²) is −3 dB at `hz`.
double gaussian_sigma_for_cutoff(double hz);

}  // namespace synhead::motion_tracks
