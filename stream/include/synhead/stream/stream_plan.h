#pragma once
// What the render stream may draw, and window i of it. The heads, tracks and split are those `synhead render` would
// produce from `data.stream.dataset` (plan_dataset: same heads, same generated tracks, same test heads and tracks);
// the train split's tracks are then divided into training and validation tracks by `data.validation_fraction` with
// the rule of a disk dataset (draw_held_out with the dataset seed). Test heads and tracks are never drawn; the
// validation subset draws the validation tracks (with the train heads), the training subset the others.
//
// Window i is a pure function of (plan, seed, i): head, track and first frame from Rng(seed, i). There are no
// epochs: every window is an independent draw, and since lighting, camera jitter, background, nuisances and
// augmentation are drawn per window too (the renderer's per-sequence draws, made per window), no two windows repeat.
// Torch-free.

#include <cstdint>
#include <string>
#include <vector>

#include "synhead/motion_tracks/track.h"
#include "synhead/stream/stream_config.h"
#include "synhead/trainer/window_index.h"

namespace synhead::stream {

struct StreamWindow {
  std::int64_t index = 0;     // position in the stream
  std::size_t head = 0;       // into StreamPlan::heads()
  std::size_t track = 0;      // into StreamPlan::tracks()
  std::int32_t first = 0;     // first row of the track
  std::int32_t length = 0;    // T
};

class StreamPlan {
 public:
  // Subset Train or Validation. UserError (naming data.stream.dataset keys) when the subset has no head, or no
  // track with at least data.window frames.
  StreamPlan(const trainer::DataConfig& config, trainer::Subset subset);

  StreamWindow window(std::uint64_t seed, std::int64_t index) const;

  const renderer::DatasetConfig& dataset() const { return dataset_; }
  const std::vector<std::string>& heads() const { return heads_; }    // head specs the subset draws
  const std::vector<motion_tracks::Track>& tracks() const { return tracks_; }  // tracks the subset draws
  const std::vector<std::string>& held_out_heads() const { return held_out_heads_; }    // never drawn
  const std::vector<std::string>& held_out_tracks() const { return held_out_tracks_; }  // never drawn (names)
  // "<head>__<track>", as `synhead render` names the sequence.
  std::string sequence_id(const StreamWindow& window) const;

 private:
  renderer::DatasetConfig dataset_;
  int window_length_ = 0;
  std::vector<std::string> heads_, held_out_heads_, held_out_tracks_;
  std::vector<motion_tracks::Track> tracks_;
};

}  // namespace synhead::stream
