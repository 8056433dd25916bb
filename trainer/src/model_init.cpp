#include "synhead/trainer/model_init.h"

#include <spdlog/spdlog.h>

#include "synhead/core/error.h"
#include "synhead/trainer/checkpoint.h"

namespace synhead::trainer {
std::shared_ptr<SequenceModelImpl> load_model(const std::filesystem::path& checkpoint) {
  const CheckpointMeta meta = read_checkpoint_meta(checkpoint);
  ModelConfig config = meta.config.model;
  config.pretrained_backbone.clear();  // the checkpoint's weights replace whatever the run started from
  auto model = make_model(config);
  load_model_state(checkpoint, *model);
  return model;
}

void initialise_from_checkpoint(SequenceModelImpl& model, const std::filesystem::path& checkpoint,
                                const InitConfig& init) {
  const auto source = load_model(checkpoint);
  const std::string& from = source->config().variant;
  const std::string& to = model.config().variant;
  if (from == to) {
    // Tensors init.reset re-draws need not match (an output layer for other outputs).
    load_model_state(checkpoint, model, false, init.reset);
  } else if (from == "perframe") {
    init_from_perframe(model, *source);
  } else {
    core::throw_user_error("{}: a {} checkpoint cannot start a {} model (use the same variant, or a perframe run)",
                           checkpoint.string(), from, to);
  }
  spdlog::info("train: initialised {} from {} ({})", to, checkpoint.string(), from);
  if (!init.reset.empty()) {
    const auto count = reinitialise_parameters(model, init.reset);
    spdlog::info("train: re-initialised {} tensors under {}", count, fmt::join(init.reset, ", "));
  }
}

void freeze_batchnorm_statistics(torch::nn::Module& model) {
  for (const auto& module : model.modules()) {
    if (module->as<torch::nn::BatchNorm1d>() || module->as<torch::nn::BatchNorm2d>()) module->eval();
  }
}

void apply_freeze(SequenceModelImpl& model, const std::vector<std::string>& prefixes) {
  for (const auto& prefix : prefixes) {
    int frozen = 0;
    for (auto& item : model.named_parameters(true)) {
      if (!tensor_named_by(item.key(), prefix)) continue;
      item.value().set_requires_grad(false);
      ++frozen;
    }
    if (frozen == 0) core::throw_user_error("init.freeze: '{}' names no parameter of the model", prefix);
    spdlog::info("train: froze {} parameter tensors under '{}'", frozen, prefix);
  }
}

}  // namespace synhead::trainer
