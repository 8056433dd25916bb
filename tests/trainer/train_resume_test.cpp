#include "synhead/trainer/train_resume.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "synhead/core/config.h"
#include "synhead/trainer/checkpoint.h"
#include "temp_dir.h"
#include "user_error.h"

namespace synhead::trainer {
namespace {

using testing::TempDir;
using testing::user_error_of;
using testing::write_file;

// A run directory whose last.ckpt holds `config` (the weights do not matter to the config's merge).
class ResumedTrainConfig : public ::testing::Test {
 protected:
  void SetUp() override {
    run_.seed = 9;
    run_.steps = 20;
    run_.optim.lr = 0.002;
    run_.data.path = "data/a";
    CheckpointMeta meta;
    meta.config = run_;
    meta.step = 20;
    save_checkpoint(dir_ / "run" / "last.ckpt", *torch::nn::Linear(2, 1), nullptr, meta);
  }
  TempDir dir_;
  TrainConfig run_;
};

TEST_F(ResumedTrainConfig, WithoutAFileIsTheRunsOwnConfig) {
  const TrainConfig c = resumed_train_config(dir_ / "run", std::nullopt, {});
  EXPECT_EQ(core::config_to_yaml(c), core::config_to_yaml(run_));
}

TEST_F(ResumedTrainConfig, OverridesExtendTheRunsOwnConfig) {
  const TrainConfig c = resumed_train_config(dir_ / "run", std::nullopt, {{"steps=30", "--steps 30"}});
  EXPECT_EQ(c.steps, 30);
  EXPECT_EQ(c.seed, 9u);
  EXPECT_EQ(c.optim.lr, 0.002);
  EXPECT_EQ(c.data.path, "data/a");
}

TEST_F(ResumedTrainConfig, AnOverrideOtherThanStepsIsRefusedNamingTheKey) {
  const std::string message = user_error_of([&] { resumed_train_config(dir_ / "run", std::nullopt, {{"optim.lr=0.1", ""}}); });
  EXPECT_NE(message.find("'optim.lr' differs"), std::string::npos) << message;
  // A bad override is named by where it came from, as for a new run.
  const std::string typo = user_error_of([&] { resumed_train_config(dir_ / "run", std::nullopt, {{"stepz=3", "--set stepz=3"}}); });
  EXPECT_NE(typo.find("--set stepz=3"), std::string::npos) << typo;
  EXPECT_NE(typo.find("unknown key 'stepz'"), std::string::npos) << typo;
}

TEST_F(ResumedTrainConfig, AFileMustMatchTheRunExceptForSteps) {
  write_file(dir_ / "same.yaml", core::config_to_yaml(run_));
  const TrainConfig c = resumed_train_config(dir_ / "run", dir_ / "same.yaml", {{"steps=25", "--steps 25"}});
  EXPECT_EQ(c.steps, 25);
  EXPECT_EQ(c.seed, 9u);

  TrainConfig other = run_;
  other.seed = 10;
  write_file(dir_ / "other.yaml", core::config_to_yaml(other));
  const std::string message = user_error_of([&] { resumed_train_config(dir_ / "run", dir_ / "other.yaml", {}); });
  EXPECT_NE(message.find("'seed' differs"), std::string::npos) << message;
}

TEST_F(ResumedTrainConfig, NothingToResumeIsAUserError) {
  const std::string message = user_error_of([&] { resumed_train_config(dir_ / "none", std::nullopt, {}); });
  EXPECT_NE(message.find("nothing to resume"), std::string::npos) << message;
}

}  // namespace
}  // namespace synhead::trainer
