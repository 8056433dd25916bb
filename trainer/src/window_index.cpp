#include "synhead/trainer/window_index.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "synhead/core/error.h"
#include "synhead/core/random.h"

namespace synhead::trainer {
namespace {

// Stream of the dataset seed that draws the validation hold-out (any constant distinct from the renderer's uses).
constexpr std::uint64_t kValidationStream = 0x76616c6964ULL;  // "valid"

// How many of `count` items to hold out: at least one when the fraction asks for any, never all of them.
std::size_t held_out_count(double fraction, std::size_t count) {
  if (fraction <= 0 || count < 2) return 0;
  const auto n = static_cast<std::size_t>(std::llround(fraction * static_cast<double>(count)));
  return std::clamp<std::size_t>(n, 1, count - 1);
}

std::vector<renderer::FrameLabels> read_sequence_labels(const std::filesystem::path& dir) {
  const std::filesystem::path path = dir / "labels.csv";
  if (!std::filesystem::exists(path)) {
    core::throw_user_error("{}missing (sequence listed in the manifest but not rendered, or an incomplete dataset?)",
                           core::location_prefix(path.string()));
  }
  std::vector<renderer::FrameLabels> labels = renderer::read_labels_csv(path);
  for (std::size_t row = 0; row < labels.size(); ++row) {
    // The crop window is derived from the box; an empty one cannot be cropped. Line 1 is the header.
    if (labels[row].box.empty()) {
      core::throw_user_error("{}empty face box (bbox_w/bbox_h must be > 0)",
                             core::location_prefix(path.string(), static_cast<int>(row) + 2));
    }
  }
  return labels;
}

}  // namespace

std::set<std::string> draw_held_out(std::set<std::string> names, double fraction, std::uint64_t seed) {
  std::vector<std::string> order(names.begin(), names.end());
  core::Rng rng(seed, kValidationStream);
  for (std::size_t i = order.size(); i > 1; --i) {
    std::swap(order[i - 1], order[static_cast<std::size_t>(rng.uniform_int(0, static_cast<int>(i - 1)))]);
  }
  order.resize(held_out_count(fraction, order.size()));
  return {order.begin(), order.end()};
}


Subset parse_subset(const std::string& name) {
  if (name == "train") return Subset::Train;
  if (name == "validation") return Subset::Validation;
  if (name == "all") return Subset::All;
  core::throw_user_error("unknown subset '{}' (expected train, validation or all)", name);
}

std::string to_string(Subset subset) {
  switch (subset) {
    case Subset::Train: return "train";
    case Subset::Validation: return "validation";
    case Subset::All: return "all";
  }
  return "?";
}

WindowIndex::WindowIndex(const std::filesystem::path& dataset_dir, const DataConfig& config, Subset subset)
    : dataset_dir_(dataset_dir), subset_(subset), window_(config.window) {
  const renderer::DatasetManifest manifest = renderer::read_manifest(dataset_dir);

  std::vector<const renderer::SequenceEntry*> selected;
  std::set<std::string> tags;
  for (const auto& entry : manifest.sequences) {
    tags.insert(entry.split.empty() ? "(none)" : entry.split);
    if (config.split.empty() || entry.split == config.split) selected.push_back(&entry);
  }
  if (selected.empty()) {
    core::throw_user_error("{}no sequence has split '{}' (data.split; the manifest has: {})",
                           core::location_prefix((dataset_dir / "manifest.json").string()), config.split,
                           fmt::join(tags, ", "));
  }

  std::set<std::string> tracks;
  for (const auto* entry : selected) tracks.insert(entry->track);
  const bool by_track = tracks.size() > 1;
  std::set<std::string> held_out;
  if (by_track) {
    held_out = draw_held_out(tracks, config.validation_fraction, manifest.seed);
  } else if (config.validation_fraction > 0) {
    std::set<std::string> ids;
    for (const auto* entry : selected) ids.insert(entry->id);
    held_out = draw_held_out(ids, config.validation_fraction, manifest.seed);
    spdlog::warn("{}: the {} selected sequences share one track; validation holds out {} sequence(s) instead of "
                 "tracks, so both subsets see the same motion",
                 dataset_dir.string(), selected.size(), held_out.size());
  }

  for (const auto* entry : selected) {
    const bool validation = held_out.count(by_track ? entry->track : entry->id) > 0;
    if ((subset == Subset::Train && validation) || (subset == Subset::Validation && !validation)) continue;
    IndexedSequence sequence{*entry, renderer::sequence_dir(dataset_dir, entry->id), {}};
    sequence.labels = read_sequence_labels(sequence.dir);
    sequences_.push_back(std::move(sequence));
  }

  const int window = config.window;
  for (std::size_t s = 0; s < sequences_.size(); ++s) {
    const auto rows = static_cast<int>(sequences_[s].labels.size());
    frame_count_ += rows;
    const auto index = static_cast<std::int32_t>(s);
    for (int first = 0; first + window <= rows; first += config.window_stride) {
      training_windows_.push_back({index, first, window});
    }
    for (int first = 0; first < rows; first += window) {
      evaluation_windows_.push_back({index, first, std::min(window, rows - first)});
    }
    if (rows < window) short_sequences_.push_back(sequences_[s].entry.id);
  }
  if (!short_sequences_.empty()) {
    spdlog::warn("{}: {} sequence(s) shorter than the window of {} frames give no training window: {}",
                 dataset_dir.string(), short_sequences_.size(), window, fmt::join(short_sequences_, ", "));
  }
}

}  // namespace synhead::trainer
