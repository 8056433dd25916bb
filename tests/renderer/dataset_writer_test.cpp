// synhead render's writer: layout, split protocol, determinism across workers and shards, resume, free space.

#include "synhead/renderer/dataset_writer.h"

#include <gtest/gtest.h>

#include <map>
#include <opencv2/imgcodecs.hpp>
#include <set>

#include "dir_compare.h"
#include "gl_skip.h"
#include "synhead/core/config.h"
#include "user_error.h"

namespace synhead::renderer {
namespace {

using synhead::testing::TempDir;

// 3 heads × 5 tracks, one test head and two test tracks: 2 × 3 train + 1 × 2 test = 8 sequences of 4 frames, 64².
DatasetConfig tiny_config() {
  DatasetConfig c;
  c.heads = {"female_01", "male_02", "female_03"};
  c.tracks.count = 5;
  c.tracks.generator.frames = 12;
  c.split.test_heads = 1;
  c.split.test_tracks = 2;
  c.image.format = "png";
  c.scene.renderer.camera = {64, 64, 120, 120, 32, 32};
  c.scene.background.source = "procedural";
  return c;
}

RenderRunStats render(const DatasetConfig& config, const std::filesystem::path& out, int shard = 0, int shards = 1) {
  RenderRunOptions options;
  options.out = out;
  options.limit_frames = 4;
  options.shard_index = shard;
  options.shard_count = shards;
  options.tool_version = "test";
  return render_dataset(config, core::node_to_json(core::config_to_node(config)), options);
}

TEST(DatasetPlan, SplitsShareNoHeadAndNoTrack) {
  DatasetConfig config = tiny_config();
  config.heads = {"female_01", "female_02", "male_01", "male_02"};
  config.tracks.count = 6;
  const DatasetPlan plan = plan_dataset(config);
  // 3 train heads × 4 train tracks + 1 test head × 2 test tracks; cross pairs are not rendered.
  ASSERT_EQ(plan.sequences.size(), 3u * 4 + 1 * 2);
  std::map<std::string, std::set<std::string>> heads_of, tracks_of;
  std::set<std::string> ids;
  for (const auto& s : plan.sequences) {
    heads_of[s.split].insert(s.head);
    tracks_of[s.split].insert(plan.tracks[s.track].name);
    EXPECT_TRUE(ids.insert(s.id).second) << "duplicate id " << s.id;
  }
  EXPECT_EQ(heads_of["train"].size(), 3u);
  EXPECT_EQ(heads_of["test"].size(), 1u);
  EXPECT_EQ(tracks_of["test"].size(), 2u);
  for (const auto& h : heads_of["test"]) EXPECT_EQ(heads_of["train"].count(h), 0u) << h;
  for (const auto& t : tracks_of["test"]) EXPECT_EQ(tracks_of["train"].count(t), 0u) << t;
  EXPECT_EQ(plan.splits["test"]["heads"].size(), 1u);
  // Same seed, same plan; another seed draws another split.
  EXPECT_EQ(plan_dataset(config).splits, plan.splits);
  config.seed = 1;
  EXPECT_NE(plan_dataset(config).splits, plan.splits);
}

TEST(DatasetPlan, BadInputsFailBeforeRendering) {
  DatasetConfig config = tiny_config();
  config.heads = {"female_01", "nobody"};
  EXPECT_NE(synhead::testing::user_error_of([&] { plan_dataset(config); }).find("heads: 'nobody'"), std::string::npos);
  config = tiny_config();
  config.tracks.source = "folder";
  config.tracks.path = "/nonexistent/tracks";
  EXPECT_NE(synhead::testing::user_error_of([&] { plan_dataset(config); }).find("tracks.path"), std::string::npos);
  config = tiny_config();
  config.split.test_tracks = 5;
  EXPECT_NE(synhead::testing::user_error_of([&] { plan_dataset(config); }).find("split.test_tracks"), std::string::npos);
}

TEST(DatasetWriter, WritesTheConventionLayout) {
  SYNHEAD_SKIP_WITHOUT_GL();
  SYNHEAD_SKIP_WITHOUT_MAKEHUMAN();
  TempDir dir;
  const auto stats = render(tiny_config(), dir.path());
  EXPECT_EQ(stats.sequences_rendered, 8u);
  EXPECT_EQ(stats.frames_rendered, 32u);
  const DatasetManifest manifest = read_manifest(dir.path());
  EXPECT_EQ(manifest.format, "synhead-dataset");
  EXPECT_EQ(manifest.config["image"]["format"], "png");
  ASSERT_EQ(manifest.sequences.size(), 8u);
  for (const auto& s : manifest.sequences) {
    EXPECT_TRUE(s.split == "train" || s.split == "test") << s.id;
    EXPECT_FALSE(s.background.empty());
    const auto seq = sequence_dir(dir.path(), s.id);
    const auto labels = read_labels_csv(seq / "labels.csv");
    ASSERT_EQ(static_cast<int>(labels.size()), s.frames) << s.id;
    for (const auto& l : labels) {
      const cv::Mat image = cv::imread(frame_file(seq, l.frame, "png").string());
      ASSERT_FALSE(image.empty()) << s.id << " frame " << l.frame;
      EXPECT_EQ(image.cols, 64);
    }
  }
  EXPECT_TRUE(std::filesystem::exists(dir / "splits.json"));
  for (const auto& entry : std::filesystem::directory_iterator(dir / "sequences"))
    EXPECT_NE(entry.path().filename().string()[0], '.') << "temporary directory left: " << entry.path();
}

TEST(DatasetWriter, SameBytesWithOneOrTwoWorkersAndAcrossShards) {
  SYNHEAD_SKIP_WITHOUT_GL();
  SYNHEAD_SKIP_WITHOUT_MAKEHUMAN();
  TempDir dir;
  DatasetConfig one = tiny_config(), two = tiny_config();
  two.workers = 2;
  two.encoders = 3;
  render(one, dir / "one");
  render(two, dir / "two");
  render(one, dir / "sharded", 0, 3);
  render(one, dir / "sharded", 2, 3);
  render(one, dir / "sharded", 1, 3);
  // The manifests differ only in the workers/encoders keys of the recorded config; the data must not differ at all.
  EXPECT_EQ(synhead::testing::tree_difference(dir / "one", dir / "two", {"manifest.json"}), "");
  EXPECT_EQ(synhead::testing::tree_difference(dir / "one", dir / "sharded"), "");
}

TEST(DatasetWriter, ResumeSkipsCompleteSequencesAndRedoesUnfinishedOnes) {
  SYNHEAD_SKIP_WITHOUT_GL();
  SYNHEAD_SKIP_WITHOUT_MAKEHUMAN();
  TempDir dir;
  render(tiny_config(), dir / "full");
  render(tiny_config(), dir / "resumed");
  const auto victim = read_manifest(dir / "resumed").sequences[3].id;
  std::filesystem::remove_all(sequence_dir(dir / "resumed", victim));
  std::filesystem::create_directories(dir / "resumed" / "sequences" / ".half_written.tmp1_0" / "frames");
  const auto stats = render(tiny_config(), dir / "resumed");
  EXPECT_EQ(stats.sequences_skipped, 7u);
  EXPECT_EQ(stats.sequences_rendered, 1u);
  EXPECT_FALSE(std::filesystem::exists(dir / "resumed" / "sequences" / ".half_written.tmp1_0"));
  EXPECT_EQ(synhead::testing::tree_difference(dir / "full", dir / "resumed"), "");
}

TEST(DatasetWriter, RefusesToStartWhenTheDiskIsTooSmall) {
  SYNHEAD_SKIP_WITHOUT_MAKEHUMAN();
  TempDir dir;
  DatasetConfig huge = tiny_config();
  huge.scene.renderer.camera = {8192, 8192, 9000, 9000, 4096, 4096};
  huge.tracks.generator.frames = 20000;  // ≈ 8 TB of PNG
  RenderRunOptions options;
  options.out = dir.path();
  const auto message = synhead::testing::user_error_of([&] { render_dataset(huge, {}, options); });
  EXPECT_NE(message.find("not enough free space"), std::string::npos) << message;
  EXPECT_TRUE(std::filesystem::is_empty(dir / "sequences"));
  EXPECT_FALSE(std::filesystem::exists(dir / "manifest.json"));
}

}  // namespace
}  // namespace synhead::renderer
