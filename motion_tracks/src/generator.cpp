#include "synhead/motion_tracks/generator.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "synhead/core/random.h"
#include "synhead/motion_tracks/smoothing.h"

namespace synhead::motion_tracks {
namespace {

struct Keyframe {
  double time_s;
  EulerDeg pose;
};

// Minimum-jerk position profile s(τ) = 10τ³ − 15τ⁴ + 6τ⁵; its peak speed is 1.875 · amplitude / duration.
constexpr double kMinJerkPeakFactor = 1.875;
double min_jerk(double tau) { return tau * tau * tau * (10 + tau * (-15 + 6 * tau)); }

double euler_distance(const EulerDeg& a, const EulerDeg& b) {
  return std::sqrt((a.pitch - b.pitch) * (a.pitch - b.pitch) + (a.yaw - b.yaw) * (a.yaw - b.yaw) +
                   (a.roll - b.roll) * (a.roll - b.roll));
}

class MotionPlanner {
 public:
  MotionPlanner(const GeneratorConfig& config, core::Rng& rng) : c_(config), rng_(rng) {}

  std::vector<Keyframe> plan(double duration_s) {
    EulerDeg pose = sample_target();
    keys_.push_back({0.0, pose});
    double t = 0;
    while (t < duration_s) {
      t = hold(t, rng_.uniform(c_.fixation_s[0], c_.fixation_s[1]));
      const double kind = rng_.uniform();
      if (kind < c_.glance_probability) {
        t = glance(t);
      } else if (kind < c_.glance_probability + c_.nod_probability) {
        t = nod(t);
      } else {
        t = move_to(t, sample_target(), rng_.uniform(c_.turn_speed_deg_s[0], c_.turn_speed_deg_s[1]));
      }
    }
    return keys_;
  }

 private:
  // Targets stay a few tremor deviations inside the range so micro-motion does not leave it.
  double margin() const { return 4 * c_.tremor_deg; }

  double truncated_normal(double stddev, const std::array<double, 2>& range) {
    const double lo = range[0] + margin(), hi = range[1] - margin();
    const double centre = std::clamp(0.0, lo, hi);
    for (int attempt = 0; attempt < 100; ++attempt) {
      const double x = rng_.normal(centre, stddev);
      if (x >= lo && x <= hi) return x;
    }
    return centre;
  }

  EulerDeg clamp_to_ranges(EulerDeg e) const {
    e.pitch = std::clamp(e.pitch, c_.pitch_range[0] + margin(), c_.pitch_range[1] - margin());
    e.yaw = std::clamp(e.yaw, c_.yaw_range[0] + margin(), c_.yaw_range[1] - margin());
    e.roll = std::clamp(e.roll, c_.roll_range[0] + margin(), c_.roll_range[1] - margin());
    return e;
  }

  EulerDeg sample_target() {
    return {truncated_normal(c_.pitch_std, c_.pitch_range), truncated_normal(c_.yaw_std, c_.yaw_range),
            truncated_normal(c_.roll_std, c_.roll_range)};
  }

  double hold(double t, double duration) {
    EulerDeg end = keys_.back().pose;
    end.pitch += rng_.normal(0, c_.fixation_drift_deg);
    end.yaw += rng_.normal(0, c_.fixation_drift_deg);
    end.roll += rng_.normal(0, c_.fixation_drift_deg * 0.5);
    keys_.push_back({t + duration, clamp_to_ranges(end)});
    return t + duration;
  }

  double move_to(double t, const EulerDeg& target, double peak_speed) {
    const double amplitude = euler_distance(keys_.back().pose, target);
    const double duration = std::max(c_.min_movement_s, kMinJerkPeakFactor * amplitude / peak_speed);
    keys_.push_back({t + duration, target});
    return t + duration;
  }

  double glance(double t) {
    const EulerDeg start = keys_.back().pose;
    EulerDeg aside = start;
    const double direction = start.yaw > 0 ? -1.0 : (start.yaw < 0 ? 1.0 : (rng_.bernoulli(0.5) ? 1.0 : -1.0));
    aside.yaw += direction * rng_.uniform(25, 60);
    aside.pitch += rng_.normal(0, 8);
    aside = clamp_to_ranges(aside);
    const double speed = rng_.uniform(c_.glance_speed_deg_s[0], c_.glance_speed_deg_s[1]);
    t = move_to(t, aside, speed);
    t = hold(t, rng_.uniform(0.15, 0.6));
    return move_to(t, start, speed * rng_.uniform(0.7, 1.0));
  }

  double nod(double t) {
    const EulerDeg start = keys_.back().pose;
    const int dips = rng_.bernoulli(0.5) ? 2 : 1;
    for (int i = 0; i < dips; ++i) {
      EulerDeg down = start;
      down.pitch += rng_.uniform(8, 25);
      down = clamp_to_ranges(down);
      const double speed = rng_.uniform(c_.turn_speed_deg_s[0], c_.turn_speed_deg_s[1]);
      t = move_to(t, down, speed);
      t = move_to(t, start, speed);
    }
    return t;
  }

  const GeneratorConfig& c_;
  core::Rng& rng_;
  std::vector<Keyframe> keys_;
};

EulerDeg pose_at(const std::vector<Keyframe>& keys, double t, std::size_t& segment) {
  while (segment + 2 < keys.size() && keys[segment + 1].time_s <= t) ++segment;
  const Keyframe& a = keys[segment];
  const Keyframe& b = keys[segment + 1];
  const double s = min_jerk(std::clamp((t - a.time_s) / (b.time_s - a.time_s), 0.0, 1.0));
  return {a.pose.pitch + s * (b.pose.pitch - a.pose.pitch), a.pose.yaw + s * (b.pose.yaw - a.pose.yaw),
          a.pose.roll + s * (b.pose.roll - a.pose.roll)};
}

// Zero-mean noise smoothed on `time_scale_s`, rescaled to exactly `stddev` over the track.
std::vector<double> smooth_noise(core::Rng& rng, const std::vector<double>& times, double time_scale_s, double stddev) {
  std::vector<double> noise(times.size());
  for (auto& x : noise) x = rng.normal();
  if (stddev == 0) return std::vector<double>(times.size(), 0.0);
  noise = gaussian_smooth(times, noise, time_scale_s, 3.0);
  double mean = 0;
  for (double x : noise) mean += x;
  mean /= static_cast<double>(noise.size());
  double var = 0;
  for (double x : noise) var += (x - mean) * (x - mean);
  const double scale = var > 0 ? stddev / std::sqrt(var / static_cast<double>(noise.size())) : 0.0;
  for (auto& x : noise) x = (x - mean) * scale;
  return noise;
}

}  // namespace

double gaussian_sigma_for_cutoff(double hz) { return std::sqrt(std::log(2.0) / 2.0) / (M_PI * hz); }

Track generate_track(const GeneratorConfig& config, std::uint64_t seed, int index) {
  core::Rng rng(seed, static_cast<std::uint64_t>(index));
  const std::size_t n = static_cast<std::size_t>(config.frames);
  std::vector<double> times(n);
  for (std::size_t i = 0; i < n; ++i) times[i] = static_cast<double>(i) / config.fps;

  MotionPlanner planner(config, rng);
  const auto keys = planner.plan(times.back());
  const auto tremor_pitch = smooth_noise(rng, times, 0.3, config.tremor_deg);
  const auto tremor_yaw = smooth_noise(rng, times, 0.3, config.tremor_deg);
  const auto tremor_roll = smooth_noise(rng, times, 0.3, config.tremor_deg * 0.5);
  const double distance = rng.uniform(config.distance_mm[0], config.distance_mm[1]);
  const auto drift_x = smooth_noise(rng, times, config.drift_time_s, config.lateral_drift_mm);
  const auto drift_y = smooth_noise(rng, times, config.drift_time_s, config.lateral_drift_mm * 0.5);
  const auto drift_z = smooth_noise(rng, times, config.drift_time_s, config.depth_drift_mm);

  Track track;
  track.name = fmt::format("track_{:03}", index);
  track.frames.resize(n);
  std::size_t segment = 0;
  for (std::size_t i = 0; i < n; ++i) {
    TrackFrame& f = track.frames[i];
    f.frame = static_cast<std::int64_t>(i);
    f.time_s = times[i];
    const EulerDeg base = pose_at(keys, times[i], segment);
    f.pitch = base.pitch + tremor_pitch[i];
    f.yaw = base.yaw + tremor_yaw[i];
    f.roll = base.roll + tremor_roll[i];
    f.tx = drift_x[i];
    f.ty = drift_y[i];
    f.tz = distance + drift_z[i];
  }
  SmoothingConfig band_limit;
  band_limit.unit = "seconds";
  band_limit.sigma = gaussian_sigma_for_cutoff(config.band_limit_hz);
  track = smooth_track(track, band_limit);
  // The low-pass keeps values inside the convex hull of its input; a rare > 4σ tremor excursion is clipped.
  for (auto& f : track.frames) {
    f.pitch = std::clamp(f.pitch, config.pitch_range[0], config.pitch_range[1]);
    f.yaw = std::clamp(f.yaw, config.yaw_range[0], config.yaw_range[1]);
    f.roll = std::clamp(f.roll, config.roll_range[0], config.roll_range[1]);
  }
  return track;
}

}  // namespace synhead::motion_tracks
