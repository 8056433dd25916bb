#pragma once
// FC-RNN (paper eq. 5): the pretrained fc layer f_t = H(W_io x_t + b) made recurrent,
//   f_t = ReLU(W_io x_t + W_hh f_{t−1} + b),   f_0 = 0,
// so that W_io and b are taken over from the per-frame network and only W_hh is new.
//
// Variational dropout (paper §3.2, Gal & Ghahramani): in training mode one mask per sequence is drawn for the
// layer input x_t (rate input_dropout), one for the recurrent input f_{t−1} and one for the output f_t (rate
// dropout), each reused at every time step (inverted scaling by 1/(1−p)); in eval mode nothing is dropped.
//
// Tensor names: `weight` (W_io) and `bias` (b) match torch::nn::Linear's, so a per-frame Linear's state copies
// over by name; `weight_hh` is W_hh.

#include <cstdint>
#include <string>
#include <utility>

#include <torch/torch.h>

namespace synhead::trainer {

class FcRnnImpl : public torch::nn::Module {
 public:
  FcRnnImpl(std::int64_t input_size, std::int64_t hidden_size, double dropout, double input_dropout);

  // inputs: [B, T, input_size] → [B, T, hidden_size], from f_0 = 0.
  torch::Tensor forward(const torch::Tensor& inputs);
  // The same from f_{t−1} = `previous` [B, hidden_size] (undefined: 0) → the outputs and the last step's f_t
  // before the output dropout (the state to continue with).
  std::pair<torch::Tensor, torch::Tensor> forward_from(const torch::Tensor& inputs, const torch::Tensor& previous);

  // A fresh layer has W_io Kaiming normal (fan_in, ReLU), b = 0 (as the per-frame fc) and W_hh = 0, i.e. it
  // starts as the per-frame layer; reset_recurrent re-draws W_hh only.
  void reset_recurrent(const std::string& whh_init, double whh_gain);  // "zero" | "orthogonal" (× gain)

  torch::Tensor weight;     // W_io [hidden, input]
  torch::Tensor bias;       // b [hidden]
  torch::Tensor weight_hh;  // W_hh [hidden, hidden]

 private:
  double dropout_;
  double input_dropout_;
};
TORCH_MODULE(FcRnn);

}  // namespace synhead::trainer
