#pragma once
// The one reader of the datasets synhead reads — `synhead data inspect|stats` and the trainer's disk loader alike —
// opened from a SOURCE string:
//   DIR          a synhead dataset (layout.h: manifest.json, sequences/<id>/{labels.csv, frames/})
//   biwi:PATH    the BIWI Kinect head pose database: an hpdb tree or one sequence folder
//                (frame_XXXXX_rgb.png + frame_XXXXX_pose.txt; angles in synhead's convention, see biwi.h; poses
//                moved from the depth camera into the RGB camera with rgb.cal's extrinsics, biwi_calibration.h)
//   300vw:PATH   300-VW: NNN/vid.avi + NNN/annot/NNNNNN.pts (1-based video frame numbers); landmarks, no pose
// Opening reads the annotations only; frames are decoded on demand (read_frame) or all at once (inspect.h verify).

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <glm/vec2.hpp>
#include <opencv2/core/mat.hpp>

#include "synhead/dataset/camera.h"
#include "synhead/dataset/labels.h"
#include "synhead/motion_tracks/track.h"

namespace synhead::core {
class Progress;
class UserError;
}

namespace synhead::dataset {

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
  std::string track;                 // the motion it shows: sequences of one track share it (recorded data: the id)
  std::filesystem::path dir;
  std::vector<std::int64_t> frames;  // annotated frame numbers, ascending
  motion_tracks::Track poses;        // one per annotated frame; empty when the source has no pose
  std::vector<FrameLabels> labels;   // one per annotated frame when the source has every label (synhead datasets)
  ImageSize image_size;              // what every frame must measure (dataset: the manifest camera)
  // The camera the poses are in: the manifest's (synhead), rgb.cal's K (BIWI; the Kinect default without rgb.cal).
  Intrinsics camera;
};

struct Problem {
  Problem(std::string location_, std::string what_, std::string sequence_ = {}, std::string split_ = {})
      : location(std::move(location_)), what(std::move(what_)), sequence(std::move(sequence_)), split(std::move(split_)) {}

  std::string location;  // "file" or "file:line"
  std::string what;
  std::string sequence;  // id of the sequence it leaves out or makes incomplete, when it concerns one
  std::string split;     // and that sequence's split
};

// The problem `error` (a UserError about `file`) describes, its "file:line" prefix as the location.
Problem problem_from_error(const std::filesystem::path& file, const core::UserError& error);

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

  // The image of annotated frame `row` of `sequence`, 8-bit BGR. Thread-safe. UserError naming the file when the
  // frame is missing or cannot be decoded.
  virtual cv::Mat read_frame(const SourceSequence& sequence, std::size_t row) const = 0;

  const std::string& spec() const { return spec_; }
  std::uint64_t seed() const { return seed_; }  // the dataset's seed (synhead manifest); 0 for recorded data
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
  std::uint64_t seed_ = 0;
};

// Throws a UserError naming SOURCE and the accepted forms for an unknown prefix or a missing path.
std::unique_ptr<DataSource> open_data_source(const std::string& spec,
                                             AnnotationErrors errors = AnnotationErrors::Throw);

// A 300-VW / 300-W .pts file: "version: 1", "n_points: 68", "{", 68 lines "x y", "}". Errors name file:line.
std::array<glm::dvec2, kLandmarkCount> read_pts(const std::filesystem::path& path);

}  // namespace synhead::dataset
