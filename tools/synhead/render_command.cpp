// synhead render: a SynHead-style dataset (heads × motion tracks) on disk, resumable and shardable.

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cli_common.h"
#include "synhead/core/error.h"
#include "synhead/renderer/render_job.h"

namespace synhead::tools {
namespace {

using namespace synhead::renderer;

struct RenderOptions {
  ConfigOptions config;
  std::string out;
  std::uint64_t seed = 0;
  std::string shard;
  int limit_frames = 0;
  int workers = 0;
  std::string layout = "synhead";
};

std::pair<int, int> parse_shard(const std::string& text) {
  int index = -1, count = 0;
  char slash = 0;
  if (std::sscanf(text.c_str(), "%d%c%d", &index, &slash, &count) != 3 || slash != '/' || count < 1 || index < 0 || index >= count)
    core::throw_user_error("--shard {}: expected i/N with 0 <= i < N (e.g. $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT)", text);
  return {index, count};
}

void run(const RenderOptions& o, const std::vector<FlagOverride>& flags) {
  const auto config = o.config.load<DatasetConfig>(flags);
  if (!config) return;
  RenderRunOptions options;
  options.out = o.out;
  options.limit_frames = o.limit_frames;
  options.layout = dataset::parse_dataset_layout(o.layout);
  options.tool_version = SYNHEAD_VERSION;
  if (!o.shard.empty()) std::tie(options.shard_index, options.shard_count) = parse_shard(o.shard);
  const auto stats = render_dataset(*config, core::node_to_json(core::config_to_node(*config)), options);
  spdlog::info("{} sequences rendered ({} frames, {:.1f} frames/s), {} already complete, in {}", stats.sequences_rendered,
               stats.frames_rendered, stats.frames_rendered / std::max(stats.seconds, 1e-9), stats.sequences_skipped, o.out);
}

}  // namespace

void register_render_command(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("render", "Render a dataset: every (head, track) sequence, with labels, manifest and splits");
  auto o = std::make_shared<RenderOptions>();
  o->config.add_to(cmd, "configs/synhead.yaml");
  cmd->add_option("--out", o->out, "Dataset directory (re-running resumes it)")->required();
  auto* seed = cmd->add_option("--seed", o->seed, "Seed of tracks, split, looks and nuisances (config: seed)");
  cmd->add_option("--shard", o->shard, "Render only shard i of N (i/N): sequences whose index mod N is i");
  cmd->add_option("--limit-frames", o->limit_frames, "At most this many frames per sequence")->check(CLI::NonNegativeNumber);
  auto* workers = cmd->add_option("--workers", o->workers, "Render threads, each with its own GL context (config: workers)");
  cmd->add_option("--layout", o->layout,
                  "On-disk layout: synhead (sequences/), biwi (BIWI's hpdb/NN/frame_XXXXX_rgb.png + _pose.txt, rgb.cal, "
                  "depth.cal) or both; manifest.json is written either way")
      ->check(CLI::IsMember({"synhead", "biwi", "both"}))
      ->capture_default_str();
  cmd->callback([o, seed, workers, &action] {
    std::vector<FlagOverride> flags;
    push_override(flags, seed, "seed", o->seed);
    push_override(flags, workers, "workers", o->workers);
    action = [o, flags] { run(*o, flags); };
  });
}

}  // namespace synhead::tools
