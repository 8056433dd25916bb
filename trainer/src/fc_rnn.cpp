#include "synhead/trainer/fc_rnn.h"

#include <vector>

#include "synhead/core/error.h"

namespace synhead::trainer {
namespace {

// One inverted-dropout mask per sequence: [B, …] with entries 0 or 1/(1−p).
torch::Tensor sequence_mask(c10::IntArrayRef shape, double p, const torch::TensorOptions& options) {
  return torch::empty(shape, options).bernoulli_(1.0 - p).div_(1.0 - p);
}

}  // namespace

FcRnnImpl::FcRnnImpl(std::int64_t input_size, std::int64_t hidden_size, double dropout, double input_dropout)
    : weight(register_parameter("weight", torch::empty({hidden_size, input_size}))),
      bias(register_parameter("bias", torch::zeros({hidden_size}))),
      weight_hh(register_parameter("weight_hh", torch::zeros({hidden_size, hidden_size}))),
      dropout_(dropout),
      input_dropout_(input_dropout) {
  SYNHEAD_CHECK(dropout >= 0 && dropout < 1 && input_dropout >= 0 && input_dropout < 1,
                "dropout rates must be in [0, 1)");
  torch::nn::init::kaiming_normal_(weight, 0.0, torch::kFanIn, torch::kReLU);
}

torch::Tensor FcRnnImpl::forward(const torch::Tensor& inputs) { return forward_from(inputs, torch::Tensor()).first; }

std::pair<torch::Tensor, torch::Tensor> FcRnnImpl::forward_from(const torch::Tensor& inputs,
                                                              const torch::Tensor& previous) {
  SYNHEAD_CHECK(inputs.dim() == 3 && inputs.size(1) >= 1 && inputs.size(2) == weight.size(1),
                "FC-RNN input must be [B, T >= 1, input_size]");
  const std::int64_t batch = inputs.size(0);
  const std::int64_t hidden = weight.size(0);
  torch::Tensor x = inputs;
  torch::Tensor recurrent_mask, output_mask;
  if (is_training() && input_dropout_ > 0) {
    x = x * sequence_mask({batch, 1, inputs.size(2)}, input_dropout_, inputs.options());
  }
  if (is_training() && dropout_ > 0) {
    recurrent_mask = sequence_mask({batch, hidden}, dropout_, inputs.options());
    output_mask = sequence_mask({batch, 1, hidden}, dropout_, inputs.options());
  }
  // The input term of every step in one matrix product; only the recurrent term has to go step by step.
  const std::vector<torch::Tensor> projected = torch::nn::functional::linear(x, weight, bias).unbind(1);
  std::vector<torch::Tensor> outputs;
  outputs.reserve(projected.size());
  auto recurrent_step = [&](const torch::Tensor& projected_t, const torch::Tensor& f_previous) {
    const torch::Tensor masked = recurrent_mask.defined() ? f_previous * recurrent_mask : f_previous;
    return torch::relu(projected_t + torch::nn::functional::linear(masked, weight_hh));
  };
  if (previous.defined()) {
    SYNHEAD_CHECK(previous.dim() == 2 && previous.size(0) == batch && previous.size(1) == hidden,
                  "FC-RNN state must be [B, hidden_size]");
    outputs.push_back(recurrent_step(projected[0], previous));
  } else {
    outputs.push_back(torch::relu(projected[0]));  // f_0 = 0: no recurrent term at the first step
  }
  for (std::size_t t = 1; t < projected.size(); ++t) outputs.push_back(recurrent_step(projected[t], outputs.back()));
  const torch::Tensor last = outputs.back();
  const torch::Tensor stacked = torch::stack(outputs, 1);
  return {output_mask.defined() ? stacked * output_mask : stacked, last};
}

void FcRnnImpl::reset_recurrent(const std::string& whh_init, double whh_gain) {
  torch::NoGradGuard no_grad;
  if (whh_init == "zero") {
    weight_hh.zero_();
  } else if (whh_init == "orthogonal") {
    torch::nn::init::orthogonal_(weight_hh, whh_gain);
  } else {
    core::throw_user_error("model.whh_init: unknown initialisation '{}' (expected zero or orthogonal)", whh_init);
  }
}

}  // namespace synhead::trainer
