#pragma once
// `synhead bench train`: wall time of one training step per backbone × variant, in C++ (libtorch) and in Python
// PyTorch (tools/bench/train_step.py, a layer-for-layer mirror of models.h) on the same machine, back to back.
//
// A step is the one of training.cpp on random data: forward on frames [B, T, 3, S, S], the ℓ2 loss against random
// targets, zero_grad, backward, soft gradient clipping (τ = OptimConfig::clip_tau) and an Adam step (lr, weight
// decay of OptimConfig). The figure is the median over the timed steps, after untimed warm-up steps (allocator
// and thread-pool start-up). Torch-free, so the CLI compiles without the libtorch headers.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "synhead/core/error.h"
#include "synhead/trainer/model_config.h"
#include "synhead/trainer/train_config.h"

namespace synhead::trainer {

struct TrainBenchCase {
  ModelConfig model;            // backbone, variant, input_size and width set; the rest at their defaults
  std::string setting;          // "cpu-default" (the backbone's CPU size) or "paper" (VGG16 ×1 @224)
  int warmup_steps = 2;
  int timed_steps = 5;
};

struct TrainBenchOptions {
  int batch = 8;
  int window = 8;       // T, frames per sequence
  int threads = 0;      // torch intra-op threads for both sides (0 = every core)
  std::uint64_t seed = 0;
  OptimConfig optim;    // lr, weight_decay, clip_tau (the optimiser is always Adam)
};

// Which Python runs the mirror.
struct PythonSide {
  std::filesystem::path interpreter = "/usr/bin/python3";  // Debian's, which has python3-torch (a pyenv one may not)
  std::filesystem::path script;                             // tools/bench/train_step.py
};

// backbones × variants at each backbone's CPU default size (tiny ×1 @64, resnet18 ×1 @112, vgg16 ×0.5 @112),
// `timed_steps` each; with `paper_vgg` also VGG16 ×1 @224 (≈ 30 s a step on 2 cores: 1 warm-up, 1 timed step).
// core::UserError for an unknown backbone or variant.
std::vector<TrainBenchCase> train_bench_cases(const std::vector<std::string>& backbones,
                                              const std::vector<std::string>& variants, int timed_steps,
                                              bool paper_vgg);

struct StepTiming {
  std::int64_t params = 0;  // every parameter of the model, trainable or not
  double step_ms = 0;       // median over the timed steps
};

// The C++ step of `c`. Uses torch's thread setting as it is (configure_torch_threads).
StepTiming time_cpp_train_step(const TrainBenchCase& c, const TrainBenchOptions& options);

// The Python side cannot run at all (no interpreter, no torch, no script): its figures are missing, not wrong.
class PythonUnavailable : public core::UserError {
 public:
  using core::UserError::UserError;
};

// Runs the Python mirror on `cases` in one process with OPENBLAS_NUM_THREADS=1, glibc malloc keeping freed memory
// (as configure_torch_threads() makes the C++ side) and `threads` torch threads.
// `expected_params[i]` is C++'s parameter count for cases[i]: the script refuses a model whose count differs,
// and so does this function (std::runtime_error: the mirror is out of date). PythonUnavailable when it cannot
// run; std::runtime_error when it fails otherwise (its traceback is on stderr).
std::vector<StepTiming> time_python_train_steps(const PythonSide& python, const std::vector<TrainBenchCase>& cases,
                                                const std::vector<std::int64_t>& expected_params,
                                                const TrainBenchOptions& options, int threads);

struct TrainBenchResult {
  TrainBenchCase bench_case;
  std::int64_t params = 0;
  double step_ms_cpp = 0;
  std::optional<double> step_ms_python;  // missing with --no-python or when Python is unavailable
};

struct TrainBenchReport {
  std::vector<TrainBenchResult> results;
  int threads = 0;           // the intra-op thread count both sides ran with
  std::string python_note;   // why step_ms_python is missing (empty when it is there)
};

// Each case in C++ and right after in Python, so that both see about the same machine load; `on_result` sees each
// result as it arrives (for tables printed while the run goes on). Python being unavailable is logged once and
// noted in the report; the C++ figures are still measured.
TrainBenchReport run_train_benchmark(const std::vector<TrainBenchCase>& cases, const TrainBenchOptions& options,
                                     const std::optional<PythonSide>& python,
                                     const std::function<void(const TrainBenchResult&)>& on_result);

}  // namespace synhead::trainer
