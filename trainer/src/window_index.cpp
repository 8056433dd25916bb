#include "synhead/trainer/window_index.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "synhead/core/error.h"
#include "synhead/core/random.h"
#include "synhead/dataset/splits_file.h"

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

// Every row's crop is centred on its face box: an empty one (a degenerate label row) cannot be cropped.
void check_boxes(const dataset::DataSource& source, const dataset::SourceSequence& sequence,
                 const std::vector<dataset::Box>& boxes, const dataset::CropRuleConfig& crop) {
  for (std::size_t row = 0; row < boxes.size(); ++row) {
    if (!boxes[row].empty()) continue;
    if (crop.rule == "landmarks" && source.kind() == "synhead")  // line 1 of labels.csv is the header
      core::throw_user_error("{}empty face box (bbox_w/bbox_h must be > 0)",
                             core::location_prefix((sequence.dir / "labels.csv").string(), static_cast<int>(row) + 2));
    core::throw_user_error("data source '{}': sequence '{}' frame {}: empty face box (data.crop.rule {})", source.spec(),
                           sequence.id, sequence.frames[row], crop.rule);
  }
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
    : dataset_dir_(dataset_dir),
      source_(dataset::open_data_source(dataset_dir.string())),
      subset_(subset),
      window_(config.window) {
  const dataset::DataSource& source = *source_;
  std::optional<dataset::SplitsFile> splits;
  if (!config.splits.empty()) {
    splits = dataset::SplitsFile::read(config.splits);
    splits->check_against(source);
  }
  auto split_of = [&](const std::string& id, const std::string& own) { return splits ? splits->tag_of(id) : own; };
  std::vector<const dataset::SourceSequence*> selected;
  std::set<std::string> tags;
  for (const auto& sequence : source.sequences()) {
    const std::string split = split_of(sequence.id, sequence.split);
    tags.insert(split.empty() ? "(none)" : split);
    if (config.split.empty() || split == config.split) selected.push_back(&sequence);
  }
  // A sequence the source lists but could not read (a missing directory, a count that disagrees) is only an error
  // when the split trains or evaluates on it.
  for (const auto& problem : source.problems()) {
    if (!problem.sequence.empty() && (config.split.empty() || split_of(problem.sequence, problem.split) == config.split))
      core::throw_user_error("{}{}", core::location_prefix(problem.location), problem.what);
  }
  if (selected.empty()) {
    const std::string where = splits                       ? config.splits
                              : source.kind() == "synhead" ? (dataset_dir / "manifest.json").string()
                                                           : source.spec();
    const char* holder = splits ? "split file" : source.kind() == "synhead" ? "manifest" : "source (data.splits assigns tags)";
    core::throw_user_error("{}no sequence has split '{}' (data.split; the {} has: {})", core::location_prefix(where),
                           config.split, holder, fmt::join(tags, ", "));
  }

  std::set<std::string> tracks;
  for (const auto* sequence : selected) tracks.insert(sequence->track);
  const bool by_track = tracks.size() > 1;
  std::set<std::string> held_out;
  if (by_track) {
    held_out = draw_held_out(tracks, config.validation_fraction, source.seed());
  } else if (config.validation_fraction > 0) {
    std::set<std::string> ids;
    for (const auto* sequence : selected) ids.insert(sequence->id);
    held_out = draw_held_out(ids, config.validation_fraction, source.seed());
    spdlog::warn("{}: the {} selected sequences share one track; validation holds out {} sequence(s) instead of "
                 "tracks, so both subsets see the same motion",
                 dataset_dir.string(), selected.size(), held_out.size());
  }

  std::optional<dataset::BoxTable> boxes;
  if (config.crop.rule == "boxes") boxes = dataset::BoxTable::read(config.crop.boxes);
  for (const auto* sequence : selected) {
    const bool validation = held_out.count(by_track ? sequence->track : sequence->id) > 0;
    if ((subset == Subset::Train && validation) || (subset == Subset::Validation && !validation)) continue;
    IndexedSequence indexed{sequence->id, sequence->dir, sequence, nullptr, {}};
    if (sequence->labels.empty())
      indexed.pose_labels = std::make_shared<const std::vector<dataset::FrameLabels>>(dataset::training_labels(source, *sequence));
    indexed.face_boxes = dataset::face_boxes(source, *sequence, config.crop, boxes ? &*boxes : nullptr);
    check_boxes(source, *sequence, indexed.face_boxes, config.crop);
    sequences_.push_back(std::move(indexed));
  }

  const int window = config.window;
  for (std::size_t s = 0; s < sequences_.size(); ++s) {
    const auto rows = static_cast<int>(sequences_[s].labels().size());
    frame_count_ += rows;
    const auto index = static_cast<std::int32_t>(s);
    for (int first = 0; first + window <= rows; first += config.window_stride) {
      training_windows_.push_back({index, first, window});
    }
    for (int first = 0; first < rows; first += window) {
      evaluation_windows_.push_back({index, first, std::min(window, rows - first)});
    }
    if (rows < window) short_sequences_.push_back(sequences_[s].id);
  }
  if (!short_sequences_.empty()) {
    spdlog::warn("{}: {} sequence(s) shorter than the window of {} frames give no training window: {}",
                 dataset_dir.string(), short_sequences_.size(), window, fmt::join(short_sequences_, ", "));
  }
}

cv::Mat WindowIndex::read_frame(const IndexedSequence& sequence, std::size_t row) const {
  return source_->read_frame(*sequence.source, row);
}

}  // namespace synhead::trainer
