#pragma once
// Small trained-looking models saved as checkpoints for the export tests: random BN statistics (so folding BN into
// the convolutions is exercised), a recurrent weight and Post-RNN correction large enough that the carried state
// changes the outputs, and estimates in a trained model's range (angles within about ±100°: the 1e-4 tolerance is
// absolute, and float32 rounding grows with the values — random heads reach ±500°).

#include <filesystem>
#include <memory>
#include <string>

#include <torch/torch.h>

#include "synhead/trainer/checkpoint.h"
#include "synhead/trainer/models.h"

namespace synhead::testing {

inline trainer::ModelConfig small_export_config(const std::string& backbone, const std::string& variant,
                                                const std::string& outputs) {
  trainer::ModelConfig config;
  config.backbone = backbone;
  config.variant = variant;
  config.outputs = outputs;
  config.input_size = backbone == "resnet18" ? 64 : 32;
  config.width = backbone == "tiny" ? 0.25 : backbone == "resnet18" ? 0.125 : 0.0625;
  config.fc_units = 16;
  config.postrnn_units = 8;
  config.whh_init = "orthogonal";
  config.whh_gain = 0.9;
  return config;
}

// Writes a checkpoint of a model built from `config` with randomised statistics; returns its path.
inline std::filesystem::path save_export_checkpoint(const trainer::ModelConfig& config,
                                                    const std::filesystem::path& file, std::uint64_t seed = 5) {
  torch::manual_seed(seed);
  auto model = trainer::make_model(config);
  {
    torch::NoGradGuard no_grad;
    for (const auto& module : model->modules()) {
      if (auto* bn = dynamic_cast<torch::nn::BatchNorm2dImpl*>(module.get())) {
        bn->weight.uniform_(0.5, 1.5);
        bn->bias.normal_(0, 0.1);
        bn->running_mean.normal_(0, 0.1);
        bn->running_var.uniform_(0.5, 2.0);
      }
    }
    for (auto& parameter : model->named_parameters()) {
      const std::string& name = parameter.key();
      if (name.rfind("correction.", 0) == 0) parameter.value().normal_(0, 0.1);
      if (name == "out.weight" || name == "perframe.out.weight") parameter.value().mul_(0.25);
    }
  }
  trainer::CheckpointMeta meta;
  meta.config.model = config;
  meta.config.data.crop_margin = 0.4;
  meta.step = 321;
  meta.metric_name = "mean_mae_deg";
  trainer::save_checkpoint(file, *model, nullptr, meta);
  return file;
}

}  // namespace synhead::testing
