// 300-VW as distributed, on generated trees: the reader's labels and frames (in order and out of order), broken
// trees named by file (67 points, no braces, a video shorter than its annotations), the 300-VW writer's round trip,
// and the paper's smoothed detector crops against a hand case.

#include <cmath>
#include <numeric>

#include <gtest/gtest.h>
#include <opencv2/core.hpp>

#include "synhead/core/progress.h"
#include "synhead/dataset/face_boxes.h"
#include "synhead/dataset/source.h"
#include "synhead/dataset/vw300_layout.h"
#include "temp_dir.h"
#include "user_error.h"
#include "vw300_fixture.h"

namespace synhead::dataset {
namespace {

namespace fs = std::filesystem;
using testing::make_300vw_video;
using testing::TempDir;
using testing::user_error_of;
using testing::vw300_frame_level;
using testing::vw300_landmarks;
using testing::write_file;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

double mean_level(const cv::Mat& image) { return cv::mean(image(cv::Rect(60, 40, 16, 16)))[0]; }

TEST(Vw300Reader, LabelsComeFromThePtsFilesAndTimesFromTheFrameRate) {
  TempDir dir;
  make_300vw_video(dir / "300VW" / "002", 6, 6, 25);
  make_300vw_video(dir / "300VW" / "001", 4, 4, 30);
  const auto source = open_data_source("300vw:" + (dir / "300VW").string());
  ASSERT_EQ(source->sequences().size(), 2u);
  const SourceSequence& s = source->sequences()[1];
  EXPECT_EQ(s.id, "002");
  EXPECT_EQ(s.frames, (std::vector<std::int64_t>{1, 2, 3, 4, 5, 6}));
  ASSERT_EQ(s.labels.size(), 6u);
  const FrameLabels& third = s.labels[2];
  EXPECT_EQ(third.frame, 3);
  EXPECT_NEAR(third.time_s, 2 / 25.0, 1e-9);  // frame n at (n − 1) / fps
  EXPECT_NEAR(third.landmarks[11].x, 20 + 2 + 3, 1e-9);
  EXPECT_NEAR(third.landmarks[11].y, 18, 1e-9);
  EXPECT_EQ(third.visible[0], 1);
  // The box is the landmarks' tight box: x 23..41, y 16..28.
  EXPECT_NEAR(third.box.x, 23, 1e-9);
  EXPECT_NEAR(third.box.y, 16, 1e-9);
  EXPECT_NEAR(third.box.w, 18, 1e-9);
  EXPECT_NEAR(third.box.h, 12, 1e-9);
  EXPECT_NEAR(source->sequences()[0].labels[1].time_s, 1 / 30.0, 1e-9);
  EXPECT_FALSE(source->has_pose());
  EXPECT_EQ(training_labels(*source, s).size(), 6u);
}

TEST(Vw300Reader, FramesDecodeInOrderAndOutOfOrder) {
  TempDir dir;
  make_300vw_video(dir / "001", 80, 80);
  const auto source = open_data_source("300vw:" + (dir / "001").string());
  const SourceSequence& s = source->sequences().at(0);
  // Forwards (one decode each), a jump back, a long jump forwards (a seek), then a short one (skipped frames).
  for (std::size_t row : {0, 1, 2, 3, 1, 70, 72, 5, 79}) {
    const cv::Mat image = source->read_frame(s, row);
    ASSERT_EQ(image.size(), cv::Size(80, 64));
    EXPECT_NEAR(mean_level(image), vw300_frame_level(static_cast<int>(row) + 1), 6) << "row " << row;
  }
}

TEST(Vw300Reader, AVideoShorterThanItsAnnotationsNamesTheVideo) {
  TempDir dir;
  make_300vw_video(dir / "001", 3, 5);
  const auto source = open_data_source("300vw:" + (dir / "001").string());
  const SourceSequence& s = source->sequences().at(0);
  EXPECT_NO_THROW(source->read_frame(s, 2));
  const std::string message = user_error_of([&] { source->read_frame(s, 4); });
  EXPECT_TRUE(contains(message, (dir / "001" / "vid.avi").string())) << message;
  EXPECT_TRUE(contains(message, "cannot decode video frame 5")) << message;
  EXPECT_TRUE(contains(message, "000005.pts")) << message;
}

TEST(Vw300Reader, MalformedPtsFilesAreNamedWithTheirLine) {
  TempDir dir;
  make_300vw_video(dir / "001", 2, 2);
  const fs::path pts = dir / "001" / "annot" / "000002.pts";
  const std::string spec = "300vw:" + (dir / "001").string();
  std::string points;
  for (int i = 0; i < 67; ++i) points += "1 2\n";
  write_file(pts, "version: 1\nn_points: 67\n{\n" + points + "}\n");
  EXPECT_TRUE(contains(user_error_of([&] { open_data_source(spec); }), pts.string() + ":2: expected 'n_points: 68'"));
  write_file(pts, "version: 1\nn_points: 68\n{\n" + points + "}\n");  // claims 68, holds 67
  EXPECT_TRUE(contains(user_error_of([&] { open_data_source(spec); }), pts.string() + ":71: expected two finite numbers"));
  write_file(pts, "version: 1\nn_points: 68\n" + points + "1 2\n");  // no braces
  EXPECT_TRUE(contains(user_error_of([&] { open_data_source(spec); }), pts.string() + ":3: expected '{'"));
  write_file(pts, "version: 1\nn_points: 68\n{\n" + points + "1 nan\n}\n");
  EXPECT_TRUE(contains(user_error_of([&] { open_data_source(spec); }), pts.string() + ":71: expected two finite numbers"));
  fs::remove(pts);
  write_file(dir / "001" / "annot" / "000000.pts", dataset::pts_text(vw300_landmarks(1)));  // frame numbers are 1-based
  EXPECT_TRUE(contains(user_error_of([&] { open_data_source(spec); }), "000000.pts: expected a 1-based frame number"));
}

TEST(Vw300Writer, RoundTripsLandmarksFramesSplitsAndSkipsFinishedVideos) {
  TempDir dir;
  make_300vw_video(dir / "in" / "004", 5, 5, 25);
  make_300vw_video(dir / "in" / "009", 3, 3, 25);
  const auto source = open_data_source("300vw:" + (dir / "in").string());
  core::Progress quiet("convert", 8, "frames");
  EXPECT_EQ(write_300vw_layout(*source, dir / "out", {}, quiet), 2u);
  const auto back = open_data_source("300vw:" + (dir / "out").string());
  ASSERT_EQ(back->sequences().size(), 2u);
  EXPECT_EQ(back->sequences()[0].id, "001");  // renumbered in the source's order
  EXPECT_EQ(back->sequences()[1].id, "002");
  const auto& a = source->sequences()[0];
  const auto& b = back->sequences()[0];
  ASSERT_EQ(b.labels.size(), 5u);
  for (std::size_t row = 0; row < 5; ++row) {
    for (int i = 0; i < kLandmarkCount; ++i) {
      EXPECT_NEAR(b.labels[row].landmarks[i].x, a.labels[row].landmarks[i].x, 1e-3);
      EXPECT_NEAR(b.labels[row].landmarks[i].y, a.labels[row].landmarks[i].y, 1e-3);
    }
    EXPECT_NEAR(b.labels[row].time_s, a.labels[row].time_s, 1e-6);  // 25 frames/s kept
    EXPECT_NEAR(mean_level(back->read_frame(b, row)), mean_level(source->read_frame(a, row)), 4);
  }
  const std::string index = testing::read_file(dir / "out" / "sequences.json");
  EXPECT_TRUE(contains(index, "\"sequence\": \"004\"")) << index;
  EXPECT_FALSE(fs::exists(dir / "out" / "splits.json"));  // 300-VW has no split tags to keep
  EXPECT_EQ(write_300vw_layout(*source, dir / "out", {}, quiet), 0u);  // both complete: nothing rewritten
  fs::remove_all(dir / "out" / "002");
  EXPECT_EQ(write_300vw_layout(*source, dir / "out", {}, quiet), 1u);
}

FaceBoxRow detection(std::int64_t frame, double cx, double cy, double side, bool found = true) {
  FaceBoxRow row;
  row.sequence = "s";
  row.frame = frame;
  row.box = {cx - side / 2, cy - side / 2, side, side};
  row.rule = found ? "detector" : "detector_held";
  row.score = found ? 1.5 : 0;
  return row;
}

TEST(SmoothedDetectorRows, SmoothCentresInterpolateMissesAndTakeTheLargestBox) {
  // Frames 1..5: centres x = 100, 110, (missed), 130, 100; sides 40, 50, –, 44, 42. σ = 1 frame.
  std::vector<FaceBoxRow> rows = {detection(1, 100, 50, 40), detection(2, 110, 50, 50), detection(3, 110, 50, 50, false),
                                  detection(4, 130, 60, 44), detection(5, 100, 50, 42)};
  FaceBoxRow other = detection(1, 10, 10, 8);
  other.sequence = "t";
  rows.push_back(other);
  const auto smoothed = smoothed_detector_rows(rows, 1.0);
  ASSERT_EQ(smoothed.size(), 6u);
  const double w1 = std::exp(-0.5), w2 = std::exp(-2.0), w3 = std::exp(-4.5);
  // Frame 3 (missed): detections at 1, 2, 4, 5 weigh w2, w1, w1, w2.
  const double cx3 = (w2 * 100 + w1 * 110 + w1 * 130 + w2 * 100) / (2 * w1 + 2 * w2);
  const double cy3 = (w2 * 50 + w1 * 50 + w1 * 60 + w2 * 50) / (2 * w1 + 2 * w2);
  EXPECT_NEAR(smoothed[2].box.cx(), cx3, 1e-9);
  EXPECT_NEAR(smoothed[2].box.cy(), cy3, 1e-9);
  EXPECT_EQ(smoothed[2].rule, "detector_interpolated");
  EXPECT_EQ(smoothed[2].score, 0);
  EXPECT_FALSE(face_found(smoothed[2]));
  // Frame 1: itself (1), frame 2 (w1), frame 4 (w3); frame 5 is beyond 3σ.
  EXPECT_NEAR(smoothed[0].box.cx(), (100 + w1 * 110 + w3 * 130) / (1 + w1 + w3), 1e-9);
  EXPECT_EQ(smoothed[0].rule, "detector_smoothed");
  EXPECT_TRUE(face_found(smoothed[0]));
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_DOUBLE_EQ(smoothed[i].box.w, 50);  // the sequence's largest detection
    EXPECT_DOUBLE_EQ(smoothed[i].box.h, 50);
  }
  // Another sequence is smoothed on its own: a single detection stays where it is, at its own size.
  EXPECT_NEAR(smoothed[5].box.cx(), 10, 1e-12);
  EXPECT_DOUBLE_EQ(smoothed[5].box.w, 8);
  // A miss with no detection within 3σ takes the nearest detection's centre.
  const auto far = smoothed_detector_rows({detection(1, 100, 50, 40), detection(9, 0, 0, 40, false)}, 1.0);
  EXPECT_NEAR(far[1].box.cx(), 100, 1e-12);
  // Only detector rows can be smoothed.
  FaceBoxRow centre = detection(1, 0, 0, 10);
  centre.rule = "head_centre";
  EXPECT_TRUE(contains(user_error_of([&] { smoothed_detector_rows({centre}, 1.0); }), "rule 'head_centre'"));
}

TEST(BoxTable, RejectsAnUnknownRule) {
  TempDir dir;
  write_file(dir / "boxes.csv", boxes_csv_header() + "\n001,1,1,2,3,4,detector_smoothed,1\n001,2,1,2,3,4,guess,1\n");
  const std::string message = user_error_of([&] { BoxTable::read(dir / "boxes.csv"); });
  EXPECT_TRUE(contains(message, (dir / "boxes.csv").string() + ":3: column rule")) << message;
}

}  // namespace
}  // namespace synhead::dataset
