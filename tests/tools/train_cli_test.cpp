// synhead train | eval end to end: run directory, metrics.json contract, exit codes and messages for bad input.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "learnable_biwi.h"
#include "learnable_dataset.h"

namespace synhead {
namespace {

using testing::contains;
using testing::quoted;
using testing::read_file;
using testing::run_cli;
using testing::TempDir;

// Small and fast: 32-px crops, a narrow tiny backbone, a few steps.
const std::string kSmallRun =
    " --threads 1 --set model.input_size=32 --set model.width=0.25 --set model.fc_units=16"
    " --set data.window=4 --set data.batch_size=2 --set data.validation_fraction=0.25 --set validate_every=0"
    " --set validation_batches=2";

TEST(TrainCli, HelpListsOptions) {
  TempDir dir;
  auto r = run_cli("train --help", dir);
  EXPECT_EQ(r.code, 0);
  for (const char* option : {"--config", "--set", "--out", "--init", "--resume", "--threads", "--seed", "--data"}) {
    EXPECT_TRUE(contains(r.out, option)) << option;
  }
  r = run_cli("eval --help", dir);
  EXPECT_EQ(r.code, 0);
  for (const char* option : {"--checkpoint", "--data", "--split", "--out", "--predictions"}) {
    EXPECT_TRUE(contains(r.out, option)) << option;
  }
}

TEST(TrainCli, EveryShippedTrainConfigLoads) {
  TempDir dir;
  for (const char* name :
       {"perframe", "postrnn", "rnn", "perframe_paper", "postrnn_paper", "rnn_paper", "perframe_stream",
        "perframe_stream_demo"}) {
    const auto r = run_cli(std::string("train --config ") + SYNHEAD_SOURCE_DIR + "/configs/train_" + name +
                               ".yaml --out x --print-config",
                           dir);
#ifndef SYNHEAD_WITH_STREAM
    // A build without the render stream refuses the stream configs, naming the section it cannot read.
    if (std::string(name).find("stream") != std::string::npos) {
      EXPECT_EQ(r.code, 2) << name;
      EXPECT_TRUE(contains(r.err, "data.source")) << name << ": " << r.err;
      EXPECT_TRUE(contains(r.err, "without the render stream")) << name << ": " << r.err;
      continue;
    }
#endif
    EXPECT_EQ(r.code, 0) << name << ": " << r.err;
    EXPECT_TRUE(contains(r.out, "variant:")) << name;
  }
}

TEST(TrainCli, TrainsEvaluatesAndWritesTheConventionFiles) {
  TempDir dir;
  testing::write_learnable_dataset(dir / "data", 8, 12);
  auto r = run_cli("-q train --data " + quoted(dir / "data") + " --out " + quoted(dir / "run") + " --steps 4" + kSmallRun,
                   dir);
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* file : {"config.yaml", "log.jsonl", "last.ckpt", "best.ckpt"}) {
    EXPECT_TRUE(std::filesystem::exists(dir / "run" / file)) << file;
  }
  r = run_cli("-q eval --checkpoint " + quoted(dir / "run" / "best.ckpt") + " --data " + quoted(dir / "data") +
                  " --out " + quoted(dir / "metrics.json") + " --predictions " + quoted(dir / "preds.csv") +
                  " --threads 1",
              dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "| yaw")) << r.out;
  const auto metrics = nlohmann::json::parse(read_file(dir / "metrics.json"));
  for (const char* angle : {"pitch", "yaw", "roll"}) {
    EXPECT_TRUE(metrics["methods"]["perframe"][angle].contains("mae")) << angle;
    EXPECT_TRUE(metrics["methods"]["perframe"][angle].contains("std")) << angle;
  }
  EXPECT_TRUE(metrics["methods"]["perframe"].contains("mean_mae"));
  EXPECT_EQ(metrics["split"], "test");
  EXPECT_EQ(metrics["frames"], 2 * 12);

  // Extending a finished run: --resume with a larger --steps continues it.
  r = run_cli("-q train --resume --out " + quoted(dir / "run") + " --steps 6", dir);
  ASSERT_EQ(r.code, 0) << r.err;
}

TEST(TrainCli, BadInputIsExitTwoWithAMessageNamingIt) {
  TempDir dir;
  testing::write_learnable_dataset(dir / "data", 8, 12);
  auto r = run_cli("train --data " + quoted(dir / "data") + " --out " + quoted(dir / "run") + " --set model.depth=3", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "model.depth")) << r.err;

  r = run_cli("train --out " + quoted(dir / "run"), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "data.path")) << r.err;

  r = run_cli("train --data " + quoted(dir / "data") + " --out " + quoted(dir / "run") +
                  " --set data.split=validation_only" + kSmallRun,
              dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "validation_only")) << r.err;

  r = run_cli("train --resume --out " + quoted(dir / "nothing"), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "nothing to resume")) << r.err;

  std::ofstream(dir / "fake.ckpt") << "garbage";
  r = run_cli("eval --checkpoint " + quoted(dir / "fake.ckpt") + " --data " + quoted(dir / "data"), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "fake.ckpt: not a synhead checkpoint")) << r.err;

  r = run_cli("train --data " + quoted(dir / "data") + " --out " + quoted(dir / "run2") + " --init " +
                  quoted(dir / "fake.ckpt") + kSmallRun,
              dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "fake.ckpt")) << r.err;
}

// biwi:PATH trains with the head-centre crop rule and a split file; the wrong crop rule or a missing pretrained
// checkpoint is exit 2 before anything is written.
TEST(TrainCli, BiwiTrainsWithSplitFilesAndMistakesLeaveNothingBehind) {
  TempDir dir;
  testing::write_learnable_biwi(dir / "hpdb", 3, 10);
  std::ofstream(dir / "split.json") << R"({"splits": {"train": ["01", "02"], "test": ["03"]}})";
  const std::string biwi = " --data biwi:" + quoted(dir / "hpdb") + " --set data.splits=" + quoted(dir / "split.json");
  const std::string crop = " --set data.crop.rule=head_centre --set data.crop.head_box_mm=600";
  auto r = run_cli("-q train" + biwi + crop + " --out " + quoted(dir / "run") + " --steps 2" + kSmallRun, dir);
  ASSERT_EQ(r.code, 0) << r.err;
  r = run_cli("-q eval --checkpoint " + quoted(dir / "run" / "best.ckpt") + " --data biwi:" + quoted(dir / "hpdb") +
                  " --out " + quoted(dir / "metrics.json"),
              dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(read_file(dir / "metrics.json"))["frames"], 10);  // video 03, frames 0..10 but 5

  r = run_cli("train" + biwi + " --out " + quoted(dir / "run2") + " --steps 2" + kSmallRun, dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "head_centre")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "run2"));

  r = run_cli("report --protocol biwi-70-30 --data biwi:" + quoted(dir / "hpdb") + " --pretrained " +
                  quoted(dir / "missing.ckpt") + " --out " + quoted(dir / "report"),
              dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "missing.ckpt")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "report"));
}

// --device and the amp key are checked before any work: a bad value is a usage error naming flag or key.
TEST(TrainCli, DevicesAreCheckedUpFront) {
  TempDir dir;
  testing::write_learnable_dataset(dir / "data", 4, 8);
  auto r = run_cli("train --data " + quoted(dir / "data") + " --out " + quoted(dir / "run") + " --device gpu" +
                       kSmallRun,
                   dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "--device gpu") && contains(r.err, "cpu, cuda or cuda:N")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "run"));

  r = run_cli("train --data " + quoted(dir / "data") + " --out " + quoted(dir / "run") + " --set amp=true" + kSmallRun,
              dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "amp") && contains(r.err, "CUDA")) << r.err;

  r = run_cli("report --out " + quoted(dir / "report") + " --data " + quoted(dir / "data") + " --device cuda:x", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "--device cuda:x")) << r.err;

  r = run_cli("-q train --data " + quoted(dir / "data") + " --out " + quoted(dir / "run") +
                  " --device cpu --steps 1" + kSmallRun,
              dir);
  ASSERT_EQ(r.code, 0) << r.err;
  r = run_cli("eval --checkpoint " + quoted(dir / "run" / "last.ckpt") + " --data " + quoted(dir / "data") +
                  " --device tpu",
              dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "--device") && contains(r.err, "'tpu'")) << r.err;
  r = run_cli("-q eval --checkpoint " + quoted(dir / "run" / "last.ckpt") + " --data " + quoted(dir / "data") +
                  " --device cpu --chunk-frames 3",
              dir);
  EXPECT_EQ(r.code, 0) << r.err;
}

}  // namespace
}  // namespace synhead
