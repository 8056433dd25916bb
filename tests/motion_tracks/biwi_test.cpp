#include "synhead/motion_tracks/biwi.h"

#include <gtest/gtest.h>

#include "synhead/core/error.h"
#include "biwi_fixture.h"
#include "user_error.h"

namespace synhead::motion_tracks {
namespace {

using synhead::testing::TempDir;
using synhead::testing::write_file;

using synhead::testing::biwi_pose_name;
using synhead::testing::biwi_pose_text;
using synhead::testing::make_biwi_hpdb;

std::string pose_error(const std::filesystem::path& path, const std::string& content) {
  write_file(path, content);
  return synhead::testing::user_error_of([&] { read_biwi_pose(path); });
}

TEST(Biwi, ImportsTreeWithRealFrameNumbersAndTimes) {
  TempDir dir;
  make_biwi_hpdb(dir / "hpdb");
  const auto tracks = import_biwi(dir / "hpdb", BiwiImportConfig{25});
  ASSERT_EQ(tracks.size(), 2u);
  EXPECT_EQ(tracks[0].name, "biwi_01");
  ASSERT_EQ(tracks[0].size(), 3u);
  EXPECT_EQ(tracks[0].frames[2].frame, 7);
  EXPECT_DOUBLE_EQ(tracks[0].frames[2].time_s, 7.0 / 25);
  EXPECT_NEAR(tracks[0].frames[0].pitch, 20, 1e-4);
  EXPECT_NEAR(tracks[0].frames[0].yaw, -30, 1e-4);
  EXPECT_NEAR(tracks[0].frames[0].roll, 10, 1e-4);
  EXPECT_DOUBLE_EQ(tracks[0].frames[0].tz, 900);
  EXPECT_DOUBLE_EQ(tracks[0].frames[0].ty, -20);
  EXPECT_NEAR(tracks[1].frames[1].yaw, 41, 1e-4);
}

TEST(Biwi, ImportsASingleSequenceFolder) {
  TempDir dir;
  make_biwi_hpdb(dir / "hpdb");
  const auto tracks = import_biwi(dir / "hpdb" / "02", BiwiImportConfig{});
  ASSERT_EQ(tracks.size(), 1u);
  EXPECT_EQ(tracks[0].name, "biwi_02");
  EXPECT_DOUBLE_EQ(tracks[0].frames[1].time_s, 2.0 / 30);
}

// The published convention (Hopenet, FSA-Net, 6DRepNet) has pitch > 0 looking up; synhead has it looking down.
TEST(Biwi, AnglesMatchThePublishedConventionUpToTheDocumentedSigns) {
  const glm::dmat3 m = rotation_from_euler({15, -25, 35});
  const EulerDeg published = biwi_published_angles(m);
  EXPECT_NEAR(published.pitch, -15, 1e-9);
  EXPECT_NEAR(published.yaw, -25, 1e-9);
  EXPECT_NEAR(published.roll, 35, 1e-9);
  const EulerDeg synhead = biwi_to_synhead_angles(m);
  const EulerDeg direct = euler_from_rotation(m);
  EXPECT_NEAR(synhead.pitch, direct.pitch, 1e-12);
  EXPECT_NEAR(synhead.yaw, direct.yaw, 1e-12);
  EXPECT_NEAR(synhead.roll, direct.roll, 1e-12);
  // Looking down in the camera frame (face front −z rotated toward +y): synhead pitch > 0, published < 0.
  const glm::dmat3 looking_down = rotation_from_euler({20, 0, 0});
  EXPECT_GT((looking_down * glm::dvec3(0, 0, -1)).y, 0);
  EXPECT_GT(biwi_to_synhead_angles(looking_down).pitch, 0);
  EXPECT_LT(biwi_published_angles(looking_down).pitch, 0);
}

TEST(Biwi, MalformedPoseFilesGiveSpecificErrors) {
  TempDir dir;
  const auto p = dir / biwi_pose_name(1);
  const std::string good = biwi_pose_text({0, 0, 0}, 0, 0, 800);
  EXPECT_NE(pose_error(p, "1 0 0\n0 1 0\n0 0 1\n").find(":3: expected 3 rotation rows and 1 head-centre row, found 3"), std::string::npos);
  EXPECT_NE(pose_error(p, "1 0 0\n0 1\n0 0 1\n\n0 0 800\n").find(":2: expected 3 numbers, got 2"), std::string::npos);
  EXPECT_NE(pose_error(p, "1 0 0\n0 x 0\n0 0 1\n\n0 0 800\n").find(":2: expected a finite number, got 'x'"), std::string::npos);
  EXPECT_NE(pose_error(p, "1 0 0\n0 1 0\n0 0 nan\n\n0 0 800\n").find(":3: expected a finite number"), std::string::npos);
  EXPECT_NE(pose_error(p, good + "1 2 3\n").find(":6: unexpected extra line"), std::string::npos);
  EXPECT_NE(pose_error(p, "2 0 0\n0 1 0\n0 0 1\n\n0 0 800\n").find("not a rotation matrix"), std::string::npos);
  EXPECT_NE(pose_error(p, "-1 0 0\n0 1 0\n0 0 1\n\n0 0 800\n").find("not a rotation matrix"), std::string::npos);
  const std::string message = pose_error(p, "1 0 0\n0 1\n0 0 1\n\n0 0 800\n");
  EXPECT_EQ(message.rfind(p.string(), 0), 0u) << message;  // starts with the file name
  EXPECT_EQ(pose_error(p, good), "<no error>");
}

TEST(Biwi, BrokenSequenceNamesTheFile) {
  TempDir dir;
  make_biwi_hpdb(dir / "hpdb");
  write_file(dir / "hpdb" / "02" / biwi_pose_name(5), "garbage\n");
  try {
    import_biwi(dir / "hpdb", BiwiImportConfig{});
    FAIL() << "expected an error";
  } catch (const core::UserError& e) {
    EXPECT_NE(std::string(e.what()).find(biwi_pose_name(5) + ":1:"), std::string::npos) << e.what();
  }
}

TEST(Biwi, DuplicateFrameNumbersAndEmptyTreesAreErrors) {
  TempDir dir;
  write_file(dir / "seq" / "frame_00003_pose.txt", biwi_pose_text({}, 0, 0, 800));
  write_file(dir / "seq" / "frame_0003_pose.txt", biwi_pose_text({}, 0, 0, 800));
  EXPECT_THROW(import_biwi(dir / "seq", BiwiImportConfig{}), core::UserError);
  std::filesystem::create_directories(dir / "empty" / "01");
  EXPECT_THROW(import_biwi(dir / "empty", BiwiImportConfig{}), core::UserError);
  EXPECT_THROW(import_biwi(dir / "absent", BiwiImportConfig{}), core::UserError);
}

TEST(Biwi, AnEmptyTreeSaysWhatItHoldsWhatWasExpectedAndWhereHpdbIs) {
  TempDir dir;
  make_biwi_hpdb(dir / "kinect" / "hpdb");
  write_file(dir / "kinect" / "readme.txt", "");
  const std::string message = synhead::testing::user_error_of([&] { import_biwi(dir / "kinect", BiwiImportConfig{}); });
  EXPECT_EQ(message.rfind((dir / "kinect").string() + ": no BIWI sequences found", 0), 0u) << message;
  EXPECT_NE(message.find("expected sequence folders NN/ holding frame_XXXXX_rgb.png and frame_XXXXX_pose.txt"),
            std::string::npos) << message;
  EXPECT_NE(message.find("found 1 folder (hpdb) and 1 file (readme.txt), none with a frame_XXXXX_pose.txt"),
            std::string::npos) << message;
  EXPECT_NE(message.find("hpdb/ inside holds 2 BIWI sequence folder(s): give " + (dir / "kinect" / "hpdb").string()),
            std::string::npos) << message;
  EXPECT_EQ(find_biwi_sequence_dirs(dir / "kinect").size(), 0u);
  EXPECT_EQ(find_biwi_sequence_dirs(dir / "kinect" / "hpdb").size(), 2u);
  EXPECT_EQ(find_biwi_sequence_dirs(dir / "kinect" / "hpdb" / "01"),
            std::vector<std::filesystem::path>{dir / "kinect" / "hpdb" / "01"});
}

}  // namespace
}  // namespace synhead::motion_tracks
