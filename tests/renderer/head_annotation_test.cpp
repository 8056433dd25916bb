#include "synhead/renderer/head_annotation.h"

#include <gtest/gtest.h>

#include <glm/geometric.hpp>
#include <opencv2/core.hpp>

#include "gl_skip.h"
#include "temp_dir.h"
#include "test_meshes.h"
#include "user_error.h"
#include "synhead/motion_tracks/rotation.h"
#include "synhead/renderer/mesh_loader.h"

namespace synhead::renderer {
namespace {

using synhead::testing::TempDir;
using synhead::testing::write_file;

std::array<glm::vec3, dataset::kLandmarkCount> canonical_points() {
  std::array<glm::vec3, dataset::kLandmarkCount> points{};
  for (int i = 0; i < dataset::kLandmarkCount; ++i) points[static_cast<std::size_t>(i)] = {i - 34.0f, 0.5f * i, -80.0f + i};
  return points;
}

const std::string kSidecar =
    "# A test mesh.\n"
    "scale: 1000  # metres\n"
    "rotation_deg: [180, 0, 0]\n"
    "origin: [0, 1.5, 0.04]\n"
    "\n"
    "# landmarks: produced by `synhead heads annotate --mesh old.obj --sidecar s.yaml --out s.yaml` (dlib's ...)\n"
    "landmarks:\n"
    "  points:\n" +
    [] {
      std::string points;
      for (int i = 0; i < dataset::kLandmarkCount; ++i) points += "    - [0, 0, 0]\n";
      return points;
    }() +
    "\n# About the neck.\nkeep_below_mm: 120\n";

TEST(AnnotatedSidecar, KeepsEveryOtherKeyAndCommentAndReplacesTheLandmarks) {
  TempDir dir;
  write_file(dir / "s.yaml", kSidecar);
  const std::string text = annotated_sidecar(dir / "s.yaml", canonical_points(), "synhead heads annotate --mesh m.obj");
  for (const char* kept : {"# A test mesh.\n", "scale: 1000  # metres\n", "rotation_deg: [180, 0, 0]\n",
                           "origin: [0, 1.5, 0.04]\n", "# About the neck.\nkeep_below_mm: 120\n"})
    EXPECT_NE(text.find(kept), std::string::npos) << kept << " missing from\n" << text;
  EXPECT_EQ(text.find("old.obj"), std::string::npos) << "the earlier annotation's comment stays:\n" << text;
  EXPECT_NE(text.find("# landmarks: produced by `synhead heads annotate --mesh m.obj` (dlib's"), std::string::npos) << text;
  EXPECT_EQ(text.find("landmarks:\n"), text.rfind("landmarks:\n")) << "one landmarks block:\n" << text;
}

// The written points are source-space: loading them through the sidecar's transform gives the canonical points.
TEST(AnnotatedSidecar, PointsRoundTripThroughTheSidecarTransform) {
  TempDir dir;
  write_file(dir / "s.yaml", kSidecar);
  const auto points = canonical_points();
  write_file(dir / "out.yaml", annotated_sidecar(dir / "s.yaml", points, "synhead heads annotate"));
  const HeadSidecar written = read_sidecar(dir / "out.yaml");
  EXPECT_EQ(written.scale, 1000);
  ASSERT_TRUE(written.keep_below_mm);
  EXPECT_EQ(*written.keep_below_mm, 120);
  ASSERT_EQ(written.landmark_points.size(), static_cast<std::size_t>(dataset::kLandmarkCount));
  const glm::dmat3 rotation = motion_tracks::rotation_from_euler({180, 0, 0});
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& s = written.landmark_points[i];
    const glm::dvec3 canonical = 1000.0 * (rotation * (glm::dvec3(s[0], s[1], s[2]) - glm::dvec3(0, 1.5, 0.04)));
    // Six decimals of metres: a micrometre.
    EXPECT_LT(glm::distance(canonical, glm::dvec3(points[i])), 1e-3) << i;
  }
}

TEST(AnnotatedSidecar, AnnotatingTwiceGivesTheSameText) {
  TempDir dir;
  write_file(dir / "s.yaml", kSidecar);
  const std::string once = annotated_sidecar(dir / "s.yaml", canonical_points(), "synhead heads annotate");
  write_file(dir / "once.yaml", once);
  EXPECT_EQ(annotated_sidecar(dir / "once.yaml", canonical_points(), "synhead heads annotate"), once);
}

TEST(AnnotatedSidecar, MissingSidecarIsAUserErrorNamingIt) {
  TempDir dir;
  const std::string message =
      synhead::testing::user_error_of([&] { annotated_sidecar(dir / "none.yaml", canonical_points(), "x"); });
  EXPECT_NE(message.find((dir / "none.yaml").string()), std::string::npos) << message;
}

int pixels_near(const cv::Mat& image, const cv::Scalar& bgr) {
  cv::Mat mask;
  cv::inRange(image, bgr - cv::Scalar(40, 40, 40), bgr + cv::Scalar(40, 40, 40), mask);
  return cv::countNonZero(mask);
}

TEST(AnnotationSheet, ShowsDlibsInputAndFivePosesWithTheOverlay) {
  SYNHEAD_SKIP_WITHOUT_GL();
  const HeadMesh head = synhead::testing::make_test_sphere(90, 20);
  LandmarkAnnotation annotation;
  annotation.frontal_image = cv::Mat(480, 640, CV_8UC3, cv::Scalar(60, 60, 60));
  annotation.frontal_pose.translation_mm = {0, 0, 600};
  for (int i = 0; i < dataset::kLandmarkCount; ++i)
    annotation.detected_px[static_cast<std::size_t>(i)] = {250.0 + 8 * (i % 17), 180.0 + 30 * (i / 17)};
  const cv::Mat sheet = annotation_sheet(head, annotation);
  ASSERT_EQ(sheet.cols, 3 * 512);
  ASSERT_EQ(sheet.rows, 2 * 512);
  ASSERT_EQ(sheet.type(), CV_8UC3);
  // dlib's 2D points: cyan dots on the crop of its (uniform grey) input.
  EXPECT_GT(pixels_near(sheet(cv::Rect(0, 0, 512, 512)), {255, 255, 0}), 68 * 10);
  // Each rendered panel shows the head (not the grey background) in its middle and ground-truth landmarks.
  for (int panel = 1; panel < 6; ++panel) {
    const cv::Mat view = sheet(cv::Rect((panel % 3) * 512, (panel / 3) * 512, 512, 512));
    EXPECT_NE(view.at<cv::Vec3b>(256, 256), cv::Vec3b(110, 110, 110)) << panel;
    EXPECT_GT(pixels_near(view, {0, 220, 0}), 0) << panel << ": no visible landmark drawn";
  }
}

}  // namespace
}  // namespace synhead::renderer
