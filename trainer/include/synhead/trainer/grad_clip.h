#pragma once
// Soft gradient clipping (paper §3.2): if the global ℓ2 norm of the gradients ‖g‖ exceeds τ (the paper uses 10),
// every gradient is rescaled by τ/‖g‖, so the step keeps its direction and gets length τ.

#include <vector>

#include <torch/torch.h>

namespace synhead::trainer {

// ‖g‖ is taken over all gradients of `parameters` together; parameters without a gradient are skipped. Returns
// ‖g‖ before clipping. A non-finite norm is returned as is and leaves the gradients untouched (rescaling would
// only turn them into NaNs), so the caller can see it and skip the step.
double soft_clip_gradients(const std::vector<torch::Tensor>& parameters, double tau);

}  // namespace synhead::trainer
