#include "synhead/motion_tracks/smoothing.h"

#include <algorithm>
#include <cmath>

#include "synhead/core/error.h"

namespace synhead::motion_tracks {

double sigma_in_seconds(const SmoothingConfig& config, double fps) {
  if (config.unit == "seconds") return config.sigma;
  SYNHEAD_CHECK(fps > 0, "a track needs a frame rate to smooth with sigma in frames");
  return config.sigma / fps;
}

std::vector<double> gaussian_smooth(const std::vector<double>& times_s, const std::vector<double>& values,
                                    double sigma_s, double truncate) {
  SYNHEAD_CHECK(times_s.size() == values.size());
  SYNHEAD_CHECK(sigma_s > 0);
  const std::size_t n = values.size();
  // The relative slack keeps the window symmetric when sample times carry rounding error (i / fps).
  const double radius = truncate * sigma_s * (1 + 1e-9);
  const double inv_two_var = 1.0 / (2.0 * sigma_s * sigma_s);
  std::vector<double> out(n);
  std::size_t first = 0;  // first sample inside the window of sample i (times are increasing)
  for (std::size_t i = 0; i < n; ++i) {
    while (times_s[i] - times_s[first] > radius) ++first;
    double sum = 0, weight_sum = 0;
    for (std::size_t j = first; j < n && times_s[j] - times_s[i] <= radius; ++j) {
      const double dt = times_s[j] - times_s[i];
      const double w = std::exp(-dt * dt * inv_two_var);
      sum += w * values[j];
      weight_sum += w;
    }
    out[i] = sum / weight_sum;
  }
  return out;
}

Track smooth_track(const Track& track, const SmoothingConfig& config) {
  if (track.size() < 2) return track;
  const double sigma_s = sigma_in_seconds(config, track.nominal_fps());
  const std::size_t n = track.size();
  std::vector<double> times(n);
  for (std::size_t i = 0; i < n; ++i) times[i] = track.frames[i].time_s;
  Track out = track;
  auto smooth_member = [&](double TrackFrame::*member, bool is_angle) {
    std::vector<double> values(n);
    for (std::size_t i = 0; i < n; ++i) values[i] = track.frames[i].*member;
    if (is_angle) values = unwrap_angles_deg(values);
    values = gaussian_smooth(times, values, sigma_s, config.truncate);
    for (std::size_t i = 0; i < n; ++i) out.frames[i].*member = is_angle ? wrap_angle_deg(values[i]) : values[i];
  };
  smooth_member(&TrackFrame::pitch, true);
  smooth_member(&TrackFrame::yaw, true);
  smooth_member(&TrackFrame::roll, true);
  smooth_member(&TrackFrame::tx, false);
  smooth_member(&TrackFrame::ty, false);
  smooth_member(&TrackFrame::tz, false);
  return out;
}

Track resample_track(const Track& track, double fps) {
  SYNHEAD_CHECK(fps > 0);
  Track out;
  out.name = track.name;
  if (track.empty()) return out;
  const double t0 = track.frames.front().time_s;
  const double t_end = track.frames.back().time_s;
  const auto count = static_cast<std::int64_t>(std::floor((t_end - t0) * fps + 1e-9)) + 1;
  std::size_t segment = 0;
  for (std::int64_t k = 0; k < count; ++k) {
    const double t = t0 + static_cast<double>(k) / fps;
    while (segment + 2 < track.size() && track.frames[segment + 1].time_s <= t) ++segment;
    TrackFrame f;
    f.frame = k;
    f.time_s = t;
    if (track.size() == 1) {
      f = track.frames.front();
      f.frame = k;
    } else {
      const TrackFrame& a = track.frames[segment];
      const TrackFrame& b = track.frames[segment + 1];
      const double alpha = std::clamp((t - a.time_s) / (b.time_s - a.time_s), 0.0, 1.0);
      f.set_euler(euler_from_quat(slerp_shortest(quat_from_euler(a.euler()), quat_from_euler(b.euler()), alpha)));
      f.tx = a.tx + alpha * (b.tx - a.tx);
      f.ty = a.ty + alpha * (b.ty - a.ty);
      f.tz = a.tz + alpha * (b.tz - a.tz);
    }
    out.frames.push_back(f);
  }
  return out;
}

}  // namespace synhead::motion_tracks
