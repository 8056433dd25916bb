#include "synhead/motion_tracks/track_csv.h"

#include <gtest/gtest.h>

#include "synhead/core/error.h"
#include "temp_dir.h"
#include "user_error.h"

namespace synhead::motion_tracks {
namespace {

using synhead::testing::TempDir;
using synhead::testing::write_file;

const std::string kHeader = "frame,time_s,pitch,yaw,roll,tx,ty,tz\n";

std::string read_error(const std::filesystem::path& path, const std::string& content) {
  write_file(path, content);
  return synhead::testing::user_error_of([&] { read_track_csv(path); });
}

TEST(TrackCsv, WriteThenReadIsExact) {
  TempDir dir;
  Track track;
  track.name = "sample";
  track.frames = {{0, 0.0, 1.0 / 3, -75.5, 0.1, 1e-3, -2.5, 900.125}, {3, 0.1, 2, 3, 4, 5, 6, 7}};
  write_track_csv(dir / "sample.csv", track);
  const Track back = read_track_csv(dir / "sample.csv");
  EXPECT_EQ(back.name, "sample");
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back.frames[1].frame, 3);
  EXPECT_EQ(back.frames[0].pitch, 1.0 / 3);  // full round-trip precision
  EXPECT_EQ(back.frames[0].tz, 900.125);
  EXPECT_EQ(synhead::testing::read_file(dir / "sample.csv").substr(0, kHeader.size()), kHeader);
}

TEST(TrackCsv, NominalFpsIgnoresDroppedFrames) {
  TempDir dir;
  write_file(dir / "t.csv", kHeader + "0,0,0,0,0,0,0,0\n1,0.04,0,0,0,0,0,0\n4,0.16,0,0,0,0,0,0\n5,0.2,0,0,0,0,0,0\n");
  EXPECT_NEAR(read_track_csv(dir / "t.csv").nominal_fps(), 25, 1e-9);
}

TEST(TrackCsv, ToleratesCrLfAndTrailingBlankLines) {
  TempDir dir;
  write_file(dir / "t.csv", "frame,time_s,pitch,yaw,roll,tx,ty,tz\r\n0,0,1,2,3,4,5,6\r\n\r\n");
  EXPECT_EQ(read_track_csv(dir / "t.csv").frames[0].roll, 3);
}

struct MalformedCase {
  const char* name;
  std::string content;
  std::string expected;  // the specific message, including "file:line:"
};

// Printed by GoogleTest (and CTest's test list) instead of a byte dump.
void PrintTo(const MalformedCase& c, std::ostream* os) { *os << c.name; }

class TrackCsvMalformed : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(TrackCsvMalformed, GivesItsSpecificError) {
  TempDir dir;
  const auto path = dir / "bad.csv";
  const std::string message = read_error(path, GetParam().content);
  EXPECT_NE(message.find(path.string() + ":" + GetParam().expected), std::string::npos) << message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, TrackCsvMalformed,
    ::testing::Values(
        MalformedCase{"EmptyFile", "", "1: empty file"},
        MalformedCase{"WrongHeader", "frame,time,pitch,yaw,roll,tx,ty,tz\n0,0,0,0,0,0,0,0\n", "1: bad header"},
        MalformedCase{"NoRows", kHeader, "1: no data rows"},
        MalformedCase{"TooFewColumns", kHeader + "0,0,0,0,0,0,0\n", "2: expected 8 columns"},
        MalformedCase{"TooManyColumns", kHeader + "0,0,0,0,0,0,0,0,0\n", "2: expected 8 columns"},
        MalformedCase{"NotANumber", kHeader + "0,0,0,abc,0,0,0,0\n", "2: column 'yaw': expected a number, got 'abc'"},
        MalformedCase{"NaN", kHeader + "0,0,nan,0,0,0,0,0\n", "2: column 'pitch': expected a finite number"},
        MalformedCase{"Infinity", kHeader + "0,0,0,0,0,0,0,inf\n", "2: column 'tz': expected a finite number"},
        MalformedCase{"EmptyCell", kHeader + "0,0,0,0,,0,0,0\n", "2: column 'roll': expected a number, got ''"},
        MalformedCase{"FractionalFrame", kHeader + "0.5,0,0,0,0,0,0,0\n", "2: column 'frame': expected a non-negative integer"},
        MalformedCase{"FrameNotIncreasing", kHeader + "1,0,0,0,0,0,0,0\n1,0.1,0,0,0,0,0,0\n", "3: frame numbers must increase"},
        MalformedCase{"TimeNotIncreasing", kHeader + "0,0.1,0,0,0,0,0,0\n1,0.1,0,0,0,0,0,0\n", "3: time_s must increase"},
        MalformedCase{"Gap", kHeader + "0,0,0,0,0,0,0,0\n1,2.5,0,0,0,0,0,0\n", "3: gap of 2.500 s after frame 0"},
        MalformedCase{"BlankLineInside", kHeader + "0,0,0,0,0,0,0,0\n\n1,0.1,0,0,0,0,0,0\n", "3: blank line inside the data"}),
    [](const ::testing::TestParamInfo<MalformedCase>& info) { return std::string(info.param.name); });

TEST(TrackCsv, MissingFileAndEmptyDirectoryAreUserErrors) {
  TempDir dir;
  EXPECT_THROW(read_track_csv(dir / "absent.csv"), core::UserError);
  EXPECT_THROW(read_track_dir(dir.path()), core::UserError);
  EXPECT_THROW(read_tracks(dir / "absent"), core::UserError);
}

TEST(TrackCsv, DirectoryIsReadInNameOrder) {
  TempDir dir;
  write_file(dir / "b.csv", kHeader + "0,0,2,0,0,0,0,0\n");
  write_file(dir / "a.csv", kHeader + "0,0,1,0,0,0,0,0\n");
  write_file(dir / "notes.txt", "ignored");
  const auto tracks = read_tracks(dir.path());
  ASSERT_EQ(tracks.size(), 2u);
  EXPECT_EQ(tracks[0].name, "a");
  EXPECT_EQ(tracks[1].frames[0].pitch, 2);
}

TEST(TrackCsv, GapLimitIsConfigurable) {
  TempDir dir;
  write_file(dir / "t.csv", kHeader + "0,0,0,0,0,0,0,0\n1,2.5,0,0,0,0,0,0\n");
  TrackCsvOptions options;
  options.max_gap_s = 3;
  EXPECT_EQ(read_track_csv(dir / "t.csv", options).size(), 2u);
}

}  // namespace
}  // namespace synhead::motion_tracks
