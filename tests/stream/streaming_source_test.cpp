// The render stream end to end: real GL contexts (skipped with the reason where none can be made).

#include <chrono>
#include <fstream>
#include <future>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "gl_skip.h"
#include "stream_test_config.h"
#include "temp_dir.h"
#include "synhead/stream/streaming_source.h"

namespace synhead::trainer {
namespace {

using namespace synhead::stream;

// Threads of this process (/proc/self/status): each worker and each GL context's helper threads count.
int thread_count() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("Threads:", 0) == 0) return std::stoi(line.substr(8));
  return -1;
}

// Destroys `source` on another thread and says whether that finished within `limit` (a hang fails the test instead
// of blocking the suite).
bool destroyed_within(std::unique_ptr<StreamingSource> source, std::chrono::seconds limit) {
  auto done = std::async(std::launch::async, [s = std::move(source)]() mutable { s.reset(); });
  return done.wait_for(limit) == std::future_status::ready;
}

TEST(StreamingSource, YieldsBatchesOfTheConfiguredShapeWithLabelsInRange) {
  SYNHEAD_SKIP_WITHOUT_GL();
  const DataConfig config = testing::tiny_stream_config();
  StreamingSource source(config, 32, Subset::Train, 1);
  const std::set<std::string> held_out(source.plan().held_out_heads().begin(), source.plan().held_out_heads().end());
  for (int k = 0; k < 2; ++k) {
    const Batch batch = source.next();
    EXPECT_EQ(batch.index, k);
    ASSERT_EQ(batch.frames.sizes(), (std::vector<std::int64_t>{2, 3, 3, 32, 32}));
    EXPECT_EQ(batch.pose_deg.sizes(), (std::vector<std::int64_t>{2, 3, 3}));
    EXPECT_EQ(batch.landmarks.sizes(), (std::vector<std::int64_t>{2, 3, 136}));
    EXPECT_EQ(batch.visible.sizes(), (std::vector<std::int64_t>{2, 3, 68}));
    EXPECT_TRUE(torch::isfinite(batch.frames).all().item<bool>());
    EXPECT_LE(batch.pose_deg.abs().max().item<float>(), 180.0f);
    // The crop holds the landmark box with a 30 % margin, moved by at most the box and augmentation jitter.
    EXPECT_GE(batch.landmarks.min().item<float>(), -0.25f);
    EXPECT_LE(batch.landmarks.max().item<float>(), 1.25f);
    const auto x = batch.landmarks.slice(2, 0, 68), y = batch.landmarks.slice(2, 68, 136);
    EXPECT_GT((x.amax(2) - x.amin(2)).min().item<float>(), 0.3f);  // the face fills a good part of the crop
    EXPECT_GT((y.amax(2) - y.amin(2)).min().item<float>(), 0.3f);
    EXPECT_TRUE(((batch.visible == 0) | (batch.visible == 1)).all().item<bool>());
    EXPECT_GT(batch.frames.std().item<float>(), 0.1f);  // an image, not a blank
    for (const auto& id : batch.sequence) EXPECT_EQ(held_out.count(id.substr(0, id.find("__"))), 0u) << id;
  }
  const auto counters = source.counters();
  ASSERT_EQ(counters.size(), 1u);
  EXPECT_EQ(counters[0].name, "stream");
  EXPECT_EQ(counters[0].samples, 2 * 2 * 3);
}

TEST(StreamingSource, SameSeedSameBatchesWhateverTheWorkerCount) {
  SYNHEAD_SKIP_WITHOUT_GL();
  DataConfig one = testing::tiny_stream_config(), two = one;
  stream_config(one).workers = 1;
  stream_config(two).workers = 2;
  StreamingSource a(one, 32, Subset::Train, 9), b(two, 32, Subset::Train, 9), other(two, 32, Subset::Train, 10);
  for (int k = 0; k < 3; ++k) {
    const Batch x = a.next(), y = b.next();
    EXPECT_TRUE(torch::equal(x.frames, y.frames)) << "batch " << k;
    EXPECT_TRUE(torch::equal(x.pose_deg, y.pose_deg));
    EXPECT_TRUE(torch::equal(x.landmarks, y.landmarks));
    EXPECT_EQ(x.sequence, y.sequence);
    EXPECT_EQ(x.flipped, y.flipped);
    EXPECT_FALSE(torch::equal(x.frames, other.next().frames));
  }
  // A source started at batch 2 (a resumed run) continues the stream exactly.
  StreamingSource resumed(two, 32, Subset::Train, 9, 2);
  StreamingSource fresh(one, 32, Subset::Train, 9);
  fresh.next();
  fresh.next();
  EXPECT_TRUE(torch::equal(resumed.next().frames, fresh.next().frames));
}

TEST(StreamingSource, CropRenderingGivesTheLabelsOfRenderingTheFullFrameAndCropping) {
  SYNHEAD_SKIP_WITHOUT_GL();
  DataConfig crop = testing::tiny_stream_config(), full = crop;
  stream_config(full).render = "full";
  StreamingSource a(crop, 32, Subset::Train, 6), b(full, 32, Subset::Train, 6);
  const Batch x = a.next(), y = b.next();
  EXPECT_EQ(x.sequence, y.sequence);
  EXPECT_TRUE(torch::allclose(x.pose_deg, y.pose_deg));
  EXPECT_TRUE(torch::allclose(x.box, y.box));
  EXPECT_LT((x.landmarks - y.landmarks).abs().max().item<float>(), 1e-4f);
  // Same scene through two samplings (and nuisances at two resolutions): close, not equal.
  EXPECT_LT((x.frames - y.frames).abs().mean().item<float>(), 0.35f);
}

TEST(StreamingSource, ValidationWindowsAreUnaugmentedAndFromValidationTracksOnly) {
  SYNHEAD_SKIP_WITHOUT_GL();
  StreamingSource validation(testing::tiny_stream_config(), 32, Subset::Validation, 4);
  const std::string track = validation.plan().tracks().at(0).name;
  ASSERT_EQ(validation.plan().tracks().size(), 1u);
  const Batch batch = validation.next();
  for (std::size_t b = 0; b < batch.sequence.size(); ++b) {
    EXPECT_EQ(batch.sequence[b].substr(batch.sequence[b].find("__") + 2), track);
    EXPECT_FALSE(batch.flipped[b]);
    // Unaugmented: frames count up (never reversed).
    EXPECT_LT(batch.frame[static_cast<std::int64_t>(b)][0].item<std::int64_t>(),
              batch.frame[static_cast<std::int64_t>(b)][2].item<std::int64_t>());
  }
}

TEST(StreamingSource, StopsPromptlyWithBusyWorkersAndLeavesNoThreadBehind) {
  SYNHEAD_SKIP_WITHOUT_GL();
  DataConfig config = testing::tiny_stream_config();
  config.batch_size = 4;
  stream_config(config).queue_depth = 1;
  // One create/destroy first: the GL driver keeps process-wide state (and threads) from its first context on.
  ASSERT_TRUE(destroyed_within(std::make_unique<StreamingSource>(config, 32, Subset::Train, 2), std::chrono::seconds(30)));
  const int threads_before = thread_count();
  for (int round = 0; round < 2; ++round) {
    auto source = std::make_unique<StreamingSource>(config, 32, Subset::Train, 2);
    source->next();  // the queue refills behind it: both workers are rendering or waiting for space
    EXPECT_TRUE(destroyed_within(std::move(source), std::chrono::seconds(30)));
    EXPECT_EQ(thread_count(), threads_before) << "round " << round;
  }
}

TEST(StreamingSource, AWorkerWhoseRenderFailsReportsTheErrorToTheTrainer) {
  SYNHEAD_SKIP_WITHOUT_GL();
  testing::TempDir dir;
  const auto broken = dir.path() / "broken.obj";
  std::ofstream(broken) << "this is not a mesh\n";
  DataConfig config = testing::tiny_stream_config();
  stream_config(config).dataset.heads = {broken.string()};
  stream_config(config).dataset.split.enabled = false;
  auto source = std::make_unique<StreamingSource>(config, 32, Subset::Train, 1);
  auto next = std::async(std::launch::async, [&] { return source->next(); });
  ASSERT_EQ(next.wait_for(std::chrono::seconds(30)), std::future_status::ready) << "next() hangs on a failed worker";
  try {
    next.get();
    FAIL() << "expected the render error";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("broken.obj"), std::string::npos) << e.what();
  }
  EXPECT_THROW(source->next(), std::exception);  // and again: the stream does not skip the failed batch
  EXPECT_TRUE(destroyed_within(std::move(source), std::chrono::seconds(30)));
}

}  // namespace
}  // namespace synhead::trainer
