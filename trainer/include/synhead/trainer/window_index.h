#pragma once
// Which frames of a data source (dataset/source.h: a synhead dataset, biwi:PATH, 300vw:PATH) the trainer sees, cut
// into windows of T consecutive frames. Torch-free: only annotations are read here; images are decoded by the
// loader through read_frame().
//
// Selection, in order:
//  1. sequences whose `split` tag equals DataConfig::split ("" = every sequence); the tag is the source's or, with
//     data.splits, the split file's (every id the file lists must exist in the source);
//  2. the selected sequences' TRACKS are divided into train and validation: round(validation_fraction × tracks)
//     whole tracks (at least one when the fraction is > 0) are held out, drawn with the dataset's seed, so every run
//     on a dataset validates on the same tracks and no track is in both subsets. With a single track the hold-out
//     is by sequence instead (logged as a warning): the subsets then share motion, not frames.
//  3. windows: training windows start every `window_stride` frames and never cross a sequence end (sequences
//     shorter than `window` yield none and are listed); evaluation windows cover every frame exactly once.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "synhead/dataset/source.h"
#include "synhead/trainer/data_config.h"

namespace synhead::trainer {

enum class Subset { Train, Validation, All };

// Step 2's hold-out: the first round(fraction × n) (at least one when fraction > 0, never all) of a shuffle of the
// sorted `names` seeded with `seed` (the dataset's). The streaming source holds out its tracks with it too.
std::set<std::string> draw_held_out(std::set<std::string> names, double fraction, std::uint64_t seed);

Subset parse_subset(const std::string& name);  // train | validation | all, else UserError
std::string to_string(Subset subset);

// One selected sequence of the source, whose labels are kept in memory (row i = the i-th annotated frame).
struct IndexedSequence {
  std::string id;
  std::filesystem::path dir;  // synhead dataset: DIR/sequences/<id>
  const dataset::SourceSequence* source = nullptr;
  // A pose-only source's labels (dataset::training_labels); null when the source has its own (synhead datasets).
  std::shared_ptr<const std::vector<dataset::FrameLabels>> pose_labels;
  std::vector<dataset::Box> face_boxes;  // by data.crop: what each row's crop window is centred on

  const std::vector<dataset::FrameLabels>& labels() const { return pose_labels ? *pose_labels : source->labels; }
};

// Rows [first, first + length) of sequences()[sequence].
struct Window {
  std::int32_t sequence = 0;
  std::int32_t first = 0;
  std::int32_t length = 0;
};

class WindowIndex {
 public:
  // `dataset_dir` is a SOURCE of dataset/source.h. UserError when the source cannot be read, a selected sequence
  // is missing, no sequence carries `config.split` (the message lists the tags that exist), the crop rule needs what
  // the source lacks (landmark boxes of BIWI) or a face box is empty; errors name the file (and line).
  WindowIndex(const std::filesystem::path& dataset_dir, const DataConfig& config, Subset subset);

  // The image of row `row` of a selected sequence (8-bit BGR); thread-safe. UserError naming the file.
  cv::Mat read_frame(const IndexedSequence& sequence, std::size_t row) const;

  const std::filesystem::path& dataset_dir() const { return dataset_dir_; }
  Subset subset() const { return subset_; }
  int window() const { return window_; }
  const std::vector<IndexedSequence>& sequences() const { return sequences_; }
  // Whether the source labels landmarks (BIWI does not: its rows carry pose only).
  bool has_landmarks() const { return source_->landmark_count() > 0; }
  // Whether the source labels head pose (300-VW does not: its rows carry landmarks only).
  bool has_pose() const { return source_->has_pose(); }
  const dataset::DataSource& source() const { return *source_; }
  std::int64_t frame_count() const { return frame_count_; }

  // Full windows of `window` frames, starting every `window_stride` rows of each sequence, in sequence order.
  const std::vector<Window>& training_windows() const { return training_windows_; }
  // Consecutive non-overlapping windows covering every row of every sequence exactly once, in sequence order. The
  // last window of a sequence is SHORTER when its length is not a multiple of `window` (never padded), and a
  // sequence shorter than `window` is one short window: every step of every window is a real frame.
  const std::vector<Window>& evaluation_windows() const { return evaluation_windows_; }
  // Ids of selected sequences shorter than `window` (no training window; still covered by evaluation windows).
  const std::vector<std::string>& short_sequences() const { return short_sequences_; }

 private:
  std::filesystem::path dataset_dir_;
  std::shared_ptr<const dataset::DataSource> source_;  // shared: copies of the index read the same frames
  Subset subset_;
  int window_;
  std::vector<IndexedSequence> sequences_;
  std::int64_t frame_count_ = 0;
  std::vector<Window> training_windows_;
  std::vector<Window> evaluation_windows_;
  std::vector<std::string> short_sequences_;
};

}  // namespace synhead::trainer
