#pragma once
// The `model` section of configs/train_*.yaml: which network (paper Fig. 3 variant × backbone) and its sizes.
// Torch-free, so configs can be read and printed without the libtorch headers.

#include <string>

#include "synhead/core/config.h"

namespace synhead::trainer {

struct ModelConfig {
  // perframe: CNN per frame (Fig. 3a) · postrnn: an RNN over a frozen per-frame CNN's estimates (Fig. 3c) ·
  // rnn: end-to-end CNN + FC-RNN (Fig. 3d), the extra fc layer made recurrent (eq. 5).
  std::string variant = "perframe";
  // tiny: 5 conv blocks at 64 px (CPU default) · resnet18: ResNet-18 layout at 96–128 px · vgg16: the paper's
  // VGG16 (13 conv + fc6/fc7 of 4096) — `width` scales every conv/fc6/fc7 channel count (1 = paper).
  std::string backbone = "tiny";
  int input_size = 64;      // square crop side in pixels
  double width = 1.0;       // channel multiplier of the backbone
  std::string outputs = "pose";  // pose (3 angles) | landmarks (136 = 68 × (x, y)) | both (139)
  int fc_units = 1024;      // the extra fc layer the paper adds after VGG16 (becomes FC-RNN's recurrent layer)
  double dropout = 0.25;        // on the fc layer's output (FC-RNN: variational, one mask per sequence, also recurrent)
  double input_dropout = 0;     // on the fc layer's input (FC-RNN: variational); VGG16's fc7 dropout in *_paper.yaml
  int postrnn_units = 128;  // hidden size of the Post-RNN over per-frame estimates
  std::string whh_init = "zero";  // rnn: W_hh initialisation, zero (starts as the per-frame net) | orthogonal
  double whh_gain = 0.1;          // scale of the orthogonal W_hh
  std::string pretrained_backbone;  // optional weights file for the backbone (user supplied; never downloaded)
};

template <class V>
void describe(V& v, ModelConfig& c) {
  v.field("variant", c.variant);
  v.require(c.variant == "perframe" || c.variant == "postrnn" || c.variant == "rnn", "variant", "perframe, postrnn or rnn");
  v.field("backbone", c.backbone);
  v.require(c.backbone == "tiny" || c.backbone == "resnet18" || c.backbone == "vgg16", "backbone", "tiny, resnet18 or vgg16");
  v.field("input_size", c.input_size);
  v.require(c.input_size >= 32 && c.input_size <= 512 && c.input_size % 32 == 0, "input_size", "a multiple of 32 in [32, 512]");
  v.field("width", c.width);
  v.require(c.width > 0 && c.width <= 4, "width", "a number in (0, 4]");
  v.field("outputs", c.outputs);
  v.require(c.outputs == "pose" || c.outputs == "landmarks" || c.outputs == "both", "outputs", "pose, landmarks or both");
  v.field("fc_units", c.fc_units);
  v.require(c.fc_units >= 8, "fc_units", "an integer >= 8");
  v.field("dropout", c.dropout);
  v.require(c.dropout >= 0 && c.dropout < 1, "dropout", "a rate in [0, 1)");
  v.field("input_dropout", c.input_dropout);
  v.require(c.input_dropout >= 0 && c.input_dropout < 1, "input_dropout", "a rate in [0, 1)");
  v.field("postrnn_units", c.postrnn_units);
  v.require(c.postrnn_units >= 4, "postrnn_units", "an integer >= 4");
  v.field("whh_init", c.whh_init);
  v.require(c.whh_init == "zero" || c.whh_init == "orthogonal", "whh_init", "zero or orthogonal");
  v.field("whh_gain", c.whh_gain);
  v.require(c.whh_gain >= 0, "whh_gain", "a number >= 0");
  v.field("pretrained_backbone", c.pretrained_backbone);
}

// Width of the output layer: 3 (pitch, yaw, roll), 136 (x_0..x_67, y_0..y_67) or 139 (pose first).
inline int output_size(const ModelConfig& c) {
  if (c.outputs == "pose") return 3;
  if (c.outputs == "landmarks") return 136;
  return 139;
}
inline bool predicts_pose(const ModelConfig& c) { return c.outputs != "landmarks"; }
inline bool predicts_landmarks(const ModelConfig& c) { return c.outputs != "pose"; }

}  // namespace synhead::trainer
