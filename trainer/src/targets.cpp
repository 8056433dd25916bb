#include "synhead/trainer/targets.h"

#include <torch/torch.h>

namespace synhead::trainer {

torch::Tensor encode_targets(const Batch& batch, const ModelConfig& model) {
  std::vector<torch::Tensor> parts;
  if (predicts_pose(model)) parts.push_back(batch.pose_deg / kAngleScaleDeg);
  if (predicts_landmarks(model)) parts.push_back((batch.landmarks - 0.5) * 2.0);
  return torch::cat(parts, -1);
}

DecodedOutputs decode_outputs(const torch::Tensor& outputs, const ModelConfig& model) {
  DecodedOutputs decoded;
  std::int64_t offset = 0;
  if (predicts_pose(model)) {
    decoded.pose_deg = outputs.narrow(-1, 0, 3) * kAngleScaleDeg;
    offset = 3;
  }
  if (predicts_landmarks(model)) decoded.landmarks = outputs.narrow(-1, offset, 136) / 2.0 + 0.5;
  return decoded;
}

torch::Tensor target_loss(const torch::Tensor& outputs, const torch::Tensor& targets, const ModelConfig& model,
                          double landmark_weight) {
  if (model.outputs != "both") return torch::mse_loss(outputs, targets);
  const auto pose = torch::mse_loss(outputs.narrow(-1, 0, 3), targets.narrow(-1, 0, 3));
  const auto landmarks = torch::mse_loss(outputs.narrow(-1, 3, 136), targets.narrow(-1, 3, 136));
  return pose + landmark_weight * landmarks;
}

}  // namespace synhead::trainer
