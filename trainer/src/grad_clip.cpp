#include "synhead/trainer/grad_clip.h"

#include <cmath>

#include "synhead/core/error.h"

namespace synhead::trainer {

double soft_clip_gradients(const std::vector<torch::Tensor>& parameters, double tau) {
  SYNHEAD_CHECK(tau > 0, "the clipping threshold must be positive");
  torch::NoGradGuard no_grad;
  // Summed in double: float32 squares of many large gradients lose the digits that decide "norm > τ".
  double squared = 0;
  for (const auto& parameter : parameters) {
    const torch::Tensor& grad = parameter.grad();
    if (grad.defined()) squared += grad.to(torch::kFloat64).square().sum().item<double>();
  }
  const double norm = std::sqrt(squared);
  if (std::isfinite(norm) && norm > tau) {
    const double scale = tau / norm;
    for (const auto& parameter : parameters) {
      torch::Tensor grad = parameter.grad();
      if (grad.defined()) grad.mul_(scale);
    }
  }
  return norm;
}

}  // namespace synhead::trainer
