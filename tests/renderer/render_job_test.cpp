// synhead render's job: layout, determinism across workers and shards, resume, free space.

#include "synhead/renderer/render_job.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <set>
#include <sstream>

#include "dir_compare.h"
#include "gl_skip.h"
#include "synhead/core/config.h"
#include "synhead/dataset/inspect.h"
#include "synhead/dataset/sinks.h"
#include "synhead/motion_tracks/biwi.h"
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

RenderRunStats render(const DatasetConfig& config, const std::filesystem::path& out, int shard = 0, int shards = 1,
                      dataset::DatasetLayout layout = dataset::DatasetLayout::Synhead) {
  RenderRunOptions options;
  options.out = out;
  options.limit_frames = 4;
  options.shard_index = shard;
  options.shard_count = shards;
  options.layout = layout;
  options.tool_version = "test";
  return render_dataset(config, core::node_to_json(core::config_to_node(config)), options);
}

TEST(RenderPlan, UnknownHeadsFailBeforeRendering) {
  DatasetConfig config = tiny_config();
  config.heads = {"female_01", "nobody"};
  EXPECT_NE(synhead::testing::user_error_of([&] { plan_render(config); }).find("heads: 'nobody'"), std::string::npos);
}

TEST(DatasetWriter, WritesTheConventionLayout) {
  SYNHEAD_SKIP_WITHOUT_GL();
  SYNHEAD_SKIP_WITHOUT_MAKEHUMAN();
  TempDir dir;
  const auto stats = render(tiny_config(), dir.path());
  EXPECT_EQ(stats.sequences_rendered, 8u);
  EXPECT_EQ(stats.frames_rendered, 32u);
  const dataset::DatasetManifest manifest = dataset::read_manifest(dir.path());
  EXPECT_EQ(manifest.format, "synhead-dataset");
  EXPECT_EQ(manifest.config["image"]["format"], "png");
  ASSERT_EQ(manifest.sequences.size(), 8u);
  for (const auto& s : manifest.sequences) {
    EXPECT_TRUE(s.split == "train" || s.split == "test") << s.id;
    EXPECT_FALSE(s.background.empty());
    const auto seq = dataset::sequence_dir(dir.path(), s.id);
    const auto labels = dataset::read_labels_csv(seq / "labels.csv");
    ASSERT_EQ(static_cast<int>(labels.size()), s.frames) << s.id;
    for (const auto& l : labels) {
      const cv::Mat image = cv::imread(dataset::frame_file(seq, l.frame, "png").string());
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
  const auto victim = dataset::read_manifest(dir / "resumed").sequences[3].id;
  std::filesystem::remove_all(dataset::sequence_dir(dir / "resumed", victim));
  std::filesystem::create_directories(dir / "resumed" / "sequences" / ".half_written.tmp1_0" / "frames");
  const auto stats = render(tiny_config(), dir / "resumed");
  EXPECT_EQ(stats.sequences_skipped, 7u);
  EXPECT_EQ(stats.sequences_rendered, 1u);
  EXPECT_FALSE(std::filesystem::exists(dir / "resumed" / "sequences" / ".half_written.tmp1_0"));
  EXPECT_EQ(synhead::testing::tree_difference(dir / "full", dir / "resumed"), "");

  // Resuming under another config would mix two datasets: refused, naming the key; thread counts may change.
  DatasetConfig other = tiny_config();
  other.split.test_tracks += 1;
  EXPECT_NE(synhead::testing::user_error_of([&] { render(other, dir / "resumed"); }).find("'split.test_tracks' differs"),
            std::string::npos);
  DatasetConfig threads = tiny_config();
  threads.encoders = 3;
  EXPECT_EQ(render(threads, dir / "resumed").sequences_skipped, 8u);
}

TEST(DatasetLayouts, NamesAndBiwiFolders) {
  for (const auto layout : {dataset::DatasetLayout::Synhead, dataset::DatasetLayout::Biwi, dataset::DatasetLayout::Both})
    EXPECT_EQ(dataset::parse_dataset_layout(to_string(layout)), layout);
  EXPECT_NE(synhead::testing::user_error_of([] { dataset::parse_dataset_layout("kinect"); }).find("synhead, biwi or both"), std::string::npos);
  EXPECT_EQ(dataset::biwi_sequence_name(0, 24), "01");
  EXPECT_EQ(dataset::biwi_sequence_name(23, 24), "24");
  EXPECT_EQ(dataset::biwi_sequence_name(98, 99), "99");
  EXPECT_EQ(dataset::biwi_sequence_name(0, 100), "001");
  EXPECT_EQ(dataset::biwi_sequence_name(99, 100), "100");
  EXPECT_EQ(dataset::biwi_rgb_file("hpdb/07", 42), std::filesystem::path("hpdb/07/frame_00042_rgb.png"));
  EXPECT_EQ(dataset::biwi_pose_file("hpdb/07", 42), std::filesystem::path("hpdb/07/frame_00042_pose.txt"));
  // The manifest records the layout and each sequence's BIWI folder; a manifest without the key is synhead's.
  dataset::DatasetManifest manifest;
  manifest.layout = dataset::DatasetLayout::Both;
  manifest.sequences.resize(2);
  const auto json = dataset::manifest_to_json(manifest);
  EXPECT_EQ(json["layout"], "both");
  EXPECT_EQ(json["sequences"][1]["biwi"], "02");
  EXPECT_EQ(dataset::manifest_from_json(json, "m.json").layout, dataset::DatasetLayout::Both);
  auto old = json;
  old.erase("layout");
  EXPECT_EQ(dataset::manifest_from_json(old, "m.json").layout, dataset::DatasetLayout::Synhead);
  old["layout"] = "kinect";
  EXPECT_NE(synhead::testing::user_error_of([&] { dataset::manifest_from_json(old, "m.json"); }).find("m.json: key 'layout'"), std::string::npos);
}

// The numbers of one BIWI .cal block row ("a b c " → {a, b, c}).
std::vector<double> numbers_of(const std::string& line) {
  std::istringstream in(line);
  std::vector<double> values;
  for (double v; in >> v;) values.push_back(v);
  return values;
}

TEST(DatasetWriter, BiwiLayoutReadsBackThroughTheBiwiReader) {
  SYNHEAD_SKIP_WITHOUT_GL();
  SYNHEAD_SKIP_WITHOUT_MAKEHUMAN();
  TempDir dir;
  const DatasetConfig config = tiny_config();
  const auto stats = render(config, dir / "both", 0, 1, dataset::DatasetLayout::Both);
  EXPECT_EQ(stats.sequences_rendered, 8u);
  const dataset::DatasetManifest manifest = dataset::read_manifest(dir / "both");
  EXPECT_EQ(manifest.layout, dataset::DatasetLayout::Both);
  const auto hpdb = dataset::biwi_root(dir / "both");
  const auto tracks = motion_tracks::import_biwi(hpdb, {config.tracks.generator.fps});
  ASSERT_EQ(tracks.size(), manifest.sequences.size());
  const auto index = nlohmann::json::parse(synhead::testing::read_file(hpdb / "sequences.json"));
  for (std::size_t s = 0; s < manifest.sequences.size(); ++s) {
    const auto& entry = manifest.sequences[s];
    const std::string folder = dataset::biwi_sequence_name(s, manifest.sequences.size());
    EXPECT_EQ(tracks[s].name, "biwi_" + folder);
    EXPECT_EQ(index["sequences"][folder]["id"], entry.id);
    EXPECT_EQ(index["sequences"][folder]["split"], entry.split);
    const auto seq = dataset::sequence_dir(dir / "both", entry.id);
    const auto labels = dataset::read_labels_csv(seq / "labels.csv");
    ASSERT_EQ(tracks[s].size(), labels.size()) << entry.id;
    for (std::size_t i = 0; i < labels.size(); ++i) {
      const auto& l = labels[i];
      const auto& f = tracks[s].frames[i];
      EXPECT_EQ(f.frame, l.frame);
      EXPECT_NEAR(f.pitch, l.angles.pitch, 1e-4) << entry.id << " frame " << l.frame;
      EXPECT_NEAR(f.yaw, l.angles.yaw, 1e-4) << entry.id << " frame " << l.frame;
      EXPECT_NEAR(f.roll, l.angles.roll, 1e-4) << entry.id << " frame " << l.frame;
      EXPECT_NEAR(f.tx, l.translation_mm.x, 1e-3);
      EXPECT_NEAR(f.ty, l.translation_mm.y, 1e-3);
      EXPECT_NEAR(f.tz, l.translation_mm.z, 1e-3);
      EXPECT_NEAR(f.time_s, l.time_s, 1e-9);
      // The same final image, the same PNG bytes.
      const std::string rgb = synhead::testing::read_file(dataset::biwi_rgb_file(hpdb / folder, l.frame));
      ASSERT_FALSE(rgb.empty()) << folder << " frame " << l.frame;
      EXPECT_EQ(rgb, synhead::testing::read_file(dataset::frame_file(seq, l.frame, "png"))) << folder << " frame " << l.frame;
    }
    // rgb.cal: K, blank, distortion, blank, extrinsic R, blank, t, blank, width height; depth.cal the same.
    const std::string cal = synhead::testing::read_file(hpdb / folder / "rgb.cal");
    EXPECT_EQ(cal, synhead::testing::read_file(hpdb / folder / "depth.cal"));
    std::vector<std::string> lines;
    std::istringstream in(cal);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    ASSERT_EQ(lines.size(), 13u) << cal;
    const auto& k = entry.camera;
    EXPECT_EQ(numbers_of(lines[0]), (std::vector<double>{k.fx, 0, k.cx}));
    EXPECT_EQ(numbers_of(lines[1]), (std::vector<double>{0, k.fy, k.cy}));
    EXPECT_EQ(numbers_of(lines[2]), (std::vector<double>{0, 0, 1}));
    EXPECT_EQ(numbers_of(lines[4]), (std::vector<double>{0, 0, 0, 0}));
    EXPECT_EQ(numbers_of(lines[8]), (std::vector<double>{0, 0, 1}));
    EXPECT_EQ(numbers_of(lines[12]), (std::vector<double>{64, 64}));
    for (const std::size_t blank : {3u, 5u, 9u, 11u}) EXPECT_EQ(lines[blank], "") << blank;
  }
  // BIWI's pose-file layout: three rotation rows with a trailing space, a blank line, the centre.
  const std::string pose = synhead::testing::read_file(dataset::biwi_pose_file(hpdb / "01", 0));
  std::vector<std::string> lines;
  std::istringstream in(pose);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 5u) << pose;
  EXPECT_EQ(lines[3], "");
  for (const std::size_t row : {0u, 1u, 2u, 4u}) {
    EXPECT_EQ(numbers_of(lines[row]).size(), 3u) << lines[row];
    EXPECT_EQ(lines[row].back(), ' ') << lines[row];
  }
  for (const auto& entry : std::filesystem::directory_iterator(hpdb))
    EXPECT_NE(entry.path().filename().string()[0], '.') << "temporary directory left: " << entry.path();

  // A synhead-layout dataset re-run with --layout both gains only the BIWI folders, the same as rendered at once.
  render(config, dir / "upgraded");
  render(config, dir / "upgraded", 0, 1, dataset::DatasetLayout::Both);
  EXPECT_EQ(synhead::testing::tree_difference(dir / "both", dir / "upgraded"), "");
}

TEST(DatasetWriter, BiwiOnlyLayoutResumesFromTheHpdbFolders) {
  SYNHEAD_SKIP_WITHOUT_GL();
  SYNHEAD_SKIP_WITHOUT_MAKEHUMAN();
  TempDir dir;
  render(tiny_config(), dir / "full", 0, 1, dataset::DatasetLayout::Biwi);
  EXPECT_FALSE(std::filesystem::exists(dir / "full" / "sequences")) << "layout biwi writes no synhead sequences";
  EXPECT_EQ(dataset::read_manifest(dir / "full").layout, dataset::DatasetLayout::Biwi);
  render(tiny_config(), dir / "resumed", 0, 1, dataset::DatasetLayout::Biwi);
  const auto hpdb = dataset::biwi_root(dir / "resumed");
  std::filesystem::remove_all(hpdb / "04");
  // What a killed run leaves: a hidden, half-written folder, which the BIWI reader must not take for a sequence.
  synhead::testing::write_file(hpdb / ".04.tmp1_0" / "frame_00000_pose.txt", "1 0 0 \n0 1 0 \n0 0 1 \n\n0 0 800 \n");
  EXPECT_EQ(motion_tracks::import_biwi(hpdb, {}).size(), 7u);
  const auto stats = render(tiny_config(), dir / "resumed", 0, 1, dataset::DatasetLayout::Biwi);
  EXPECT_EQ(stats.sequences_skipped, 7u);
  EXPECT_EQ(stats.sequences_rendered, 1u);
  EXPECT_FALSE(std::filesystem::exists(hpdb / ".04.tmp1_0"));
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
