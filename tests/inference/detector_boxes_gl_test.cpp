// `synhead data boxes --rule detector` on rendered frames written as a BIWI tree: each detector's calibrated box
// lands near the frame's landmark box, a frame without the face holds the previous box, and the file is the same on
// a second run.

#include <gtest/gtest.h>

#include <cmath>

#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>

#include "biwi_fixture.h"
#include "cli_runner.h"
#include "gl_skip.h"
#include "synhead/dataset/face_boxes.h"
#include "synhead/inference/face_detector.h"
#include "synhead/renderer/head_source.h"
#include "synhead/renderer/renderer.h"

namespace synhead::inference {
namespace {

namespace fs = std::filesystem;
using testing::quoted;
using testing::run_cli;

TEST(DataBoxesCli, DetectorBoxesOfRenderedFramesAreTheLandmarkLikeBoxes) {
  SYNHEAD_SKIP_WITHOUT_GL();
  SYNHEAD_SKIP_WITHOUT_MAKEHUMAN();
  testing::TempDir dir;
  renderer::RendererConfig config;
  config.camera = {640, 480, 517.7, 517.7, 320, 240};
  renderer::Renderer renderer(config);
  const renderer::HeadInstance head{renderer.upload(renderer::resolve_head("female_02")), renderer::Appearance{}};
  const cv::Mat background(480, 640, CV_8UC3, cv::Scalar(90, 110, 120));
  const fs::path seq = dir / "hpdb" / "01";
  testing::write_file(seq / "rgb.cal", "517.7 0 320 \n0 517.7 240 \n0 0 1 \n\n0 0 0 0 \n\n1 0 0 \n0 1 0 \n0 0 1 \n\n0 0 0 \n\n640 480 \n");
  // Frames 1, 2 and 4 show the head; frame 3 only the background (the detector misses it).
  const std::vector<motion_tracks::EulerDeg> angles{{5, -10, 3}, {3, -5, 0}, {0, 0, 0}, {-2, 5, -3}};
  const std::vector<glm::dvec3> centres{{40, -20, 800}, {30, -15, 820}, {0, 0, 800}, {10, -5, 850}};
  std::vector<dataset::Box> truth;
  for (int i = 0; i < 4; ++i) {
    const int frame = i + 1;
    const dataset::Pose pose{motion_tracks::rotation_from_euler(angles[i]), centres[i]};
    const auto rendered = renderer.render(pose, head, background);
    truth.push_back(rendered.labels.box);
    ASSERT_TRUE(cv::imwrite((seq / fmt::format("frame_{:05}_rgb.png", frame)).string(), frame == 3 ? background : rendered.image));
    testing::write_file(seq / testing::biwi_pose_name(frame),
                        testing::biwi_pose_text(angles[i], centres[i].x, centres[i].y, centres[i].z));
  }
  for (const auto& name : available_detectors()) {
    const fs::path out = dir / (name + ".csv");
    auto r = run_cli("-q data boxes biwi:" + quoted(dir / "hpdb") + " --rule detector --detector " + name + " --out " + quoted(out), dir);
    ASSERT_EQ(r.code, 0) << name << ": " << r.err;
    EXPECT_TRUE(testing::contains(r.out, "1 sequences, 4 frames")) << r.out;
    const dataset::BoxTable table = dataset::BoxTable::read(out);
    ASSERT_EQ(table.size(), 4u);
    for (int frame : {1, 2, 4}) {
      const auto& row = table.at("01", frame);
      const dataset::Box& t = truth[static_cast<std::size_t>(frame - 1)];
      const double side = std::max(t.w, t.h);
      EXPECT_EQ(row.rule, "detector") << name << " frame " << frame;
      EXPECT_GT(row.score, 0) << name;
      // The shipped calibration's median centre error is about a tenth of the side.
      EXPECT_LT(std::hypot(row.box.cx() - t.cx(), row.box.cy() - t.cy()) / side, 0.2) << name << " frame " << frame;
      EXPECT_NEAR(row.box.w / side, 1.0, 0.25) << name << " frame " << frame;
    }
    const auto& held = table.at("01", 3);
    EXPECT_EQ(held.rule, "detector_held") << name;
    EXPECT_EQ(held.score, 0) << name;
    EXPECT_EQ(held.box.x, table.at("01", 2).box.x) << name;
    EXPECT_EQ(held.box.w, table.at("01", 2).box.w) << name;
    // Deterministic: the same frames give the same file.
    r = run_cli("-q data boxes biwi:" + quoted(dir / "hpdb") + " --rule detector --detector " + name + " --out " +
                    quoted(dir / "again.csv"), dir);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(testing::read_file(dir / "again.csv"), testing::read_file(out)) << name;
  }
}

}  // namespace
}  // namespace synhead::inference
