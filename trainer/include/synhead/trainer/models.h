#pragma once
// The paper's Fig. 3 networks behind one interface: frames [B, T, 3, S, S] → estimates [B, T, D], D =
// output_size(config), in normalised target units (the targets code owns the scaling; models do not care).
//
//   perframe (3a) backbone → input_dropout → fc (F → fc_units) → ReLU → dropout → out (fc_units → D), each frame
//                 on its own.
//   rnn      (3d) backbone → FC-RNN (eq. 5) → out, end to end. Its dropout is the variational one of §3.2
//                 (fc_rnn.h) at the same places as the per-frame net's — input_dropout on the input, dropout on the
//                 output — plus dropout on the recurrent connection. An FC-RNN started from a per-frame run with
//                 W_hh = 0 thus continues the dropout regime it was trained under. (Dropping an input the per-frame
//                 net never saw dropped cost a fine-tune 6.4° → 13° validation error; dropping the tiny backbone's
//                 pooled features at all cost the per-frame net 6.3° → 15°, hence input_dropout 0 by default.)
//   postrnn  (3c) a frozen per-frame model's estimates → GRU → linear, added to the estimates as a correction.
//
// Submodule names are shared so states move by name: perframe {backbone, fc.weight, fc.bias, out}, rnn the same
// plus fc.weight_hh (W_io and b are the per-frame fc's weight and bias), postrnn {perframe.…, gru, correction}.
// Head initialisation: fc Kaiming normal (fan_in, ReLU), out LeCun normal (std 1/√fan_in), biases 0; the Post-RNN
// correction layer is all zero (an untrained Post-RNN returns the per-frame estimates unchanged), its GRU keeps
// libtorch's default uniform ±1/√hidden.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <torch/torch.h>

#include "synhead/trainer/backbones.h"
#include "synhead/trainer/fc_rnn.h"
#include "synhead/trainer/model_config.h"

namespace synhead::trainer {

// A chunk's estimates and the recurrent state after its last frame.
struct ChunkOutput {
  torch::Tensor outputs;  // [B, T, output_size]
  torch::Tensor state;    // rnn: f_t [B, fc_units] · postrnn: the GRU's h_t [1, B, postrnn_units] · perframe: undefined
};

class SequenceModelImpl : public torch::nn::Module {
 public:
  explicit SequenceModelImpl(ModelConfig config) : config_(std::move(config)) {}

  // frames: [B, T, 3, S, S] → [B, T, output_size(config())], each sequence starting from the zero state.
  virtual torch::Tensor forward(const torch::Tensor& frames) = 0;

  // The same network on a chunk of frames that continues sequences whose state after their previous frame is
  // `state` (undefined: the sequences start with this chunk). Feeding a sequence chunk by chunk, each chunk with
  // the state the previous one returned, gives forward()'s estimates (up to float rounding) in memory that does
  // not grow with the sequence length. Meant for eval mode: in training mode each chunk draws its own dropout
  // masks. The per-frame model has no state (it returns an undefined one).
  virtual ChunkOutput forward_chunk(const torch::Tensor& frames, const torch::Tensor& state) = 0;

  // One time step, as an exported model runs: crops [B, 3, S, S] and the state after the previous frame
  // (undefined at the first) → estimates [B, output_size] and the new state.
  ChunkOutput step(const torch::Tensor& crops, const torch::Tensor& state);

  const ModelConfig& config() const { return config_; }

 private:
  ModelConfig config_;
};

class PerFrameModelImpl : public SequenceModelImpl {
 public:
  explicit PerFrameModelImpl(const ModelConfig& config);
  torch::Tensor forward(const torch::Tensor& frames) override;
  ChunkOutput forward_chunk(const torch::Tensor& frames, const torch::Tensor& state) override;

 private:
  std::shared_ptr<BackboneImpl> backbone_;
  torch::nn::Dropout input_dropout_{nullptr};
  torch::nn::Linear fc_{nullptr};
  torch::nn::Dropout dropout_{nullptr};
  torch::nn::Linear out_{nullptr};
};
TORCH_MODULE(PerFrameModel);

class RnnModelImpl : public SequenceModelImpl {
 public:
  explicit RnnModelImpl(const ModelConfig& config);
  torch::Tensor forward(const torch::Tensor& frames) override;
  ChunkOutput forward_chunk(const torch::Tensor& frames, const torch::Tensor& state) override;

  // FC-RNN's starting point (§3.2): every tensor of a trained per-frame model, W_hh re-drawn per config().whh_init.
  void init_from_perframe(const PerFrameModelImpl& perframe);

 private:
  std::shared_ptr<BackboneImpl> backbone_;
  FcRnn fc_{nullptr};
  torch::nn::Linear out_{nullptr};
};
TORCH_MODULE(RnnModel);

class PostRnnModelImpl : public SequenceModelImpl {
 public:
  explicit PostRnnModelImpl(const ModelConfig& config);
  torch::Tensor forward(const torch::Tensor& frames) override;
  ChunkOutput forward_chunk(const torch::Tensor& frames, const torch::Tensor& state) override;

  // The RNN part alone, on a sequence of per-frame estimates [B, T, D] (no images needed) → [B, T, D]; with a
  // GRU state [1, B, postrnn_units] it continues sequences from there.
  torch::Tensor forward_estimates(const torch::Tensor& estimates);
  ChunkOutput forward_estimates(const torch::Tensor& estimates, const torch::Tensor& state);

  // Takes over a trained per-frame model as the frozen part.
  void load_perframe(const PerFrameModelImpl& perframe);
  const std::shared_ptr<PerFrameModelImpl>& perframe() const { return perframe_; }

  // The per-frame part stays in eval mode whatever the parent's mode (it is frozen: BN statistics and dropout
  // must not change under it).
  void train(bool on = true) override;

 private:
  std::shared_ptr<PerFrameModelImpl> perframe_;
  torch::nn::GRU gru_{nullptr};
  torch::nn::Linear correction_{nullptr};
};
TORCH_MODULE(PostRnnModel);

// The network config.variant names, freshly initialised (and with config.pretrained_backbone loaded).
std::shared_ptr<SequenceModelImpl> make_model(const ModelConfig& config);

// Starts `model` (any variant) from a trained per-frame model: copies it (perframe), initialises FC-RNN from it
// (rnn) or freezes it under the Post-RNN (postrnn). core::UserError when `perframe` is not a per-frame model or
// its backbone, input size, width, outputs or fc_units differ from `model`'s.
void init_from_perframe(SequenceModelImpl& model, const SequenceModelImpl& perframe);

// What the optimiser updates: parameters with requires_grad (postrnn: the GRU and correction layer only).
std::vector<torch::Tensor> trainable_parameters(const SequenceModelImpl& model);

// Re-draws, with the model's initialisation, every parameter and buffer whose name equals a prefix or starts with
// "prefix." (e.g. "out", "backbone.layer4"). Returns the number of tensors reset; core::UserError for a prefix that
// names nothing.
std::int64_t reinitialise_parameters(SequenceModelImpl& model, const std::vector<std::string>& prefixes);

// Number of scalars in all parameters (trainable or not).
std::int64_t parameter_count(const torch::nn::Module& module);

// One line for logs, e.g. "rnn · tiny ×1 @64px · pose (3) · 1.23M params (1.23M trainable)".
std::string describe_model(const SequenceModelImpl& model);

}  // namespace synhead::trainer
