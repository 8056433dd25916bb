// `synhead data boxes --rule detector`: which face each frame gets, held boxes for misses, and the CLI on frames
// without a face (no GL needed; detection on rendered faces is in detector_boxes_gl_test.cpp).

#include <gtest/gtest.h>

#include <algorithm>

#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>

#include "biwi_fixture.h"
#include "cli_runner.h"
#include "synhead/inference/detector_boxes.h"
#include "temp_dir.h"

namespace synhead::inference {
namespace {

using testing::contains;
using testing::quoted;
using testing::run_cli;

// A 40-px face centred on (x, y).
Detection face(double x, double y, double score) { return {{x - 20, y - 20, 40, 40}, score}; }

FrameCandidates frame_with(std::vector<Detection> faces, std::optional<glm::dvec2> head_centre = std::nullopt) {
  return {std::move(faces), head_centre};
}

TEST(DetectorBoxes, FollowsTheFaceNearestThePreviousBox) {
  // Frame 1: a strong face at (100, 100), the head centre near the weak one at (300, 100): the head centre decides.
  // Frame 2: the stronger face is still at (100, 100), the followed one moved to (310, 105): nearest wins.
  const std::vector<FrameCandidates> candidates{
      frame_with({face(100, 100, 0.9), face(300, 100, 0.6)}, glm::dvec2{290, 110}),
      frame_with({face(100, 100, 0.95), face(310, 105, 0.55)}, glm::dvec2{100, 100}),
  };
  const auto rows = choose_sequence_boxes("07", {1, 2}, candidates);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].sequence, "07");
  EXPECT_EQ(rows[0].frame, 1);
  EXPECT_DOUBLE_EQ(rows[0].box.cx(), 300);
  EXPECT_EQ(rows[0].rule, "detector");
  EXPECT_DOUBLE_EQ(rows[0].score, 0.6);
  EXPECT_DOUBLE_EQ(rows[1].box.cx(), 310);
  EXPECT_DOUBLE_EQ(rows[1].box.cy(), 105);
  EXPECT_DOUBLE_EQ(rows[1].score, 0.55);
}

TEST(DetectorBoxes, WithoutAPoseTheFirstFaceIsTheHighestScore) {
  const auto rows = choose_sequence_boxes("a", {0}, {frame_with({face(300, 100, 0.6), face(100, 100, 0.9)})});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_DOUBLE_EQ(rows[0].box.cx(), 100);
  EXPECT_DOUBLE_EQ(rows[0].score, 0.9);
}

TEST(DetectorBoxes, MissesHoldTheLastFoundBoxAndEarlyFramesTheFirst) {
  const std::vector<FrameCandidates> candidates{frame_with({}), frame_with({face(100, 100, 0.7)}), frame_with({}),
                                                frame_with({face(120, 90, 0.8)}), frame_with({})};
  const auto rows = choose_sequence_boxes("s", {3, 4, 7, 8, 9}, candidates);
  ASSERT_EQ(rows.size(), 5u);
  const std::vector<double> cx{100, 100, 100, 120, 120};
  const std::vector<std::string> rule{"detector_held", "detector", "detector_held", "detector", "detector_held"};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].frame, std::vector<std::int64_t>({3, 4, 7, 8, 9})[i]);
    EXPECT_DOUBLE_EQ(rows[i].box.cx(), cx[i]) << i;
    EXPECT_DOUBLE_EQ(rows[i].box.w, 40) << i;
    EXPECT_EQ(rows[i].rule, rule[i]) << i;
    if (rule[i] == "detector_held") {
      EXPECT_EQ(rows[i].score, 0) << i;
    }
  }
  EXPECT_TRUE(choose_sequence_boxes("none", {1, 2}, {frame_with({}), frame_with({})}).empty());
}

TEST(DetectorBoxes, TheOrderTheDetectorListsFacesInChangesNothing) {
  // Two faces at the same distance from the head centre: the choice must not depend on the listing order.
  std::vector<Detection> faces{face(100, 100, 0.5), face(200, 100, 0.5), face(150, 300, 0.9)};
  const auto first = choose_sequence_boxes("s", {1}, {frame_with(faces, glm::dvec2{150, 100})});
  std::reverse(faces.begin(), faces.end());
  const auto second = choose_sequence_boxes("s", {1}, {frame_with(faces, glm::dvec2{150, 100})});
  ASSERT_EQ(first.size(), 1u);
  EXPECT_DOUBLE_EQ(first[0].box.x, second[0].box.x);
  EXPECT_DOUBLE_EQ(first[0].box.y, second[0].box.y);
}

// A BIWI tree whose frames show no face: exit 2 naming the sequence; the other rule still works on it.
TEST(DataBoxesCli, ASequenceWithoutAnyFaceIsAnErrorNamingIt) {
  testing::TempDir dir;
  testing::make_biwi_hpdb(dir / "hpdb");
  for (const auto& [seq, frame] : std::vector<std::pair<std::string, int>>{{"01", 3}, {"01", 4}, {"01", 7}, {"02", 1}, {"02", 2}}) {
    ASSERT_TRUE(cv::imwrite((dir / "hpdb" / seq / fmt::format("frame_{:05}_rgb.png", frame)).string(),
                            cv::Mat(120, 160, CV_8UC3, cv::Scalar(60, 90, 120))));
  }
  auto r = run_cli("-q data boxes biwi:" + quoted(dir / "hpdb") + " --rule detector --detector haar --out " +
                       quoted(dir / "boxes.csv"),
                   dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "the haar detector found no face in any of the 3 frames of sequence '01'")) << r.err;
  EXPECT_TRUE(contains(r.err, "--rule head_centre")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "boxes.csv"));
  r = run_cli("-q data boxes biwi:" + quoted(dir / "hpdb") + " --rule detector --detector haar --workers 2 --out " +
                  quoted(dir / "boxes.csv"),
              dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "of sequence '01'")) << r.err;
  r = run_cli("-q data boxes biwi:" + quoted(dir / "hpdb") + " --rule detector --detector haar --calibration " +
                  quoted(dir / "none.json") + " --out " + quoted(dir / "boxes.csv"),
              dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, (dir / "none.json").string())) << r.err;
  r = run_cli("-q data boxes biwi:" + quoted(dir / "hpdb") + " --rule detector --detector sift --out " +
                  quoted(dir / "boxes.csv"),
              dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(contains(r.err, "unknown detector")) << r.err;
}

}  // namespace
}  // namespace synhead::inference
