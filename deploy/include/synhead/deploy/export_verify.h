#pragma once
// `synhead export --verify`: the exported files run over one sequence of crops with the recurrent state carried
// frame to frame, in independent runtimes — OpenCV's cv::dnn (ONNX), ONNX Runtime (the npm package
// onnxruntime-node, through tools/onnx_verify/verify.mjs) and TorchScript (torch::jit::load) — each compared with
// libtorch's own step() on the trained model, decoded by targets.h (not by the exported graph). Every output,
// state_out included, must agree within the tolerance.
//
// Units of the tolerance: the network's own outputs (targets.h: degrees / 90, landmarks as (crop units − 0.5) × 2;
// the state as it is), i.e. the exported outputs divided by the exact decode scale (90, S/2, 1). float32 rounding
// is relative: exports of a 40-step tiny model differed by 3e-4° on 229° outputs (≈ 1e-6 relative, ~10 ulp) in
// every runtime, TorchScript included (BN folding alone changes the rounding), so an absolute 1e-4 in degrees or
// crop pixels would fail sound exports of any model whose outputs exceed ~60. Both figures are reported.
//
// The crops are image-like (a smooth random field per channel, pixel values kept in [0, 1], then normalised as the
// card says): a model sees inputs of its operating range, not per-pixel noise, which drives it to outputs far
// outside any angle range.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <torch/types.h>

#include "synhead/deploy/model_card.h"

namespace synhead::trainer {
class SequenceModelImpl;
}

namespace synhead::deploy {

// Per output name (pose_deg, landmarks, state_out): [T, width], one row per frame of a batch-1 sequence.
using SequenceOutputs = std::map<std::string, torch::Tensor>;

// T normalised crops [T, 1, 3, S, S], image-like (see above).
torch::Tensor verification_crops(const ModelCard& card, std::int64_t frames, std::uint64_t seed);

SequenceOutputs run_libtorch(trainer::SequenceModelImpl& model, const ModelCard& card, const torch::Tensor& crops);
SequenceOutputs run_cvdnn(const std::filesystem::path& onnx, const ModelCard& card, const torch::Tensor& crops);
SequenceOutputs run_torchscript(const std::filesystem::path& file, const ModelCard& card, const torch::Tensor& crops);
// Inputs and outputs pass through raw float32 files in `work_dir`. std::runtime_error when node or
// onnxruntime-node is missing (onnxruntime_node_missing() says which) or the script fails.
SequenceOutputs run_onnxruntime_node(const std::filesystem::path& onnx, const ModelCard& card,
                                     const torch::Tensor& crops, const std::filesystem::path& work_dir);

// Why ONNX Runtime cannot run here (node not on PATH, tools/onnx_verify not installed), or "" when it can.
std::string onnxruntime_node_missing();
std::filesystem::path onnx_verify_script();

struct OutputDifference {
  std::string runtime;  // cv::dnn | onnxruntime | torchscript
  std::string output;
  double max_abs_diff = 0;           // in the network's output units: what the tolerance applies to
  double max_abs_diff_exported = 0;  // in the exported units (degrees, crop pixels)
  double max_abs_reference = 0;      // the exported output's scale, for reading the difference
};

// What one unit of the network's output is in the exported output `name`: 90 (degrees), S/2 (pixels) or 1.
double network_unit(const std::string& name, std::int64_t input_size);

struct VerifyReport {
  std::int64_t frames = 0;
  double tolerance = 0;
  std::vector<OutputDifference> differences;

  bool passed() const;
  std::string table() const;  // for people: one line per runtime and output
};

// Every output of every runtime against libtorch (a runtime that lacks an output counts as a failure).
void add_differences(VerifyReport& report, const std::string& runtime, std::int64_t input_size,
                     const SequenceOutputs& reference, const SequenceOutputs& actual);

struct VerifyOptions {
  std::filesystem::path onnx;         // empty: no ONNX file to check
  std::filesystem::path torchscript;  // empty: no TorchScript file to check
  std::filesystem::path work_dir;     // scratch space for onnxruntime-node's inputs and outputs
  std::int64_t frames = 12;
  std::uint64_t seed = 0;
  double tolerance = 1e-4;
};

VerifyReport verify_export(trainer::SequenceModelImpl& model, const ModelCard& card, const VerifyOptions& options);

}  // namespace synhead::deploy
