#include "synhead/motion_tracks/stats.h"

#include <algorithm>
#include <cmath>
#include <complex>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "synhead/core/error.h"
#include "synhead/core/plot.h"
#include "synhead/motion_tracks/smoothing.h"

namespace synhead::motion_tracks {
namespace {

// Power per frequency bin (bins 1 .. N/2) of Hann-windowed, mean-removed segments, summed (Welch).
std::vector<double> welch_power(const std::vector<double>& signal, std::size_t segment) {
  std::vector<double> power(segment / 2 + 1, 0.0);
  if (signal.size() < segment) segment = signal.size();
  if (segment < 8) return power;
  power.assign(segment / 2 + 1, 0.0);
  std::vector<double> window(segment);
  for (std::size_t i = 0; i < segment; ++i) window[i] = 0.5 - 0.5 * std::cos(2 * M_PI * static_cast<double>(i) / static_cast<double>(segment));
  for (std::size_t start = 0; start + segment <= signal.size(); start += segment / 2) {
    double mean = 0;
    for (std::size_t i = 0; i < segment; ++i) mean += signal[start + i];
    mean /= static_cast<double>(segment);
    for (std::size_t k = 1; k <= segment / 2; ++k) {
      std::complex<double> acc = 0;
      const double w = -2 * M_PI * static_cast<double>(k) / static_cast<double>(segment);
      for (std::size_t i = 0; i < segment; ++i)
        acc += (signal[start + i] - mean) * window[i] * std::polar(1.0, w * static_cast<double>(i));
      power[k] += std::norm(acc);
    }
  }
  return power;
}

}  // namespace

ValueStats value_stats(const std::vector<Track>& tracks, double TrackFrame::*member) {
  ValueStats s;
  s.min = INFINITY;
  s.max = -INFINITY;
  double sum = 0, sum_sq = 0;
  std::size_t n = 0;
  for (const auto& t : tracks) {
    for (const auto& f : t.frames) {
      const double v = f.*member;
      s.min = std::min(s.min, v);
      s.max = std::max(s.max, v);
      sum += v;
      sum_sq += v * v;
      ++n;
    }
  }
  if (n == 0) return {};
  s.mean = sum / static_cast<double>(n);
  s.std = std::sqrt(std::max(0.0, sum_sq / static_cast<double>(n) - s.mean * s.mean));
  return s;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const double rank = p / 100.0 * static_cast<double>(values.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(rank));
  const auto hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (rank - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

double power_fraction_above(const std::vector<double>& signal, double fps, double hz) {
  const auto power = welch_power(signal, 256);
  const std::size_t segment = std::min<std::size_t>(256, signal.size());
  double total = 0, above = 0;
  for (std::size_t k = 1; k < power.size(); ++k) {
    total += power[k];
    if (static_cast<double>(k) * fps / static_cast<double>(segment) > hz) above += power[k];
  }
  return total > 0 ? above / total : 0.0;
}

TrackSetStats compute_stats(const std::vector<Track>& tracks) {
  TrackSetStats s;
  s.tracks = tracks.size();
  std::vector<double> speeds;
  double total_power = 0, above3 = 0, above5 = 0;
  for (const auto& t : tracks) {
    s.frames += t.size();
    s.duration_s += t.duration_s();
    const auto track_speeds = angular_speeds_deg_s(t);
    speeds.insert(speeds.end(), track_speeds.begin(), track_speeds.end());
    const double fps = t.nominal_fps();
    if (fps <= 0) continue;
    const Track uniform = resample_track(t, fps);
    for (auto member : {&TrackFrame::pitch, &TrackFrame::yaw, &TrackFrame::roll}) {
      std::vector<double> signal;
      for (const auto& f : uniform.frames) signal.push_back(f.*member);
      signal = unwrap_angles_deg(signal);
      // Weight each signal by its variance so the fractions are shares of the total angular power.
      double mean = 0, var = 0;
      for (double x : signal) mean += x;
      mean /= static_cast<double>(signal.size());
      for (double x : signal) var += (x - mean) * (x - mean);
      total_power += var;
      above3 += var * power_fraction_above(signal, fps, 3.0);
      above5 += var * power_fraction_above(signal, fps, 5.0);
    }
  }
  s.pitch = value_stats(tracks, &TrackFrame::pitch);
  s.yaw = value_stats(tracks, &TrackFrame::yaw);
  s.roll = value_stats(tracks, &TrackFrame::roll);
  s.tx = value_stats(tracks, &TrackFrame::tx);
  s.ty = value_stats(tracks, &TrackFrame::ty);
  s.tz = value_stats(tracks, &TrackFrame::tz);
  s.speed_p50 = percentile(speeds, 50);
  s.speed_p90 = percentile(speeds, 90);
  s.speed_p99 = percentile(speeds, 99);
  s.speed_max = speeds.empty() ? 0.0 : *std::max_element(speeds.begin(), speeds.end());
  s.still_fraction = speeds.empty() ? 0.0
                                    : static_cast<double>(std::count_if(speeds.begin(), speeds.end(), [](double v) { return v < 5.0; })) /
                                          static_cast<double>(speeds.size());
  s.power_above_3hz = total_power > 0 ? above3 / total_power : 0.0;
  s.power_above_5hz = total_power > 0 ? above5 / total_power : 0.0;
  return s;
}

nlohmann::json to_json(const TrackSetStats& s) {
  auto value = [](const ValueStats& v) { return nlohmann::json{{"min", v.min}, {"max", v.max}, {"mean", v.mean}, {"std", v.std}}; };
  return {{"tracks", s.tracks},
          {"frames", s.frames},
          {"duration_s", s.duration_s},
          {"pose", {{"pitch", value(s.pitch)}, {"yaw", value(s.yaw)}, {"roll", value(s.roll)}}},
          {"translation_mm", {{"tx", value(s.tx)}, {"ty", value(s.ty)}, {"tz", value(s.tz)}}},
          {"angular_speed_deg_s", {{"p50", s.speed_p50}, {"p90", s.speed_p90}, {"p99", s.speed_p99}, {"max", s.speed_max}}},
          {"still_fraction", s.still_fraction},
          {"power_fraction_above_3hz", s.power_above_3hz},
          {"power_fraction_above_5hz", s.power_above_5hz}};
}

std::string format_stats_table(const TrackSetStats& s) {
  std::string out = fmt::format("{} tracks, {} frames, {:.1f} s\n\n", s.tracks, s.frames, s.duration_s);
  out += "| value | min | max | mean | std |\n|---|---|---|---|---|\n";
  auto row = [&](const char* name, const ValueStats& v) {
    out += fmt::format("| {} | {:.1f} | {:.1f} | {:.1f} | {:.1f} |\n", name, v.min, v.max, v.mean, v.std);
  };
  row("pitch (deg)", s.pitch);
  row("yaw (deg)", s.yaw);
  row("roll (deg)", s.roll);
  row("tx (mm)", s.tx);
  row("ty (mm)", s.ty);
  row("tz (mm)", s.tz);
  out += fmt::format("\nangular speed (deg/s): p50 {:.1f}, p90 {:.1f}, p99 {:.1f}, max {:.1f}; still (< 5 deg/s) {:.0f}%\n",
                     s.speed_p50, s.speed_p90, s.speed_p99, s.speed_max, 100 * s.still_fraction);
  out += fmt::format("angle power above 3 Hz: {:.2f}%, above 5 Hz: {:.3f}%\n", 100 * s.power_above_3hz, 100 * s.power_above_5hz);
  return out;
}

std::vector<std::vector<double>> pose_histogram(const std::vector<Track>& tracks, double TrackFrame::*x,
                                                double TrackFrame::*y, double bin_deg) {
  SYNHEAD_CHECK(bin_deg > 0);
  const int bins = static_cast<int>(std::ceil(360 / bin_deg));
  auto bin_of = [&](double angle) { return std::clamp(static_cast<int>(std::floor((angle + 180) / bin_deg)), 0, bins - 1); };
  std::vector<double> counts(static_cast<std::size_t>(bins * bins), 0.0);
  for (const auto& t : tracks)
    for (const auto& f : t.frames) counts[static_cast<std::size_t>(bin_of(f.*y) * bins + bin_of(f.*x))] += 1;
  std::vector<std::vector<double>> rows;
  for (int j = 0; j < bins; ++j) {
    for (int i = 0; i < bins; ++i) {
      const double c = counts[static_cast<std::size_t>(j * bins + i)];
      rows.push_back({-180 + (i + 0.5) * bin_deg, -180 + (j + 0.5) * bin_deg, c > 0 ? std::log10(c) : NAN});
    }
    rows.push_back({});
  }
  return rows;
}

void add_pose_distribution_panels(core::GnuplotScript& gp, const std::vector<Track>& tracks, const std::string& tag,
                                  const std::string& title) {
  gp.add_data("py" + tag, pose_histogram(tracks, &TrackFrame::yaw, &TrackFrame::pitch));
  gp.add_data("pr" + tag, pose_histogram(tracks, &TrackFrame::roll, &TrackFrame::pitch));
  gp.add("set palette rgbformulae 22,13,-31\nset cblabel 'log10 frames'\nset size ratio -1\nset grid");
  gp.add("set xrange [-90:90]\nset yrange [-90:90]");
  gp.add(fmt::format("set xlabel 'yaw (deg)'\nset ylabel 'pitch (deg)'\nset title '{}pitch-yaw'", title));
  gp.add(fmt::format("plot $py{} using 1:2:3 with image notitle", tag));
  gp.add(fmt::format("set xlabel 'roll (deg)'\nset title '{}pitch-roll'", title));
  gp.add(fmt::format("plot $pr{} using 1:2:3 with image notitle", tag));
}

void plot_track_stats(const std::vector<Track>& tracks, std::size_t example, const std::filesystem::path& png) {
  SYNHEAD_CHECK(!tracks.empty());
  SYNHEAD_CHECK(example < tracks.size());
  std::vector<std::vector<double>> series;
  for (const auto& f : tracks[example].frames) series.push_back({f.time_s, f.pitch, f.yaw, f.roll});
  std::vector<double> speeds;
  for (const auto& t : tracks) {
    const auto s = angular_speeds_deg_s(t);
    speeds.insert(speeds.end(), s.begin(), s.end());
  }
  std::vector<std::vector<double>> speed_hist;
  const double max_speed = std::max(10.0, percentile(speeds, 99.9));
  const int speed_bins = 60;
  std::vector<double> speed_counts(speed_bins, 0.0);
  for (double v : speeds) speed_counts[static_cast<std::size_t>(std::clamp(static_cast<int>(v / max_speed * speed_bins), 0, speed_bins - 1))] += 1;
  for (int i = 0; i < speed_bins; ++i) speed_hist.push_back({(i + 0.5) * max_speed / speed_bins, speed_counts[static_cast<std::size_t>(i)]});

  core::GnuplotScript gp;
  gp.add_data("series", series);
  gp.add_data("speed", speed_hist);
  std::size_t total_frames = 0;
  for (const auto& t : tracks) total_frames += t.size();
  gp.add(fmt::format("set multiplot layout 2,2 title '{} tracks, {} frames'", tracks.size(), total_frames));
  add_pose_distribution_panels(gp, tracks, "", "");
  gp.add("set size noratio\nunset xrange\nset autoscale\nset key top right");
  gp.add(fmt::format("set xlabel 'time (s)'\nset ylabel 'angle (deg)'\nset title 'angles over time: {}'", tracks[example].name));
  gp.add("plot $series using 1:2 with lines lw 1.5 title 'pitch', '' using 1:3 with lines lw 1.5 title 'yaw', "
         "'' using 1:4 with lines lw 1.5 title 'roll'");
  gp.add("set xlabel 'angular speed (deg/s)'\nset ylabel 'frame steps'\nset title 'angular speed distribution'\nset style fill solid 0.6");
  gp.add("plot $speed using 1:2 with boxes notitle");
  gp.add("unset multiplot");
  gp.render_png(png, 1400, 1100);
}

}  // namespace synhead::motion_tracks
