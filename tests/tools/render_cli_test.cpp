// synhead render-frame and view end to end: exit codes, labels JSON, every named head, the preview window.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "cli_runner.h"
#include "dir_compare.h"
#include "synhead/dataset/layout.h"
#include "gl_skip.h"
#include "synhead/renderer/head_source.h"
#include "synhead/dataset/labels.h"

namespace synhead {
namespace {

using testing::quoted;
using testing::read_file;
using testing::run_cli;
using testing::TempDir;

// A small camera keeps each render fast.
const std::string kSmall =
    " --set renderer.camera.width=160 --set renderer.camera.height=120 --set renderer.camera.fx=130"
    " --set renderer.camera.fy=130 --set renderer.camera.cx=80 --set renderer.camera.cy=60";

TEST(RenderFrameCli, WritesTheImageAndConventionLabels) {
  SYNHEAD_SKIP_WITHOUT_GL();
  SYNHEAD_SKIP_WITHOUT_MAKEHUMAN();
  TempDir dir;
  const auto r = run_cli("render-frame --yaw 25 --pitch -10 --roll 5 --out " + quoted(dir / "f.png") + " --labels " +
                             quoted(dir / "f.json") + kSmall,
                         dir);
  ASSERT_EQ(r.code, 0) << r.err;
  const cv::Mat image = cv::imread((dir / "f.png").string());
  EXPECT_EQ(image.cols, 160);
  EXPECT_EQ(image.rows, 120);
  const auto labels = nlohmann::json::parse(read_file(dir / "f.json"));
  ASSERT_EQ(labels.size(), dataset::label_columns().size());
  for (const auto& column : dataset::label_columns()) EXPECT_TRUE(labels.contains(column)) << column;
  EXPECT_NEAR(labels["yaw"].get<double>(), 25, 1e-9);
  EXPECT_NEAR(labels["pitch"].get<double>(), -10, 1e-9);
  EXPECT_NEAR(labels["tz"].get<double>(), 800, 1e-9);
  EXPECT_GT(labels["bbox_w"].get<double>(), 10);
}

TEST(RenderFrameCli, EveryNamedHeadRenders) {
  SYNHEAD_SKIP_WITHOUT_GL();
  SYNHEAD_SKIP_WITHOUT_MAKEHUMAN();
  TempDir dir;
  for (const auto& id : renderer::named_head_ids()) {
    const auto r = run_cli("render-frame --head " + id + " --tz 450 --out " + quoted(dir / (id + ".png")) + " --labels " +
                               quoted(dir / (id + ".json")) + kSmall,
                           dir);
    ASSERT_EQ(r.code, 0) << id << ": " << r.err;
    const auto labels = nlohmann::json::parse(read_file(dir / (id + ".json")));
    int visible = 0;
    for (int i = 0; i < dataset::kLandmarkCount; ++i) visible += labels["v_" + std::to_string(i)].get<int>();
    EXPECT_EQ(visible, dataset::kLandmarkCount) << id << " at the frontal pose";
    // The face is centred: the nose tip (30) projects near the principal point, a little below it.
    EXPECT_NEAR(labels["x_30"].get<double>(), 80, 2) << id;
  }
}

TEST(RenderFrameCli, BadInputsExitWith2) {
  TempDir dir;
  auto r = run_cli("render-frame --head nobody --out " + quoted(dir / "f.png"), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("head 'nobody': not a built-in head (female_01"), std::string::npos) << r.err;
  r = run_cli("render-frame --set renderer.antialiasing=ssaa --out " + quoted(dir / "f.png"), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("renderer.antialiasing"), std::string::npos) << r.err;
  testing::write_file(dir / "cube.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n");
  r = run_cli("render-frame --head " + quoted(dir / "cube.obj") + " --out " + quoted(dir / "f.png"), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("no landmarks"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "f.png"));
}

TEST(ViewCli, PlaysATrackInAWindowUnderXvfb) {
  SYNHEAD_SKIP_WITHOUT_GL();
  SYNHEAD_SKIP_WITHOUT_MAKEHUMAN();
  if (std::system("command -v xvfb-run >/dev/null 2>&1") != 0) GTEST_SKIP() << "xvfb-run not installed (package xvfb)";
  TempDir dir;
  const auto r = run_cli("view --max-frames 5 --overlay --screenshot " + quoted(dir / "shot.png") + kSmall, dir, "xvfb-run -a ");
  ASSERT_EQ(r.code, 0) << r.err;
  const cv::Mat shot = cv::imread((dir / "shot.png").string());
  ASSERT_EQ(shot.cols, 160);
  cv::Scalar mean, stddev;
  cv::meanStdDev(shot, mean, stddev);
  EXPECT_GT(stddev[0] + stddev[1] + stddev[2], 20) << "the window shows an image, not a flat colour";
}

}  // namespace
}  // namespace synhead

namespace synhead {
namespace {

// 2 heads × 4 tracks with one test head and one test track: 3 + 1 = 4 sequences of 60 frames at 96².
const std::string kTinyDataset =
    " --set 'heads=[female_01, male_02]' --set tracks.count=4 --set tracks.generator.frames=60 --set split.test_heads=1"
    " --set split.test_tracks=1 --set image.format=png --set background.source=procedural"
    " --set renderer.camera.width=96 --set renderer.camera.height=96 --set renderer.camera.fx=180"
    " --set renderer.camera.fy=180 --set renderer.camera.cx=48 --set renderer.camera.cy=48";

std::vector<std::filesystem::path> complete_sequences(const std::filesystem::path& dataset) {
  std::vector<std::filesystem::path> done;
  if (!std::filesystem::exists(dataset / "sequences")) return done;
  for (const auto& entry : std::filesystem::directory_iterator(dataset / "sequences"))
    if (entry.path().filename().string()[0] != '.') done.push_back(entry.path());
  return done;
}

TEST(RenderCli, AKilledRunLeavesOnlyCompleteSequencesAndResumesToTheSameDataset) {
  SYNHEAD_SKIP_WITHOUT_GL();
  SYNHEAD_SKIP_WITHOUT_MAKEHUMAN();
  TempDir dir;
  ASSERT_EQ(run_cli("-q render --out " + quoted(dir / "full") + kTinyDataset, dir).code, 0);

  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const std::string command = testing::cli_path() + " -q render --out " + quoted(dir / "killed") + kTinyDataset;
    execl("/bin/sh", "sh", "-c", ("exec " + command).c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Kill it as soon as the first sequence is complete: the others are somewhere in the middle.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (complete_sequences(dir / "killed").empty() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  const auto done = complete_sequences(dir / "killed");
  ASSERT_FALSE(done.empty());
  EXPECT_LT(done.size(), 4u) << "the run finished before it could be killed; the test proves nothing";

  // What is visible is complete and readable: the manifest, and every sequence with all its labels and frames.
  const auto manifest = dataset::read_manifest(dir / "killed");
  for (const auto& sequence : done) {
    const auto labels = dataset::read_labels_csv(sequence / "labels.csv");
    EXPECT_EQ(labels.size(), 60u) << sequence;
    for (const auto& l : labels) EXPECT_TRUE(std::filesystem::exists(dataset::frame_file(sequence, l.frame, "png"))) << sequence;
  }
  const auto r = run_cli("-q render --out " + quoted(dir / "killed") + kTinyDataset, dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(testing::tree_difference(dir / "full", dir / "killed"), "");
}

TEST(RenderCli, BiwiLayoutPassesDataInspectVerify) {
  SYNHEAD_SKIP_WITHOUT_GL();
  SYNHEAD_SKIP_WITHOUT_MAKEHUMAN();
  TempDir dir;
  auto r = run_cli("-q render --layout both --limit-frames 5 --out " + quoted(dir / "both") + kTinyDataset, dir);
  ASSERT_EQ(r.code, 0) << r.err;
  r = run_cli("-q data inspect --verify --json " + quoted(std::filesystem::path("biwi:" + (dir / "both" / "hpdb").string())), dir);
  ASSERT_EQ(r.code, 0) << r.err << r.out;
  const auto biwi = nlohmann::json::parse(r.out);
  EXPECT_EQ(biwi["kind"], "biwi");
  EXPECT_EQ(biwi["sequences"], 4);
  EXPECT_EQ(biwi["frames"], 20);
  EXPECT_EQ(biwi["verification"]["clean"], true) << r.out;
  EXPECT_EQ(biwi["verification"]["frames_checked"], 20);
  EXPECT_EQ(biwi["image_sizes"], nlohmann::json::parse(R"([{"width": 96, "height": 96}])"));
  // The synhead layout of the same run holds the same poses.
  r = run_cli("-q data inspect --json " + quoted(dir / "both"), dir);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto synhead = nlohmann::json::parse(r.out);
  for (const char* angle : {"pitch", "yaw", "roll"})
    for (const char* stat : {"min", "max", "mean"})
      EXPECT_NEAR(biwi["pose"][angle][stat].get<double>(), synhead["pose"][angle][stat].get<double>(), 1e-6) << angle << " " << stat;

  // --layout biwi alone: no sequences/ folder; the dataset is inspected as biwi:DIR/hpdb, and plain DIR says so.
  r = run_cli("-q render --layout biwi --limit-frames 2 --out " + quoted(dir / "biwi") + kTinyDataset, dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "biwi" / "sequences"));
  r = run_cli("-q data inspect --verify " + quoted(std::filesystem::path("biwi:" + (dir / "biwi" / "hpdb").string())), dir);
  EXPECT_EQ(r.code, 0) << r.err << r.out;
  r = run_cli("-q data inspect " + quoted(dir / "biwi"), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("inspect it as biwi:" + (dir / "biwi" / "hpdb").string()), std::string::npos) << r.err;
  r = run_cli("render --layout kinect --out " + quoted(dir / "bad"), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--layout"), std::string::npos) << r.err;
}

TEST(RenderCli, BadDatasetConfigFailsBeforeRendering) {
  TempDir dir;
  auto r = run_cli("render --out " + quoted(dir / "d") + " --set tracks.source=folder --set tracks.path=/nonexistent", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("tracks.path"), std::string::npos) << r.err;
  r = run_cli("render --out " + quoted(dir / "d") + " --shard 3/2", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--shard 3/2"), std::string::npos) << r.err;
  r = run_cli("render --out " + quoted(dir / "d") + " --set 'heads=[female_01]' --set split.test_heads=1", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("fewer test heads than heads"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "d" / "manifest.json"));
}

}  // namespace
}  // namespace synhead
