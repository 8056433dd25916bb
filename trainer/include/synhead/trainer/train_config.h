#pragma once
// configs/train_<variant>.yaml: one training run (model, data, optimiser, schedule, checkpoints). Torch-free.

#include <cstdint>
#include <string>
#include <vector>

#include "synhead/core/config.h"
#include "synhead/trainer/data_config.h"
#include "synhead/trainer/model_config.h"

namespace synhead::trainer {

struct OptimConfig {
  std::string optimizer = "adam";  // adam | sgd (with momentum)
  double lr = 1e-3;                // peak learning rate
  double momentum = 0.9;           // sgd only
  double weight_decay = 1e-4;      // L2 on every trainable parameter
  std::string schedule = "cosine"; // constant | cosine (to min_lr_fraction × lr at the last step) | step
  int warmup_steps = 100;          // linear ramp from 0 to lr
  int step_every = 1000;           // step schedule: lr × step_gamma every step_every steps
  double step_gamma = 0.1;
  double min_lr_fraction = 0.01;   // cosine floor
  double clip_tau = 10;            // soft gradient clipping: ‖g‖ > τ → g τ / ‖g‖ (paper: τ = 10); 0 = off
};

template <class V>
void describe(V& v, OptimConfig& c) {
  v.field("optimizer", c.optimizer);
  v.require(c.optimizer == "adam" || c.optimizer == "sgd", "optimizer", "adam or sgd");
  v.field("lr", c.lr);
  v.require(c.lr > 0, "lr", "a positive number");
  v.field("momentum", c.momentum);
  v.require(c.momentum >= 0 && c.momentum < 1, "momentum", "a number in [0, 1)");
  v.field("weight_decay", c.weight_decay);
  v.require(c.weight_decay >= 0, "weight_decay", "a number >= 0");
  v.field("schedule", c.schedule);
  v.require(c.schedule == "constant" || c.schedule == "cosine" || c.schedule == "step", "schedule", "constant, cosine or step");
  v.field("warmup_steps", c.warmup_steps);
  v.require(c.warmup_steps >= 0, "warmup_steps", "an integer >= 0");
  v.field("step_every", c.step_every);
  v.require(c.step_every >= 1, "step_every", "an integer >= 1");
  v.field("step_gamma", c.step_gamma);
  v.require(c.step_gamma > 0 && c.step_gamma <= 1, "step_gamma", "a number in (0, 1]");
  v.field("min_lr_fraction", c.min_lr_fraction);
  v.require(c.min_lr_fraction >= 0 && c.min_lr_fraction <= 1, "min_lr_fraction", "a number in [0, 1]");
  v.field("clip_tau", c.clip_tau);
  v.require(c.clip_tau >= 0, "clip_tau", "a number >= 0 (0 = no clipping)");
}

// What `--init CKPT` (fine-tuning, or an rnn/postrnn started from a per-frame run) takes over from the checkpoint.
struct InitConfig {
  std::vector<std::string> reset;   // parameter-name prefixes re-initialised after loading (e.g. [out])
  std::vector<std::string> freeze;  // parameter-name prefixes kept fixed during training (e.g. [backbone])
  // Batch normalisation keeps the loaded running statistics while training (its scale and shift still learn), for
  // fine-tuning on batches too small or too uniform for batch statistics. Off by default: on the small report set
  // the FC-RNN fine-tune (4 windows × 16 frames) reached 6.9° validation with it at 600 steps, 5.3° without.
  bool freeze_batchnorm = false;
};

template <class V>
void describe(V& v, InitConfig& c) {
  v.field("reset", c.reset);
  v.field("freeze", c.freeze);
  v.field("freeze_batchnorm", c.freeze_batchnorm);
}

// `device` values: cpu | cuda (the current CUDA device) | cuda:N (device index N).
bool is_device_name(const std::string& name);

struct TrainConfig {
  std::uint64_t seed = 0;       // weights, batch order, augmentation, dropout (--seed)
  int steps = 2000;             // optimiser steps
  int threads = 0;              // torch intra-op threads (0 = every core; --threads)
  std::string device = "cpu";   // where the model and batches live: cpu | cuda | cuda:N (--device)
  bool amp = false;             // mixed precision (bf16 autocast of the training forward pass); CUDA only
  int eval_chunk_frames = 64;   // recurrent evaluation: frames per forward pass, the hidden state carried across
  int log_every = 20;           // steps between log.jsonl lines
  int validate_every = 250;     // steps between validations (and best.ckpt updates); 0 = only at the end
  int validation_batches = 16;  // batches of held-out windows per validation (fixed, unaugmented)
  int checkpoint_every = 250;   // steps between last.ckpt writes (also written at the end)
  double landmark_weight = 1;   // outputs both: loss = pose term + landmark_weight × landmark term
  ModelConfig model;
  DataConfig data;
  OptimConfig optim;
  InitConfig init;
};

template <class V>
void describe(V& v, TrainConfig& c) {
  v.field("seed", c.seed);
  v.field("steps", c.steps);
  v.require(c.steps >= 1, "steps", "an integer >= 1");
  v.field("threads", c.threads);
  v.require(c.threads >= 0, "threads", "an integer >= 0 (0 = every core)");
  v.field("device", c.device);
  v.require(is_device_name(c.device), "device", "cpu, cuda or cuda:N (N = a device index)");
  v.field("amp", c.amp);
  v.require(!c.amp || c.device != "cpu", "amp", "false on device cpu (mixed precision is for CUDA devices)");
  v.field("eval_chunk_frames", c.eval_chunk_frames);
  v.require(c.eval_chunk_frames >= 1, "eval_chunk_frames", "an integer >= 1");
  v.field("log_every", c.log_every);
  v.require(c.log_every >= 1, "log_every", "an integer >= 1");
  v.field("validate_every", c.validate_every);
  v.require(c.validate_every >= 0, "validate_every", "an integer >= 0");
  v.field("validation_batches", c.validation_batches);
  v.require(c.validation_batches >= 1, "validation_batches", "an integer >= 1");
  v.field("checkpoint_every", c.checkpoint_every);
  v.require(c.checkpoint_every >= 1, "checkpoint_every", "an integer >= 1");
  v.field("landmark_weight", c.landmark_weight);
  v.require(c.landmark_weight >= 0, "landmark_weight", "a number >= 0");
  v.section("model", c.model);
  v.section("data", c.data);
  v.section("optim", c.optim);
  v.section("init", c.init);
}

// Learning rate at `step` (0-based) of `total_steps` under the config's warmup and schedule.
double learning_rate_at(const OptimConfig& optim, int step, int total_steps);

}  // namespace synhead::trainer
