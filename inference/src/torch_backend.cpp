// A synhead checkpoint run frame by frame with the trainer's own model (SequenceModelImpl::step): the reference
// the exported graphs are checked against, and a backend for CUDA machines.

#include <torch/torch.h>

#include "backends.h"
#include "synhead/core/error.h"
#include "synhead/trainer/checkpoint.h"
#include "synhead/trainer/device.h"
#include "synhead/trainer/face_crop.h"
#include "synhead/trainer/model_init.h"
#include "synhead/trainer/targets.h"
#include "synhead/trainer/torch_runtime.h"

namespace synhead::inference {
namespace {

// What an exported model's card would say about this checkpoint (deploy/model_card.h), so both backends are driven
// the same way. State shapes are the model's own: rnn f_t [1, fc_units], postrnn the GRU's h_t [1, 1, units].
deploy::ModelCard card_of(const std::filesystem::path& file, const trainer::CheckpointMeta& meta) {
  const trainer::ModelConfig& m = meta.config.model;
  deploy::ModelCard card;
  card.synhead_version = SYNHEAD_VERSION;
  card.kind = m.variant;
  card.backbone = m.backbone;
  card.input_size = m.input_size;
  card.mean = trainer::kRgbMean;
  card.std = trainer::kRgbStd;
  card.pose = trainer::predicts_pose(m);
  card.landmarks = trainer::predicts_landmarks(m);
  if (m.variant == "rnn") card.state_shape = {1, m.fc_units};
  if (m.variant == "postrnn") card.state_shape = {1, 1, m.postrnn_units};
  card.crop_margin = meta.config.data.crop_margin;
  card.checkpoint = file.string();
  card.step = meta.step;
  return card;
}

class TorchBackend : public ModelBackend {
 public:
  TorchBackend(const std::filesystem::path& file, const BackendOptions& options)
      : device_(trainer::resolve_device(options.device, "--device")) {
    trainer::configure_torch_threads(options.threads);
    const trainer::CheckpointMeta meta = trainer::read_checkpoint_meta(file);
    card_ = card_of(file, meta);
    model_ = trainer::load_model(file);
    model_->to(device_);
    model_->eval();
  }

  std::string name() const override { return "torch"; }
  const deploy::ModelCard& card() const override { return card_; }

  ModelOutputs step(const cv::Mat& crop_rgb, ModelState& state) override {
    torch::NoGradGuard no_grad;
    const int s = card_.input_size;
    SYNHEAD_CHECK(crop_rgb.rows == s && crop_rgb.cols == s && crop_rgb.type() == CV_32FC3);
    torch::Tensor input = torch::empty({1, 3, s, s});
    trainer::normalise_to_chw(crop_rgb, input.data_ptr<float>());
    torch::Tensor previous;
    if (card_.recurrent() && !state.empty()) {
      previous = torch::from_blob(state.values.data(), card_.state_shape, torch::kFloat32).clone().to(device_);
    }
    trainer::ChunkOutput out = model_->step(trainer::to_device(input, device_), previous);
    if (card_.recurrent()) {
      const torch::Tensor next = out.state.to(torch::kCPU, torch::kFloat32).contiguous();
      state.values.assign(next.data_ptr<float>(), next.data_ptr<float>() + next.numel());
    }
    const trainer::DecodedOutputs decoded =
        trainer::decode_outputs(out.outputs.to(torch::kCPU, torch::kFloat64), model_->config());
    ModelOutputs result;
    if (decoded.pose_deg.defined()) {
      result.has_pose = true;
      for (int a = 0; a < 3; ++a) result.pose_deg[a] = decoded.pose_deg[0][a].item<double>();
    }
    if (decoded.landmarks.defined()) {
      // Crop units (0..1 across the window) → pixels of the S×S crop, the unit the exported graphs use.
      const torch::Tensor px = (decoded.landmarks[0] * s).contiguous();
      result.landmarks.assign(px.data_ptr<double>(), px.data_ptr<double>() + px.numel());
    }
    return result;
  }

 private:
  c10::Device device_;
  deploy::ModelCard card_;
  std::shared_ptr<trainer::SequenceModelImpl> model_;
};

}  // namespace

std::unique_ptr<ModelBackend> make_torch_backend(const std::filesystem::path& checkpoint, const BackendOptions& options) {
  return std::make_unique<TorchBackend>(checkpoint, options);
}

}  // namespace synhead::inference
