#include <fstream>

#include <gtest/gtest.h>

#ifdef SYNHEAD_WITH_STREAM
#include "synhead/renderer/dataset_config.h"
#endif
#include <nlohmann/json.hpp>

#include "learnable_dataset.h"
#include "temp_dir.h"
#include "user_error.h"
#include "synhead/trainer/report.h"

namespace synhead::trainer {
namespace {

using testing::TempDir;
using testing::user_error_of;

const std::string kConfigDir = SYNHEAD_SOURCE_DIR "/configs/";

ReportConfig load_report_yaml(const std::string& yaml) {
  return core::load_config<ReportConfig>(core::ConfigDocument::from_string(yaml, "report.yaml"));
}

nlohmann::json read_json(const std::filesystem::path& file) {
  std::ifstream in(file);
  return nlohmann::json::parse(in);
}

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file);
  return {std::istreambuf_iterator<char>(in), {}};
}

#ifdef SYNHEAD_WITH_STREAM
TEST(ReportConfig, ShippedSmallConfigLoadsWithTheThreeVariants) {
  const auto config = core::load_config<ReportConfig>(core::ConfigDocument::from_file(kConfigDir + "report_small.yaml"));
  EXPECT_EQ(config.perframe.model.variant, "perframe");
  EXPECT_EQ(config.postrnn.model.variant, "postrnn");
  EXPECT_EQ(config.rnn.model.variant, "rnn");
  EXPECT_EQ(config.split, "test");
  const auto& dataset = config.dataset.get<renderer::DatasetConfig>();
  EXPECT_GT(dataset.split.test_heads, 0);
  EXPECT_GT(dataset.split.test_tracks, 0);
}
#else
// Without the renderer a `dataset` section is kept as written, and a report that would render it stops naming it.
TEST(ReportConfig, RenderingADatasetNeedsTheRenderStream) {
  const ReportConfig config = load_report_yaml("dataset:\n  seed: 1\n");
  EXPECT_FALSE(config.dataset);
  EXPECT_NE(core::config_to_yaml(config).find("seed: 1"), std::string::npos);
  testing::TempDir dir;
  ReportOptions options;
  options.out = dir.path() / "report";
  const std::string error = user_error_of([&] { run_report(config, options); });
  EXPECT_NE(error.find("data: empty"), std::string::npos) << error;
  EXPECT_NE(error.find("without the render stream"), std::string::npos) << error;
}
#endif

// The report's built-in run sections are the shipped recipes (a copy kept in report_outputs.cpp).
TEST(ReportConfig, DefaultRunsAreTheShippedTrainConfigs) {
  const ReportConfig config;
  for (const auto& [file, run] : {std::pair<const char*, const TrainConfig*>{"train_perframe.yaml", &config.perframe},
                                  {"train_postrnn.yaml", &config.postrnn},
                                  {"train_rnn.yaml", &config.rnn}}) {
    const auto shipped = core::load_config<TrainConfig>(core::ConfigDocument::from_file(kConfigDir + file));
    YAML::Node node = core::config_to_node(shipped);
#ifndef SYNHEAD_WITH_STREAM
    // Without the render stream a documented data.stream section is kept as written: it has no defaults to match.
    node["data"].remove("stream");
#endif
    EXPECT_EQ(core::config_to_yaml(*run), core::node_to_yaml(node)) << file;
  }
}

TEST(ReportConfig, ControlIsTheRnnRunWithThePerFrameModel) {
  const ReportConfig config = load_report_yaml("perframe:\n  model:\n    fc_units: 64\nrnn:\n  steps: 321\n");
  const TrainConfig control = control_config(config);
  EXPECT_EQ(control.model.variant, "perframe");
  EXPECT_EQ(control.model.fc_units, 64);
  EXPECT_EQ(control.steps, 321);
  EXPECT_EQ(control.data.window, config.rnn.data.window);
  EXPECT_EQ(control.data.batch_size, config.rnn.data.batch_size);
  EXPECT_EQ(control.optim.lr, config.rnn.optim.lr);
}

TEST(ReportConfig, WrongVariantsAndUnknownKeysAreErrors) {
  EXPECT_NE(user_error_of([] { load_report_yaml("rnn:\n  model:\n    variant: perframe\n"); }).find("model.variant: rnn"),
            std::string::npos);
  // postrnn and rnn start from the per-frame weights: their outputs must be the same.
  EXPECT_NE(user_error_of([] { load_report_yaml("perframe:\n  model:\n    outputs: landmarks\n"); })
                .find("the per-frame run's model.outputs"),
            std::string::npos);
  EXPECT_NE(user_error_of([] { load_report_yaml("landmark_normaliser: eyes\n"); }).find("landmark_normaliser"),
            std::string::npos);
  EXPECT_NE(user_error_of([] { load_report_yaml("filters:\n  modle: cv\n"); }).find("unknown key 'filters.modle'"),
            std::string::npos);
  EXPECT_NE(user_error_of([] { load_report_yaml("seeds: 0\n"); }).find("seeds"), std::string::npos);
  EXPECT_NE(user_error_of([] { load_report_yaml("validation_fraction: 0\n"); }).find("validation_fraction"),
            std::string::npos);
}

nlohmann::json seed_metrics(std::uint64_t seed, double pitch, double yaw, double roll) {
  const auto angle = [](double mae) { return nlohmann::json{{"mae", mae}, {"std", mae / 2}}; };
  nlohmann::json method = {{"pitch", angle(pitch)},
                           {"yaw", angle(yaw)},
                           {"roll", angle(roll)},
                           {"mean_mae", (pitch + yaw + roll) / 3},
                           {"geodesic", angle(pitch + yaw)}};
  return {{"seed", seed}, {"methods", {{"perframe", method}, {"rnn", method}}}};
}

TEST(ReportAggregate, MeanAndSampleStandardDeviationOverSeeds) {
  const nlohmann::json aggregate = aggregate_seed_metrics({seed_metrics(0, 2, 4, 6), seed_metrics(1, 4, 4, 9)});
  const auto& pitch = aggregate["methods"]["perframe"]["pitch"];
  EXPECT_DOUBLE_EQ(pitch["mae"].get<double>(), 3);
  EXPECT_DOUBLE_EQ(pitch["std"].get<double>(), 1.5);
  EXPECT_NEAR(pitch["mae_seed_std"].get<double>(), std::sqrt(2.0), 1e-12);
  EXPECT_DOUBLE_EQ(aggregate["methods"]["perframe"]["yaw"]["mae_seed_std"].get<double>(), 0);
  EXPECT_DOUBLE_EQ(aggregate["methods"]["rnn"]["mean_mae"].get<double>(), (4.0 + 17.0 / 3) / 2);
  EXPECT_DOUBLE_EQ(aggregate["methods"]["rnn"]["geodesic"]["mae"].get<double>(), 7);
  EXPECT_EQ(aggregate["seeds"], nlohmann::json::array({0, 1}));
}

TEST(ReportTable, Table2FormWithSeedSpreadAndRatioToPerFrame) {
  nlohmann::json metrics = aggregate_seed_metrics({seed_metrics(0, 2, 4, 6), seed_metrics(1, 4, 4, 9)});
  metrics["methods"]["rnn"]["mean_mae"] = 2.5;
  metrics["split"] = "test";
  metrics["frames"] = 80;
  metrics["sequences"] = 2;
  const std::string table = report_table_markdown(metrics);
  EXPECT_NE(table.find("| Err/Std | Per-Frame | RNN |"), std::string::npos) << table;
  EXPECT_NE(table.find("| pitch | 3.00 ± 1.41 | 3.00 ± 1.41 |"), std::string::npos) << table;
  EXPECT_NE(table.find("| mean ÷ per-frame | 1.00× | 0.52× |"), std::string::npos) << table;
  EXPECT_NE(table.find("| roll (std) | 3.75 | 3.75 |"), std::string::npos) << table;
  EXPECT_NE(table.find("over 2 training seeds"), std::string::npos) << table;
}

// A few steps of every run on a dataset a small network learns: enough to check the wiring and every output.
ReportConfig tiny_report(const std::filesystem::path& data, int seeds) {
  ReportConfig c;
  c.seeds = seeds;
  c.seed = 3;
  c.threads = 1;
  c.data = data.string();
  c.validation_fraction = 0.25;
  for (TrainConfig* run : {&c.perframe, &c.postrnn, &c.rnn}) {
    run->steps = 4;
    run->log_every = 2;
    run->validate_every = 0;
    run->validation_batches = 1;
    run->model.input_size = 32;
    run->model.fc_units = 16;
    run->model.width = 0.25;
    run->model.postrnn_units = 8;
    run->data.window = 4;
    run->data.batch_size = 2;
    run->data.workers = 1;
    run->data.prefetch = 1;
    run->optim.warmup_steps = 1;
  }
  c.filters.particles = 50;
  return c;
}

class ReportRun : public ::testing::Test {
 protected:
  void SetUp() override { testing::write_learnable_dataset(dir.path() / "data", 8, 24); }
  TempDir dir;
};

TEST_F(ReportRun, WritesEveryFileWithTheConventionsSchemaAndReusesItsRuns) {
  const std::filesystem::path out = dir.path() / "report";
  const ReportConfig config = tiny_report(dir.path() / "data", 1);
  const nlohmann::json returned = run_report(config, {out, std::nullopt, "test"});

  for (const char* variant : {"perframe", "postrnn", "rnn", "control"}) {
    EXPECT_TRUE(std::filesystem::exists(out / "runs" / variant / "best.ckpt")) << variant;
    EXPECT_TRUE(std::filesystem::exists(out / "seed3" / (std::string(variant) + "_predictions.csv"))) << variant;
  }
  const nlohmann::json metrics = read_json(out / "metrics.json");
  EXPECT_EQ(metrics, returned);
  EXPECT_EQ(metrics["split"], "test");
  EXPECT_EQ(metrics["frames"], 2 * 24);  // the two test sequences, every frame
  EXPECT_EQ(metrics["seeds"], nlohmann::json::array({3}));
  for (const char* method : kReportMethods) {
    ASSERT_TRUE(metrics["methods"].contains(method)) << method;
    const auto& m = metrics["methods"][method];
    double sum = 0;
    for (const char* angle : {"pitch", "yaw", "roll"}) {
      EXPECT_GT(m[angle]["mae"].get<double>(), 0) << method << ' ' << angle;
      EXPECT_GE(m[angle]["std"].get<double>(), 0) << method << ' ' << angle;
      sum += m[angle]["mae"].get<double>();
    }
    EXPECT_NEAR(m["mean_mae"].get<double>(), sum / 3, 1e-9) << method;
  }
  // The Kalman filter smooths the per-frame estimates, so its figures differ from theirs.
  EXPECT_NE(metrics["methods"]["kf"]["mean_mae"], metrics["methods"]["perframe"]["mean_mae"]);
  const nlohmann::json& tuning = metrics["per_seed"][0]["filter_tuning"];
  EXPECT_GT(tuning["validation_sequences"].get<int>(), 0);
  EXPECT_GT(tuning["pose"]["yaw"]["r"].get<double>(), 0);

  const std::string table = read_text(out / "table.md");
  EXPECT_NE(table.find("| Err/Std | Per-Frame | KF | PF | Post-RNN | RNN | Control |"), std::string::npos) << table;
  const std::filesystem::path figure = out / metrics["figure"].get<std::string>();
  ASSERT_TRUE(std::filesystem::exists(figure));
  EXPECT_EQ(read_text(figure).substr(1, 3), "PNG");

  // A second run with the same config trains nothing and reports the same figures.
  const nlohmann::json again = run_report(config, {out, std::nullopt, "test"});
  for (const auto& [name, run] : again["per_seed"][0]["runs"].items()) {
    EXPECT_EQ(run["train_seconds_this_call"].get<double>(), 0) << name;
  }
  EXPECT_EQ(again["methods"], metrics["methods"]);

  // A run that exists with another config is refused, naming the key.
  ReportConfig changed = config;
  changed.rnn.optim.lr = 0.5;
  EXPECT_NE(user_error_of([&] { run_report(changed, {out, std::nullopt, "test"}); }).find("optim.lr"),
            std::string::npos);
}

TEST_F(ReportRun, SeveralSeedsGetTheirOwnRunsAndASpread) {
  const std::filesystem::path out = dir.path() / "report";
  const nlohmann::json metrics = run_report(tiny_report(dir.path() / "data", 2), {out, dir.path() / "runs", "test"});
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "runs" / "rnn" / "best.ckpt"));  // the first seed's, as with one
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "runs" / "seed4" / "control" / "best.ckpt"));
  EXPECT_EQ(metrics["per_seed"].size(), 2u);
  EXPECT_GT(metrics["methods"]["perframe"]["mean_mae_seed_std"].get<double>(), 0);  // other weights, other errors
  EXPECT_NE(read_text(out / "table.md").find("±"), std::string::npos);
}

TEST_F(ReportRun, ASplitWithoutSequencesIsAnError) {
  ReportConfig config = tiny_report(dir.path() / "data", 1);
  config.split = "heldout";
  EXPECT_NE(user_error_of([&] { run_report(config, {dir.path() / "report", std::nullopt, "test"}); }).find("heldout"),
            std::string::npos);
}

}  // namespace
}  // namespace synhead::trainer
