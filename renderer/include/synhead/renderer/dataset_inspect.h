#pragma once
// One view of the head-pose datasets synhead reads (`synhead data inspect|stats`), opened from a SOURCE string:
//   DIR          a synhead dataset (dataset.h: manifest.json, sequences/<id>/{labels.csv, frames/})
//   biwi:PATH    the BIWI Kinect head pose database: an hpdb tree or one sequence folder
//                (frame_XXXXX_rgb.png + frame_XXXXX_pose.txt; angles in synhead's convention, see biwi.h)
//   300vw:PATH   300-VW: NNN/vid.avi + NNN/annot/NNNNNN.pts (1-based video frame numbers); landmarks, no pose
// Opening reads the annotations only; verify() is the pass that decodes every frame.

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <glm/vec2.hpp>
#include <nlohmann/json_fwd.hpp>

#include "synhead/motion_tracks/stats.h"
#include "synhead/motion_tracks/track.h"
#include "synhead/renderer/head_mesh.h"

namespace synhead::core {
class Progress;
}

namespace synhead::renderer {

// The group of sequences that have no split (a dataset rendered without one, BIWI, 300-VW).
inline constexpr const char* kNoSplit = "all";

struct ImageSize {
  int width = 0, height = 0;  // 0×0: not known before the frames are decoded

  bool known() const { return width > 0 && height > 0; }
  bool operator==(const ImageSize& o) const { return width == o.width && height == o.height; }
  bool operator!=(const ImageSize& o) const { return !(*this == o); }
};

// One annotated sequence as its annotation files describe it.
struct SourceSequence {
  std::string id;
  std::string split;                 // empty when the source has no split
  std::filesystem::path dir;
  std::vector<std::int64_t> frames;  // annotated frame numbers, ascending
  motion_tracks::Track poses;        // one per annotated frame; empty when the source has no pose
  ImageSize image_size;              // what every frame must measure (dataset: the manifest camera)
};

struct Problem {
  std::string location;  // "file" or "file:line"
  std::string what;
};

// How opening treats an annotation file it cannot read: `inspect` stops at the first, `inspect --verify` lists them.
enum class AnnotationErrors { Throw, Collect };

class DataSource {
 public:
  virtual ~DataSource() = default;

  virtual std::string kind() const = 0;  // "synhead", "biwi" or "300vw"
  virtual bool has_pose() const = 0;
  virtual int landmark_count() const = 0;  // 68 or 0
  // Appends what is wrong with the frames of `sequence` (missing, undecodable, wrong size, unannotated) and
  // advances `progress` once per annotated frame.
  virtual void check_frames(const SourceSequence& sequence, std::vector<Problem>& problems,
                            core::Progress& progress) const = 0;

  const std::string& spec() const { return spec_; }
  const std::vector<SourceSequence>& sequences() const { return sequences_; }
  // Found while reading the annotations: unreadable files (AnnotationErrors::Collect), missing sequence
  // directories, counts that disagree with the manifest.
  const std::vector<Problem>& problems() const { return problems_; }
  // Left behind by an interrupted writer (temporary sequence directories); reported, but not errors.
  const std::vector<Problem>& incomplete() const { return incomplete_; }

 protected:
  DataSource(std::string spec, AnnotationErrors errors) : spec_(std::move(spec)), errors_(errors) {}
  // Runs `read`; a UserError it throws is rethrown or recorded as a problem of `file`, per AnnotationErrors.
  // Returns whether `read` completed.
  bool read_or_record(const std::filesystem::path& file, const std::function<void()>& read);

  std::string spec_;
  AnnotationErrors errors_;
  std::vector<SourceSequence> sequences_;
  std::vector<Problem> problems_;
  std::vector<Problem> incomplete_;
};

// Throws a UserError naming SOURCE and the accepted forms for an unknown prefix or a missing path.
std::unique_ptr<DataSource> open_data_source(const std::string& spec,
                                             AnnotationErrors errors = AnnotationErrors::Throw);

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
nlohmann::json to_json(const VerificationReport& report);
std::string format_report(const VerificationReport& report);

// Pose tracks grouped by split, in the order the splits first appear; one track per sequence.
struct SplitPoses {
  std::string split;
  std::vector<motion_tracks::Track> tracks;
};
std::vector<SplitPoses> poses_by_split(const DataSource& source);  // UserError when the source has no pose

// Figure-4-style distributions: one row per split with its pitch–yaw and pitch–roll heat maps.
void plot_split_pose_distributions(const std::vector<SplitPoses>& splits, const std::filesystem::path& png);

// A 300-VW / 300-W .pts file: "version: 1", "n_points: 68", "{", 68 lines "x y", "}". Errors name file:line.
std::array<glm::dvec2, kLandmarkCount> read_pts(const std::filesystem::path& path);

}  // namespace synhead::renderer
