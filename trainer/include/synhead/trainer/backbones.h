#pragma once
// Per-image feature extractors: [N, 3, S, S] → [N, F]. The paper's CNN is VGG16 (§4); the CPU-sized backbones
// keep the same interface so every Fig. 3 variant can run on any of them.
//
// Layouts (every channel count is scaled by ModelConfig::width, rounded, at least 1):
//   tiny     5 × (conv3×3 − BN − ReLU − maxpool 2), 16·2^i channels, global average pool → F = 256.
//   resnet18 torchvision's ResNet-18 (7×7/2 stem, max pool, 4 stages of 2 basic blocks, BN), global average
//            pool → F = 512.
//   vgg16    the 13 conv layers of VGG16 (no BN) and fc6/fc7 of 4096 with ReLU → F = 4096 (the fc7 output).
//            fc6 reads the flattened (S/32)² map, so at S = 224, width 1 it is exactly VGG16's 25088 → 4096.
//            VGG's 0.5 dropout after fc6/fc7 is left out: the head's dropout (ModelConfig::dropout) regularises
//            the model, and per-frame dropout under the FC-RNN would resample noise at every time step, which
//            the paper's variational scheme is meant to avoid.
// Parameter names follow torchvision (features.N / classifier.0, classifier.3 for VGG16; conv1, bn1,
// layer1.0.conv1, …, layerK.0.downsample.{0,1} for ResNet-18), so ImageNet weights convert by name.
//
// Initialisation (from scratch): conv weights Kaiming normal (fan_out, ReLU) as torchvision does, conv biases 0;
// BN scale 1, shift 0; fc6/fc7 Kaiming normal (fan_in, ReLU) with bias 0, instead of VGG's N(0, 0.01), which
// shrinks the signal ~20× through two layers when training from scratch.

#include <cstdint>
#include <memory>
#include <string>

#include <torch/torch.h>

#include "synhead/trainer/model_config.h"

namespace synhead::trainer {

class BackboneImpl : public torch::nn::Module {
 public:
  // images: [N, 3, S, S] with S = the config's input_size → [N, feature_size()].
  virtual torch::Tensor forward(const torch::Tensor& images) = 0;
  virtual std::int64_t feature_size() const = 0;
};

// The backbone named by config.backbone, freshly initialised, then overwritten by config.pretrained_backbone
// when one is given.
std::shared_ptr<BackboneImpl> make_backbone(const ModelConfig& config);

// Pretrained weights file: the archive torch::save(backbone) / Module::save writes (one nested archive per
// submodule), so a tensor's path in it is its named_parameters()/named_buffers() name. Loading is strict: every
// parameter and buffer of `backbone` must be present with the same shape, else core::UserError naming the file
// and the tensor; tensors the backbone does not have (e.g. a classifier's last layer) are ignored. A TorchScript
// file of a Python module with the same names reads the same way, so ImageNet weights convert with
// torch.jit.script(torchvision.models.resnet18(weights=…)).save(path) (vgg16 at input_size 224, width 1).
void save_backbone_weights(const BackboneImpl& backbone, const std::string& path);
void load_backbone_weights(BackboneImpl& backbone, const std::string& path);

}  // namespace synhead::trainer
