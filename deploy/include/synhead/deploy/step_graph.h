#pragma once
// One time step of a trained model as a flat list of elementary operations on named values — what every export
// format writes (onnx_writer.h, torchscript_writer.h), so the ONNX graph and the TorchScript module compute the
// same thing by construction and only the spelling differs.
//
// The graph (names from model_card.h):
//   crop [N, 3, S, S] → backbone (BN folded into the preceding conv) → head → estimates y [N, D] in target units
//   → decode: pose_deg = 90 · y[:, 0:3], landmarks = S · (y[:, o:o+136] / 2 + 0.5) (targets.h), each written as a
//   Gemm with a constant selection-and-scale matrix, so no Slice is needed.
//   rnn     f_t = ReLU(W_io x + b + W_hh f_{t−1}) (eq. 5); state_in/state_out = f [N, fc_units].
//   postrnn the GRU step decomposed into Gemm, Add, Sigmoid, Tanh, Mul, Sub (torch's gate order r, z, n):
//           r = σ(W_ir e + b_ir + W_hr h + b_hr), z = σ(…z…), n = tanh(W_in e + b_in + r ⊙ (W_hn h + b_hn)),
//           h' = n + z ⊙ (h − n)  (= (1 − z) ⊙ n + z ⊙ h);  state = h [N, postrnn_units] — batch first, not
//           torch's GRU layout [1, N, H], so every recurrent kind has a [N, units] state.
// Only operations that OpenCV 4.6's cv::dnn and ONNX Runtime both import are used. The graph works for any batch N
// (the TorchScript file keeps it free); the ONNX file fixes N = 1 (onnx_writer.h).

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <torch/types.h>

namespace synhead::trainer {
class SequenceModelImpl;
}

namespace synhead::deploy {

enum class StepOpType { Conv, Relu, MaxPool, GlobalAveragePool, Flatten, Gemm, Add, Sub, Mul, Sigmoid, Tanh };

struct StepOp {
  StepOpType type;
  std::vector<std::string> inputs;  // graph inputs, weights or earlier outputs; Conv/Gemm: x, weight, bias
  std::string output;
  // Conv and MaxPool: square kernel, stride and symmetric zero padding. Gemm is y = x Wᵀ + b (W [out, in]).
  std::int64_t kernel = 0;
  std::int64_t stride = 1;
  std::int64_t padding = 0;
};

struct StepGraph {
  std::string kind;  // perframe | rnn | postrnn
  std::int64_t input_size = 0;
  bool pose = false;
  bool landmarks = false;
  std::int64_t state_size = 0;  // units of state_in / state_out; 0 for perframe
  std::vector<std::pair<std::string, torch::Tensor>> weights;  // float32, contiguous, on the CPU
  std::vector<StepOp> ops;                                     // in execution order

  bool recurrent() const { return state_size > 0; }
  std::vector<std::string> input_names() const;   // crop [, state_in]
  std::vector<std::string> output_names() const;  // [pose_deg] [, landmarks] [, state_out]
  // Columns of an output: 3, 136 or state_size.
  std::int64_t output_width(const std::string& name) const;
};

// Reads `model` (any variant and backbone, in eval mode semantics: running BN statistics, no dropout) into its
// step graph. Programmer error (SYNHEAD_CHECK) for a layer the walk does not know: a new backbone layer must be
// taught here, and the export tests compare every variant with libtorch.
StepGraph build_step_graph(const trainer::SequenceModelImpl& model);

}  // namespace synhead::deploy
