#pragma once
// Statistics of a set of tracks (ranges, speeds, spectrum) and the Figure-4-style PNG of their distribution.

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "synhead/motion_tracks/track.h"

namespace synhead::core {
class GnuplotScript;
}

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

// Range, mean and standard deviation of one frame value (e.g. &TrackFrame::yaw) over all frames; zeros when empty.
ValueStats value_stats(const std::vector<Track>& tracks, double TrackFrame::*member);

// Share of power above `hz` in a uniformly sampled signal (Hann-windowed 256-sample segments, 50 % overlap).
double power_fraction_above(const std::vector<double>& signal, double fps, double hz);

double percentile(std::vector<double> values, double p);

nlohmann::json to_json(const TrackSetStats& stats);
std::string format_stats_table(const TrackSetStats& stats);

// Rows of a gnuplot `with image` heat map: (x centre, y centre, log10 frame count or NaN when empty) over
// [−180, 180)² in `bin_deg` bins, rows of one y value separated by an empty row. Figure 4 of the paper plots
// pitch (y) against yaw and against roll (x).
std::vector<std::vector<double>> pose_histogram(const std::vector<Track>& tracks, double TrackFrame::*x,
                                                double TrackFrame::*y, double bin_deg = 5.0);

// Adds the two Figure-4 panels of `tracks` (pitch–yaw and pitch–roll heat maps over ±90°) to a multiplot in
// progress; `tag` keeps the datablocks of several calls apart, `title` prefixes the panel titles.
void add_pose_distribution_panels(core::GnuplotScript& gp, const std::vector<Track>& tracks, const std::string& tag,
                                  const std::string& title);

// 2×2 panels: pitch–yaw and pitch–roll histograms (as the paper's Figure 4), angles over time of `example`,
// and the angular speed distribution.
void plot_track_stats(const std::vector<Track>& tracks, std::size_t example, const std::filesystem::path& png);

}  // namespace synhead::motion_tracks
