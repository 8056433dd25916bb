#pragma once
// `synhead render`: heads × motion tracks → a dataset on disk (layout in dataset.h), SynHead style.
//
// Every sequence is a (head, track) pair. Its frames depend only on (config, seed, sequence index): the background
// is drawn per track (as in the paper), lighting, camera jitter and nuisances per sequence. So the same config and
// seed give the same labels and image bytes whatever the worker count, the shard, or an interruption.
// Resume: re-running skips sequences whose directory exists (complete by construction) and removes temporary
// directories a killed run left. Sharding: shard i of N renders the sequences whose index ≡ i (mod N); every
// shard writes the same manifest, so shards writing into one directory need no merge step.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "synhead/motion_tracks/track.h"
#include "synhead/renderer/dataset.h"
#include "synhead/renderer/dataset_config.h"

namespace synhead::renderer {

struct SequencePlan {
  std::string id;  // "<head>__<track>"
  std::string head;
  std::size_t track = 0;  // index into DatasetPlan::tracks
  std::string split;      // train / test, empty without a split
  std::uint64_t index = 0;
};

struct DatasetPlan {
  std::vector<motion_tracks::Track> tracks;
  std::vector<SequencePlan> sequences;
  nlohmann::json splits;  // {"train": {"heads": [...], "tracks": [...]}, "test": {...}}
};

// Tracks loaded or generated, the split drawn, the sequences listed in a fixed order. UserError on bad inputs
// (missing folders, too few heads or tracks for the split) before anything is rendered.
DatasetPlan plan_dataset(const DatasetConfig& config);

struct RenderRunOptions {
  std::filesystem::path out;
  int shard_index = 0, shard_count = 1;
  int limit_frames = 0;  // > 0: at most this many frames per sequence (quick runs)
  // Synhead: sequences/ only; Biwi: hpdb/ only (BIWI's layout, dataset.h); Both. manifest.json is written either way.
  // A sequence counts as complete (skipped on resume) when every layout of this run has it.
  DatasetLayout layout = DatasetLayout::Synhead;
  std::string tool_version;
};

struct RenderRunStats {
  std::size_t sequences_planned = 0, sequences_rendered = 0, sequences_skipped = 0;
  std::size_t frames_rendered = 0;
  double seconds = 0;
};

// Estimated bytes on disk per frame for the configured image size and format, over the layouts written.
double estimate_bytes_per_frame(const DatasetConfig& config, DatasetLayout layout = DatasetLayout::Synhead);

RenderRunStats render_dataset(const DatasetConfig& config, const nlohmann::json& resolved_config, const RenderRunOptions& options);

}  // namespace synhead::renderer
