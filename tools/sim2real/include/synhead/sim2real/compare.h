#pragma once
// The sim-to-real check: `synhead infer`'s angles on real videos against the peer's (peer.h), per video and angle,
// with issue 18's acceptance bar. Runs the peer on each video (or reads its CSVs), writes a JSON, a Markdown table
// and one plot per video.
//
//   OUT/sim2real.json       everything below, machine-readable
//   OUT/sim2real.md         per-video and overall tables, the failed checks
//   OUT/peer/<video>.csv    the peer's per-frame poses (unless --peer-dir gives them)
//   OUT/plots/<video>.png   yaw, pitch, roll over time, peer and synhead

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "synhead/sim2real/peer.h"
#include "synhead/sim2real/pose_csv.h"

namespace synhead::sim2real {

inline constexpr std::array<const char*, 3> kAngleNames{"pitch", "yaw", "roll"};

struct AngleComparison {
  std::size_t frames = 0;           // frames where the peer found a face and synhead reports success
  double correlation = 0;           // Pearson; NaN when a series is constant
  double offset_free_mae_deg = 0;   // MAE after removing the mean difference
  double mean_offset_deg = 0;       // mean(synhead − peer)
  double slope = 0;                 // least-squares slope of synhead on the peer
  double peer_std_deg = 0;          // how much the peer says the head moved
  double synhead_std_deg = 0;
  double jitter_synhead_deg = 0;    // median |Δ| between consecutive frames (both series over the same pairs)
  double jitter_peer_deg = 0;
  std::size_t steps = 0;            // consecutive-frame pairs behind the jitter figures
};

struct VideoComparison {
  std::string name;                 // the video's file stem
  std::filesystem::path video, infer_csv, peer_csv;
  std::size_t frames = 0;           // frames in both CSVs
  std::size_t peer_found = 0;
  std::size_t synhead_success = 0;
  std::size_t both = 0;             // peer found and synhead success
  double detection_rate = 0;        // both / peer_found (NaN when the peer found no face)
  std::array<AngleComparison, 3> angles;  // pitch, yaw, roll
};

// Pairs the rows by frame number; the angles are compared on the frames where both have a pose.
VideoComparison compare_poses(const std::string& name, const PoseSeries& synhead, const PoseSeries& peer);

// Issue 18's bar: correlation where the peer's motion std reaches min_motion_std_deg; detection and jitter always.
struct AcceptanceBar {
  double min_motion_std_deg = 3;
  std::array<double, 3> min_correlation{0.7, 0.85, 0.9};  // pitch, yaw, roll
  double min_detection_rate = 0.95;
  double max_jitter_ratio = 1.2;                           // yaw and roll: synhead's jitter ≤ this × the peer's
};

struct Check {
  std::string video;
  std::string angle;                // empty for detection
  std::string criterion;            // "correlation", "detection", "jitter_ratio"
  double value = 0, threshold = 0;
  bool applies = true;              // false: too little motion to judge a correlation
  bool passed = true;
};

std::vector<Check> acceptance_checks(const VideoComparison& video, const AcceptanceBar& bar);

nlohmann::json comparisons_to_json(const std::vector<VideoComparison>& videos, const AcceptanceBar& bar);
std::string comparisons_markdown(const std::vector<VideoComparison>& videos, const AcceptanceBar& bar);

// Yaw, pitch and roll over time (three stacked panels), the peer and synhead, breaks where either has no pose.
void plot_comparison(const VideoComparison& video, const PoseSeries& synhead, const PoseSeries& peer,
                     const std::filesystem::path& png);

struct PeerRunSummary {
  std::size_t frames = 0, found = 0;
  double fps = 0;                   // the video's frame rate (timestamps are frame / fps, as synhead infer's)
  double seconds = 0;               // wall time of the run
};

// The peer on every frame of a video (the first max_frames when > 0) → its CSV, written atomically.
// core::UserError naming the video when it is missing, does not open or holds no frame.
PeerRunSummary run_peer(const std::filesystem::path& video, const std::filesystem::path& csv, PeerEstimator& peer,
                        std::int64_t max_frames = 0);

struct CompareOptions {
  std::filesystem::path videos;     // a folder of videos (.mp4 .avi .webm .mkv .mov .m4v), or one video
  std::filesystem::path infer_dir;  // <video stem>.csv from `synhead infer` for each
  std::filesystem::path out;
  std::filesystem::path peer_dir;   // optional: the peer's CSVs (<video stem>.csv) instead of running it
  PeerOptions peer;
  std::int64_t max_frames = 0;      // peer runs: the first max_frames frames (0: all)
  AcceptanceBar bar;
};

struct CompareResult {
  std::vector<VideoComparison> videos;
  std::string markdown;
  bool passed = false;
};

// Checks every input before running anything: a missing folder, video or CSV, or a CSV with a wrong header, is a
// core::UserError naming the file.
CompareResult run_compare(const CompareOptions& options);

}  // namespace synhead::sim2real
