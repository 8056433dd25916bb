#pragma once
// `synhead render`: heads × motion tracks → a dataset on disk (dataset/layout.h, written by dataset/sinks.h), SynHead style.
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

#include "synhead/dataset/layout.h"
#include "synhead/dataset/plan.h"
#include "synhead/renderer/dataset_config.h"

namespace synhead::renderer {

// The dataset plan (dataset/plan.h) of `config`, after checking that every head is a built-in id or a mesh file.
dataset::DatasetPlan plan_render(const DatasetConfig& config);

struct RenderRunOptions {
  std::filesystem::path out;
  int shard_index = 0, shard_count = 1;
  int limit_frames = 0;  // > 0: at most this many frames per sequence (quick runs)
  // Synhead: sequences/ only; Biwi: hpdb/ only (BIWI's layout, dataset/layout.h); Both. manifest.json is written either way.
  // A sequence counts as complete (skipped on resume) when every layout of this run has it.
  dataset::DatasetLayout layout = dataset::DatasetLayout::Synhead;
  std::string tool_version;
};

struct RenderRunStats {
  std::size_t sequences_planned = 0, sequences_rendered = 0, sequences_skipped = 0;
  std::size_t frames_rendered = 0;
  double seconds = 0;
};

RenderRunStats render_dataset(const DatasetConfig& config, const nlohmann::json& resolved_config, const RenderRunOptions& options);

}  // namespace synhead::renderer
