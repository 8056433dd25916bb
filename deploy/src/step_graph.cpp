#include "synhead/deploy/step_graph.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include "synhead/core/error.h"
#include "synhead/deploy/model_card.h"
#include "synhead/trainer/fc_rnn.h"
#include "synhead/trainer/models.h"
#include "synhead/trainer/targets.h"

namespace synhead::deploy {
namespace {

namespace nn = torch::nn;
using ModulePtr = std::shared_ptr<nn::Module>;

// The child `name` of `parent` as a `T` (the models' layouts are known: a missing or other child is a bug).
template <class T>
std::shared_ptr<T> child(const nn::Module& parent, const std::string& name) {
  const ModulePtr* found = parent.named_children().find(name);
  SYNHEAD_CHECK(found != nullptr, "the model lacks a submodule the exporter walks");
  auto typed = std::dynamic_pointer_cast<T>(*found);
  SYNHEAD_CHECK(typed != nullptr, "a submodule has another type than the exporter expects");
  return typed;
}

bool has_child(const nn::Module& parent, const std::string& name) {
  return parent.named_children().find(name) != nullptr;
}

std::int64_t square(const torch::ExpandingArray<2>& a, const char* what) {
  SYNHEAD_CHECK((*a)[0] == (*a)[1], what);
  return (*a)[0];
}

class GraphBuilder {
 public:
  explicit GraphBuilder(StepGraph& graph) : graph_(graph) {}

  // Weight names keep the model's tensor name (plus a suffix when folded), so an exported file can be read
  // against the checkpoint.
  std::string weight(const std::string& name, const torch::Tensor& tensor) {
    graph_.weights.emplace_back(name, tensor.detach().to(torch::kCPU, torch::kFloat32).contiguous().clone());
    return name;
  }

  std::string op(StepOpType type, std::vector<std::string> inputs, const std::string& output = "") {
    StepOp o;
    o.type = type;
    o.inputs = std::move(inputs);
    o.output = output.empty() ? fmt::format("t{}", graph_.ops.size()) : output;
    graph_.ops.push_back(std::move(o));
    return graph_.ops.back().output;
  }

  // Conv (+ the BatchNorm after it folded in: w' = w · γ/√(σ² + ε), b' = (b − μ) · γ/√(σ² + ε) + β).
  std::string conv(const std::string& x, const nn::Conv2dImpl& conv, const nn::BatchNorm2dImpl* bn,
                   const std::string& name) {
    const auto& options = conv.options;
    SYNHEAD_CHECK(options.groups() == 1 && square(options.dilation(), "square dilation") == 1,
                  "the exporter writes plain convolutions only");
    const auto* padding = c10::get_if<torch::ExpandingArray<2>>(&options.padding());
    SYNHEAD_CHECK(padding != nullptr, "the exporter needs explicit conv padding");
    torch::Tensor w = conv.weight.detach();
    torch::Tensor b = options.bias() ? conv.bias.detach() : torch::zeros({w.size(0)});
    std::string suffix;
    if (bn != nullptr) {
      SYNHEAD_CHECK(bn->options.affine() && bn->options.track_running_stats(), "BN with running statistics");
      const torch::Tensor scale = bn->weight.detach() / torch::sqrt(bn->running_var.detach() + bn->options.eps());
      w = w * scale.view({-1, 1, 1, 1});
      b = (b - bn->running_mean.detach()) * scale + bn->bias.detach();
      suffix = "+bn";
    }
    StepOp& o = graph_.ops.emplace_back();
    o.type = StepOpType::Conv;
    o.inputs = {x, weight(name + ".weight" + suffix, w), weight(name + ".bias" + suffix, b)};
    o.output = fmt::format("t{}", graph_.ops.size() - 1);
    o.kernel = square(options.kernel_size(), "square conv kernel");
    o.stride = square(options.stride(), "square conv stride");
    o.padding = square(*padding, "symmetric conv padding");
    return o.output;
  }

  std::string max_pool(const std::string& x, std::int64_t kernel, std::int64_t stride, std::int64_t padding) {
    StepOp& o = graph_.ops.emplace_back();
    o.type = StepOpType::MaxPool;
    o.inputs = {x};
    o.output = fmt::format("t{}", graph_.ops.size() - 1);
    o.kernel = kernel;
    o.stride = stride;
    o.padding = padding;
    return o.output;
  }

  std::string gemm(const std::string& x, const std::string& w, const std::string& b, const std::string& output = "") {
    return op(StepOpType::Gemm, {x, w, b}, output);
  }
  std::string linear(const std::string& x, const nn::LinearImpl& layer, const std::string& name,
                     const std::string& output = "") {
    return gemm(x, weight(name + ".weight", layer.weight), weight(name + ".bias", layer.bias), output);
  }
  std::string relu(const std::string& x, const std::string& output = "") { return op(StepOpType::Relu, {x}, output); }

 private:
  StepGraph& graph_;
};

// A Sequential of Conv2d [BatchNorm2d] / ReLU / MaxPool2d / Linear, as the tiny and VGG16 backbones are built.
std::string sequential(GraphBuilder& g, const std::string& x, const nn::SequentialImpl& layers, const std::string& name) {
  std::string value = x;
  const auto children = layers.named_children();
  for (std::size_t i = 0; i < children.size(); ++i) {
    const std::string layer_name = name + "." + children[i].key();
    const ModulePtr& layer = children[i].value();
    if (const auto conv = std::dynamic_pointer_cast<nn::Conv2dImpl>(layer)) {
      const nn::BatchNorm2dImpl* bn = nullptr;
      if (i + 1 < children.size()) bn = dynamic_cast<const nn::BatchNorm2dImpl*>(children[i + 1].value().get());
      value = g.conv(value, *conv, bn, layer_name);
      if (bn != nullptr) ++i;
    } else if (std::dynamic_pointer_cast<nn::ReLUImpl>(layer)) {
      value = g.relu(value);
    } else if (const auto pool = std::dynamic_pointer_cast<nn::MaxPool2dImpl>(layer)) {
      const auto& o = pool->options;
      SYNHEAD_CHECK(!o.ceil_mode() && square(o.dilation(), "square dilation") == 1, "plain max pooling");
      value = g.max_pool(value, square(o.kernel_size(), "square pool"), square(o.stride(), "square pool stride"),
                         square(o.padding(), "square pool padding"));
    } else if (const auto linear = std::dynamic_pointer_cast<nn::LinearImpl>(layer)) {
      value = g.linear(value, *linear, layer_name);
    } else {
      SYNHEAD_CHECK(false, "a backbone layer the exporter does not know (teach step_graph.cpp)");
    }
  }
  return value;
}

std::string global_pool(GraphBuilder& g, const std::string& x) {
  return g.op(StepOpType::Flatten, {g.op(StepOpType::GlobalAveragePool, {x})});
}

// torchvision's BasicBlock as backbones.cpp runs it: relu(bn2(conv2(relu(bn1(conv1 x)))) + shortcut(x)).
std::string basic_block(GraphBuilder& g, const std::string& x, const nn::Module& block, const std::string& name) {
  std::string y = g.relu(g.conv(x, *child<nn::Conv2dImpl>(block, "conv1"),
                                child<nn::BatchNorm2dImpl>(block, "bn1").get(), name + ".conv1"));
  y = g.conv(y, *child<nn::Conv2dImpl>(block, "conv2"), child<nn::BatchNorm2dImpl>(block, "bn2").get(),
             name + ".conv2");
  std::string shortcut = x;
  if (has_child(block, "downsample")) {
    const auto downsample = child<nn::SequentialImpl>(block, "downsample");
    shortcut = g.conv(x, *child<nn::Conv2dImpl>(*downsample, "0"), child<nn::BatchNorm2dImpl>(*downsample, "1").get(),
                      name + ".downsample.0");
  }
  return g.relu(g.op(StepOpType::Add, {y, shortcut}));
}

// backbones.h: crop [N, 3, S, S] → features [N, F].
std::string backbone(GraphBuilder& g, const std::string& x, const nn::Module& backbone, const std::string& kind,
                     const std::string& name) {
  if (kind == "tiny") {
    return global_pool(g, sequential(g, x, *child<nn::SequentialImpl>(backbone, "features"),
                                     name + ".features"));
  }
  if (kind == "vgg16") {
    const std::string map =
        sequential(g, x, *child<nn::SequentialImpl>(backbone, "features"), name + ".features");
    return sequential(g, g.op(StepOpType::Flatten, {map}),
                      *child<nn::SequentialImpl>(backbone, "classifier"), name + ".classifier");
  }
  SYNHEAD_CHECK(kind == "resnet18", "a backbone the exporter does not know");
  // The stem's ReLU and 3×3/2 max pool (padding 1) are functional calls in backbones.cpp, not modules.
  std::string y = g.relu(g.conv(x, *child<nn::Conv2dImpl>(backbone, "conv1"),
                                child<nn::BatchNorm2dImpl>(backbone, "bn1").get(), name + ".conv1"));
  y = g.max_pool(y, 3, 2, 1);
  for (int stage = 1; stage <= 4; ++stage) {
    const std::string layer = "layer" + std::to_string(stage);
    for (const auto& block : child<nn::SequentialImpl>(backbone, layer)->named_children()) {
      y = basic_block(g, y, *block.value(), name + "." + layer + "." + block.key());
    }
  }
  return global_pool(g, y);
}

// models.h's per-frame net up to its estimates [N, D] (target units).
std::string perframe_estimates(GraphBuilder& g, const std::string& crop, const nn::Module& perframe,
                               const trainer::ModelConfig& config, const std::string& prefix) {
  const std::string features =
      backbone(g, crop, *child<nn::Module>(perframe, "backbone"), config.backbone, prefix + "backbone");
  const std::string hidden = g.relu(g.linear(features, *child<nn::LinearImpl>(perframe, "fc"), prefix + "fc"));
  return g.linear(hidden, *child<nn::LinearImpl>(perframe, "out"), prefix + "out");
}

// FC-RNN (fc_rnn.h, eq. 5); the state output is f_t itself.
std::string rnn_estimates(GraphBuilder& g, const nn::Module& model, const trainer::ModelConfig& config) {
  const std::string features = backbone(g, kCropInput, *child<nn::Module>(model, "backbone"), config.backbone, "backbone");
  const auto fc = child<trainer::FcRnnImpl>(model, "fc");
  const std::string input = g.gemm(features, g.weight("fc.weight", fc->weight), g.weight("fc.bias", fc->bias));
  const std::string recurrent =
      g.gemm(kStateInput, g.weight("fc.weight_hh", fc->weight_hh), g.weight("fc.zero_bias", torch::zeros({fc->weight_hh.size(0)})));
  const std::string f = g.relu(g.op(StepOpType::Add, {input, recurrent}), kStateOutput);
  return g.linear(f, *child<nn::LinearImpl>(model, "out"), "out");
}

// Post-RNN (models.h): the frozen per-frame estimates e, one GRU step, e + correction(h').
std::string postrnn_estimates(GraphBuilder& g, const nn::Module& model, const trainer::ModelConfig& config) {
  const std::string e = perframe_estimates(g, kCropInput, *child<nn::Module>(model, "perframe"), config, "perframe.");
  const auto gru = child<nn::GRUImpl>(model, "gru");
  SYNHEAD_CHECK(gru->options.num_layers() == 1 && !gru->options.bidirectional() && gru->options.bias(),
                "the Post-RNN is one unidirectional GRU layer with biases");
  const auto parameters = gru->named_parameters();
  const std::int64_t h = gru->options.hidden_size();
  // Gate k of the stacked [r; z; n] tensors.
  auto gate = [&](const std::string& tensor, int k, const char* gate_name) {
    return g.weight(fmt::format("gru.{}.{}", tensor, gate_name), parameters[tensor].narrow(0, k * h, h));
  };
  auto input_term = [&](int k, const char* gate_name) {
    return g.gemm(e, gate("weight_ih_l0", k, gate_name), gate("bias_ih_l0", k, gate_name));
  };
  auto hidden_term = [&](int k, const char* gate_name) {
    return g.gemm(kStateInput, gate("weight_hh_l0", k, gate_name), gate("bias_hh_l0", k, gate_name));
  };
  const std::string r = g.op(StepOpType::Sigmoid, {g.op(StepOpType::Add, {input_term(0, "r"), hidden_term(0, "r")})});
  const std::string z = g.op(StepOpType::Sigmoid, {g.op(StepOpType::Add, {input_term(1, "z"), hidden_term(1, "z")})});
  const std::string n = g.op(
      StepOpType::Tanh, {g.op(StepOpType::Add, {input_term(2, "n"), g.op(StepOpType::Mul, {r, hidden_term(2, "n")})})});
  const std::string h_new = g.op(
      StepOpType::Add, {n, g.op(StepOpType::Mul, {z, g.op(StepOpType::Sub, {kStateInput, n})})}, kStateOutput);
  return g.op(StepOpType::Add, {e, g.linear(h_new, *child<nn::LinearImpl>(model, "correction"), "correction")});
}

// targets.h's decode as Gemms: rows of `scale` pick and scale the estimate columns of one output.
void decode(GraphBuilder& g, const std::string& y, const trainer::ModelConfig& config) {
  const std::int64_t d = trainer::output_size(config);
  std::int64_t offset = 0;
  if (trainer::predicts_pose(config)) {
    torch::Tensor select = torch::zeros({3, d});
    select.narrow(1, 0, 3).copy_(torch::eye(3) * trainer::kAngleScaleDeg);
    g.gemm(y, g.weight("decode.pose_deg.scale", select), g.weight("decode.pose_deg.offset", torch::zeros({3})),
           kPoseOutput);
    offset = 3;
  }
  if (trainer::predicts_landmarks(config)) {
    const double half = config.input_size / 2.0;  // crop units (y/2 + 0.5) → pixels of the S×S crop
    torch::Tensor select = torch::zeros({136, d});
    select.narrow(1, offset, 136).copy_(torch::eye(136) * half);
    g.gemm(y, g.weight("decode.landmarks.scale", select), g.weight("decode.landmarks.offset", torch::full({136}, half)),
           kLandmarksOutput);
  }
}

}  // namespace

std::vector<std::string> StepGraph::input_names() const {
  if (recurrent()) return {kCropInput, kStateInput};
  return {kCropInput};
}

std::vector<std::string> StepGraph::output_names() const {
  std::vector<std::string> names;
  if (pose) names.emplace_back(kPoseOutput);
  if (landmarks) names.emplace_back(kLandmarksOutput);
  if (recurrent()) names.emplace_back(kStateOutput);
  return names;
}

std::int64_t StepGraph::output_width(const std::string& name) const {
  if (name == kPoseOutput) return 3;
  if (name == kLandmarksOutput) return 136;
  SYNHEAD_CHECK(name == kStateOutput || name == kStateInput, "an output the step graph does not have");
  return state_size;
}

StepGraph build_step_graph(const trainer::SequenceModelImpl& model) {
  const trainer::ModelConfig& config = model.config();
  StepGraph graph;
  graph.kind = config.variant;
  graph.input_size = config.input_size;
  graph.pose = trainer::predicts_pose(config);
  graph.landmarks = trainer::predicts_landmarks(config);
  torch::NoGradGuard no_grad;
  GraphBuilder g(graph);
  std::string estimates;
  if (config.variant == "perframe") {
    estimates = perframe_estimates(g, kCropInput, model, config, "");
  } else if (config.variant == "rnn") {
    graph.state_size = config.fc_units;
    estimates = rnn_estimates(g, model, config);
  } else {
    SYNHEAD_CHECK(config.variant == "postrnn", "a model variant the exporter does not know");
    graph.state_size = config.postrnn_units;
    estimates = postrnn_estimates(g, model, config);
  }
  decode(g, estimates, config);
  return graph;
}

}  // namespace synhead::deploy
