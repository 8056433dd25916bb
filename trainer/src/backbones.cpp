#include "synhead/trainer/backbones.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <utility>
#include <vector>

#include "synhead/core/error.h"

namespace synhead::trainer {
namespace {

namespace nn = torch::nn;

std::int64_t scaled(std::int64_t channels, double width) {
  return std::max<std::int64_t>(1, std::llround(static_cast<double>(channels) * width));
}

nn::Conv2d conv(std::int64_t in, std::int64_t out, std::int64_t kernel, std::int64_t stride, bool bias) {
  nn::Conv2d layer(nn::Conv2dOptions(in, out, kernel).stride(stride).padding(kernel / 2).bias(bias));
  nn::init::kaiming_normal_(layer->weight, 0.0, torch::kFanOut, torch::kReLU);
  if (bias) nn::init::zeros_(layer->bias);
  return layer;
}

nn::Linear relu_linear(std::int64_t in, std::int64_t out) {
  nn::Linear layer(in, out);
  nn::init::kaiming_normal_(layer->weight, 0.0, torch::kFanIn, torch::kReLU);
  nn::init::zeros_(layer->bias);
  return layer;
}

std::string shape_string(c10::IntArrayRef sizes) {
  std::ostringstream out;
  out << sizes;
  return out.str();
}

void check_images(const torch::Tensor& images, std::int64_t size) {
  SYNHEAD_CHECK(images.dim() == 4 && images.size(1) == 3 && images.size(2) == size && images.size(3) == size,
                "backbone input must be [N, 3, S, S] with S = model.input_size");
}

class TinyBackboneImpl : public BackboneImpl {
 public:
  explicit TinyBackboneImpl(const ModelConfig& config) : size_(config.input_size) {
    std::int64_t in = 3;
    for (int block = 0; block < 5; ++block) {
      const std::int64_t out = scaled(16 << block, config.width);
      features_->push_back(conv(in, out, 3, 1, false));
      features_->push_back(nn::BatchNorm2d(out));
      features_->push_back(nn::ReLU(nn::ReLUOptions(true)));
      features_->push_back(nn::MaxPool2d(2));
      in = out;
    }
    features_size_ = in;
    register_module("features", features_);
  }

  torch::Tensor forward(const torch::Tensor& images) override {
    check_images(images, size_);
    return features_->forward(images).mean({2, 3});
  }
  std::int64_t feature_size() const override { return features_size_; }

 private:
  std::int64_t size_;
  std::int64_t features_size_ = 0;
  nn::Sequential features_;
};

// torchvision's BasicBlock: two 3×3 conv-BN, identity or 1×1/stride conv-BN shortcut.
class BasicBlockImpl : public nn::Module {
 public:
  BasicBlockImpl(std::int64_t in, std::int64_t out, std::int64_t stride)
      : conv1_(conv(in, out, 3, stride, false)), bn1_(out), conv2_(conv(out, out, 3, 1, false)), bn2_(out) {
    register_module("conv1", conv1_);
    register_module("bn1", bn1_);
    register_module("conv2", conv2_);
    register_module("bn2", bn2_);
    if (stride != 1 || in != out) {
      downsample_ = nn::Sequential(conv(in, out, 1, stride, false), nn::BatchNorm2d(out));
      register_module("downsample", downsample_);
    }
  }

  torch::Tensor forward(const torch::Tensor& x) {
    torch::Tensor y = torch::relu(bn1_(conv1_(x)));
    y = bn2_(conv2_(y));
    return torch::relu(y + (downsample_ ? downsample_->forward(x) : x));
  }

 private:
  nn::Conv2d conv1_;
  nn::BatchNorm2d bn1_;
  nn::Conv2d conv2_;
  nn::BatchNorm2d bn2_;
  nn::Sequential downsample_{nullptr};
};
TORCH_MODULE(BasicBlock);

class ResNet18BackboneImpl : public BackboneImpl {
 public:
  explicit ResNet18BackboneImpl(const ModelConfig& config)
      : size_(config.input_size), conv1_(conv(3, scaled(64, config.width), 7, 2, false)), bn1_(scaled(64, config.width)) {
    register_module("conv1", conv1_);
    register_module("bn1", bn1_);
    std::int64_t in = scaled(64, config.width);
    for (int stage = 0; stage < 4; ++stage) {
      const std::int64_t out = scaled(64 << stage, config.width);
      const std::int64_t stride = stage == 0 ? 1 : 2;
      layers_.push_back(register_module("layer" + std::to_string(stage + 1),
                                        nn::Sequential(BasicBlock(in, out, stride), BasicBlock(out, out, 1))));
      in = out;
    }
    features_size_ = in;
  }

  torch::Tensor forward(const torch::Tensor& images) override {
    check_images(images, size_);
    torch::Tensor x = torch::max_pool2d(torch::relu(bn1_(conv1_(images))), 3, 2, 1);
    for (auto& layer : layers_) x = layer->forward(x);
    return x.mean({2, 3});
  }
  std::int64_t feature_size() const override { return features_size_; }

 private:
  std::int64_t size_;
  std::int64_t features_size_ = 0;
  nn::Conv2d conv1_;
  nn::BatchNorm2d bn1_;
  std::vector<nn::Sequential> layers_;
};

class Vgg16BackboneImpl : public BackboneImpl {
 public:
  explicit Vgg16BackboneImpl(const ModelConfig& config) : size_(config.input_size) {
    // Conv widths per stage; a max pool closes each stage (torchvision's "D" configuration).
    const std::vector<std::vector<std::int64_t>> stages = {
        {64, 64}, {128, 128}, {256, 256, 256}, {512, 512, 512}, {512, 512, 512}};
    std::int64_t in = 3;
    for (const auto& stage : stages) {
      for (std::int64_t channels : stage) {
        const std::int64_t out = scaled(channels, config.width);
        features_->push_back(conv(in, out, 3, 1, true));
        features_->push_back(nn::ReLU(nn::ReLUOptions(true)));
        in = out;
      }
      features_->push_back(nn::MaxPool2d(2));
    }
    const std::int64_t map = config.input_size / 32;
    const std::int64_t fc = scaled(4096, config.width);
    // Indices 0 and 3 are fc6 and fc7 in torchvision's classifier (its dropouts sat at 2 and 5).
    classifier_->push_back("0", relu_linear(in * map * map, fc));
    classifier_->push_back("1", nn::ReLU(nn::ReLUOptions(true)));
    classifier_->push_back("3", relu_linear(fc, fc));
    classifier_->push_back("4", nn::ReLU(nn::ReLUOptions(true)));
    features_size_ = fc;
    register_module("features", features_);
    register_module("classifier", classifier_);
  }

  torch::Tensor forward(const torch::Tensor& images) override {
    check_images(images, size_);
    return classifier_->forward(features_->forward(images).flatten(1));
  }
  std::int64_t feature_size() const override { return features_size_; }

 private:
  std::int64_t size_;
  std::int64_t features_size_ = 0;
  nn::Sequential features_;
  nn::Sequential classifier_;
};

// Walks the nested archives Module::save writes down to the tensor named `name` ("layer1.0.conv1.weight").
bool read_named(torch::serialize::InputArchive& root, const std::string& name, torch::Tensor& tensor, bool is_buffer) {
  torch::serialize::InputArchive* archive = &root;
  std::vector<torch::serialize::InputArchive> nested;
  nested.reserve(static_cast<std::size_t>(std::count(name.begin(), name.end(), '.')));
  std::size_t begin = 0;
  for (std::size_t dot = name.find('.'); dot != std::string::npos; dot = name.find('.', begin)) {
    nested.emplace_back();
    if (!archive->try_read(name.substr(begin, dot - begin), nested.back())) return false;
    archive = &nested.back();
    begin = dot + 1;
  }
  return archive->try_read(name.substr(begin), tensor, is_buffer);
}

}  // namespace

std::shared_ptr<BackboneImpl> make_backbone(const ModelConfig& config) {
  std::shared_ptr<BackboneImpl> backbone;
  if (config.backbone == "tiny") {
    backbone = std::make_shared<TinyBackboneImpl>(config);
  } else if (config.backbone == "resnet18") {
    backbone = std::make_shared<ResNet18BackboneImpl>(config);
  } else if (config.backbone == "vgg16") {
    backbone = std::make_shared<Vgg16BackboneImpl>(config);
  } else {
    core::throw_user_error("model.backbone: unknown backbone '{}' (expected tiny, resnet18 or vgg16)", config.backbone);
  }
  if (!config.pretrained_backbone.empty()) load_backbone_weights(*backbone, config.pretrained_backbone);
  return backbone;
}

void save_backbone_weights(const BackboneImpl& backbone, const std::string& path) {
  torch::serialize::OutputArchive archive;
  backbone.save(archive);
  try {
    archive.save_to(path);
  } catch (const c10::Error& e) {
    core::throw_user_error("{}cannot write backbone weights: {}", core::location_prefix(path), e.what_without_backtrace());
  }
}

void load_backbone_weights(BackboneImpl& backbone, const std::string& path) {
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(path, torch::Device(torch::kCPU));  // the backbone is made on the CPU, whatever wrote the file
  } catch (const c10::Error& e) {
    core::throw_user_error("{}cannot read backbone weights: {}", core::location_prefix(path), e.what_without_backtrace());
  }
  torch::NoGradGuard no_grad;
  auto load = [&](const std::string& name, torch::Tensor& target, bool is_buffer) {
    torch::Tensor stored;
    if (!read_named(archive, name, stored, is_buffer)) {
      core::throw_user_error("{}backbone weights lack tensor '{}'", core::location_prefix(path), name);
    }
    if (stored.sizes() != target.sizes()) {
      core::throw_user_error("{}tensor '{}' has shape {}, the configured backbone needs {}", core::location_prefix(path),
                             name, shape_string(stored.sizes()), shape_string(target.sizes()));
    }
    target.copy_(stored);
  };
  for (auto& parameter : backbone.named_parameters()) load(parameter.key(), parameter.value(), false);
  for (auto& buffer : backbone.named_buffers()) load(buffer.key(), buffer.value(), true);
}

}  // namespace synhead::trainer
