#pragma once
// Self-describing checkpoints: one libtorch archive holding the format tag and version, the resolved training
// config (YAML), the step, the best validation metric, the model's named tensors and the optimiser state. Written to
// a temporary sibling and renamed, so a checkpoint file is always complete. Model tensors are stored on the CPU and
// every tensor is mapped to the CPU (the optimiser's: to the training device) when read, so checkpoints written on
// any device load on any other. Resuming needs nothing else: batch
// order and dropout draws are functions of (seed, step).

#include <cstdint>
#include <filesystem>
#include <string>

#include <torch/nn/module.h>
#include <torch/optim/optimizer.h>

#include "synhead/trainer/train_config.h"

namespace synhead::trainer {

inline constexpr const char* kCheckpointFormat = "synhead-checkpoint";
inline constexpr std::int64_t kCheckpointVersion = 1;

struct CheckpointMeta {
  TrainConfig config;          // of the run that wrote it
  std::int64_t step = 0;       // optimiser steps completed
  double best_metric = 0;      // best validation metric so far (lower is better)
  std::string metric_name;     // e.g. "mean_mae_deg", "nme", "loss"
};

// `optimizer` may be null (a weights-only checkpoint, e.g. an exported best model).
void save_checkpoint(const std::filesystem::path& file, const torch::nn::Module& model,
                     const torch::optim::Optimizer* optimizer, const CheckpointMeta& meta);

// Reads and validates the header (format, version, config); UserError naming the file otherwise.
CheckpointMeta read_checkpoint_meta(const std::filesystem::path& file);

// Whether tensor `name` is `prefix` or lies under it ("out" names "out.weight", not "outer.weight").
bool tensor_named_by(const std::string& name, const std::string& prefix);

// Copies the checkpoint's tensors into `model`. Every parameter and buffer of the model must be in the file with
// the same shape (and no extra ones unless `allow_extra`); a mismatch is a UserError naming file and tensor.
// Tensors named under a `skip` prefix (e.g. "out") are neither copied nor checked, in the model or the file: they
// keep their fresh values (fine-tuning a model whose output layer differs, init.reset).
void load_model_state(const std::filesystem::path& file, torch::nn::Module& model, bool allow_extra = false,
                      const std::vector<std::string>& skip = {});

// The checkpoint's tensors by name, for partial initialisation (e.g. an rnn from a per-frame run).
std::vector<std::pair<std::string, torch::Tensor>> read_model_tensors(const std::filesystem::path& file);

// The optimiser's state tensors are loaded onto `device`, the one its parameters live on.
void load_optimizer_state(const std::filesystem::path& file, torch::optim::Optimizer& optimizer,
                          const torch::Device& device = torch::Device(torch::kCPU));

}  // namespace synhead::trainer
