#include "synhead/trainer/models.h"

#include <fmt/format.h>

#include "synhead/core/error.h"

namespace synhead::trainer {
namespace {

namespace nn = torch::nn;

nn::Linear relu_linear(std::int64_t in, std::int64_t out) {
  nn::Linear layer(in, out);
  nn::init::kaiming_normal_(layer->weight, 0.0, torch::kFanIn, torch::kReLU);
  nn::init::zeros_(layer->bias);
  return layer;
}

// LeCun normal keeps the output variance at the input's, so the first estimates are O(1) in target units.
nn::Linear output_linear(std::int64_t in, std::int64_t out) {
  nn::Linear layer(in, out);
  nn::init::kaiming_normal_(layer->weight, 0.0, torch::kFanIn, torch::kLinear);
  nn::init::zeros_(layer->bias);
  return layer;
}

void check_frames(const torch::Tensor& frames, const ModelConfig& config) {
  SYNHEAD_CHECK(frames.dim() == 5 && frames.size(1) >= 1 && frames.size(2) == 3 &&
                    frames.size(3) == config.input_size && frames.size(4) == config.input_size,
                "model input must be frames [B, T >= 1, 3, S, S] with S = model.input_size");
}

ModelConfig as_perframe(ModelConfig config) {
  config.variant = "perframe";
  return config;
}

// Runs the backbone on every frame of every sequence at once: [B, T, 3, S, S] → [B, T, F].
torch::Tensor sequence_features(BackboneImpl& backbone, const torch::Tensor& frames) {
  return backbone.forward(frames.flatten(0, 1)).unflatten(0, {frames.size(0), frames.size(1)});
}

void check_compatible(const ModelConfig& model, const ModelConfig& perframe) {
  if (model.backbone != perframe.backbone || model.input_size != perframe.input_size || model.width != perframe.width ||
      model.outputs != perframe.outputs || model.fc_units != perframe.fc_units) {
    core::throw_user_error(
        "the perframe model (backbone {} ×{} @{}px, outputs {}, fc_units {}) does not match the {} model's config "
        "(backbone {} ×{} @{}px, outputs {}, fc_units {})",
        perframe.backbone, perframe.width, perframe.input_size, perframe.outputs, perframe.fc_units, model.variant,
        model.backbone, model.width, model.input_size, model.outputs, model.fc_units);
  }
}

// Copies every parameter and buffer of `from` into the same-named tensor of `to` (which may have more).
void copy_state(const nn::Module& from, nn::Module& to) {
  torch::NoGradGuard no_grad;
  auto parameters = to.named_parameters();
  auto buffers = to.named_buffers();
  auto copy = [](const auto& source, auto& targets) {
    for (const auto& item : source) {
      torch::Tensor* target = targets.find(item.key());
      SYNHEAD_CHECK(target != nullptr && target->sizes() == item.value().sizes(),
                    "models of matching configs must have the same tensors");
      target->copy_(item.value());
    }
  };
  copy(from.named_parameters(), parameters);
  copy(from.named_buffers(), buffers);
}

bool has_prefix(const std::string& name, const std::string& prefix) {
  return name == prefix || (name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0 &&
                            name[prefix.size()] == '.');
}

std::string count_string(std::int64_t count) {
  if (count >= 1000000) return fmt::format("{:.2f}M", static_cast<double>(count) / 1e6);
  if (count >= 1000) return fmt::format("{:.1f}k", static_cast<double>(count) / 1e3);
  return std::to_string(count);
}

}  // namespace

PerFrameModelImpl::PerFrameModelImpl(const ModelConfig& config)
    : SequenceModelImpl(config),
      backbone_(register_module("backbone", make_backbone(config))),
      input_dropout_(register_module("input_dropout", nn::Dropout(config.input_dropout))),
      fc_(register_module("fc", relu_linear(backbone_->feature_size(), config.fc_units))),
      dropout_(register_module("dropout", nn::Dropout(config.dropout))),
      out_(register_module("out", output_linear(config.fc_units, output_size(config)))) {}

ChunkOutput SequenceModelImpl::step(const torch::Tensor& crops, const torch::Tensor& state) {
  SYNHEAD_CHECK(crops.dim() == 4, "step input must be crops [B, 3, S, S]");
  ChunkOutput output = forward_chunk(crops.unsqueeze(1), state);
  output.outputs = output.outputs.squeeze(1);
  return output;
}

torch::Tensor PerFrameModelImpl::forward(const torch::Tensor& frames) {
  check_frames(frames, config());
  return out_(dropout_(torch::relu(fc_(input_dropout_(sequence_features(*backbone_, frames))))));
}

ChunkOutput PerFrameModelImpl::forward_chunk(const torch::Tensor& frames, const torch::Tensor& state) {
  SYNHEAD_CHECK(!state.defined(), "the per-frame model has no recurrent state");
  return {forward(frames), torch::Tensor()};
}

RnnModelImpl::RnnModelImpl(const ModelConfig& config)
    : SequenceModelImpl(config),
      backbone_(register_module("backbone", make_backbone(config))),
      fc_(register_module("fc", FcRnn(backbone_->feature_size(), config.fc_units, config.dropout, config.input_dropout))),
      out_(register_module("out", output_linear(config.fc_units, output_size(config)))) {
  fc_->reset_recurrent(config.whh_init, config.whh_gain);
}

torch::Tensor RnnModelImpl::forward(const torch::Tensor& frames) {
  check_frames(frames, config());
  return out_(fc_(sequence_features(*backbone_, frames)));
}

ChunkOutput RnnModelImpl::forward_chunk(const torch::Tensor& frames, const torch::Tensor& state) {
  check_frames(frames, config());
  auto [hidden, last] = fc_->forward_from(sequence_features(*backbone_, frames), state);
  return {out_(hidden), last};
}

void RnnModelImpl::init_from_perframe(const PerFrameModelImpl& perframe) {
  check_compatible(config(), perframe.config());
  copy_state(perframe, *this);
  fc_->reset_recurrent(config().whh_init, config().whh_gain);
}

PostRnnModelImpl::PostRnnModelImpl(const ModelConfig& config)
    : SequenceModelImpl(config),
      perframe_(register_module("perframe", std::make_shared<PerFrameModelImpl>(as_perframe(config)))),
      gru_(register_module("gru", nn::GRU(nn::GRUOptions(output_size(config), config.postrnn_units).batch_first(true)))),
      correction_(register_module("correction", nn::Linear(config.postrnn_units, output_size(config)))) {
  for (auto& parameter : perframe_->parameters()) parameter.requires_grad_(false);
  perframe_->eval();
  nn::init::zeros_(correction_->weight);
  nn::init::zeros_(correction_->bias);
}

torch::Tensor PostRnnModelImpl::forward(const torch::Tensor& frames) {
  check_frames(frames, config());
  torch::Tensor estimates;
  {
    torch::NoGradGuard no_grad;
    estimates = perframe_->forward(frames);
  }
  return forward_estimates(estimates);
}

ChunkOutput PostRnnModelImpl::forward_chunk(const torch::Tensor& frames, const torch::Tensor& state) {
  check_frames(frames, config());
  torch::Tensor estimates;
  {
    torch::NoGradGuard no_grad;
    estimates = perframe_->forward(frames);
  }
  return forward_estimates(estimates, state);
}

torch::Tensor PostRnnModelImpl::forward_estimates(const torch::Tensor& estimates) {
  SYNHEAD_CHECK(estimates.dim() == 3 && estimates.size(2) == output_size(config()),
                "Post-RNN input must be estimates [B, T, output_size]");
  return estimates + correction_(std::get<0>(gru_->forward(estimates)));
}

ChunkOutput PostRnnModelImpl::forward_estimates(const torch::Tensor& estimates, const torch::Tensor& state) {
  SYNHEAD_CHECK(estimates.dim() == 3 && estimates.size(2) == output_size(config()),
                "Post-RNN input must be estimates [B, T, output_size]");
  SYNHEAD_CHECK(!state.defined() || (state.dim() == 3 && state.size(1) == estimates.size(0)),
                "Post-RNN state must be the GRU's [1, B, postrnn_units]");
  auto [hidden, last] = gru_->forward(estimates, state);  // an undefined state is the GRU's zero start
  return {estimates + correction_(hidden), last};
}

void PostRnnModelImpl::load_perframe(const PerFrameModelImpl& perframe) {
  check_compatible(config(), perframe.config());
  copy_state(perframe, *perframe_);
}

void PostRnnModelImpl::train(bool on) {
  SequenceModelImpl::train(on);
  perframe_->eval();
}

std::shared_ptr<SequenceModelImpl> make_model(const ModelConfig& config) {
  if (config.variant == "perframe") return std::make_shared<PerFrameModelImpl>(config);
  if (config.variant == "rnn") return std::make_shared<RnnModelImpl>(config);
  if (config.variant == "postrnn") return std::make_shared<PostRnnModelImpl>(config);
  core::throw_user_error("model.variant: unknown variant '{}' (expected perframe, postrnn or rnn)", config.variant);
}

void init_from_perframe(SequenceModelImpl& model, const SequenceModelImpl& perframe) {
  const auto* source = dynamic_cast<const PerFrameModelImpl*>(&perframe);
  if (source == nullptr) {
    core::throw_user_error("a {} model cannot start from a {} model: a perframe model is needed",
                           model.config().variant, perframe.config().variant);
  }
  if (auto* rnn = dynamic_cast<RnnModelImpl*>(&model)) {
    rnn->init_from_perframe(*source);
  } else if (auto* postrnn = dynamic_cast<PostRnnModelImpl*>(&model)) {
    postrnn->load_perframe(*source);
  } else {
    check_compatible(model.config(), source->config());
    copy_state(*source, model);
  }
}

std::vector<torch::Tensor> trainable_parameters(const SequenceModelImpl& model) {
  std::vector<torch::Tensor> trainable;
  for (const auto& parameter : model.parameters()) {
    if (parameter.requires_grad()) trainable.push_back(parameter);
  }
  return trainable;
}

std::int64_t reinitialise_parameters(SequenceModelImpl& model, const std::vector<std::string>& prefixes) {
  if (prefixes.empty()) return 0;
  const std::shared_ptr<SequenceModelImpl> fresh = make_model(model.config());
  auto fresh_parameters = fresh->named_parameters();
  auto fresh_buffers = fresh->named_buffers();
  torch::NoGradGuard no_grad;
  std::int64_t reset = 0;
  for (const std::string& prefix : prefixes) {
    std::int64_t matched = 0;
    auto reset_matching = [&](auto& targets, const auto& sources) {
      for (auto& item : targets) {
        if (!has_prefix(item.key(), prefix)) continue;
        item.value().copy_(sources[item.key()]);
        ++matched;
      }
    };
    auto parameters = model.named_parameters();
    auto buffers = model.named_buffers();
    reset_matching(parameters, fresh_parameters);
    reset_matching(buffers, fresh_buffers);
    if (matched == 0) {
      core::throw_user_error("'{}' names no parameter or buffer of the {} model (names look like '{}')", prefix,
                             model.config().variant, model.named_parameters().keys().front());
    }
    reset += matched;
  }
  return reset;
}

std::int64_t parameter_count(const nn::Module& module) {
  std::int64_t count = 0;
  for (const auto& parameter : module.parameters()) count += parameter.numel();
  return count;
}

std::string describe_model(const SequenceModelImpl& model) {
  const ModelConfig& c = model.config();
  std::int64_t trainable = 0;
  for (const auto& parameter : trainable_parameters(model)) trainable += parameter.numel();
  return fmt::format("{} · {} ×{} @{}px · {} ({}) · {} params ({} trainable)", c.variant, c.backbone, c.width,
                     c.input_size, c.outputs, output_size(c), count_string(parameter_count(model)),
                     count_string(trainable));
}

}  // namespace synhead::trainer
