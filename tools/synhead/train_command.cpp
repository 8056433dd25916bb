// synhead train: one training run (per-frame CNN, Post-RNN or CNN + FC-RNN) from a dataset on disk, the render
// stream, or both (data.source).

#include <filesystem>
#include <iostream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cli_common.h"
#include "synhead/core/error.h"
#include "synhead/trainer/train_resume.h"
#include "synhead/trainer/training.h"

namespace synhead::tools {
namespace {

using namespace synhead::trainer;

struct TrainCliOptions {
  ConfigOptions config;
  std::string out;
  std::string init;
  bool resume = false;
  std::uint64_t seed = 0;
  int threads = 0;
  int steps = 0;
  std::string data;
  std::string device;
};

void run(const TrainCliOptions& o, const std::vector<FlagOverride>& flags) {
  TrainOptions options;
  options.out = o.out;
  options.resume = o.resume;
  if (!o.init.empty()) options.init = o.init;
  std::optional<TrainConfig> config;
  if (o.resume) {
    // --set and flags apply to the run's own config (e.g. --steps to extend it); a --config file must match it.
    std::vector<ConfigAssignment> assignments;
    for (const auto& set : o.config.sets) assignments.push_back({set, ""});
    for (const auto& flag : flags) assignments.push_back({flag.assignment, flag.spelling});
    config = resumed_train_config(o.out, o.config.path.empty() ? std::nullopt : std::optional<std::filesystem::path>(o.config.path),
                                  assignments);
    if (o.config.print) {
      std::cout << core::config_to_yaml(*config) << std::flush;
      return;
    }
  } else {
    config = o.config.load<TrainConfig>(flags);
    if (!config) return;
    if (config->data.path.empty() && config->data.source != "stream") {
      core::throw_user_error("data.path: no dataset given (--data DIR or data.path in the config; data.source: "
                             "stream trains on rendered windows instead)");
    }
  }
  const TrainSummary summary = train(*config, options);
  spdlog::info("trained {} steps in {:.0f} s (data-wait {:.1f}%); best validation {} {:.4f}; run in {}", summary.steps,
               summary.seconds, 100 * summary.data_wait_fraction, summary.metric_name, summary.best_metric, o.out);
}

}  // namespace

void register_train_command(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("train", "Train a per-frame CNN, Post-RNN or end-to-end CNN + FC-RNN on a dataset");
  auto o = std::make_shared<TrainCliOptions>();
  o->config.add_to(cmd, "configs/train_perframe.yaml");
  cmd->add_option("--out", o->out, "Run directory: config.yaml, log.jsonl, last.ckpt, best.ckpt, curves.png")->required();
  cmd->add_option("--init", o->init,
                  "Start from this checkpoint's weights (fine-tuning; an rnn or postrnn from a perframe run)");
  cmd->add_flag("--resume", o->resume,
                "Continue the run in --out from its last.ckpt, bit-exactly, with its own config (--steps N extends it)");
  auto* data = cmd->add_option("--data", o->data, "Dataset directory (config: data.path)");
  auto* seed = cmd->add_option("--seed", o->seed, "Seed of weights, batch order, augmentation, dropout (config: seed)");
  auto* threads = cmd->add_option("--threads", o->threads, "Torch intra-op threads, 0 = every core (config: threads)");
  auto* steps = cmd->add_option("--steps", o->steps, "Optimiser steps (config: steps)");
  auto* device = cmd->add_option("--device", o->device, "Where to train: cpu, cuda or cuda:N (config: device)");
  cmd->callback([o, data, seed, threads, steps, device, &action] {
    std::vector<FlagOverride> flags;
    push_override(flags, data, "data.path", o->data);
    push_override(flags, seed, "seed", o->seed);
    push_override(flags, threads, "threads", o->threads);
    push_override(flags, steps, "steps", o->steps);
    push_override(flags, device, "device", o->device);
    action = [o, flags] { run(*o, flags); };
  });
}

}  // namespace synhead::tools
