#pragma once
// Between labels and network outputs: the networks regress targets of similar magnitude — angles / 90°, and
// landmarks as (crop units − 0.5) × 2 — laid out as model_config.h's output_size() says (pose first).

#include <torch/types.h>

#include "synhead/trainer/batch.h"
#include "synhead/trainer/model_config.h"

namespace synhead::trainer {

inline constexpr double kAngleScaleDeg = 90.0;

// [B, T, output_size(model)] targets of a batch.
torch::Tensor encode_targets(const Batch& batch, const ModelConfig& model);

struct DecodedOutputs {
  torch::Tensor pose_deg;   // [B, T, 3] degrees (undefined when the model predicts no pose)
  torch::Tensor landmarks;  // [B, T, 136] crop units (undefined when the model predicts no landmarks)
};

DecodedOutputs decode_outputs(const torch::Tensor& outputs, const ModelConfig& model);

// The ℓ2 loss of the paper (mean squared error over every target), with the landmark part weighted when both.
torch::Tensor target_loss(const torch::Tensor& outputs, const torch::Tensor& targets, const ModelConfig& model,
                          double landmark_weight);

}  // namespace synhead::trainer
