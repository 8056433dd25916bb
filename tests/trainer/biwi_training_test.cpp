// Training, fine-tuning, evaluation and the protocol report on BIWI trees as distributed (generated: the database is
// not redistributable): labels from poses, crops around the head centre, split files instead of split tags.

#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "learnable_biwi.h"
#include "learnable_dataset.h"
#include "temp_dir.h"
#include "tiny_run.h"
#include "user_error.h"
#include "synhead/trainer/evaluation.h"
#include "synhead/trainer/protocol_report.h"
#include "synhead/trainer/training.h"
#include "synhead/trainer/window_index.h"

namespace synhead::trainer {
namespace {

using testing::TempDir;
using testing::user_error_of;

nlohmann::json read_json(const std::filesystem::path& file) {
  std::ifstream in(file);
  return nlohmann::json::parse(in);
}

void write_splits(const std::filesystem::path& file, const std::vector<std::string>& train,
                  const std::vector<std::string>& test) {
  std::ofstream(file) << nlohmann::json{{"protocol", "test"}, {"splits", {{"train", train}, {"test", test}}}}.dump();
}

// BIWI gives no landmarks: crops around the head centre.
TrainConfig tiny(int steps) {
  TrainConfig c = testing::tiny_run(steps);
  c.data.crop.rule = "head_centre";
  c.data.crop.head_box_mm = testing::kLearnableHeadBoxMm;
  return c;
}

class BiwiTraining : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::write_learnable_biwi(dir / "hpdb", 4, 16);
    write_splits(dir / "split.json", {"01", "02", "03"}, {"04"});
  }
  std::string biwi() const { return "biwi:" + (dir / "hpdb").string(); }
  TempDir dir;
};

TEST_F(BiwiTraining, IndexTakesLabelsFromPosesAndBoxesAroundTheHeadCentre) {
  DataConfig data = tiny(1).data;
  data.splits = (dir / "split.json").string();
  data.split = "test";
  const WindowIndex index(biwi(), data, Subset::All);
  ASSERT_EQ(index.sequences().size(), 1u);
  const IndexedSequence& s = index.sequences().front();
  EXPECT_EQ(s.id, "04");
  EXPECT_FALSE(index.has_landmarks());
  ASSERT_EQ(s.labels().size(), 16u);  // frames 0..16 without 5
  EXPECT_EQ(s.labels()[5].frame, 6);
  // Read back into the RGB camera through the non-identity extrinsics: the poses that were drawn.
  const dataset::FrameLabels drawn = testing::learnable_labels(3, 6);
  EXPECT_NEAR(s.labels()[5].angles.yaw, drawn.angles.yaw, 1e-6);
  EXPECT_NEAR(s.labels()[5].angles.pitch, drawn.angles.pitch, 1e-6);
  EXPECT_NEAR(s.labels()[5].translation_mm.z, 900, 1e-6);
  // Hand computation: centre (0, 0, 900) projects to (32, 32); side 60 px × 600 mm / 900 mm = 40 px.
  EXPECT_NEAR(s.face_boxes[5].x, 12, 1e-6);
  EXPECT_NEAR(s.face_boxes[5].y, 12, 1e-6);
  EXPECT_NEAR(s.face_boxes[5].w, 40, 1e-6);
  EXPECT_NEAR(s.face_boxes[5].h, 40, 1e-6);
}

TEST_F(BiwiTraining, LandmarkCropsSplitTagsAndUnknownIdsAreClearErrors) {
  DataConfig data = tiny(1).data;
  data.split = "";  // every sequence
  data.crop.rule = "landmarks";
  EXPECT_NE(user_error_of([&] { WindowIndex(biwi(), data, Subset::All); }).find("data.crop.rule to head_centre"),
            std::string::npos);
  data = tiny(1).data;  // split "train", but BIWI carries no tags
  EXPECT_NE(user_error_of([&] { WindowIndex(biwi(), data, Subset::All); }).find("data.splits assigns tags"),
            std::string::npos);
  write_splits(dir / "bad.json", {"01", "09"}, {"04"});
  data.splits = (dir / "bad.json").string();
  const std::string message = user_error_of([&] { WindowIndex(biwi(), data, Subset::All); });
  EXPECT_NE(message.find("bad.json"), std::string::npos) << message;
  EXPECT_NE(message.find("'09'"), std::string::npos) << message;
}

TEST_F(BiwiTraining, FineTunesASyntheticCheckpointAndEvaluatesTheTestVideos) {
  testing::write_learnable_dataset(dir / "synthetic", 4, 16);
  TrainConfig pretrain = tiny(3);
  pretrain.data.path = (dir / "synthetic").string();
  train(pretrain, {dir / "pretrained", std::nullopt, false});

  TrainConfig finetune = tiny(3);
  finetune.data.path = biwi();
  finetune.data.splits = (dir / "split.json").string();
  finetune.optim.lr = 3e-4;
  const TrainSummary summary = train(finetune, {dir / "finetuned", dir / "pretrained" / "best.ckpt", false});
  EXPECT_EQ(summary.steps, 3);
  EXPECT_TRUE(std::filesystem::exists(dir / "finetuned" / "best.ckpt"));

  EvalOptions eval;
  eval.checkpoint = dir / "finetuned" / "best.ckpt";
  eval.data = biwi();  // the run's own data: its split file is used
  eval.threads = 1;
  const nlohmann::json metrics = evaluate(eval);
  EXPECT_EQ(metrics["sequences"], 1);
  EXPECT_EQ(metrics["frames"], 16);
  for (const char* angle : {"pitch", "yaw", "roll"}) {
    const double mae = metrics["methods"]["perframe"][angle]["mae"].get<double>();
    EXPECT_TRUE(std::isfinite(mae) && mae > 0) << angle;
  }
  // The synthetic checkpoint has no split file of its own: on BIWI it needs one.
  eval.checkpoint = dir / "pretrained" / "best.ckpt";
  EXPECT_NE(user_error_of([&] { evaluate(eval); }).find("no sequence has split 'test'"), std::string::npos);
  eval.splits = dir / "split.json";
  EXPECT_EQ(evaluate(eval)["frames"], 16);
}

TEST_F(BiwiTraining, ALandmarkModelIsRefusedBeforeTheRunDirectoryIsWritten) {
  TrainConfig c = tiny(2);
  c.model.outputs = "both";
  c.data.path = biwi();
  c.data.splits = (dir / "split.json").string();
  EXPECT_NE(user_error_of([&] { train(c, {dir / "run", std::nullopt, false}); }).find("model.outputs: pose"),
            std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir / "run" / "config.yaml"));
  c.model.outputs = "pose";
  c.data.path = (dir / "missing").string();
  EXPECT_NE(user_error_of([&] { train(c, {dir / "run2", std::nullopt, false}); }), "<no error>");
  EXPECT_FALSE(std::filesystem::exists(dir / "run2"));
}

TEST_F(BiwiTraining, ProtocolReportHasTheThreeRowsAveragedOverSplits) {
  testing::write_learnable_dataset(dir / "synthetic", 4, 16);
  TrainConfig pretrain = tiny(2);
  pretrain.data.path = (dir / "synthetic").string();
  train(pretrain, {dir / "pretrained", std::nullopt, false});
  write_splits(dir / "split2.json", {"02", "03", "04"}, {"01"});

  ProtocolReportConfig config;
  config.data = biwi();
  config.pretrained = (dir / "pretrained" / "best.ckpt").string();
  config.splits = {(dir / "split.json").string(), (dir / "split2.json").string()};
  config.threads = 1;
  config.scratch = tiny(2);
  config.finetune = tiny(2);
  const nlohmann::json metrics = run_protocol_report(config, {dir / "report", std::nullopt});

  EXPECT_EQ(read_json(dir / "report" / "metrics.json"), metrics);
  ASSERT_EQ(metrics["per_split"].size(), 2u);
  for (const char* row : {"biwi_only", "finetuned", "synhead_only"}) {
    ASSERT_TRUE(metrics["methods"].contains(row)) << row;
    const double mean = (metrics["per_split"][0]["methods"][row]["mean_mae"].get<double>() +
                         metrics["per_split"][1]["methods"][row]["mean_mae"].get<double>()) / 2;
    EXPECT_NEAR(metrics["methods"][row]["mean_mae"].get<double>(), mean, 1e-9) << row;
  }
  EXPECT_TRUE(std::filesystem::exists(dir / "report" / "runs" / "split2" / "finetune" / "best.ckpt"));
  // Each split trains with its own seed: the splits are also the protocol's training seeds.
  for (int k = 0; k < 2; ++k) {
    EXPECT_EQ(metrics["per_split"][k]["seed"].get<int>(), k);
    const auto run = dir / "report" / "runs" / ("split" + std::to_string(k + 1)) / "scratch" / "config.yaml";
    EXPECT_EQ(YAML::LoadFile(run.string())["seed"].as<int>(), k) << run;
  }
  std::ifstream table(dir / "report" / "table.md");
  const std::string text{std::istreambuf_iterator<char>(table), {}};
  EXPECT_NE(text.find("| Err/Std | BIWI only | synhead → BIWI (fine-tuned) | synhead only |"), std::string::npos) << text;
}

}  // namespace
}  // namespace synhead::trainer
