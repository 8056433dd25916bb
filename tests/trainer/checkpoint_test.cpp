#include <fstream>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "temp_dir.h"
#include "user_error.h"
#include "synhead/trainer/checkpoint.h"
#include "synhead/trainer/model_init.h"
#include "synhead/trainer/models.h"

namespace synhead::trainer {
namespace {

using testing::TempDir;
using testing::user_error_of;

ModelConfig small_model(const std::string& variant = "perframe") {
  ModelConfig m;
  m.variant = variant;
  m.input_size = 32;
  m.fc_units = 16;
  m.width = 0.25;
  return m;
}

CheckpointMeta meta_for(const ModelConfig& model, std::int64_t step) {
  CheckpointMeta meta;
  meta.config.model = model;
  meta.config.steps = 77;
  meta.step = step;
  meta.best_metric = 3.5;
  meta.metric_name = "mean_mae_deg";
  return meta;
}

class CheckpointTest : public ::testing::Test {
 protected:
  void SetUp() override { torch::set_num_threads(1); }
  TempDir dir;
};

TEST_F(CheckpointTest, RoundTripsWeightsBuffersMetaAndOptimiserState) {
  torch::manual_seed(1);
  auto model = make_model(small_model());
  torch::optim::Adam optimizer(trainable_parameters(*model), torch::optim::AdamOptions(1e-3));
  const auto x = torch::randn({2, 3, 3, 32, 32});
  model->forward(x).pow(2).sum().backward();  // one step, so the optimiser and BN statistics have state
  optimizer.step();
  const auto file = dir.path() / "a.ckpt";
  save_checkpoint(file, *model, &optimizer, meta_for(model->config(), 12));

  const CheckpointMeta meta = read_checkpoint_meta(file);
  EXPECT_EQ(meta.step, 12);
  EXPECT_EQ(meta.config.steps, 77);
  EXPECT_EQ(meta.config.model.fc_units, 16);
  EXPECT_EQ(meta.metric_name, "mean_mae_deg");
  EXPECT_DOUBLE_EQ(meta.best_metric, 3.5);

  torch::manual_seed(2);
  auto loaded = load_model(file);
  model->eval();
  loaded->eval();
  EXPECT_TRUE(torch::equal(model->forward(x), loaded->forward(x)));

  // The restored optimiser continues exactly: one more step on the same gradients gives the same weights.
  torch::optim::Adam restored(trainable_parameters(*loaded), torch::optim::AdamOptions(1e-3));
  load_optimizer_state(file, restored);
  model->train();
  loaded->train();
  for (auto* m : {model.get(), loaded.get()}) {
    for (auto& p : m->parameters()) p.mutable_grad() = torch::ones_like(p);
  }
  optimizer.step();
  restored.step();
  const auto a = model->parameters();
  const auto b = loaded->parameters();
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(torch::equal(a[i], b[i])) << i;
}

TEST_F(CheckpointTest, IsWrittenAtomicallyWithNoTemporaryLeftBehind) {
  auto model = make_model(small_model());
  save_checkpoint(dir.path() / "m.ckpt", *model, nullptr, meta_for(model->config(), 0));
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    ++files;
    EXPECT_EQ(entry.path().filename(), "m.ckpt");
  }
  EXPECT_EQ(files, 1);
}

TEST_F(CheckpointTest, MalformedFilesAreClearErrors) {
  const auto garbage = dir.path() / "garbage.ckpt";
  std::ofstream(garbage) << "not a checkpoint";
  EXPECT_NE(user_error_of([&] { read_checkpoint_meta(garbage); }).find("garbage.ckpt: not a synhead checkpoint"),
            std::string::npos);
  EXPECT_NE(user_error_of([&] { read_checkpoint_meta(dir.path() / "missing.ckpt"); }).find("no such checkpoint"),
            std::string::npos);
}

TEST_F(CheckpointTest, MismatchedModelNamesTheTensorAndShapes) {
  auto model = make_model(small_model());
  const auto file = dir.path() / "small.ckpt";
  save_checkpoint(file, *model, nullptr, meta_for(model->config(), 0));
  ModelConfig wider = small_model();
  wider.fc_units = 32;
  auto other = make_model(wider);
  const std::string message = user_error_of([&] { load_model_state(file, *other); });
  EXPECT_NE(message.find("small.ckpt: tensor 'fc.bias' has shape [16] in the checkpoint, the model expects [32]"),
            std::string::npos)
      << message;

  auto rnn = make_model(small_model("rnn"));
  EXPECT_NE(user_error_of([&] { load_model_state(file, *rnn); }).find("checkpoint has no tensor 'fc.weight_hh'"),
            std::string::npos);

  torch::optim::Adam optimizer(trainable_parameters(*model), torch::optim::AdamOptions(1e-3));
  EXPECT_NE(user_error_of([&] { load_optimizer_state(file, optimizer); }).find("no optimiser state"),
            std::string::npos);
}

TEST_F(CheckpointTest, RnnStartsFromAPerFrameCheckpointAsThePerFrameNetwork) {
  torch::manual_seed(3);
  auto perframe = make_model(small_model());
  const auto file = dir.path() / "perframe.ckpt";
  save_checkpoint(file, *perframe, nullptr, meta_for(perframe->config(), 0));
  auto rnn = make_model(small_model("rnn"));
  initialise_from_checkpoint(*rnn, file, InitConfig{});
  perframe->eval();
  rnn->eval();
  const auto x = torch::randn({2, 4, 3, 32, 32});
  EXPECT_TRUE(torch::allclose(rnn->forward(x), perframe->forward(x), 1e-5, 1e-6));

  auto postrnn = make_model(small_model("postrnn"));
  initialise_from_checkpoint(*postrnn, file, InitConfig{});
  postrnn->eval();
  EXPECT_TRUE(torch::allclose(postrnn->forward(x), perframe->forward(x), 1e-5, 1e-6));
}

TEST_F(CheckpointTest, InitResetsAndFreezesNamedParts) {
  auto perframe = make_model(small_model());
  const auto file = dir.path() / "perframe.ckpt";
  save_checkpoint(file, *perframe, nullptr, meta_for(perframe->config(), 0));
  auto model = make_model(small_model());
  InitConfig init;
  init.reset = {"out"};
  initialise_from_checkpoint(*model, file, init);
  const auto before = perframe->named_parameters()["out.weight"];
  EXPECT_FALSE(torch::equal(model->named_parameters()["out.weight"], before));
  EXPECT_TRUE(torch::equal(model->named_parameters()["fc.weight"], perframe->named_parameters()["fc.weight"]));

  apply_freeze(*model, {"backbone"});
  for (const auto& p : model->named_parameters()) {
    EXPECT_EQ(p.value().requires_grad(), p.key().rfind("backbone.", 0) != 0) << p.key();
  }
  EXPECT_NE(user_error_of([&] { apply_freeze(*model, {"nothing"}); }).find("'nothing' names no parameter"),
            std::string::npos);
}

}  // namespace
}  // namespace synhead::trainer
