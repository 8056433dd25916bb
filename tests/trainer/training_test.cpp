#include <unistd.h>

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "learnable_dataset.h"
#include "temp_dir.h"
#include "user_error.h"
#include "synhead/trainer/checkpoint.h"
#include "synhead/trainer/evaluation.h"
#include "synhead/trainer/models.h"
#include "synhead/trainer/targets.h"
#include "synhead/trainer/training.h"

namespace synhead::trainer {
namespace {

using testing::TempDir;
using testing::user_error_of;

std::vector<nlohmann::json> log_lines(const std::filesystem::path& run) {
  std::vector<nlohmann::json> lines;
  std::ifstream in(run / "log.jsonl");
  std::string text;
  while (std::getline(in, text)) lines.push_back(nlohmann::json::parse(text));
  return lines;
}

class TrainingTest : public ::testing::Test {
 protected:
  // One dataset for the suite (TempDir needs a running test, so the suite manages its own directory).
  static void SetUpTestSuite() {
    data_ = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                      ("synhead_training_data_" + std::to_string(::getpid())));
    std::filesystem::remove_all(*data_);
    testing::write_learnable_dataset(*data_, kSequences, kFrames);
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*data_);
    delete data_;
    data_ = nullptr;
  }

  TrainConfig config(int steps) const {
    TrainConfig c;
    c.seed = 5;
    c.steps = steps;
    c.threads = 1;
    c.log_every = 1;
    c.validate_every = 0;
    c.validation_batches = 2;
    c.checkpoint_every = 1000;
    c.model.input_size = 32;
    c.model.fc_units = 32;
    c.model.width = 0.5;
    c.data.path = data_->string();
    c.data.window = 4;
    c.data.batch_size = 4;
    c.data.workers = 2;
    c.data.prefetch = 2;
    c.data.validation_fraction = 0.25;
    c.data.augment.blur_probability = 0;
    c.optim.lr = 3e-3;
    c.optim.warmup_steps = 5;
    return c;
  }

  // Mean absolute angle over the dataset: the error of a model that always answers 0°. About the same in every
  // sequence, since each spans about one period of its zero-mean sinusoids.
  static double zero_prediction_error() {
    double sum = 0;
    int count = 0;
    for (int s = 0; s < kSequences; ++s) {
      for (int f = 0; f < kFrames; ++f) {
        const auto a = testing::learnable_labels(s, f).angles;
        sum += (std::abs(a.pitch) + std::abs(a.yaw) + std::abs(a.roll)) / 3;
        ++count;
      }
    }
    return sum / count;
  }

  TrainOptions run_in(const std::string& name) const {
    TrainOptions o;
    o.out = runs.path() / name;
    return o;
  }

  static constexpr int kSequences = 16;  // 12 train (a quarter of their tracks held out for validation), 4 test
  static constexpr int kFrames = 40;
  static std::filesystem::path* data_;
  TempDir runs;
};

std::filesystem::path* TrainingTest::data_ = nullptr;

TEST_F(TrainingTest, ATinyRunReducesTheLossClearlyAndWritesTheRunDirectory) {
  const int kSteps = 200;
  TrainConfig c = config(kSteps);
  c.model.input_size = 64;  // at 32 px five poolings leave too coarse a map to place the dot
  c.model.fc_units = 64;
  c.validation_batches = 8;
  c.validate_every = 100;
  const TrainOptions options = run_in("perframe");
  const TrainSummary summary = train(c, options);
  EXPECT_EQ(summary.steps, kSteps);
  const auto lines = log_lines(options.out);
  double first = 0, last = 0;
  int train_lines = 0;
  for (const auto& line : lines) {
    if (!line.contains("loss")) continue;
    if (train_lines < 10) first += line["loss"].get<double>();
    if (line["step"].get<int>() > kSteps - 10) last += line["loss"].get<double>();
    ++train_lines;
  }
  EXPECT_EQ(train_lines, kSteps);
  EXPECT_LT(last / first, 0.2) << "mean loss of the last 10 steps vs the first 10";
  EXPECT_TRUE(lines.back().contains("validation"));
  // Learning, not memorising: on held-out tracks the error must be far below that of always answering 0° (the
  // poses are zero-mean sinusoids).
  const double baseline = zero_prediction_error();
  EXPECT_LT(summary.best_metric, 0.6 * baseline) << "validation mean angle error; 0° answers: " << baseline;
  for (const char* file : {"config.yaml", "log.jsonl", "best.ckpt", "last.ckpt"}) {
    EXPECT_TRUE(std::filesystem::exists(options.out / file)) << file;
  }
  EXPECT_EQ(read_checkpoint_meta(options.out / "last.ckpt").step, kSteps);

  EvalOptions eval;
  eval.checkpoint = options.out / "best.ckpt";
  eval.data = *data_;
  eval.predictions = runs.path() / "predictions.csv";
  eval.threads = 1;
  const nlohmann::json metrics = evaluate(eval);
  EXPECT_EQ(metrics["frames"], 4 * kFrames);
  EXPECT_EQ(metrics["split"], "test");
  const auto& perframe = metrics["methods"]["perframe"];
  for (const char* angle : {"pitch", "yaw", "roll"}) EXPECT_TRUE(perframe[angle].contains("mae")) << angle;
  EXPECT_LT(perframe["mean_mae"].get<double>(), 0.6 * baseline) << "test mean angle error; 0° answers: " << baseline;
  std::ifstream csv(*eval.predictions);
  std::string header;
  std::getline(csv, header);
  EXPECT_EQ(header, "sequence,frame,time_s,pitch,yaw,roll,gt_pitch,gt_yaw,gt_roll");
  int rows = 0;
  for (std::string row; std::getline(csv, row);) ++rows;
  EXPECT_EQ(rows, 4 * kFrames);
}

TEST_F(TrainingTest, PoseAndLandmarkModelsAreEvaluatedWithBothMetricSets) {
  TrainConfig c = config(3);
  c.model.outputs = "both";
  const TrainOptions options = run_in("both");
  train(c, options);
  EvalOptions eval;
  eval.checkpoint = options.out / "last.ckpt";
  eval.data = *data_;
  eval.predictions = runs.path() / "both.csv";
  eval.threads = 1;
  const nlohmann::json metrics = evaluate(eval);
  const auto& method = metrics["methods"]["perframe"];
  EXPECT_TRUE(method.contains("mean_mae"));
  for (const char* key : {"nme_mean", "auc_0.08", "failure_rate_0.08"}) {
    EXPECT_TRUE(method["landmarks"].contains(key)) << key;
  }
  std::ifstream csv(*eval.predictions);
  std::string header, row;
  std::getline(csv, header);
  std::getline(csv, row);
  EXPECT_NE(header.find(",gt_roll,x_0,"), std::string::npos);
  EXPECT_NE(header.find(",y_67"), std::string::npos);
  // Landmarks come back in image pixels: near the 64-px image (an untrained model's points stay around the crop).
  std::vector<std::string> cells;
  std::stringstream cells_in(row);
  for (std::string cell; std::getline(cells_in, cell, ',');) cells.push_back(cell);
  ASSERT_EQ(cells.size(), 9u + 136u);
  const double x0 = std::stod(cells[9]);
  EXPECT_GT(x0, -64);
  EXPECT_LT(x0, 128);
}

TEST_F(TrainingTest, AnInitialisedRunIsValidatedBeforeItTrains) {
  const TrainOptions source = run_in("source");
  train(config(3), source);
  TrainOptions options = run_in("finetune");
  options.init = source.out / "last.ckpt";
  TrainConfig c = config(2);
  c.model.variant = "rnn";
  train(c, options);
  const auto lines = log_lines(options.out);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.front()["step"], 0);
  EXPECT_TRUE(lines.front().contains("validation"));
  EXPECT_LE(read_checkpoint_meta(options.out / "best.ckpt").best_metric,
            lines.front()["validation"]["metric"].get<double>());
}

TEST_F(TrainingTest, ResumeContinuesBitExactly) {
  TrainConfig c = config(10);
  c.model.variant = "rnn";
  c.checkpoint_every = 5;
  const TrainOptions straight = run_in("straight");
  train(c, straight);

  const TrainOptions interrupted = run_in("interrupted");
  TrainConfig first_half = c;
  first_half.steps = 5;
  train(first_half, interrupted);
  TrainOptions resume = interrupted;
  resume.resume = true;
  train(resume_config(interrupted.out, c), resume);

  const auto a = read_model_tensors(straight.out / "last.ckpt");
  const auto b = read_model_tensors(interrupted.out / "last.ckpt");
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].first, b[i].first);
    EXPECT_TRUE(torch::equal(a[i].second, b[i].second)) << a[i].first;
  }
  const auto log_a = log_lines(straight.out);
  const auto log_b = log_lines(interrupted.out);
  // The same training lines (the interrupted run also validated when its first half ended).
  std::vector<nlohmann::json> losses_a, losses_b;
  for (const auto& line : log_a) if (line.contains("loss")) losses_a.push_back(line);
  for (const auto& line : log_b) if (line.contains("loss")) losses_b.push_back(line);
  ASSERT_EQ(losses_a.size(), 10u);
  ASSERT_EQ(losses_b.size(), 10u);
  for (std::size_t i = 0; i < 10; ++i) EXPECT_EQ(losses_a[i]["loss"], losses_b[i]["loss"]) << "step " << i + 1;
}

// Recurrent evaluation runs each 40-frame sequence in chunks with the state carried: the estimates equal one pass over
// the whole sequence (chunk_frames ≥ its length, how eval ran before chunks existed) within 1e-5 of the network's
// output (angles / 90°).
TEST_F(TrainingTest, ChunkedEvaluationEqualsWholeSequenceEvaluation) {
  for (const std::string variant : {"perframe", "postrnn", "rnn"}) {
    TrainConfig c = config(1);
    c.model.variant = variant;
    c.model.whh_init = "orthogonal";
    c.model.whh_gain = 0.9;
    torch::manual_seed(3);
    auto model = make_model(c.model);
    {
      torch::NoGradGuard no_grad;
      for (auto& parameter : model->named_parameters()) {
        if (parameter.key().rfind("correction.", 0) == 0) parameter.value().normal_(0, 0.5);
      }
    }
    const auto checkpoint = runs.path() / (variant + ".ckpt");
    save_checkpoint(checkpoint, *model, nullptr, CheckpointMeta{c, 0, 0, "mean_mae_deg"});

    auto predictions = [&](int chunk_frames) {
      EvalOptions eval;
      eval.checkpoint = checkpoint;
      eval.data = *data_;
      eval.threads = 1;
      eval.chunk_frames = chunk_frames;
      estimation::PredictionTable table;
      evaluate(eval, &table);
      return table;
    };
    const estimation::PredictionTable whole = predictions(1000);
    const estimation::PredictionTable chunked = predictions(7);  // 40 = 5 × 7 + 5: a shorter last chunk too
    ASSERT_EQ(whole.sequences.size(), 4u);
    ASSERT_EQ(chunked.sequences.size(), whole.sequences.size());
    double largest = 0;
    for (std::size_t s = 0; s < whole.sequences.size(); ++s) {
      const auto& a = whole.sequences[s];
      const auto& b = chunked.sequences[s];
      ASSERT_EQ(a.id, b.id);
      ASSERT_EQ(a.frames, b.frames);
      for (int angle = 0; angle < 3; ++angle) {
        ASSERT_EQ(a.pose[angle].size(), static_cast<std::size_t>(kFrames));
        for (std::size_t f = 0; f < a.pose[angle].size(); ++f) {
          largest = std::max(largest, std::abs(a.pose[angle][f] - b.pose[angle][f]) / kAngleScaleDeg);
        }
      }
    }
    EXPECT_LT(largest, 1e-5) << variant;
  }
}

TEST_F(TrainingTest, RunDirectoriesAreNotOverwrittenAndResumeChecksTheConfig) {
  const TrainOptions options = run_in("once");
  train(config(2), options);
  EXPECT_NE(user_error_of([&] { train(config(2), options); }).find("already holds a run"), std::string::npos);

  TrainConfig changed = config(4);
  changed.optim.lr = 0.5;
  EXPECT_NE(user_error_of([&] { resume_config(options.out, changed); }).find("'optim.lr' differs"), std::string::npos);
  EXPECT_EQ(resume_config(options.out, config(4)).steps, 4);
  TrainConfig elsewhere = config(4);
  elsewhere.eval_chunk_frames = 16;  // how the run is evaluated, not what it learns: may change (device too)
  EXPECT_EQ(resume_config(options.out, elsewhere).eval_chunk_frames, 16);
  EXPECT_NE(user_error_of([&] { resume_config(runs.path() / "none", std::nullopt); }).find("nothing to resume"),
            std::string::npos);
}

}  // namespace
}  // namespace synhead::trainer
