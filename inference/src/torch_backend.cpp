// The libtorch backend: a synhead checkpoint run frame by frame with the trainer's own model
// (SequenceModelImpl::step) — the reference the exported graphs are checked against — or an exported TorchScript
// module (`forward(crop[, state_in])` → a dict of the card's output names; the card in the extra file
// synhead.card.json).

#include <torch/script.h>
#include <torch/torch.h>

#include "backends.h"
#include "synhead/core/error.h"
#include "synhead/deploy/export_card.h"
#include "synhead/trainer/checkpoint.h"
#include "synhead/trainer/device.h"
#include "synhead/trainer/model_init.h"
#include "synhead/trainer/targets.h"
#include "synhead/trainer/torch_runtime.h"

namespace synhead::inference {
namespace {

// [1, 3, S, S]: (value − mean) / std per channel with the card's statistics, planar.
torch::Tensor normalised_crop(const cv::Mat& crop_rgb, const deploy::ModelCard& card) {
  const int size = card.input_size;
  SYNHEAD_CHECK(crop_rgb.rows == size && crop_rgb.cols == size && crop_rgb.type() == CV_32FC3);
  torch::Tensor input = torch::empty({1, 3, size, size});
  float* out = input.data_ptr<float>();
  for (int y = 0; y < size; ++y) {
    const cv::Vec3f* row = crop_rgb.ptr<cv::Vec3f>(y);
    for (int x = 0; x < size; ++x) {
      for (int c = 0; c < 3; ++c) out[(c * size + y) * size + x] = (row[x][c] - card.mean[c]) / card.std[c];
    }
  }
  return input;
}

class TorchBackend : public ModelBackend {
 public:
  TorchBackend(const std::filesystem::path& file, const BackendOptions& options)
      : device_(trainer::resolve_device(options.device, "--device")) {
    trainer::configure_torch_threads(options.threads);
    const trainer::CheckpointMeta meta = trainer::read_checkpoint_meta(file);
    // The card `synhead export` would write for it, so every backend is driven the same way.
    card_ = deploy::card_for_checkpoint(meta.config, meta.step, file, {});
    model_ = trainer::load_model(file);
    model_->to(device_);
    model_->eval();
  }

  std::string name() const override { return "torch"; }
  const deploy::ModelCard& card() const override { return card_; }

  ModelOutputs step(const cv::Mat& crop_rgb, ModelState& state) override {
    torch::NoGradGuard no_grad;
    const int s = card_.input_size;
    const torch::Tensor input = normalised_crop(crop_rgb, card_);
    torch::Tensor previous;
    if (card_.recurrent() && !state.empty()) {
      previous = torch::from_blob(state.values.data(), card_.state_shape, torch::kFloat32).clone();
      // The card says [1, U] as the exported graphs have it; the Post-RNN's GRU keeps its state as [1, 1, U].
      if (card_.kind == "postrnn") previous = previous.unsqueeze(0);
      previous = previous.to(device_);
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

class TorchScriptBackend : public ModelBackend {
 public:
  TorchScriptBackend(const std::filesystem::path& file, const BackendOptions& options)
      : device_(trainer::resolve_device(options.device, "--device")) {
    trainer::configure_torch_threads(options.threads);
    torch::jit::ExtraFilesMap extra{{"synhead.card.json", ""}};
    try {
      module_ = torch::jit::load(file.string(), device_, extra);
    } catch (const c10::Error& e) {
      core::throw_user_error("{}: not a TorchScript module ({})", file.string(), e.what_without_backtrace());
    }
    if (extra["synhead.card.json"].empty()) {
      core::throw_user_error("{}: no synhead.card.json extra file (not a model exported by synhead export)",
                             file.string());
    }
    card_ = deploy::ModelCard::from_json(extra["synhead.card.json"], file.string());
    module_.eval();
    if (options.optimize && device_.is_cpu()) module_ = torch::jit::optimize_for_inference(module_);
  }

  std::string name() const override { return "torch"; }
  const deploy::ModelCard& card() const override { return card_; }

  ModelOutputs step(const cv::Mat& crop_rgb, ModelState& state) override {
    torch::NoGradGuard no_grad;
    std::vector<torch::jit::IValue> inputs{normalised_crop(crop_rgb, card_).to(device_)};
    if (card_.recurrent()) {
      torch::Tensor previous = state.empty() ? torch::zeros(card_.state_shape)
                                             : torch::from_blob(state.values.data(), card_.state_shape).clone();
      inputs.emplace_back(previous.to(device_));
    }
    const auto outputs = module_.forward(inputs).toGenericDict();
    auto output = [&](const char* name) { return outputs.at(name).toTensor().to(torch::kCPU, torch::kFloat64).contiguous(); };
    ModelOutputs result;
    if (card_.pose) {
      const torch::Tensor pose = output(deploy::kPoseOutput);
      result.has_pose = true;
      for (int a = 0; a < 3; ++a) result.pose_deg[a] = pose.data_ptr<double>()[a];
    }
    if (card_.landmarks) {
      const torch::Tensor l = output(deploy::kLandmarksOutput);
      result.landmarks.assign(l.data_ptr<double>(), l.data_ptr<double>() + l.numel());
    }
    if (card_.recurrent()) {
      const torch::Tensor next = output(deploy::kStateOutput).to(torch::kFloat32).contiguous();
      state.values.assign(next.data_ptr<float>(), next.data_ptr<float>() + next.numel());
    }
    return result;
  }

 private:
  c10::Device device_;
  deploy::ModelCard card_;
  torch::jit::script::Module module_;
};

}  // namespace

std::unique_ptr<ModelBackend> make_torch_backend(const std::filesystem::path& model, const BackendOptions& options) {
  if (model.extension() == ".pt") return std::make_unique<TorchScriptBackend>(model, options);
  return std::make_unique<TorchBackend>(model, options);
}

}  // namespace synhead::inference
