// End-to-end checks of the synhead executable: exit codes, messages, outputs on disk.

#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "biwi_fixture.h"
#include "cli_runner.h"
#include "synhead/motion_tracks/track_csv.h"
#include "temp_dir.h"

namespace synhead {
namespace {

using testing::read_file;
using testing::TempDir;
using testing::write_file;
using Result = testing::CliResult;

Result run(const std::string& args, const TempDir& dir) { return testing::run_cli(args, dir); }
std::string q(const std::filesystem::path& p) { return testing::quoted(p); }

TEST(Cli, HelpListsVerbsAndOptions) {
  TempDir dir;
  auto r = run("--help", dir);
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("tracks"), std::string::npos);
  r = run("tracks generate --help", dir);
  EXPECT_EQ(r.code, 0);
  for (const char* option : {"--count", "--frames", "--fps", "--seed", "--out", "--config", "--set", "--print-config"})
    EXPECT_NE(r.out.find(option), std::string::npos) << option;
  for (const char* verb : {"import-biwi", "smooth", "stats"}) EXPECT_EQ(run(std::string("tracks ") + verb + " --help", dir).code, 0);
}

TEST(Cli, BadUsageExitsWith2) {
  TempDir dir;
  EXPECT_EQ(run("", dir).code, 2);
  EXPECT_EQ(run("frobnicate", dir).code, 2);
  EXPECT_EQ(run("tracks generate", dir).code, 2);  // --out is required
  EXPECT_EQ(run("tracks generate --out x --count notanumber", dir).code, 2);
}

TEST(Cli, GenerateIsDeterministicAndWritesTheResolvedConfig) {
  TempDir dir;
  auto r = run("tracks generate --count 3 --frames 90 --seed 5 --out " + q(dir / "a"), dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "");  // results on disk, logs on stderr
  ASSERT_EQ(run("-q tracks generate --count 3 --frames 90 --seed 5 --out " + q(dir / "b"), dir).code, 0);
  ASSERT_EQ(run("tracks generate --count 3 --frames 90 --seed 6 --out " + q(dir / "c") + " --quiet", dir).code, 0);
  for (const char* name : {"track_000.csv", "track_001.csv", "track_002.csv"})
    EXPECT_EQ(read_file(dir / "a" / name), read_file(dir / "b" / name)) << name;
  EXPECT_NE(read_file(dir / "a" / "track_000.csv"), read_file(dir / "c" / "track_000.csv"));
  EXPECT_EQ(motion_tracks::read_track_csv(dir / "a" / "track_002.csv").size(), 90u);
  const auto config = read_file(dir / "a" / "tracks.yaml");
  EXPECT_NE(config.find("seed: 5"), std::string::npos) << config;
  EXPECT_NE(config.find("frames: 90"), std::string::npos) << config;
}

TEST(Cli, ConfigFileOverridesAndPrintConfig) {
  TempDir dir;
  write_file(dir / "my.yaml", "count: 2\ngenerator:\n  frames: 40\n");
  auto r = run("tracks generate --config " + q(dir / "my.yaml") + " --set generator.fps=25 --seed 9 --out x --print-config", dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("count: 2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("frames: 40"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("fps: 25"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("seed: 9"), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(dir / "x"));  // printing the config does not run the verb
}

TEST(Cli, BadConfigNamesFileLineOrKey) {
  TempDir dir;
  write_file(dir / "bad.yaml", "count: 2\ngenerator:\n  frame: 40\n");
  auto r = run("tracks generate --config " + q(dir / "bad.yaml") + " --out " + q(dir / "o"), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find((dir / "bad.yaml").string() + ":3: unknown key 'generator.frame'"), std::string::npos) << r.err;
  r = run("tracks generate --set generator.band_limit_hz=20 --out " + q(dir / "o"), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--set generator.band_limit_hz=20: key 'generator.band_limit_hz': expected a frequency in (0, fps/2)"),
            std::string::npos) << r.err;
  r = run("tracks generate --set generator.frames=abc --out " + q(dir / "o"), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("expected an integer, got 'abc'"), std::string::npos) << r.err;
  r = run("tracks smooth --sigma -1 a.csv b.csv", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--sigma -1: key 'smoothing.sigma': expected a positive number"), std::string::npos) << r.err;
  EXPECT_EQ(run("tracks generate --config " + q(dir / "absent.yaml") + " --out o", dir).code, 2);
  EXPECT_FALSE(std::filesystem::exists(dir / "o"));
}

TEST(Cli, SmoothAFileAndADirectory) {
  TempDir dir;
  ASSERT_EQ(run("-q tracks generate --count 2 --frames 60 --out " + q(dir / "t"), dir).code, 0);
  auto r = run("tracks smooth --sigma 0.1 --unit seconds --resample-fps 15 " + q(dir / "t" / "track_000.csv") + " " +
                   q(dir / "s.csv"),
               dir);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto smoothed = motion_tracks::read_track_csv(dir / "s.csv");
  EXPECT_EQ(smoothed.size(), 30u);
  EXPECT_NEAR(smoothed.nominal_fps(), 15, 1e-9);
  r = run("tracks smooth --sigma 3 " + q(dir / "t") + " " + q(dir / "sd"), dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(motion_tracks::read_tracks(dir / "sd").size(), 2u);
}

TEST(Cli, MalformedTrackNamesFileAndLine) {
  TempDir dir;
  write_file(dir / "bad.csv", "frame,time_s,pitch,yaw,roll,tx,ty,tz\n0,0,0,0,0,0,0,0\n1,0.1,0,nan,0,0,0,0\n");
  const auto r = run("tracks smooth --sigma 2 " + q(dir / "bad.csv") + " " + q(dir / "out.csv"), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find((dir / "bad.csv").string() + ":3: column 'yaw': expected a finite number"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "out.csv"));
  EXPECT_EQ(run("tracks stats " + q(dir / "absent"), dir).code, 2);
}

TEST(Cli, StatsPrintsTableAndWritesPlotAndJson) {
  TempDir dir;
  ASSERT_EQ(run("-q tracks generate --count 4 --frames 300 --seed 1 --out " + q(dir / "t"), dir).code, 0);
  const auto r = run("tracks stats " + q(dir / "t") + " --plot " + q(dir / "s.png") + " --json " + q(dir / "s.json"), dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("| yaw (deg) |"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("angular speed"), std::string::npos) << r.out;
  EXPECT_EQ(read_file(dir / "s.png").substr(1, 3), "PNG");
  const auto json = nlohmann::json::parse(read_file(dir / "s.json"));
  EXPECT_EQ(json["tracks"].get<int>(), 4);
  EXPECT_EQ(json["frames"].get<int>(), 1200);
  EXPECT_LE(json["pose"]["yaw"]["max"].get<double>(), 75);
  EXPECT_EQ(run("tracks stats " + q(dir / "t") + " --example 4", dir).code, 2);
}

TEST(Cli, ImportBiwiKeepsFrameNumbers) {
  TempDir dir;
  testing::make_biwi_hpdb(dir / "hpdb");
  auto r = run("tracks import-biwi --biwi " + q(dir / "hpdb") + " --out " + q(dir / "tracks") + " --fps 25", dir);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto track = motion_tracks::read_track_csv(dir / "tracks" / "biwi_01.csv");
  ASSERT_EQ(track.size(), 3u);
  EXPECT_EQ(track.frames[2].frame, 7);
  EXPECT_DOUBLE_EQ(track.frames[2].time_s, 7.0 / 25);
  EXPECT_NEAR(track.frames[0].pitch, 20, 1e-4);
  EXPECT_TRUE(std::filesystem::exists(dir / "tracks" / "biwi_02.csv"));
  r = run("tracks import-biwi --smooth --biwi " + q(dir / "hpdb") + " --out " + q(dir / "smoothed"), dir);
  ASSERT_EQ(r.code, 0) << r.err;
  write_file(dir / "hpdb" / "02" / testing::biwi_pose_name(9), "1 0 0\n");
  r = run("tracks import-biwi --biwi " + q(dir / "hpdb") + " --out " + q(dir / "t2"), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find(testing::biwi_pose_name(9)), std::string::npos) << r.err;
}

// BIWI stores poses in the depth camera; import-biwi writes them in the RGB camera, as the biwi: reader reads them.
TEST(Cli, ImportBiwiMovesPosesIntoTheRgbCamera) {
  TempDir dir;
  const auto seq = dir / "hpdb" / "01";
  write_file(seq / testing::biwi_pose_name(5), testing::biwi_pose_text({0, 30, 0}, 10, -20, 900));
  // A 90° turn about z and a (−25, 1, 2) mm baseline: R_rgb = Rz(90°) · Ry(30°), c_rgb = (20, 10, 900) + (−25, 1, 2).
  write_file(seq / "rgb.cal", testing::biwi_calibration_text("0 -1 0 \n1 0 0 \n0 0 1 \n", "-25 1 2 "));
  auto r = run("tracks import-biwi --biwi " + q(dir / "hpdb") + " --out " + q(dir / "tracks"), dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("1 with rgb.cal (1 moved into the RGB camera"), std::string::npos) << r.err;
  const auto track = motion_tracks::read_track_csv(dir / "tracks" / "biwi_01.csv");
  ASSERT_EQ(track.size(), 1u);
  EXPECT_NEAR(track.frames[0].pitch, 0, 1e-4);
  EXPECT_NEAR(track.frames[0].yaw, 30, 1e-4);
  EXPECT_NEAR(track.frames[0].roll, 90, 1e-4);
  EXPECT_NEAR(track.frames[0].tx, -5, 1e-3);
  EXPECT_NEAR(track.frames[0].ty, 11, 1e-3);
  EXPECT_NEAR(track.frames[0].tz, 902, 1e-3);
  r = run("tracks import-biwi --help", dir);
  EXPECT_NE(r.out.find("rgb.cal"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace synhead
