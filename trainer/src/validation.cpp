#include "synhead/trainer/validation.h"

#include <algorithm>
#include <limits>

#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include "synhead/trainer/device.h"
#include "synhead/trainer/disk_loader.h"
#include "synhead/trainer/batch_source.h"
#include "synhead/trainer/render_plugin.h"

namespace synhead::trainer {
void ErrorAccumulator::add(const DecodedOutputs& outputs, const Batch& batch) {
  if (outputs.pose_deg.defined()) {
    const auto predicted = outputs.pose_deg.reshape({-1, 3}).to(torch::kFloat64).contiguous();
    const auto truth = batch.pose_deg.reshape({-1, 3}).to(torch::kFloat64).contiguous();
    const double* p = predicted.data_ptr<double>();
    const double* t = truth.data_ptr<double>();
    for (std::int64_t i = 0; i < predicted.size(0); ++i) {
      predicted_.push_back({p[3 * i], p[3 * i + 1], p[3 * i + 2]});
      truth_.push_back({t[3 * i], t[3 * i + 1], t[3 * i + 2]});
    }
  }
  if (outputs.landmarks.defined()) {
    const auto predicted = outputs.landmarks.reshape({-1, 136}).to(torch::kFloat32).contiguous();
    const auto truth = batch.landmarks.reshape({-1, 136}).to(torch::kFloat32).contiguous();
    const auto frames = batch.frame.reshape({-1}).contiguous();
    for (std::int64_t i = 0; i < predicted.size(0); ++i) {
      if (missed_ && missed_(batch.sequence[static_cast<std::size_t>(i / batch.steps())], frames.data_ptr<std::int64_t>()[i])) {
        nme_.push_back(std::numeric_limits<double>::infinity());
        continue;
      }
      const float* p = predicted.data_ptr<float>() + 136 * i;
      const float* t = truth.data_ptr<float>() + 136 * i;
      estimation::LandmarkPoints a{}, b{};
      std::copy(p, p + 136, a.begin());
      std::copy(t, t + 136, b.begin());
      nme_.push_back(estimation::normalised_mean_error(a, b, std::max(1e-6, estimation::normalising_distance(b, normaliser_))));
    }
  }
}

std::string validation_metric_name(const ModelConfig& model) {
  return predicts_pose(model) ? "mean_mae_deg" : "nme";
}

Validator::Validator(const TrainConfig& config)
    : config_(config), dataset_dir_(config.data.path), device_(resolve_device(config.device, "device")) {
  config_.data.augment.enabled = false;
  held_out_ = config.data.validation_fraction > 0;
  if (dataset_dir_.empty()) {
    // Without a dataset the run trains from the stream, whose config check guarantees the plugin.
    const RenderPlugin& plugin = *render_plugin();
    const auto stream = plugin.stream_source(config_.data, config_.model.input_size, Subset::Validation,
                                             plugin.stream_dataset_seed(config_.data), 0);
    for (int b = 0; b < config_.validation_batches; ++b) stream_batches_.push_back(stream->next());
    windows_ = static_cast<std::int64_t>(config_.validation_batches) * config_.data.batch_size;
    return;
  }
  if (!held_out_) {
    spdlog::warn("train: data.validation_fraction is 0: validating on (unaugmented) training windows");
  }
  windows_ = WindowIndex(dataset_dir_, config_.data, held_out_ ? Subset::Validation : Subset::Train)
                 .training_windows()
                 .size();
}

std::vector<Batch> Validator::disk_batches() const {
  DiskLoader loader(dataset_dir_, config_.data, config_.model.input_size,
                    held_out_ ? Subset::Validation : Subset::Train, config_.seed);
  const std::int64_t count = std::min<std::int64_t>(config_.validation_batches, loader.batches_per_epoch());
  std::vector<Batch> batches;
  for (std::int64_t b = 0; b < count; ++b) batches.push_back(loader.next());
  return batches;
}

ValidationResult Validator::run(SequenceModelImpl& model) const {
  torch::NoGradGuard no_grad;
  model.eval();
  const std::vector<Batch> batches = dataset_dir_.empty() ? stream_batches_ : disk_batches();
  ErrorAccumulator errors;
  double loss = 0;
  for (const Batch& batch : batches) {
    const Batch on_device = to_device(batch, device_);
    const auto outputs = model.forward(on_device.frames);
    loss += target_loss(outputs, encode_targets(on_device, config_.model), config_.model, config_.landmark_weight)
                .item<double>();
    errors.add(decode_outputs(outputs.cpu(), config_.model), batch);
  }
  model.train();

  ValidationResult result;
  result.loss = loss / static_cast<double>(batches.size());
  result.details = {{"loss", result.loss}, {"metric_name", validation_metric_name(config_.model)}};
  if (errors.has_pose()) result.details["pose"] = to_json(errors.pose());
  if (errors.has_landmarks()) {
    result.details["landmarks"] = to_json(errors.landmarks());
    result.details["landmarks"].erase("ced");  // 81 numbers per validation would swamp log.jsonl
  }
  result.metric = errors.has_pose() ? errors.pose().mean_mae : errors.landmarks().nme_mean;
  result.details["metric"] = result.metric;
  return result;
}

}  // namespace synhead::trainer
