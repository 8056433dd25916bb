#include "synhead/stream/stream_plan.h"

#include <filesystem>
#include <set>

#include <spdlog/spdlog.h>

#include "synhead/core/error.h"
#include "synhead/core/random.h"
#include "synhead/renderer/render_job.h"

namespace synhead::stream {
namespace {

std::set<std::string> names_in(const nlohmann::json& splits, const char* split, const char* key) {
  std::set<std::string> names;
  for (const auto& name : splits.at(split).at(key)) names.insert(name.get<std::string>());
  return names;
}

}  // namespace

StreamPlan::StreamPlan(const trainer::DataConfig& config, trainer::Subset subset)
    : dataset_(stream_config(config).dataset), window_length_(config.window) {
  SYNHEAD_CHECK(subset == trainer::Subset::Train || subset == trainer::Subset::Validation, "the stream has train and validation subsets");
  dataset::DatasetPlan plan = renderer::plan_render(dataset_);
  const bool split = dataset_.split.enabled;
  std::set<std::string> train_tracks;
  for (const auto& track : plan.tracks) {
    if (!split || names_in(plan.splits, "train", "tracks").count(track.name) > 0) train_tracks.insert(track.name);
  }
  const std::set<std::string> validation_tracks = trainer::draw_held_out(train_tracks, config.validation_fraction, dataset_.seed);
  const bool hold_out = !validation_tracks.empty();
  if (!hold_out && subset == trainer::Subset::Validation) {
    spdlog::warn("stream: data.validation_fraction holds out no track: validation draws the training tracks");
  }
  for (const auto& head : dataset_.heads) {
    const bool test = split && names_in(plan.splits, "test", "heads").count(head) > 0;
    (test ? held_out_heads_ : heads_).push_back(head);
  }
  for (auto& track : plan.tracks) {
    const bool validation = validation_tracks.count(track.name) > 0;
    const bool drawn = train_tracks.count(track.name) > 0 && (!hold_out || (subset == trainer::Subset::Validation) == validation);
    if (!drawn) {
      held_out_tracks_.push_back(track.name);
    } else if (static_cast<int>(track.size()) >= window_length_) {
      tracks_.push_back(std::move(track));
    }
  }
  if (heads_.empty()) core::throw_user_error("data.stream.dataset.heads: no head left for training after the split");
  if (tracks_.empty()) {
    core::throw_user_error("data.stream.dataset.tracks: no {} track of at least data.window = {} frames (tracks "
                           "generator.frames, split.test_tracks, data.validation_fraction)",
                           to_string(subset), window_length_);
  }
}

StreamWindow StreamPlan::window(std::uint64_t seed, std::int64_t index) const {
  core::Rng rng(seed, static_cast<std::uint64_t>(index));
  StreamWindow w;
  w.index = index;
  w.head = static_cast<std::size_t>(rng.uniform_int(0, static_cast<int>(heads_.size()) - 1));
  w.track = static_cast<std::size_t>(rng.uniform_int(0, static_cast<int>(tracks_.size()) - 1));
  w.first = rng.uniform_int(0, static_cast<int>(tracks_[w.track].size()) - window_length_);
  w.length = window_length_;
  return w;
}

std::string StreamPlan::sequence_id(const StreamWindow& window) const {
  return std::filesystem::path(heads_[window.head]).stem().string() + "__" + tracks_[window.track].name;
}

}  // namespace synhead::stream
