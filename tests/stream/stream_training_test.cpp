// Training from the render stream: pretraining with data.source stream, fine-tuning from disk with --init, a mix of
// both, and a run that fails inside the stream.

#include <unistd.h>

#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gl_skip.h"
#include "learnable_dataset.h"
#include "stream_test_config.h"
#include "temp_dir.h"
#include "synhead/trainer/training.h"

namespace synhead::trainer {
namespace {

using namespace synhead::stream;

std::vector<nlohmann::json> log_lines(const std::filesystem::path& run) {
  std::vector<nlohmann::json> lines;
  std::ifstream in(run / "log.jsonl");
  for (std::string text; std::getline(in, text);) lines.push_back(nlohmann::json::parse(text));
  return lines;
}

int thread_count() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("Threads:", 0) == 0) return std::stoi(line.substr(8));
  return -1;
}

class StreamTrainingTest : public ::testing::Test {
 protected:
  void SetUp() override { SYNHEAD_SKIP_WITHOUT_GL(); }

  TrainConfig config(const std::string& source, int steps) const {
    TrainConfig c;
    c.seed = 2;
    c.steps = steps;
    c.threads = 1;
    c.log_every = 1;
    c.validate_every = 0;
    c.validation_batches = 1;
    c.checkpoint_every = 1000;
    c.model.input_size = 32;
    c.model.fc_units = 32;
    c.model.width = 0.5;
    c.data = testing::tiny_stream_config();
    c.data.source = source;
    c.data.workers = 1;
    c.data.prefetch = 2;
    if (source != "stream") c.data.path = (dir.path() / "data").string();
    return c;
  }

  void write_dataset() const { testing::write_learnable_dataset(dir.path() / "data", 8, 12); }

  testing::TempDir dir;
};

TEST_F(StreamTrainingTest, PretrainOnTheStreamThenFineTuneOnDiskThroughInit) {
  TrainOptions pretrain;
  pretrain.out = dir.path() / "stream";
  const TrainSummary summary = train(config("stream", 3), pretrain);
  EXPECT_EQ(summary.steps, 3);
  const auto lines = log_lines(pretrain.out);
  int train_lines = 0, validation_lines = 0;
  for (const auto& line : lines) {
    if (line.contains("validation")) {
      ++validation_lines;
      EXPECT_TRUE(std::isfinite(line["validation"]["metric"].get<double>()));
      continue;
    }
    ++train_lines;
    ASSERT_TRUE(line.contains("sources")) << line.dump();
    EXPECT_GT(line["sources"]["stream"]["samples_per_s"].get<double>(), 0);
    EXPECT_GE(line["sources"]["stream"]["data_wait_fraction"].get<double>(), 0);
    EXPECT_FALSE(line["sources"].contains("disk"));
  }
  EXPECT_EQ(train_lines, 3);
  EXPECT_EQ(validation_lines, 1);  // on stream windows of the validation track, since no data.path is given

  write_dataset();
  TrainOptions finetune;
  finetune.out = dir.path() / "disk";
  finetune.init = pretrain.out / "best.ckpt";
  EXPECT_EQ(train(config("disk", 2), finetune).steps, 2);
  const auto finetune_lines = log_lines(finetune.out);
  ASSERT_GE(finetune_lines.size(), 2u);
  EXPECT_TRUE(finetune_lines.front().contains("validation"));  // an --init run is validated before it trains
  EXPECT_TRUE(finetune_lines[1]["sources"].contains("disk"));
}

TEST_F(StreamTrainingTest, AMixLogsBothSources) {
  write_dataset();
  TrainConfig c = config("mix", 6);
  c.data.mix_stream_fraction = 0.5;
  TrainOptions options;
  options.out = dir.path() / "mix";
  train(c, options);
  std::int64_t disk = 0, stream = 0;
  for (const auto& line : log_lines(options.out)) {
    if (!line.contains("sources")) continue;
    disk += line["sources"]["disk"]["samples_per_s"].get<double>() > 0;
    stream += line["sources"]["stream"]["samples_per_s"].get<double>() > 0;
  }
  EXPECT_GT(disk, 0);
  EXPECT_GT(stream, 0);
  EXPECT_EQ(disk + stream, 6);  // whole batches: each step draws from exactly one source
}

TEST_F(StreamTrainingTest, ARunThatFailsInTheStreamThrowsAndStopsItsWorkers) {
  const auto broken = dir.path() / "broken.obj";
  std::ofstream(broken) << "not a mesh\n";
  write_dataset();
  TrainConfig c = config("stream", 5);
  c.data.path = (dir.path() / "data").string();  // validation from disk, so the run reaches the training stream
  stream_config(c.data).dataset.heads = {broken.string()};
  stream_config(c.data).dataset.split.enabled = false;
  TrainOptions options;
  options.out = dir.path() / "broken_run";
  EXPECT_THROW(train(c, options), std::exception);
  const int threads = thread_count();
  options.out = dir.path() / "broken_run_again";
  EXPECT_THROW(train(c, options), std::exception);
  EXPECT_EQ(thread_count(), threads);
}

}  // namespace
}  // namespace synhead::trainer
