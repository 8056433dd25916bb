#pragma once
// What `synhead data inspect|stats` says of a data source (source.h): summaries, a verification pass that decodes
// every frame (and BIWI's depth files), per-split pose distributions.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "synhead/dataset/source.h"
#include "synhead/motion_tracks/stats.h"
#include "synhead/motion_tracks/track.h"

namespace synhead::dataset {

struct PoseStats {
  motion_tracks::ValueStats pitch, yaw, roll;  // degrees
};

struct SplitCounts {
  std::size_t sequences = 0, frames = 0;
};

struct DataSummary {
  std::string source, kind;
  std::size_t sequences = 0, frames = 0;
  std::optional<PoseStats> pose;  // absent when the source has no pose
  int landmarks = 0;
  std::map<std::string, SplitCounts> splits;  // sequences without a split count under kNoSplit
  std::vector<ImageSize> image_sizes;         // distinct known sizes, in order of appearance
};

DataSummary summarize(const DataSource& source);
// Keys of docs/conventions.md (`sequences`, `frames`, `pose` → {pitch|yaw|roll: {min, max, mean, std}} or null) plus
// `source`, `kind`, `landmarks`, `splits` → {name: {sequences, frames}}, `image_sizes` → [{width, height}].
nlohmann::json to_json(const DataSummary& summary);
std::string format_summary(const DataSummary& summary);  // markdown tables for people

struct VerificationReport {
  std::size_t frames_checked = 0;
  std::vector<Problem> problems;
  std::vector<Problem> incomplete;

  bool clean() const { return problems.empty(); }
};

// The problems found while opening plus every frame decoded and checked (progress bar over frames).
VerificationReport verify(const DataSource& source);
// Every frame_XXXXX_depth.bin of a BIWI source decoded (biwi_depth.h) and checked against its sequence's depth.cal
// size; frames without one are skipped, as BIWI's depth is optional. UserError for a source other than BIWI.
VerificationReport verify_depth(const DataSource& source);
nlohmann::json to_json(const VerificationReport& report);
// `what` titles the report ("verification", "depth check").
std::string format_report(const VerificationReport& report, const std::string& what = "verification");

// Pose tracks grouped by split, in the order the splits first appear; one track per sequence.
struct SplitPoses {
  std::string split;
  std::vector<motion_tracks::Track> tracks;
};
std::vector<SplitPoses> poses_by_split(const DataSource& source);  // UserError when the source has no pose

// Figure-4-style distributions: one row per split with its pitch–yaw and pitch–roll heat maps.
void plot_split_pose_distributions(const std::vector<SplitPoses>& splits, const std::filesystem::path& png);

}  // namespace synhead::dataset
