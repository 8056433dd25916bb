// sim2real_check end to end without GL: bad input is exit 2 naming the file (checked before any peer run), and a
// video without a face goes through peer and compare with the outputs in place.

#include <gtest/gtest.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <opencv2/videoio.hpp>

#include "cli_runner.h"

namespace synhead::sim2real {
namespace {

using testing::contains;
using testing::quoted;
using testing::run_cli;
using testing::TempDir;
using testing::write_file;

const std::string kInferHeader = "frame,timestamp,confidence,success,face_x,face_y,face_w,face_h,pitch,yaw,roll";

// A short grey video (no face in it) at 25 fps.
void write_grey_video(const std::filesystem::path& path, int frames) {
  std::filesystem::create_directories(path.parent_path());
  cv::VideoWriter video(path.string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 25, cv::Size(160, 120));
  ASSERT_TRUE(video.isOpened());
  for (int i = 0; i < frames; ++i) video.write(cv::Mat(120, 160, CV_8UC3, cv::Scalar(100 + i, 110, 120)));
}

std::string infer_rows(int frames) {
  std::string text = kInferHeader + "\n";
  for (int i = 0; i < frames; ++i) text += fmt::format("{},{:.4f},0.9,1,40,30,60,60,{},{},0\n", i, i / 25.0, i, 2 * i);
  return text;
}

TEST(Sim2RealCli, PeerOnAMissingVideoIsExit2NamingIt) {
  TempDir dir;
  const auto r = run_cli("peer --input " + quoted(dir / "nope.mp4") + " --out " + quoted(dir / "p.csv"), dir);
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_TRUE(contains(r.err, (dir / "nope.mp4").string() + ": video not found")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "p.csv"));
}

TEST(Sim2RealCli, CompareRejectsMissingFoldersAndCsvsAndWrongHeaders) {
  TempDir dir;
  auto r = run_cli("compare --videos " + quoted(dir / "none") + " --infer-dir " + quoted(dir.path()) + " --out " +
                   quoted(dir / "out"), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, (dir / "none").string())) << r.err;

  write_grey_video(dir / "videos" / "clip.avi", 4);
  std::filesystem::create_directories(dir / "infer");
  const std::string args = "compare --videos " + quoted(dir / "videos") + " --infer-dir " + quoted(dir / "infer") +
                           " --out " + quoted(dir / "out");
  r = run_cli(args, dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, (dir / "infer" / "clip.csv").string() + ": synhead infer CSV not found")) << r.err;

  write_file(dir / "infer" / "clip.csv", "frame,time_s,pitch,yaw,roll,tx,ty,tz\n0,0,0,0,0,0,0,600\n");
  r = run_cli(args, dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, (dir / "infer" / "clip.csv").string() + ":1: not a synhead infer CSV")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "out" / "peer" / "clip.csv"));  // nothing ran

  write_file(dir / "infer" / "clip.csv", infer_rows(4));
  write_file(dir / "peers" / "clip.csv", kInferHeader + "\n");
  r = run_cli(args + " --peer-dir " + quoted(dir / "peers"), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, (dir / "peers" / "clip.csv").string() + ":1: not a sim2real peer CSV")) << r.err;
}

TEST(Sim2RealCli, AVideoWithoutAFaceRunsThroughPeerAndCompare) {
  TempDir dir;
  write_grey_video(dir / "videos" / "grey.avi", 6);
  write_file(dir / "infer" / "grey.csv", infer_rows(6));
  auto r = run_cli("-q peer --input " + quoted(dir / "videos" / "grey.avi") + " --out " + quoted(dir / "p.csv"), dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "6 frames, a face in 0")) << r.out;
  EXPECT_TRUE(contains(testing::read_file(dir / "p.csv"), "5,0.2000,0,0,0")) << testing::read_file(dir / "p.csv");

  r = run_cli("-q compare --videos " + quoted(dir / "videos") + " --infer-dir " + quoted(dir / "infer") + " --out " +
              quoted(dir / "out"), dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "| grey | 6 | 0 |")) << r.out;
  const auto json = nlohmann::json::parse(testing::read_file(dir / "out" / "sim2real.json"));
  EXPECT_EQ(json["videos"][0]["synhead_success"], 6);
  EXPECT_EQ(json["videos"][0]["peer_found"], 0);
  EXPECT_TRUE(json["videos"][0]["detection_rate"].is_null());
  EXPECT_TRUE(std::filesystem::exists(dir / "out" / "sim2real.md"));
  EXPECT_TRUE(std::filesystem::exists(dir / "out" / "plots" / "grey.png"));
  EXPECT_TRUE(std::filesystem::exists(dir / "out" / "peer" / "grey.csv"));
}

}  // namespace
}  // namespace synhead::sim2real
