// Landmark training, fine-tuning and evaluation on a 300-VW tree as distributed (generated: the learnable dataset
// written in the 300-VW layout by the converter): pose models refused, detector crops with frames where no face
// was found scored as failures, the CED curve, and fine-tuning a pose + landmark model into a landmark-only one.

#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "learnable_dataset.h"
#include "temp_dir.h"
#include "tiny_run.h"
#include "user_error.h"
#include "synhead/core/progress.h"
#include "synhead/dataset/face_boxes.h"
#include "synhead/dataset/source.h"
#include "synhead/dataset/vw300_layout.h"
#include "synhead/trainer/evaluation.h"
#include "synhead/trainer/report.h"
#include "synhead/trainer/training.h"

namespace synhead::trainer {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;
using testing::user_error_of;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// 300-VW labels landmarks only.
TrainConfig tiny_landmarks(int steps) {
  TrainConfig c = testing::tiny_run(steps);
  c.model.outputs = "landmarks";
  return c;
}

class Vw300Training : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::write_learnable_dataset(dir / "synthetic", 4, 12);
    const auto synthetic = dataset::open_data_source((dir / "synthetic").string());
    core::Progress quiet("convert", 48, "frames");
    dataset::write_300vw_layout(*synthetic, dir / "300VW", {}, quiet);
    std::ofstream(dir / "split.json")
        << nlohmann::json{{"protocol", "test"}, {"splits", {{"train", {"001", "002", "003"}}, {"test", {"004"}}}}}.dump();
  }
  std::string vw300() const { return "300vw:" + (dir / "300VW").string(); }
  TempDir dir;
};

TEST_F(Vw300Training, TrainsALandmarkModelAndRefusesAPoseModel) {
  TrainConfig c = tiny_landmarks(2);
  c.data.path = vw300();
  c.data.splits = (dir / "split.json").string();
  EXPECT_EQ(train(c, {dir / "run", std::nullopt, false}).steps, 2);
  EXPECT_TRUE(fs::exists(dir / "run" / "best.ckpt"));
  for (const char* outputs : {"pose", "both"}) {
    c.model.outputs = outputs;
    const std::string message = user_error_of([&] { train(c, {dir / outputs, std::nullopt, false}); });
    EXPECT_TRUE(contains(message, "labels landmarks only (no head pose): set model.outputs: landmarks")) << message;
    EXPECT_FALSE(fs::exists(dir / outputs / "config.yaml"));
  }
}

TEST_F(Vw300Training, DetectorCropsCountFramesWithoutAFaceAsFailuresAndDrawTheCed) {
  TrainConfig c = tiny_landmarks(2);
  c.data.path = vw300();
  c.data.splits = (dir / "split.json").string();
  train(c, {dir / "run", std::nullopt, false});

  // Detector-like boxes of the test video: the landmark boxes, smoothed, with frame 5 missed.
  const auto source = dataset::open_data_source(vw300());
  std::vector<dataset::FaceBoxRow> rows;
  for (const auto& s : source->sequences()) {
    for (const auto& l : s.labels) {
      dataset::FaceBoxRow row{s.id, l.frame, l.box, l.frame == 5 && s.id == "004" ? "detector_held" : "detector", 1};
      rows.push_back(row);
    }
  }
  dataset::write_boxes_csv(dir / "boxes.csv", dataset::smoothed_detector_rows(rows, 2.0));

  EvalOptions eval;
  eval.checkpoint = dir / "run" / "best.ckpt";
  eval.data = vw300();
  eval.threads = 1;
  eval.crop = dataset::CropRuleConfig{"boxes", dataset::kDefaultHeadBoxMm, (dir / "boxes.csv").string()};
  eval.out = dir / "test.json";
  const nlohmann::json metrics = evaluate(eval);
  const nlohmann::json& m = metrics.at("methods").at("perframe");
  EXPECT_FALSE(m.contains("pitch"));  // no pose to score
  const nlohmann::json& l = m.at("landmarks");
  EXPECT_EQ(l.at("frames"), 12);
  EXPECT_EQ(l.at("missed"), 1);
  EXPECT_GE(l.at("failure_rate_0.08").get<double>(), 1.0 / 12);
  EXPECT_NEAR(l.at("ced").at("fraction").back().get<double>(), 1 - l.at("failure_rate_0.08").get<double>(), 1e-12);
  EXPECT_EQ(l.at("normaliser"), "box_diagonal");
  EXPECT_TRUE(fs::exists(dir / "test_ced.png"));

  // The same frames scored on the interpolated crop, and by the eye corners.
  eval.misses_fail = false;
  eval.landmark_normaliser = "inter_ocular";
  eval.out = dir / "scored.json";
  const nlohmann::json scored = evaluate(eval).at("methods").at("perframe").at("landmarks");
  EXPECT_EQ(scored.at("missed"), 0);
  EXPECT_EQ(scored.at("normaliser"), "inter_ocular");
  EXPECT_NE(scored.at("nme_mean").get<double>(), l.at("nme_mean").get<double>());
}

TEST_F(Vw300Training, FineTunesAPoseAndLandmarkModelIntoALandmarkModel) {
  TrainConfig pretrain = tiny_landmarks(2);
  pretrain.model.outputs = "both";
  pretrain.data.path = (dir / "synthetic").string();
  train(pretrain, {dir / "pretrained", std::nullopt, false});

  TrainConfig finetune = tiny_landmarks(2);
  finetune.data.path = vw300();
  finetune.data.splits = (dir / "split.json").string();
  const std::string message =
      user_error_of([&] { train(finetune, {dir / "mismatch", dir / "pretrained" / "best.ckpt", false}); });
  // The output layers differ: 139 vs 136 outputs.
  EXPECT_TRUE(contains(message, "tensor 'out.") && contains(message, "in the checkpoint, the model expects")) << message;
  finetune.init.reset = {"out"};
  EXPECT_EQ(train(finetune, {dir / "finetuned", dir / "pretrained" / "best.ckpt", false}).steps, 2);
}

// Tables 5–7 end to end at toy scale: every method of two splits, with the "+ synhead" rows, on smoothed detector
// crops with a missed frame; the Table-2 report runs landmark models too.
TEST_F(Vw300Training, SplitProtocolReportsEveryMethodPerSplit) {
  TrainConfig pretrain = tiny_landmarks(2);
  pretrain.data.path = (dir / "synthetic").string();
  train(pretrain, {dir / "pretrained", std::nullopt, false});

  const auto source = dataset::open_data_source(vw300());
  std::vector<dataset::FaceBoxRow> rows;
  for (const auto& s : source->sequences())
    for (const auto& l : s.labels) rows.push_back({s.id, l.frame, l.box, l.frame == 3 ? "detector_held" : "detector", 1});
  dataset::write_boxes_csv(dir / "boxes.csv", dataset::smoothed_detector_rows(rows, 2.0));
  std::ofstream(dir / "split2.json")
      << nlohmann::json{{"protocol", "test"}, {"splits", {{"train", {"002", "003", "004"}}, {"test", {"001"}}}}}.dump();

  ReportConfig config;
  config.data = vw300();
  config.threads = 1;
  config.validation_fraction = 0.34;
  config.filters.particles = 20;
  for (TrainConfig* run : {&config.perframe, &config.postrnn, &config.rnn}) {
    const std::string variant = run->model.variant;
    *run = tiny_landmarks(2);
    run->model.variant = variant;
    run->model.postrnn_units = 8;
    run->data.crop.rule = "boxes";
    run->data.crop.boxes = (dir / "boxes.csv").string();
  }
  SplitProtocol protocol;
  protocol.split_files = {(dir / "split.json").string(), (dir / "split2.json").string()};
  protocol.pretrained = dir / "pretrained" / "best.ckpt";
  const nlohmann::json metrics = run_split_protocol(config, protocol, {dir / "report", std::nullopt, "test"});

  ASSERT_EQ(metrics.at("per_split").size(), 2u);
  for (const auto& name : report_method_order()) {
    ASSERT_TRUE(metrics.at("methods").contains(name)) << name;
    const nlohmann::json& l = metrics.at("methods").at(name).at("landmarks");
    const double auc = l.at("auc_0.08").get<double>();
    EXPECT_TRUE(auc >= 0 && auc <= 1) << name;
    // One missed frame in each test video of 12 frames: at least that much failure in every method.
    EXPECT_GE(l.at("failure_rate_0.08").get<double>(), 1.0 / 12 - 1e-12) << name;
    const double mean = (metrics["per_split"][0]["methods"][name]["landmarks"]["auc_0.08"].get<double>() +
                         metrics["per_split"][1]["methods"][name]["landmarks"]["auc_0.08"].get<double>()) / 2;
    EXPECT_NEAR(auc, mean, 1e-12) << name;
  }
  EXPECT_EQ(metrics["per_split"][1]["seed"], 1);  // split k trains with seed + k
  EXPECT_TRUE(fs::exists(dir / "report" / "runs" / "split2" / "rnn_synhead" / "best.ckpt"));
  EXPECT_TRUE(fs::exists(dir / "report" / "split1" / "ced.png"));
  EXPECT_EQ(metrics.at("figure"), "ced.png");
  EXPECT_TRUE(fs::exists(dir / "report" / "ced.png"));
  EXPECT_GT(metrics["per_split"][0]["filter_tuning"]["landmarks"]["r"].get<double>(), 0);
  std::ifstream table_file(dir / "report" / "table.md");
  const std::string table{std::istreambuf_iterator<char>(table_file), {}};
  EXPECT_TRUE(contains(table, "| Method | split 1 AUC | split 1 FR (%) | split 2 AUC | split 2 FR (%) |")) << table;
  EXPECT_TRUE(contains(table, "| RNN + synhead |")) << table;
  EXPECT_TRUE(contains(table, "Mean NME (%) per split")) << table;

  // The one-split comparison (Table 2's report) takes the same landmark runs and split file.
  config.splits = (dir / "split.json").string();
  const nlohmann::json single = run_report(config, {dir / "single", std::nullopt, "test"});
  EXPECT_TRUE(single.at("methods").at("kf").contains("landmarks"));
  EXPECT_EQ(single.at("per_seed").at(0).at("methods").at("kf").at("landmarks").at("missed"), 1);
  EXPECT_TRUE(contains(report_table_markdown(single), "| Method | AUC@0.08 | FR@0.08 (%) | NME (%) |"));
  // Scoring the missed frame on its interpolated crop reuses the runs and leaves no frame missed.
  config.misses_fail = false;
  const nlohmann::json scored = run_report(config, {dir / "single", std::nullopt, "test"});
  EXPECT_EQ(scored.at("per_seed").at(0).at("methods").at("kf").at("landmarks").at("missed"), 0);
  for (const auto& [name, run] : scored.at("per_seed").at(0).at("runs").items())
    EXPECT_EQ(run.at("train_seconds_this_call").get<double>(), 0) << name;
}

}  // namespace
}  // namespace synhead::trainer
