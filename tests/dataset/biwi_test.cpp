// BIWI as distributed: rgb.cal / depth.cal, poses moved from the depth camera into the RGB camera, depth.bin.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <vector>

#include "biwi_fixture.h"
#include "synhead/dataset/biwi_calibration.h"
#include "synhead/dataset/biwi_depth.h"
#include "synhead/dataset/inspect.h"
#include "synhead/dataset/source.h"
#include "synhead/motion_tracks/biwi.h"
#include "temp_dir.h"
#include "user_error.h"

namespace synhead::dataset {
namespace {

namespace fs = std::filesystem;
using testing::biwi_calibration_text;
using testing::TempDir;
using testing::user_error_of;
using testing::write_file;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A 90° turn about z (x_rgb = −y_depth, y_rgb = x_depth) and a 25 mm baseline: easy to follow by hand.
const std::string kTurnedRotation = "0 -1 0 \n1 0 0 \n0 0 1 \n";
const std::string kBaseline = "-25 1 2 ";

TEST(BiwiCalibration, ReadsEveryBlock) {
  TempDir dir;
  write_file(dir / "rgb.cal", biwi_calibration_text(kTurnedRotation, kBaseline));
  const BiwiCalibration c = read_biwi_calibration(dir / "rgb.cal");
  EXPECT_EQ(c.camera().fx, 517.679);
  EXPECT_EQ(c.camera().cy, 240.5);
  EXPECT_EQ(c.width, 640);
  EXPECT_EQ(c.height, 480);
  EXPECT_EQ(c.rotation * glm::dvec3(1, 0, 0), glm::dvec3(0, 1, 0));
  EXPECT_EQ(c.translation_mm, glm::dvec3(-25, 1, 2));
  EXPECT_FALSE(c.identity_extrinsics());
}

TEST(BiwiCalibration, AMissingRowOrAWordNamesFileAndLine) {
  TempDir dir;
  const fs::path path = dir / "depth.cal";
  // Rotation row 3 missing: the translation is read as that row and the size line (line 12) as the translation.
  write_file(path, biwi_calibration_text("1 0 0 \n0 1 0 \n", "0 0 0 "));
  std::string message = user_error_of([&] { read_biwi_calibration(path); });
  EXPECT_TRUE(contains(message, path.string() + ":12: expected 3 numbers (translation (mm)), got 2")) << message;
  write_file(path, "517 0 320 \n0 517 240 \n0 0 1 \n\n0 0 0 0 \n\n1 0 0 \n0 1 0 \n");
  message = user_error_of([&] { read_biwi_calibration(path); });
  EXPECT_TRUE(contains(message, path.string() + ":8: file ends before the rotation row 3")) << message;
  write_file(path, biwi_calibration_text("1 0 0 \n0 one 0 \n0 0 1 \n", "0 0 0 "));
  message = user_error_of([&] { read_biwi_calibration(path); });
  EXPECT_TRUE(contains(message, path.string() + ":8: expected a finite number (rotation row 2), got 'one'")) << message;
}

// The pose written as ({0, 30, 0}, 10, −20, 900) in the depth camera, seen through rgb.cal's kTurnedRotation and
// kBaseline. R_rgb = Rz(90°) · Ry(30°): in synhead's R = Rz(roll) · Ry(yaw) · Rx(pitch), roll 90, yaw 30, pitch 0;
// c_rgb = Rz(90°) · (10, −20, 900) + (−25, 1, 2) = (20, 10, 900) + (−25, 1, 2).
void expect_turned_pose(const motion_tracks::TrackFrame& f) {
  EXPECT_NEAR(f.pitch, 0, 1e-9);
  EXPECT_NEAR(f.yaw, 30, 1e-9);
  EXPECT_NEAR(f.roll, 90, 1e-9);
  EXPECT_NEAR(f.tx, -5, 1e-9);
  EXPECT_NEAR(f.ty, 11, 1e-9);
  EXPECT_NEAR(f.tz, 902, 1e-9);
}

TEST(BiwiSource, PosesAreMovedIntoTheRgbCamera) {
  TempDir dir;
  const fs::path seq = dir / "hpdb" / "01";
  write_file(seq / testing::biwi_pose_name(5), testing::biwi_pose_text({0, 30, 0}, 10, -20, 900));
  write_file(seq / "rgb.cal", biwi_calibration_text(kTurnedRotation, kBaseline));
  const auto source = open_data_source("biwi:" + (dir / "hpdb").string());
  const auto& f = source->sequences().at(0).poses.frames.at(0);
  expect_turned_pose(f);
  // The head centre in the RGB image: u = fx · x / z + cx, v = fy · y / z + cy with rgb.cal's K.
  const glm::dvec2 uv = read_biwi_calibration(seq / "rgb.cal").camera().project({f.tx, f.ty, f.tz});
  EXPECT_NEAR(uv.x, 517.679 * -5 / 902 + 320, 1e-9);
  EXPECT_NEAR(uv.y, 517.679 * 11 / 902 + 240.5, 1e-9);
}

TEST(BiwiSource, ABrokenRgbCalStopsOpeningNamingIt) {
  TempDir dir;
  const fs::path seq = dir / "hpdb" / "01";
  write_file(seq / testing::biwi_pose_name(5), testing::biwi_pose_text({0, 30, 0}, 10, -20, 900));
  write_file(seq / "rgb.cal", "517 0 320\n0 517 240\n");
  const std::string message = user_error_of([&] { open_data_source("biwi:" + (dir / "hpdb").string()); });
  EXPECT_TRUE(contains(message, (seq / "rgb.cal").string() + ":2: file ends before the intrinsics row 3")) << message;
}

// --- depth.bin -------------------------------------------------------------------------------------------------

void put32(std::vector<char>& bytes, std::int32_t v) {
  for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<char>((static_cast<std::uint32_t>(v) >> (8 * i)) & 0xff));
}
void put16(std::vector<char>& bytes, std::int16_t v) {
  for (int i = 0; i < 2; ++i) bytes.push_back(static_cast<char>((static_cast<std::uint16_t>(v) >> (8 * i)) & 0xff));
}
void write_bytes(const fs::path& path, const std::vector<char>& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// 5×3 pixels in three runs, the first two crossing a row end:
//   row 0: 0 0 0 801 802      (run 1: 3 empty, 4 filled)
//   row 1: 803 804 0 0 1001   (run 2: 2 empty, 5 filled)
//   row 2: 1002 1003 1004 1005 0   (run 3: 1 empty, 0 filled)
std::vector<char> depth_bytes() {
  std::vector<char> b;
  put32(b, 5);
  put32(b, 3);
  put32(b, 3);
  put32(b, 4);
  for (std::int16_t d : {801, 802, 803, 804}) put16(b, d);
  put32(b, 2);
  put32(b, 5);
  for (std::int16_t d : {1001, 1002, 1003, 1004, 1005}) put16(b, d);
  put32(b, 1);
  put32(b, 0);
  return b;
}

// `synhead tracks import-biwi`'s reader: the biwi: reader's move into the RGB camera, per sequence folder.
TEST(BiwiTracks, ImportMovesEachSequenceWithItsOwnRgbCal) {
  TempDir dir;
  const fs::path hpdb = dir / "hpdb";
  write_file(hpdb / "01" / testing::biwi_pose_name(5), testing::biwi_pose_text({0, 30, 0}, 10, -20, 900));
  write_file(hpdb / "01" / "rgb.cal", biwi_calibration_text(kTurnedRotation, kBaseline));
  write_file(hpdb / "02" / testing::biwi_pose_name(1), testing::biwi_pose_text({5, -10, 2}, 3, 4, 800));
  write_file(hpdb / "02" / "rgb.cal", biwi_calibration_text("1 0 0 \n0 1 0 \n0 0 1 \n", "0 0 0 "));
  write_file(hpdb / "03" / testing::biwi_pose_name(1), testing::biwi_pose_text({5, -10, 2}, 3, 4, 800));
  const BiwiTracks imported = import_biwi_in_rgb_camera(hpdb, {25});
  ASSERT_EQ(imported.tracks.size(), 3u);
  EXPECT_EQ(imported.with_rgb_cal, 2u);
  EXPECT_EQ(imported.moved, 1u);
  const auto& f = imported.tracks[0].frames.at(0);
  expect_turned_pose(f);
  EXPECT_DOUBLE_EQ(f.time_s, 5.0 / 25);
  // Identity extrinsics and no rgb.cal: exactly as import_biwi reads them.
  const auto stored = motion_tracks::import_biwi(hpdb, {25});
  for (std::size_t i : {1u, 2u}) {
    const auto& a = imported.tracks[i].frames.at(0);
    const auto& b = stored[i].frames.at(0);
    EXPECT_EQ(a.pitch, b.pitch);
    EXPECT_EQ(a.yaw, b.yaw);
    EXPECT_EQ(a.roll, b.roll);
    EXPECT_EQ(a.tx, b.tx);
    EXPECT_EQ(a.tz, b.tz);
  }
  // The same poses as the biwi: reader gives.
  const auto source = open_data_source("biwi:" + hpdb.string());
  const auto& g = source->sequences().at(0).poses.frames.at(0);
  EXPECT_EQ(f.yaw, g.yaw);
  EXPECT_EQ(f.tx, g.tx);
  write_file(hpdb / "03" / "rgb.cal", "517 0 320\n");
  const std::string message = user_error_of([&] { import_biwi_in_rgb_camera(hpdb, {}); });
  EXPECT_TRUE(contains(message, (hpdb / "03" / "rgb.cal").string() + ":")) << message;
}

// biwi:PATH given the wrong folder: each usual mistake is told what to give instead.
TEST(BiwiSource, TheParentOfHpdbIsToldToUseHpdb) {
  TempDir dir;
  testing::make_biwi_hpdb(dir / "kinect" / "hpdb");
  const std::string message = user_error_of([&] { open_data_source("biwi:" + (dir / "kinect").string()); });
  EXPECT_TRUE(contains(message, "data source 'biwi:" + (dir / "kinect").string() + "'")) << message;
  EXPECT_TRUE(contains(message, "hpdb/ inside it holds 2 sequence folder(s)")) << message;
  EXPECT_TRUE(contains(message, "use biwi:" + (dir / "kinect" / "hpdb").string())) << message;
  EXPECT_FALSE(contains(message, "synhead dataset")) << message;
}

TEST(BiwiSource, ASynheadDatasetIsToldToDropThePrefix) {
  TempDir dir;
  testing::write_file(dir / "data" / "manifest.json", "{}");
  testing::write_file(dir / "data" / "sequences" / "a__b" / "labels.csv", "frame\n");
  std::string message = user_error_of([&] { open_data_source("biwi:" + (dir / "data").string()); });
  EXPECT_TRUE(contains(message, (dir / "data").string() + " is a synhead dataset (manifest.json)")) << message;
  EXPECT_TRUE(contains(message, "drop the biwi: prefix")) << message;
  // Rendered with --layout biwi (or both): its hpdb/ is the answer.
  testing::make_biwi_hpdb(dir / "data" / "hpdb");
  message = user_error_of([&] { open_data_source("biwi:" + (dir / "data").string()); });
  EXPECT_TRUE(contains(message, "use biwi:" + (dir / "data" / "hpdb").string())) << message;
  EXPECT_TRUE(contains(message, "--layout biwi or both")) << message;
}

TEST(BiwiSource, AnotherFolderIsToldWhatItHoldsAndWhatWasExpected) {
  TempDir dir;
  testing::write_file(dir / "photos" / "readme.txt", "");
  testing::write_file(dir / "photos" / "01" / "frame_00001_rgb.png", "");
  testing::write_file(dir / "photos" / "misc" / "notes.txt", "");
  std::string message = user_error_of([&] { open_data_source("biwi:" + (dir / "photos").string()); });
  EXPECT_TRUE(contains(message, "no BIWI sequences in " + (dir / "photos").string())) << message;
  EXPECT_TRUE(contains(message, "NN/ holding frame_XXXXX_rgb.png and frame_XXXXX_pose.txt")) << message;
  EXPECT_TRUE(contains(message, "found 2 folders (01, misc) and 1 file (readme.txt), none with a frame_XXXXX_pose.txt"))
      << message;
  std::filesystem::create_directories(dir / "empty");
  message = user_error_of([&] { open_data_source("biwi:" + (dir / "empty").string()); });
  EXPECT_TRUE(contains(message, "found nothing (an empty folder)")) << message;
}

TEST(BiwiDepth, RunsCrossingRowEndsDecodeExactly) {
  TempDir dir;
  const fs::path path = biwi_depth_file(dir.path(), 7);
  EXPECT_EQ(path.filename(), "frame_00007_depth.bin");
  write_bytes(path, depth_bytes());
  const cv::Mat depth = read_biwi_depth(path, {5, 3});
  ASSERT_EQ(depth.type(), CV_16U);
  const std::vector<std::uint16_t> expected{0, 0, 0, 801, 802, 803, 804, 0, 0, 1001, 1002, 1003, 1004, 1005, 0};
  EXPECT_EQ(std::vector<std::uint16_t>(depth.begin<std::uint16_t>(), depth.end<std::uint16_t>()), expected);
}

TEST(BiwiDepth, BrokenFilesNameTheFile) {
  TempDir dir;
  const fs::path path = dir / "frame_00001_depth.bin";
  auto bytes = depth_bytes();
  bytes.resize(bytes.size() - 11);  // inside run 2's depths
  write_bytes(path, bytes);
  std::string message = user_error_of([&] { read_biwi_depth(path); });
  EXPECT_TRUE(contains(message, path.string() + ": truncated")) << message;

  bytes = depth_bytes();
  bytes[8] = 12;  // run 1: 12 empty + 4 filled pixels overrun the 15
  write_bytes(path, bytes);
  message = user_error_of([&] { read_biwi_depth(path); });
  EXPECT_TRUE(contains(message, path.string() + ": the run at byte 8 (12 empty, 4 filled pixels)")) << message;
  EXPECT_TRUE(contains(message, "overruns the 5x3 image")) << message;

  bytes = depth_bytes();
  put32(bytes, 0);
  write_bytes(path, bytes);
  message = user_error_of([&] { read_biwi_depth(path); });
  EXPECT_TRUE(contains(message, path.string() + ": wrong size: 4 bytes follow the last run")) << message;

  write_bytes(path, depth_bytes());
  message = user_error_of([&] { read_biwi_depth(path, {640, 480}); });
  EXPECT_TRUE(contains(message, path.string() + ": is 5x3, expected 640x480")) << message;
}

TEST(BiwiDepth, VerifyDepthChecksEveryDepthFile) {
  TempDir dir;
  testing::make_biwi_hpdb(dir / "hpdb");
  write_bytes(biwi_depth_file(dir / "hpdb" / "02", 1), depth_bytes());
  auto bytes = depth_bytes();
  bytes.pop_back();
  write_bytes(biwi_depth_file(dir / "hpdb" / "02", 2), bytes);
  const auto report = verify_depth(*open_data_source("biwi:" + (dir / "hpdb").string()));
  EXPECT_EQ(report.frames_checked, 2u);
  ASSERT_EQ(report.problems.size(), 1u) << format_report(report);
  EXPECT_EQ(report.problems[0].location, biwi_depth_file(dir / "hpdb" / "02", 2).string());
  EXPECT_TRUE(contains(report.problems[0].what, "truncated")) << report.problems[0].what;
}

}  // namespace
}  // namespace synhead::dataset
