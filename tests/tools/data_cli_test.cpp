// synhead data inspect | stats end to end: the JSON contract of docs/conventions.md, exit codes, reports, plots.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "biwi_fixture.h"
#include "cli_runner.h"
#include "dataset_fixture.h"
#include "vw300_fixture.h"
#include "synhead/dataset/face_boxes.h"

namespace synhead {
namespace {

using testing::contains;
using testing::quoted;
using testing::read_file;
using testing::run_cli;
using testing::TempDir;

TEST(DataCli, HelpListsOptions) {
  TempDir dir;
  auto r = run_cli("data inspect --help", dir);
  EXPECT_EQ(r.code, 0);
  for (const char* option : {"SOURCE", "--json", "--verify", "biwi:PATH", "300vw:PATH"}) EXPECT_TRUE(contains(r.out, option)) << option;
  r = run_cli("data stats --help", dir);
  EXPECT_EQ(r.code, 0);
  for (const char* option : {"--plot", "--json"}) EXPECT_TRUE(contains(r.out, option)) << option;
}

TEST(DataCli, InspectJsonIsOneObjectWithTheConventionKeys) {
  TempDir dir;
  testing::write_dataset(dir / "data");
  const auto r = run_cli("data inspect " + quoted(dir / "data") + " --json", dir);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);  // throws unless stdout is exactly one JSON document
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j["sequences"].get<int>(), 2);
  EXPECT_EQ(j["frames"].get<int>(), 5);
  for (const char* angle : {"pitch", "yaw", "roll"})
    for (const char* key : {"min", "max", "mean"}) EXPECT_TRUE(j["pose"][angle].contains(key)) << angle << " " << key;
  EXPECT_DOUBLE_EQ(j["pose"]["pitch"]["min"].get<double>(), -10);
  EXPECT_DOUBLE_EQ(j["pose"]["yaw"]["max"].get<double>(), 60);
  EXPECT_DOUBLE_EQ(j["pose"]["roll"]["mean"].get<double>(), -1);
  EXPECT_EQ(j["landmarks"].get<int>(), 68);
  EXPECT_EQ(j["splits"]["train"]["frames"].get<int>(), 3);
  EXPECT_FALSE(j.contains("verification"));
}

TEST(DataCli, InspectPrintsTablesAndVerifiesACleanDataset) {
  TempDir dir;
  testing::write_dataset(dir / "data");
  auto r = run_cli("data inspect " + quoted(dir / "data"), dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "2 sequences, 5 frames, 68 landmarks, images 32x24")) << r.out;
  EXPECT_TRUE(contains(r.out, "| test | 1 | 2 |")) << r.out;
  r = run_cli("-q data inspect " + quoted(dir / "data") + " --verify --json", dir);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j["verification"]["clean"].get<bool>());
  EXPECT_EQ(j["verification"]["frames_checked"].get<int>(), 5);
}

TEST(DataCli, BadSourceExitsWith2AndSaysWhatIsAccepted) {
  TempDir dir;
  auto r = run_cli("data inspect flickr:/photos", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "unknown prefix 'flickr:'")) << r.err;
  EXPECT_TRUE(contains(r.err, "biwi:PATH")) << r.err;
  EXPECT_EQ(r.out, "");
  r = run_cli("data inspect --json 300vw:" + quoted(dir / "missing"), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, (dir / "missing").string() + "' is not a directory")) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(DataCli, VerifyOnABrokenDatasetExitsWith2NamingTheFile) {
  TempDir dir;
  testing::write_dataset(dir / "data");
  const auto seq = dataset::sequence_dir(dir / "data", testing::sample_manifest().sequences[1].id);
  testing::write_file(dataset::frame_file(seq, 1, "png"), "garbage, not an image");
  auto r = run_cli("data inspect " + quoted(dir / "data") + " --verify", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.out, dataset::frame_file(seq, 1, "png").string() + ": cannot be decoded")) << r.out;
  EXPECT_TRUE(contains(r.err, "verification found 1 problem")) << r.err;
  r = run_cli("data inspect " + quoted(dir / "data") + " --verify --json", dir);
  EXPECT_EQ(r.code, 2);
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["verification"]["problems"].size(), 1u);
  EXPECT_EQ(j["verification"]["problems"][0]["file"].get<std::string>(), dataset::frame_file(seq, 1, "png").string());
}

TEST(DataCli, BiwiPoseWithEightNumbersExitsWith2NamingTheFile) {
  TempDir dir;
  testing::make_biwi_hpdb(dir / "hpdb");
  const auto pose = dir / "hpdb" / "02" / testing::biwi_pose_name(2);
  testing::write_file(pose, "1 0 0 \n0 1 0 \n0 0 1 \n\n0 1000 \n");
  const auto r = run_cli("data inspect biwi:" + quoted(dir / "hpdb"), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, pose.string() + ":5: expected 3 numbers, got 2")) << r.err;
}

// The usual wrong folders for biwi:PATH: exit 2 and what to give instead.
TEST(DataCli, BiwiPathMistakesExitWith2SayingWhatToGive) {
  TempDir dir;
  testing::make_biwi_hpdb(dir / "kinect" / "hpdb");
  auto r = run_cli("data inspect biwi:" + quoted(dir / "kinect"), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "use biwi:" + (dir / "kinect" / "hpdb").string())) << r.err;
  testing::write_dataset(dir / "data");
  r = run_cli("data inspect biwi:" + quoted(dir / "data"), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "is a synhead dataset (manifest.json)")) << r.err;
  EXPECT_TRUE(contains(r.err, "drop the biwi: prefix")) << r.err;
  std::filesystem::create_directories(dir / "other" / "clips");
  r = run_cli("data stats biwi:" + quoted(dir / "other"), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "frame_XXXXX_rgb.png and frame_XXXXX_pose.txt")) << r.err;
  EXPECT_TRUE(contains(r.err, "found 1 folder (clips)")) << r.err;
  EXPECT_EQ(r.out, "");
}

// `data boxes` by head centre: rows for every annotated frame, the projected square, the same file every run.
TEST(DataCli, BoxesByHeadCentreOnABiwiTreeAndADataset) {
  TempDir dir;
  testing::make_biwi_hpdb(dir / "hpdb");
  auto r = run_cli("data boxes biwi:" + quoted(dir / "hpdb") + " --out " + quoted(dir / "boxes.csv"), dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "2 sequences, 5 frames; head centre, 200 mm squares")) << r.out;
  const dataset::BoxTable table = dataset::BoxTable::read(dir / "boxes.csv");
  ASSERT_EQ(table.size(), 5u);
  // 02 has no rgb.cal: the Kinect default camera (f 517.7, centre 320, 240). Centre (0, 0, 1000) mm → (320, 240);
  // 200 mm at 1 m → 103.54 px.
  const auto& row = table.at("02", 1);
  EXPECT_EQ(row.rule, "head_centre");
  EXPECT_EQ(row.score, 1);
  EXPECT_NEAR(row.box.w, 103.54, 1e-3);
  EXPECT_NEAR(row.box.x, 320 - 103.54 / 2, 1e-3);
  EXPECT_NEAR(row.box.y, 240 - 103.54 / 2, 1e-3);
  EXPECT_EQ(table.at("01", 7).frame, 7);  // BIWI's frame numbers, gaps kept
  const std::string text = read_file(dir / "boxes.csv");
  EXPECT_EQ(text.substr(0, text.find('\n')), "sequence,frame,box_x,box_y,box_w,box_h,rule,score");
  r = run_cli("-q data boxes biwi:" + quoted(dir / "hpdb") + " --rule head_centre --out " + quoted(dir / "again.csv"), dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(read_file(dir / "again.csv"), text);
  r = run_cli("-q data boxes biwi:" + quoted(dir / "hpdb") + " --head-box-mm 150 --out " + quoted(dir / "small.csv"), dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NEAR(dataset::BoxTable::read(dir / "small.csv").at("02", 1).box.w, 77.655, 1e-3);

  testing::write_dataset(dir / "data");
  r = run_cli("-q data boxes " + quoted(dir / "data") + " --out " + quoted(dir / "data_boxes.csv"), dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(dataset::BoxTable::read(dir / "data_boxes.csv").size(), 5u);
}

TEST(DataCli, BoxesRejectsOptionsOfTheOtherRule) {
  TempDir dir;
  testing::make_biwi_hpdb(dir / "hpdb");
  const std::string source = "data boxes biwi:" + quoted(dir / "hpdb") + " --out " + quoted(dir / "b.csv");
  auto r = run_cli(source + " --detector haar", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "--detector applies to --rule detector")) << r.err;
  r = run_cli(source + " --rule detector --head-box-mm 150", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "--head-box-mm applies to --rule head_centre")) << r.err;
  r = run_cli(source + " --smooth-sigma-frames 5", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "--smooth-sigma-frames applies to --rule detector")) << r.err;
  r = run_cli(source + " --rule landmarks", dir);
  EXPECT_EQ(r.code, 2);
  r = run_cli(source + " --head-box-mm 20", dir);
  EXPECT_EQ(r.code, 2);
  r = run_cli("data boxes biwi:" + quoted(dir / "hpdb"), dir);
  EXPECT_EQ(r.code, 2);  // --out is required
  EXPECT_FALSE(std::filesystem::exists(dir / "b.csv"));
  r = run_cli("data boxes --help", dir);
  EXPECT_EQ(r.code, 0);
  for (const char* option : {"SOURCE", "--out", "--rule", "--head-box-mm", "--detector", "--calibration", "--workers",
                             "detector_held", "--smooth-sigma-frames", "detector_interpolated"})
    EXPECT_TRUE(contains(r.out, option)) << option;
}

// `data convert --layout 300vw`: a synhead dataset becomes a 300-VW tree that `300vw:` reads back; its split tags
// go to splits.json; a source without landmarks is exit 2 naming it.
TEST(DataCli, ConvertWritesThe300vwLayout) {
  TempDir dir;
  testing::write_dataset(dir / "data");
  auto r = run_cli("data convert " + quoted(dir / "data") + " --layout 300vw --out " + quoted(dir / "vw"), dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "2 videos (2 written now, 5 frames)")) << r.out;
  EXPECT_TRUE(std::filesystem::exists(dir / "vw" / "001" / "vid.avi"));
  EXPECT_TRUE(std::filesystem::exists(dir / "vw" / "002" / "annot" / "000001.pts"));
  const auto splits = nlohmann::json::parse(read_file(dir / "vw" / "splits.json"));
  EXPECT_EQ(splits["splits"]["train"], nlohmann::json::array({"001"}));
  EXPECT_EQ(splits["splits"]["test"], nlohmann::json::array({"002"}));
  r = run_cli("data inspect --json --verify 300vw:" + quoted(dir / "vw"), dir);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["frames"].get<int>(), 5);
  EXPECT_EQ(j["landmarks"].get<int>(), 68);
  testing::make_biwi_hpdb(dir / "hpdb");
  r = run_cli("data convert biwi:" + quoted(dir / "hpdb") + " --out " + quoted(dir / "vw2"), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "labels no landmarks")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "vw2" / "001"));
  r = run_cli("data convert --help", dir);
  EXPECT_EQ(r.code, 0);
  for (const char* option : {"SOURCE", "--layout", "--out", "--fourcc", "--fps", "sequences.json"})
    EXPECT_TRUE(contains(r.out, option)) << option;
}

// A 300-VW video shorter than its annotations, and a .pts of 67 points: exit 2 naming the file.
TEST(DataCli, Broken300vwTreesExitWith2NamingTheFile) {
  TempDir dir;
  testing::make_300vw_video(dir / "vw" / "001", 3, 5);
  auto r = run_cli("data inspect --verify 300vw:" + quoted(dir / "vw"), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.out + r.err, (dir / "vw" / "001" / "annot" / "000004.pts").string())) << r.out << r.err;
  EXPECT_TRUE(contains(r.out + r.err, "no frame 4 in vid.avi")) << r.out << r.err;
  std::string points;
  for (int i = 0; i < 67; ++i) points += "1 2\n";
  testing::write_file(dir / "vw" / "001" / "annot" / "000002.pts", "version: 1\nn_points: 67\n{\n" + points + "}\n");
  r = run_cli("data inspect 300vw:" + quoted(dir / "vw"), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, (dir / "vw" / "001" / "annot" / "000002.pts").string() + ":2: expected 'n_points: 68'"))
      << r.err;
}

TEST(DataCli, DepthDecodesEveryBiwiDepthFile) {
  TempDir dir;
  testing::make_biwi_hpdb(dir / "hpdb");
  // 2×1 pixels, one run of 0 empty and 2 filled pixels, but only one depth: truncated.
  const auto depth = dir / "hpdb" / "02" / "frame_00001_depth.bin";
  testing::write_file(depth, std::string("\x02\0\0\0\x01\0\0\0\0\0\0\0\x02\0\0\0\x20\x03", 18));
  auto r = run_cli("data inspect biwi:" + quoted(dir / "hpdb"), dir);
  ASSERT_EQ(r.code, 0) << r.err;  // without --depth, depth files are not read
  r = run_cli("data inspect biwi:" + quoted(dir / "hpdb") + " --depth --json", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, depth.string() + ": truncated")) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["depth"]["frames_checked"].get<int>(), 1);
  EXPECT_EQ(j["depth"]["problems"][0]["file"].get<std::string>(), depth.string());
}

TEST(DataCli, StatsWritesAPlotAndPerSplitJson) {
  TempDir dir;
  testing::write_dataset(dir / "data");
  const auto r = run_cli("data stats " + quoted(dir / "data") + " --plot " + quoted(dir / "stats.png") + " --json " +
                             quoted(dir / "stats.json"),
                         dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "## train")) << r.out;
  EXPECT_TRUE(contains(r.out, "## test")) << r.out;
  const std::string png = read_file(dir / "stats.png");
  ASSERT_GT(png.size(), 8u);
  EXPECT_EQ(png.substr(0, 8), "\x89PNG\r\n\x1a\n");
  const auto j = nlohmann::json::parse(read_file(dir / "stats.json"));
  EXPECT_EQ(j["splits"]["train"]["frames"].get<int>(), 3);
  EXPECT_EQ(j["splits"]["test"]["tracks"].get<int>(), 1);
  EXPECT_DOUBLE_EQ(j["splits"]["test"]["pose"]["yaw"]["max"].get<double>(), 60);
}

}  // namespace
}  // namespace synhead
