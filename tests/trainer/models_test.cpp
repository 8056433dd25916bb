#include "synhead/trainer/models.h"

#include <string>
#include <tuple>

#include <gtest/gtest.h>

#include "synhead/trainer/model_init.h"
#include "synhead/trainer/torch_runtime.h"

#include "temp_dir.h"
#include "user_error.h"

namespace synhead::trainer {
namespace {

// The machine is shared (2 cores) and these models are small: one intra-op thread, one BLAS thread, for the
// whole executable (fc_rnn_test and grad_clip_test included).
class OneThreadEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { configure_torch_threads(1); }
};
[[maybe_unused]] const auto* const kOneThread = ::testing::AddGlobalTestEnvironment(new OneThreadEnvironment);

// Small enough that every backbone × variant runs in milliseconds.
ModelConfig small_config(const std::string& backbone, const std::string& variant, const std::string& outputs = "pose") {
  ModelConfig config;
  config.backbone = backbone;
  config.variant = variant;
  config.outputs = outputs;
  config.input_size = 32;
  config.width = backbone == "tiny" ? 0.5 : backbone == "resnet18" ? 0.25 : 0.125;
  config.fc_units = 32;
  config.postrnn_units = 8;
  return config;
}

torch::Tensor random_frames(const ModelConfig& config, std::int64_t batch, std::int64_t steps) {
  return torch::randn({batch, steps, 3, config.input_size, config.input_size});
}

std::shared_ptr<SequenceModelImpl> trained_like_perframe(const ModelConfig& config) {
  ModelConfig perframe = config;
  perframe.variant = "perframe";
  return make_model(perframe);
}

using ShapeCase = std::tuple<std::string, std::string, std::string>;  // backbone, variant, outputs

class ModelShapes : public ::testing::TestWithParam<ShapeCase> {};

TEST_P(ModelShapes, MapFramesToOneEstimatePerStep) {
  torch::manual_seed(1);
  const auto& [backbone, variant, outputs] = GetParam();
  const ModelConfig config = small_config(backbone, variant, outputs);
  auto model = make_model(config);
  for (bool training : {true, false}) {
    model->train(training);
    const torch::Tensor y = model->forward(random_frames(config, 2, 3));
    EXPECT_EQ(y.sizes(), (std::vector<std::int64_t>{2, 3, output_size(config)}));
    EXPECT_TRUE(torch::isfinite(y).all().item<bool>());
  }
}

INSTANTIATE_TEST_SUITE_P(AllCombinations, ModelShapes,
                         ::testing::Combine(::testing::Values("tiny", "resnet18", "vgg16"),
                                            ::testing::Values("perframe", "postrnn", "rnn"),
                                            ::testing::Values("pose", "landmarks", "both")),
                         [](const auto& info) {
                           return std::get<0>(info.param) + "_" + std::get<1>(info.param) + "_" + std::get<2>(info.param);
                         });

using GradientCase = std::tuple<std::string, std::string>;  // backbone, variant

class ModelGradients : public ::testing::TestWithParam<GradientCase> {};

TEST_P(ModelGradients, ReachEveryTrainableParameterAndNoFrozenOne) {
  torch::manual_seed(2);
  const auto& [backbone, variant] = GetParam();
  ModelConfig config = small_config(backbone, variant);
  config.whh_init = "orthogonal";
  auto model = make_model(config);
  if (auto postrnn = std::dynamic_pointer_cast<PostRnnModelImpl>(model)) {
    // The zero correction layer blocks the gradient to the GRU until its first update; emulate one.
    torch::NoGradGuard no_grad;
    for (auto& parameter : postrnn->named_parameters()) {
      if (parameter.key().rfind("correction.", 0) == 0) parameter.value().normal_(0, 0.1);
    }
  }
  model->train();
  model->forward(random_frames(config, 2, 3)).sum().backward();
  for (const auto& parameter : model->named_parameters()) {
    const torch::Tensor& grad = parameter.value().grad();
    if (parameter.value().requires_grad()) {
      ASSERT_TRUE(grad.defined()) << parameter.key();
      EXPECT_GT(grad.abs().sum().item<double>(), 0) << parameter.key();
    } else {
      EXPECT_FALSE(grad.defined()) << parameter.key();
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllBackbones, ModelGradients,
                         ::testing::Combine(::testing::Values("tiny", "resnet18", "vgg16"),
                                            ::testing::Values("perframe", "postrnn", "rnn")),
                         [](const auto& info) { return std::get<0>(info.param) + "_" + std::get<1>(info.param); });

// A model whose recurrent state visibly matters: W_hh orthogonal and not small (rnn), a non-zero correction layer
// (postrnn; an untrained one returns the per-frame estimates whatever the state).
std::shared_ptr<SequenceModelImpl> stateful_model(const std::string& variant, const std::string& outputs = "pose") {
  ModelConfig config = small_config("tiny", variant, outputs);
  config.whh_init = "orthogonal";
  config.whh_gain = 0.9;
  auto model = make_model(config);
  torch::NoGradGuard no_grad;
  for (auto& parameter : model->named_parameters()) {
    if (parameter.key().rfind("correction.", 0) == 0) parameter.value().normal_(0, 0.5);
  }
  model->eval();
  return model;
}

double max_difference(const torch::Tensor& a, const torch::Tensor& b) { return (a - b).abs().max().item<double>(); }

// (variant, outputs): step() is what `synhead export` writes, for pose, landmark and joint heads alike.
class ModelChunks : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {};

TEST_P(ModelChunks, CarriedStateGivesTheWholeSequenceEstimates) {
  torch::manual_seed(11);
  const auto& [variant, outputs] = GetParam();
  auto model = stateful_model(variant, outputs);
  torch::NoGradGuard no_grad;
  const torch::Tensor frames = random_frames(model->config(), 2, 13);
  const torch::Tensor whole = model->forward(frames);

  // Chunks of 5, 5 and 3 frames, the state handed on; and the same one frame at a time through step().
  std::vector<torch::Tensor> chunks, steps, fresh;
  torch::Tensor state;
  for (std::int64_t first = 0; first < 13; first += 5) {
    const torch::Tensor chunk = frames.narrow(1, first, std::min<std::int64_t>(5, 13 - first));
    ChunkOutput out = model->forward_chunk(chunk, state);
    chunks.push_back(out.outputs);
    state = out.state;
    fresh.push_back(model->forward(chunk));  // each chunk from the zero state: what carrying avoids
  }
  torch::Tensor step_state;
  for (std::int64_t t = 0; t < 13; ++t) {
    ChunkOutput out = model->step(frames.select(1, t), step_state);
    steps.push_back(out.outputs);
    step_state = out.state;
  }
  EXPECT_LT(max_difference(torch::cat(chunks, 1), whole), 1e-5);
  EXPECT_LT(max_difference(torch::stack(steps, 1), whole), 1e-5);
  if (variant == "perframe") {
    EXPECT_FALSE(state.defined());
  } else {
    EXPECT_TRUE(state.defined());
    EXPECT_GT(max_difference(torch::cat(fresh, 1), whole), 1e-3) << "the state must matter for the test to mean much";
  }
}

INSTANTIATE_TEST_SUITE_P(AllVariants, ModelChunks,
                         ::testing::Combine(::testing::Values("perframe", "postrnn", "rnn"),
                                            ::testing::Values("pose", "both")),
                         [](const auto& info) { return std::get<0>(info.param) + "_" + std::get<1>(info.param); });

TEST(Models, RnnFromPerFrameWithZeroRecurrenceEqualsPerFrame) {
  torch::manual_seed(3);
  const ModelConfig config = small_config("tiny", "rnn");
  auto perframe = trained_like_perframe(config);
  auto rnn = make_model(config);
  init_from_perframe(*rnn, *perframe);
  perframe->eval();
  rnn->eval();
  const torch::Tensor frames = random_frames(config, 2, 4);
  const torch::Tensor expected = perframe->forward(frames);
  const torch::Tensor actual = rnn->forward(frames);
  EXPECT_TRUE(torch::allclose(actual, expected, 1e-5, 1e-6)) << (actual - expected).abs().max();
}

TEST(Models, RnnFromPerFrameWithOrthogonalRecurrenceDiffersOnlyAfterTheFirstStep) {
  torch::manual_seed(4);
  ModelConfig config = small_config("tiny", "rnn");
  config.whh_init = "orthogonal";
  config.whh_gain = 0.5;
  auto perframe = trained_like_perframe(config);
  auto rnn = std::dynamic_pointer_cast<RnnModelImpl>(make_model(config));
  rnn->init_from_perframe(dynamic_cast<const PerFrameModelImpl&>(*perframe));
  const torch::Tensor w_hh = rnn->named_parameters()["fc.weight_hh"];
  EXPECT_TRUE(torch::allclose(torch::matmul(w_hh, w_hh.t()), 0.25 * torch::eye(config.fc_units), 1e-4, 1e-5));
  perframe->eval();
  rnn->eval();
  const torch::Tensor frames = random_frames(config, 2, 3);
  const torch::Tensor expected = perframe->forward(frames);
  const torch::Tensor actual = rnn->forward(frames);
  EXPECT_TRUE(torch::allclose(actual.select(1, 0), expected.select(1, 0), 1e-5, 1e-6));
  EXPECT_FALSE(torch::allclose(actual.select(1, 2), expected.select(1, 2), 1e-5, 1e-6));
}

// ∂L/∂W_hh = Σ_t δ_t f_{t−1}ᵀ does not involve W_hh itself, so zero-initialised recurrence still learns.
TEST(Models, RnnRecurrentWeightsGetAGradientEvenWhenZero) {
  torch::manual_seed(19);
  const ModelConfig config = small_config("tiny", "rnn");
  auto model = make_model(config);
  const torch::Tensor w_hh = model->named_parameters()["fc.weight_hh"];
  ASSERT_TRUE(torch::equal(w_hh, torch::zeros_like(w_hh)));
  model->train();
  model->forward(random_frames(config, 2, 3)).sum().backward();
  ASSERT_TRUE(w_hh.grad().defined());
  EXPECT_GT(w_hh.grad().abs().sum().item<double>(), 0);
}

TEST(Models, InitFromPerFrameRejectsOtherVariantsAndMismatchedConfigs) {
  const ModelConfig config = small_config("tiny", "rnn");
  auto rnn = make_model(config);
  EXPECT_NE(testing::user_error_of([&] { init_from_perframe(*rnn, *make_model(config)); }).find("perframe model is needed"),
            std::string::npos);
  ModelConfig wider = config;
  wider.variant = "perframe";
  wider.fc_units = 64;
  const std::string message = testing::user_error_of([&] { init_from_perframe(*rnn, *make_model(wider)); });
  EXPECT_NE(message.find("fc_units 64"), std::string::npos) << message;
  EXPECT_NE(message.find("fc_units 32"), std::string::npos) << message;
}

TEST(Models, InitFromPerFrameCopiesIntoAPerFrameModel) {
  torch::manual_seed(5);
  const ModelConfig config = small_config("resnet18", "perframe");
  auto source = make_model(config);
  auto copy = make_model(config);
  init_from_perframe(*copy, *source);
  source->eval();
  copy->eval();
  const torch::Tensor frames = random_frames(config, 1, 2);
  EXPECT_TRUE(torch::equal(copy->forward(frames), source->forward(frames)));
}

TEST(Models, UntrainedPostRnnReturnsTheFrozenPerFrameEstimates) {
  torch::manual_seed(6);
  const ModelConfig config = small_config("tiny", "postrnn", "both");
  auto perframe = trained_like_perframe(config);
  auto postrnn = std::dynamic_pointer_cast<PostRnnModelImpl>(make_model(config));
  init_from_perframe(*postrnn, *perframe);
  perframe->eval();
  postrnn->train();
  const torch::Tensor frames = random_frames(config, 2, 3);
  EXPECT_TRUE(torch::allclose(postrnn->forward(frames), perframe->forward(frames), 1e-6, 1e-6));
  const torch::Tensor estimates = torch::randn({3, 5, output_size(config)});
  EXPECT_TRUE(torch::equal(postrnn->forward_estimates(estimates), estimates));
}

TEST(Models, PostRnnKeepsItsPerFramePartFrozenAndInEvalMode) {
  torch::manual_seed(7);
  const ModelConfig config = small_config("tiny", "postrnn");
  auto postrnn = std::dynamic_pointer_cast<PostRnnModelImpl>(make_model(config));
  postrnn->train();
  EXPECT_TRUE(postrnn->is_training());
  EXPECT_FALSE(postrnn->perframe()->is_training());
  for (const auto& child : postrnn->perframe()->modules()) EXPECT_FALSE(child->is_training());

  const auto trainable = trainable_parameters(*postrnn);
  std::int64_t trainable_count = 0;
  for (const auto& parameter : trainable) trainable_count += parameter.numel();
  EXPECT_EQ(trainable_count, parameter_count(*postrnn) - parameter_count(*postrnn->perframe()));

  // BN running statistics of the frozen part must not move in training mode.
  const torch::Tensor running_mean = postrnn->perframe()->named_buffers()["backbone.features.1.running_mean"].clone();
  postrnn->forward(random_frames(config, 2, 2)).sum().backward();
  EXPECT_TRUE(torch::equal(postrnn->perframe()->named_buffers()["backbone.features.1.running_mean"], running_mean));
  for (const auto& parameter : postrnn->perframe()->parameters()) EXPECT_FALSE(parameter.grad().defined());
}

TEST(Models, TrainableParametersAreAllParametersOfEndToEndVariants) {
  for (const char* variant : {"perframe", "rnn"}) {
    auto model = make_model(small_config("tiny", variant));
    EXPECT_EQ(trainable_parameters(*model).size(), model->parameters().size()) << variant;
  }
}

TEST(Models, FrozenBatchNormKeepsItsRunningStatisticsInTrainingMode) {
  torch::manual_seed(9);
  ModelConfig config = small_config("tiny", "rnn");
  config.dropout = 0;
  const auto running_means = [](const SequenceModelImpl& model) {
    std::vector<torch::Tensor> means;
    for (const auto& buffer : model.named_buffers()) {
      if (buffer.key().find("running_mean") != std::string::npos) means.push_back(buffer.value().clone());
    }
    return means;
  };
  auto model = make_model(config);
  const auto before = running_means(*model);
  ASSERT_FALSE(before.empty());
  const torch::Tensor frames = random_frames(config, 2, 3);
  model->train();
  freeze_batchnorm_statistics(*model);
  const torch::Tensor frozen = model->forward(frames);
  for (std::size_t i = 0; i < before.size(); ++i) EXPECT_TRUE(torch::equal(running_means(*model)[i], before[i]));
  model->eval();
  EXPECT_TRUE(torch::allclose(model->forward(frames), frozen));  // the same function as in eval mode
  model->train();
  model->forward(frames);
  EXPECT_FALSE(torch::equal(running_means(*model).front(), before.front()));
}

TEST(Models, DropoutOnlyActsInTrainingMode) {
  torch::manual_seed(8);
  for (const char* variant : {"perframe", "rnn"}) {
    ModelConfig config = small_config("tiny", variant);
    config.dropout = 0.5;
    auto model = make_model(config);
    const torch::Tensor frames = random_frames(config, 2, 3);
    model->eval();
    const torch::Tensor first = model->forward(frames);
    EXPECT_TRUE(torch::equal(model->forward(frames), first)) << variant;
    // Training mode also switches BN to batch statistics; compare two training passes with each other instead.
    model->train();
    EXPECT_FALSE(torch::equal(model->forward(frames), model->forward(frames))) << variant;
  }
}

TEST(Models, Vgg16HasTheTorchvisionLayoutAndParameterCount) {
  ModelConfig config = small_config("vgg16", "perframe");
  config.width = 1;
  auto backbone = make_backbone(config);
  std::int64_t conv_layers = 0;
  std::int64_t conv_parameters = 0;
  for (const auto& parameter : backbone->named_parameters()) {
    if (parameter.key().rfind("features.", 0) != 0) continue;
    conv_parameters += parameter.value().numel();
    if (parameter.value().dim() == 4) ++conv_layers;
  }
  EXPECT_EQ(conv_layers, 13);
  EXPECT_EQ(conv_parameters, 14714688);  // torchvision vgg16().features
  EXPECT_EQ(backbone->named_parameters()["classifier.0.weight"].sizes(), (std::vector<std::int64_t>{4096, 512}));
  EXPECT_EQ(backbone->named_parameters()["classifier.3.weight"].sizes(), (std::vector<std::int64_t>{4096, 4096}));
  EXPECT_EQ(backbone->feature_size(), 4096);
}

TEST(Models, ResNet18HasTheTorchvisionParameterCount) {
  ModelConfig config = small_config("resnet18", "perframe");
  config.width = 1;
  auto backbone = make_backbone(config);
  EXPECT_EQ(parameter_count(*backbone), 11689512 - 513000);  // torchvision resnet18() without its fc
  EXPECT_TRUE(backbone->named_parameters().contains("layer2.0.downsample.0.weight"));
  EXPECT_EQ(backbone->feature_size(), 512);
}

TEST(Models, TinyBackboneStaysSmall) {
  ModelConfig config = small_config("tiny", "perframe");
  config.width = 1;
  config.input_size = 64;
  auto backbone = make_backbone(config);
  EXPECT_GT(parameter_count(*backbone), 10000);
  EXPECT_LT(parameter_count(*backbone), 1000000);
  EXPECT_EQ(backbone->forward(torch::randn({2, 3, 64, 64})).sizes(), (std::vector<std::int64_t>{2, 256}));
}

TEST(Models, PretrainedBackboneRoundTrips) {
  testing::TempDir dir;
  torch::manual_seed(9);
  const ModelConfig config = small_config("resnet18", "rnn");
  auto source = make_backbone(config);
  {
    torch::NoGradGuard no_grad;
    // Non-default BN statistics (and batch counters), so the test sees buffers being loaded.
    for (auto& buffer : source->named_buffers()) buffer.value().fill_(buffer.value().is_floating_point() ? 1.25 : 42);
  }
  const std::string path = (dir / "backbone.pt").string();
  save_backbone_weights(*source, path);

  ModelConfig pretrained = config;
  pretrained.pretrained_backbone = path;
  auto model = make_model(pretrained);
  const auto parameters = model->named_parameters();
  const auto buffers = model->named_buffers();
  for (const auto& parameter : source->named_parameters()) {
    EXPECT_TRUE(torch::equal(parameters["backbone." + parameter.key()], parameter.value())) << parameter.key();
  }
  for (const auto& buffer : source->named_buffers()) {
    EXPECT_TRUE(torch::equal(buffers["backbone." + buffer.key()], buffer.value())) << buffer.key();
  }
}

TEST(Models, PretrainedBackboneMismatchNamesFileAndTensor) {
  testing::TempDir dir;
  const ModelConfig config = small_config("tiny", "perframe");
  const std::string path = (dir / "tiny.pt").string();
  save_backbone_weights(*make_backbone(config), path);

  ModelConfig narrower = config;
  narrower.width = 0.25;
  auto backbone = make_backbone(narrower);
  std::string message = testing::user_error_of([&] { load_backbone_weights(*backbone, path); });
  EXPECT_NE(message.find(path), std::string::npos) << message;
  EXPECT_NE(message.find("'features.0.weight' has shape [8, 3, 3, 3]"), std::string::npos) << message;
  EXPECT_NE(message.find("needs [4, 3, 3, 3]"), std::string::npos) << message;

  ModelConfig resnet = small_config("resnet18", "perframe");
  resnet.pretrained_backbone = path;
  message = testing::user_error_of([&] { make_model(resnet); });
  EXPECT_NE(message.find(path), std::string::npos) << message;
  EXPECT_NE(message.find("lack tensor 'conv1.weight'"), std::string::npos) << message;

  message = testing::user_error_of([&] { load_backbone_weights(*backbone, (dir / "missing.pt").string()); });
  EXPECT_NE(message.find("missing.pt: cannot read backbone weights"), std::string::npos) << message;
}

TEST(Models, ReinitialiseResetsOnlyTheNamedPrefixes) {
  torch::manual_seed(10);
  auto model = make_model(small_config("tiny", "rnn"));
  {
    torch::NoGradGuard no_grad;
    for (auto& parameter : model->parameters()) parameter.fill_(7);
  }
  EXPECT_EQ(reinitialise_parameters(*model, {"out", "fc.weight_hh"}), 3);
  const auto parameters = model->named_parameters();
  EXPECT_FALSE(torch::equal(parameters["out.weight"], torch::full_like(parameters["out.weight"], 7)));
  EXPECT_TRUE(torch::equal(parameters["out.bias"], torch::zeros_like(parameters["out.bias"])));
  EXPECT_TRUE(torch::equal(parameters["fc.weight_hh"], torch::zeros_like(parameters["fc.weight_hh"])));
  EXPECT_TRUE(torch::equal(parameters["fc.weight"], torch::full_like(parameters["fc.weight"], 7)));
  const std::string message = testing::user_error_of([&] { reinitialise_parameters(*model, {"ou"}); });
  EXPECT_NE(message.find("'ou' names no parameter"), std::string::npos) << message;
}

TEST(Models, DescribeModelSummarisesVariantBackboneAndSize) {
  auto model = make_model(small_config("tiny", "postrnn"));
  const std::string line = describe_model(*model);
  EXPECT_EQ(line.rfind("postrnn · tiny ×0.5 @32px · pose (3) · ", 0), 0u) << line;
  EXPECT_NE(line.find("trainable)"), std::string::npos) << line;
  std::int64_t expected = 0;
  for (const auto& parameter : model->parameters()) expected += parameter.numel();
  EXPECT_EQ(parameter_count(*model), expected);
}

}  // namespace
}  // namespace synhead::trainer
