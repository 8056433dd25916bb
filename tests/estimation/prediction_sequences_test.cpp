#include "synhead/estimation/prediction_sequences.h"

#include <gtest/gtest.h>

#include "temp_dir.h"
#include "user_error.h"

namespace synhead::estimation {
namespace {

using testing::TempDir;
using testing::user_error_of;
using testing::write_file;

const std::string kPoseHeader = "sequence,frame,time_s,pitch,yaw,roll,gt_pitch,gt_yaw,gt_roll\n";

std::string landmark_header() {
  std::string header = "sequence,frame,time_s";
  for (const char axis : {'x', 'y'})
    for (int i = 0; i < 68; ++i) header += "," + std::string(1, axis) + "_" + std::to_string(i);
  return header + "\n";
}

TEST(PredictionSequences, GroupsAndSortsRowsPerSequence) {
  TempDir dir;
  write_file(dir / "p.csv", kPoseHeader +
                                "b,1,0.040000,1,2,3,4,5,6\n"
                                "a,2,0.080000,7,8,9,1,1,1\n"
                                "b,0,0.000000,-1,-2,-3,-4,-5,-6\n"
                                "a,0,0.000000,0,0,0,0,0,0\n");
  const PredictionTable table = read_predictions(dir / "p.csv");
  EXPECT_TRUE(table.has_pose);
  EXPECT_FALSE(table.has_landmarks);
  ASSERT_EQ(table.sequences.size(), 2u);
  EXPECT_EQ(table.sequences[0].id, "b");
  EXPECT_EQ(table.sequences[0].frames, (std::vector<std::int64_t>{0, 1}));
  EXPECT_EQ(table.sequences[0].times, (std::vector<double>{0, 0.04}));
  EXPECT_EQ(table.sequences[0].pose[1], (std::vector<double>{-2, 2}));
  EXPECT_EQ(table.sequences[0].pose_truth[2], (std::vector<double>{-6, 6}));
  EXPECT_EQ(table.sequences[1].frames, (std::vector<std::int64_t>{0, 2}));  // gaps are kept
  EXPECT_EQ(table.sequences[1].pose[0], (std::vector<double>{0, 7}));
}

TEST(PredictionSequences, RoundTripsPoseAndLandmarks) {
  PredictionTable table;
  table.has_pose = table.has_landmarks = true;
  for (int s = 0; s < 2; ++s) {
    PredictionSequence sequence;
    sequence.id = "seq_" + std::to_string(s);
    sequence.landmarks.resize(kLandmarkChannels);
    for (int f = 0; f < 5; ++f) {
      sequence.frames.push_back(f * 2);
      sequence.times.push_back(f * 0.08 + s);
      for (int a = 0; a < 3; ++a) {
        sequence.pose[a].push_back(10.25 * a - f + s);
        sequence.pose_truth[a].push_back(-3.5 * a + f);
      }
      for (int k = 0; k < kLandmarkChannels; ++k) sequence.landmarks[k].push_back(100 + k + 0.125 * f);
    }
    table.sequences.push_back(sequence);
  }
  TempDir dir;
  write_predictions(dir / "out.csv", table);
  const PredictionTable back = read_predictions(dir / "out.csv");
  ASSERT_TRUE(back.has_pose && back.has_landmarks);
  ASSERT_EQ(back.sequences.size(), 2u);
  for (int s = 0; s < 2; ++s) {
    EXPECT_EQ(back.sequences[s].id, table.sequences[s].id);
    EXPECT_EQ(back.sequences[s].frames, table.sequences[s].frames);
    EXPECT_EQ(back.sequences[s].times, table.sequences[s].times);
    EXPECT_EQ(back.sequences[s].pose, table.sequences[s].pose);
    EXPECT_EQ(back.sequences[s].pose_truth, table.sequences[s].pose_truth);
    EXPECT_EQ(back.sequences[s].landmarks, table.sequences[s].landmarks);
  }
  // The header is eval's, byte for byte.
  EXPECT_EQ(testing::read_file(dir / "out.csv").rfind(kPoseHeader.substr(0, kPoseHeader.size() - 1) + ",x_0,", 0), 0u);
}

TEST(PredictionSequences, ReadsLandmarkOnlyFiles) {
  TempDir dir;
  std::string row = "s,0,0.0";
  for (int k = 0; k < kLandmarkChannels; ++k) row += "," + std::to_string(k);
  write_file(dir / "l.csv", landmark_header() + row + "\n");
  const PredictionTable table = read_predictions(dir / "l.csv");
  EXPECT_FALSE(table.has_pose);
  ASSERT_EQ(table.sequences[0].landmarks.size(), 136u);
  EXPECT_EQ(table.sequences[0].landmarks[135], (std::vector<double>{135}));
}

struct BadFile {
  std::string name;
  std::string content;
  std::string expected;  // a substring of the error, after "file:line: "
};

// What CTest lists for a case (gtest would otherwise print the struct's bytes).
void PrintTo(const BadFile& file, std::ostream* out) { *out << file.name; }

class PredictionSequencesErrors : public ::testing::TestWithParam<BadFile> {};

TEST_P(PredictionSequencesErrors, NameFileLineAndCause) {
  TempDir dir;
  write_file(dir / "bad.csv", GetParam().content);
  const std::string message = user_error_of([&] { read_predictions(dir / "bad.csv"); });
  EXPECT_NE(message.find("bad.csv:"), std::string::npos) << message;
  EXPECT_NE(message.find(GetParam().expected), std::string::npos) << message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, PredictionSequencesErrors,
    ::testing::Values(BadFile{"Header", "sequence,frame,pitch\n", ":1: bad header"},
                      BadFile{"Empty", "", ":1: empty file"},
                      BadFile{"NoRows", kPoseHeader, "no data rows"},
                      BadFile{"Columns", kPoseHeader + "a,0,0,1,2,3,4,5\n", ":2: expected 9 columns, got 8"},
                      BadFile{"Number", kPoseHeader + "a,0,0,1,2,3,4,5,6\na,1,0.04,1,x,3,4,5,6\n",
                              ":3: column 'yaw': expected a number, got 'x'"},
                      BadFile{"NotFinite", kPoseHeader + "a,0,0,1,2,3,4,5,nan\n", ":2: column 'gt_roll'"},
                      BadFile{"Frame", kPoseHeader + "a,-1,0,1,2,3,4,5,6\n", ":2: column 'frame'"},
                      BadFile{"Duplicate", kPoseHeader + "a,0,0,1,2,3,4,5,6\nb,0,0,1,2,3,4,5,6\na,0,0,1,2,3,4,5,6\n",
                              ":4: sequence 'a' frame 0 already appears on line 2"},
                      BadFile{"Time", kPoseHeader + "a,1,0.5,1,2,3,4,5,6\na,0,0.5,1,2,3,4,5,6\n",
                              ":2: sequence 'a': time_s 0.5 of frame 1 does not exceed"}),
    [](const ::testing::TestParamInfo<BadFile>& info) { return info.param.name; });

}  // namespace
}  // namespace synhead::estimation
