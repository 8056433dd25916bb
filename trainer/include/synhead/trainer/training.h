#pragma once
// `synhead train`: one run directory per training run —
//   RUN/config.yaml   the resolved config          RUN/log.jsonl  one JSON object per logged step / validation
//   RUN/last.ckpt     written every checkpoint_every steps and at the end (resumable)
//   RUN/best.ckpt     the best validation metric so far (weights, config, step); with --init the starting
//                     weights are validated first, so best.ckpt is never worse than where the run began
//   RUN/curves.png    training and validation curves
// Torch-free, so the CLI can call it without the libtorch headers.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "synhead/trainer/train_config.h"

namespace synhead::trainer {

struct TrainOptions {
  std::filesystem::path out;                 // the run directory
  std::optional<std::filesystem::path> init; // start from another run's weights (fine-tuning; rnn/postrnn from perframe)
  bool resume = false;                       // continue RUN/last.ckpt bit-exactly
};

struct TrainSummary {
  std::int64_t steps = 0;
  double best_metric = 0;
  std::string metric_name;
  double seconds = 0;
  double data_wait_fraction = 0;
};

TrainSummary train(const TrainConfig& config, const TrainOptions& options);

// The config a `--resume` continues with: the run's own (from RUN/last.ckpt). A given config must match it except
// for `steps` (a run may be extended), `device` and `eval_chunk_frames`; anything else is a UserError naming the
// first differing key.
// Optimiser steps saved in RUN/last.ckpt; 0 when the run has none yet.
std::int64_t completed_steps(const std::filesystem::path& run_dir);

TrainConfig resume_config(const std::filesystem::path& run_dir, const std::optional<TrainConfig>& requested);

}  // namespace synhead::trainer
