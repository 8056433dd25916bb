#pragma once
// Statistics of a set of tracks (ranges, speeds, spectrum) and the Figure-4-style PNG of their distribution.

#include <filesystem>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "synhead/motion_tracks/track.h"

namespace synhead::motion_tracks {

struct ValueStats {
  double min = 0, max = 0, mean = 0, std = 0;
};

struct TrackSetStats {
  std::size_t tracks = 0;
  std::size_t frames = 0;
  double duration_s = 0;
  ValueStats pitch, yaw, roll, tx, ty, tz;
  // Geodesic angular speed between consecutive frames, over all tracks (°/s).
  double speed_p50 = 0, speed_p90 = 0, speed_p99 = 0, speed_max = 0;
  double still_fraction = 0;  // share of frame steps slower than 5 °/s (fixations)
  // Share of the angles' signal power (mean removed) above 3 Hz and above 5 Hz; Welch estimate on tracks
  // resampled to their nominal rate.
  double power_above_3hz = 0, power_above_5hz = 0;
};

TrackSetStats compute_stats(const std::vector<Track>& tracks);

// Share of power above `hz` in a uniformly sampled signal (Hann-windowed 256-sample segments, 50 % overlap).
double power_fraction_above(const std::vector<double>& signal, double fps, double hz);

double percentile(std::vector<double> values, double p);

nlohmann::json to_json(const TrackSetStats& stats);
std::string format_stats_table(const TrackSetStats& stats);

// 2×2 panels: pitch–yaw and pitch–roll histograms (as the paper's Figure 4), angles over time of `example`,
// and the angular speed distribution.
void plot_track_stats(const std::vector<Track>& tracks, std::size_t example, const std::filesystem::path& png);

}  // namespace synhead::motion_tracks
