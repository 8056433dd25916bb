// Both detectors find a rendered head, and the calibrated box lands near the frame's landmark box (the box the
// training crops are centred on).

#include <gtest/gtest.h>

#include "gl_skip.h"
#include "synhead/inference/box_calibration.h"
#include "synhead/inference/face_detector.h"
#include "synhead/renderer/head_source.h"
#include "synhead/renderer/renderer.h"

namespace synhead::inference {
namespace {

TEST(FaceDetector, FindsARenderedHeadAndTheCalibratedBoxMatchesTheLandmarkBox) {
  SYNHEAD_SKIP_WITHOUT_GL();
  SYNHEAD_SKIP_WITHOUT_MAKEHUMAN();
  renderer::RendererConfig config;
  config.camera = {640, 480, 517.7, 517.7, 320, 240};
  renderer::Renderer renderer(config);
  const renderer::HeadInstance head{renderer.upload(renderer::resolve_head("female_02")), renderer::Appearance{}};
  const cv::Mat background(480, 640, CV_8UC3, cv::Scalar(90, 110, 120));
  const dataset::Pose pose{motion_tracks::rotation_from_euler({5, -10, 3}), {40.0, -20.0, 800.0}};
  const renderer::Frame frame = renderer.render(pose, head, background);
  const auto calibrations = read_calibrations(shipped_calibrations_file());
  for (const auto& name : available_detectors()) {
    auto detector = make_face_detector(name);
    const auto found = detector->detect(frame.image);
    ASSERT_FALSE(found.empty()) << name << " found no face";
    double best = 0;
    dataset::Box box;
    for (const auto& d : found) {
      if (intersection_over_union(d.box, frame.labels.box) > best) {
        best = intersection_over_union(d.box, frame.labels.box);
        box = d.box;
      }
    }
    EXPECT_GT(best, 0.3) << name;
    const auto c = std::find_if(calibrations.begin(), calibrations.end(), [&](const auto& k) { return k.detector == name; });
    ASSERT_NE(c, calibrations.end()) << name;
    const dataset::Box mapped = apply_calibration(*c, box);
    const double side = std::max(frame.labels.box.w, frame.labels.box.h);
    EXPECT_LT(std::hypot(mapped.cx() - frame.labels.box.cx(), mapped.cy() - frame.labels.box.cy()) / side, 0.15) << name;
    EXPECT_NEAR(mapped.w / side, 1.0, 0.2) << name;

    // Following the face between full-frame scans: detection near the box finds the same face (a region of the
    // frame, scaled down when the face is large), in image pixels.
    const auto near = detect_near(*detector, frame.image, box);
    ASSERT_FALSE(near.empty()) << name << " lost the face near its own box";
    double near_best = 0;
    for (const auto& d : near) near_best = std::max(near_best, intersection_over_union(d.box, box));
    EXPECT_GT(near_best, 0.6) << name;
    const dataset::Box far{0, 0, 60, 60};
    for (const auto& d : detect_near(*detector, frame.image, far)) {
      EXPECT_LT(intersection_over_union(d.box, box), 0.3) << name << ": found the face outside the searched region";
    }
  }
}

}  // namespace
}  // namespace synhead::inference
