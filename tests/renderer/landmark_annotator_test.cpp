// Automatic 68-landmark annotation: on the MakeHuman head the points are where a face's points are (symmetric,
// nose in front, eyes above the mouth, on the surface), the committed sidecar is what the annotator finds today,
// and a mesh without a face is refused.

#include "synhead/renderer/landmark_annotator.h"

#include <gtest/gtest.h>

#include "gl_skip.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>

#include <glm/geometric.hpp>
#include <opencv2/core.hpp>

#include "synhead/renderer/gl_context.h"
#include "synhead/renderer/mesh_loader.h"
#include "synhead/renderer/renderer.h"
#include "temp_dir.h"
#include "test_meshes.h"
#include "user_error.h"

namespace synhead::renderer {
namespace {

namespace fs = std::filesystem;

const fs::path kMakeHumanMesh = makehuman_mesh_path();
const fs::path kMakeHumanSidecar = makehuman_sidecar_path();

// Skips unless a headless GL context, dlib's model and (with `mesh`) that mesh are all here.
#define SKIP_WITHOUT(mesh)                                                                                           \
  do {                                                                                                              \
    SYNHEAD_SKIP_WITHOUT_GL();                                                                                      \
    if (!fs::exists(kDefaultShapePredictorPath)) GTEST_SKIP() << kDefaultShapePredictorPath << " absent (libdlib-data)"; \
    if (!fs::path(mesh).empty() && !fs::exists(mesh)) GTEST_SKIP() << mesh << " absent (assimp-testmodels)";        \
  } while (false)

// One annotation of the MakeHuman head, shared by the tests (about two seconds on llvmpipe).
const LandmarkAnnotation& makehuman_annotation() {
  static const LandmarkAnnotation annotation =
      annotate_landmarks(load_head_mesh(kMakeHumanMesh, {kMakeHumanSidecar, /*require_landmarks=*/false}));
  return annotation;
}

// Distance from p to the triangle (a, b, c) (Ericson, Real-Time Collision Detection, 5.1.5).
double point_triangle_distance(const glm::dvec3& p, const glm::dvec3& a, const glm::dvec3& b, const glm::dvec3& c) {
  const glm::dvec3 ab = b - a, ac = c - a, ap = p - a;
  const double d1 = glm::dot(ab, ap), d2 = glm::dot(ac, ap);
  if (d1 <= 0 && d2 <= 0) return glm::distance(p, a);
  const glm::dvec3 bp = p - b;
  const double d3 = glm::dot(ab, bp), d4 = glm::dot(ac, bp);
  if (d3 >= 0 && d4 <= d3) return glm::distance(p, b);
  const double vc = d1 * d4 - d3 * d2;
  if (vc <= 0 && d1 >= 0 && d3 <= 0) return glm::distance(p, a + d1 / (d1 - d3) * ab);
  const glm::dvec3 cp = p - c;
  const double d5 = glm::dot(ab, cp), d6 = glm::dot(ac, cp);
  if (d6 >= 0 && d5 <= d6) return glm::distance(p, c);
  const double vb = d5 * d2 - d1 * d6;
  if (vb <= 0 && d2 >= 0 && d6 <= 0) return glm::distance(p, a + d2 / (d2 - d6) * ac);
  const double va = d3 * d6 - d5 * d4;
  if (va <= 0 && d4 - d3 >= 0 && d5 - d6 >= 0) return glm::distance(p, b + (d4 - d3) / ((d4 - d3) + (d5 - d6)) * (c - b));
  const double denominator = 1.0 / (va + vb + vc);
  return glm::distance(p, a + ab * (vb * denominator) + ac * (vc * denominator));
}

double distance_to_surface(const HeadMesh& mesh, const glm::vec3& point) {
  double nearest = INFINITY;
  for (std::size_t t = 0; t < mesh.indices.size(); t += 3)
    nearest = std::min(nearest, point_triangle_distance(point, mesh.positions[mesh.indices[t]], mesh.positions[mesh.indices[t + 1]],
                                                        mesh.positions[mesh.indices[t + 2]]));
  return nearest;
}

TEST(LandmarkAnnotator, MakeHumanPointsAreAFacesPoints) {
  SKIP_WITHOUT(kMakeHumanMesh);
  const LandmarkAnnotation& a = makehuman_annotation();
  const auto& p = a.points;

  // Mirror pairs (iBUG order): the MakeHuman head is symmetric about x = 0 in its canonical frame. Outline points
  // and the mouth corners (in the commissure's recess) sit where the surface runs along the view ray, so their
  // depth is the least certain: a pixel sideways moves them millimetres in z.
  struct Mirrored {
    int left, right;
    double tolerance_xy, tolerance_z;
  };
  const Mirrored mirrored[] = {{0, 16, 4, 7},  {1, 15, 4, 7},  {2, 14, 4, 7},  {4, 12, 4, 7},  {6, 10, 4, 7},
                               {17, 26, 3, 3}, {19, 24, 3, 3}, {21, 22, 3, 3}, {31, 35, 3, 3}, {36, 45, 3, 3},
                               {39, 42, 3, 3}, {37, 44, 3, 3}, {41, 46, 3, 3}, {48, 54, 3, 5}, {50, 52, 3, 3},
                               {59, 55, 3, 3}, {60, 64, 3, 5}};
  for (const auto& m : mirrored) {
    const glm::vec3 left = p[static_cast<std::size_t>(m.left)], right = p[static_cast<std::size_t>(m.right)];
    EXPECT_NEAR(left.x, -right.x, m.tolerance_xy) << m.left << " ↔ " << m.right;
    EXPECT_NEAR(left.y, right.y, m.tolerance_xy) << m.left << " ↔ " << m.right;
    EXPECT_NEAR(left.z, right.z, m.tolerance_z) << m.left << " ↔ " << m.right;
    EXPECT_LT(left.x, right.x) << m.left << " lies on the image left of " << m.right;
  }
  for (int i : {8, 27, 30, 33, 51, 57, 62, 66}) EXPECT_NEAR(p[static_cast<std::size_t>(i)].x, 0.0, 3.0) << "midline point " << i;

  // The nose tip is the most forward (−z) of the inner face points.
  for (std::size_t i = 17; i < dataset::kLandmarkCount; ++i) {
    if (i == 30) continue;
    EXPECT_GT(p[i].z, p[30].z) << "point " << i << " in front of the nose tip";
  }
  // Brows above eyes above nose base above mouth above chin (+y is down).
  const auto lowest = [&](int first, int last) {
    float y = -INFINITY;
    for (int i = first; i <= last; ++i) y = std::max(y, p[static_cast<std::size_t>(i)].y);
    return y;
  };
  const auto highest = [&](int first, int last) {
    float y = INFINITY;
    for (int i = first; i <= last; ++i) y = std::min(y, p[static_cast<std::size_t>(i)].y);
    return y;
  };
  EXPECT_LT(lowest(17, 26), highest(36, 47));
  EXPECT_LT(lowest(36, 47), highest(31, 35));
  EXPECT_LT(lowest(31, 35), highest(48, 67));
  EXPECT_LT(lowest(48, 67), p[8].y);
  // An adult face's scale (outer canthi about 90 mm apart; dlib's 36 and 45 sit a little inside them).
  EXPECT_GT(a.quality.eye_distance_mm, 70);
  EXPECT_LT(a.quality.eye_distance_mm, 110);

  // On the surface (the depth buffer is exact to well below a millimetre at this distance).
  const HeadMesh mesh = load_head_mesh(kMakeHumanMesh, {kMakeHumanSidecar, false});
  for (std::size_t i = 0; i < dataset::kLandmarkCount; ++i) EXPECT_LT(distance_to_surface(mesh, p[i]), 0.5) << "point " << i;

  // dlib agrees with itself across lightings and the ±10° views; the lift moved no point far.
  EXPECT_LT(a.quality.mean_spread_px, 3.0);
  EXPECT_LT(a.quality.mean_view_disagreement_mm, 2.0);
  EXPECT_LT(a.quality.mean_reprojection_px, 1.0);
  EXPECT_LT(a.quality.max_reprojection_px, 0.08 * glm::distance(a.detected_px[36], a.detected_px[45]) + 1);
}

TEST(LandmarkAnnotator, CommittedMakeHumanSidecarIsTodaysAnnotation) {
  SKIP_WITHOUT(kMakeHumanMesh);
  const HeadMesh committed = load_head_mesh(kMakeHumanMesh, {kMakeHumanSidecar, /*require_landmarks=*/true});
  const LandmarkAnnotation& fresh = makehuman_annotation();
  double sum = 0;
  for (std::size_t i = 0; i < dataset::kLandmarkCount; ++i) {
    const double d = glm::distance(committed.landmarks[i], fresh.points[i]);
    sum += d;
    // Another GL driver rasterises a little differently; dlib's 1 px steps are about 0.4 mm here.
    EXPECT_LT(d, 1.5) << "point " << i << ": rerun the command in " << kMakeHumanSidecar;
  }
  EXPECT_LT(sum / dataset::kLandmarkCount, 0.5);
}

TEST(LandmarkAnnotator, CommittedPointsAreVisibleFrontallyAndTheNoseTipIsOnIt) {
  SKIP_WITHOUT(kMakeHumanMesh);
  const HeadMesh head = load_head_mesh(kMakeHumanMesh, {kMakeHumanSidecar, true});
  RendererConfig config;
  config.camera = {640, 480, 1000.0, 1000.0, 320, 240};
  config.antialiasing = "none";
  Renderer renderer(config);
  FrameOptions options;
  options.want_depth = true;
  const dataset::Pose frontal{glm::dmat3(1.0), {0, 0, 700}};
  const Frame frame = renderer.render(frontal, {renderer.upload(head), Appearance{}}, cv::Mat(8, 8, CV_8UC3, cv::Scalar::all(90)), options);

  // The nose tip is the surface point nearest to a camera in front of the face: the smallest depth.
  cv::Mat depth = frame.depth_mm.clone();
  depth.setTo(INFINITY, depth == 0);
  cv::Point tip;
  cv::minMaxLoc(depth, nullptr, nullptr, &tip, nullptr);
  const glm::dvec2 label = frame.labels.landmarks[30];
  // In the view the points were found in, every one of them is visible, as the renderer decides visibility.
  for (std::size_t i = 0; i < dataset::kLandmarkCount; ++i) EXPECT_TRUE(frame.labels.visible[i]) << "point " << i;
  // Within 4 mm (at 1000 px / 700 mm − the face's depth, 1 mm ≈ 1.7 px): 300-W's tip sits a little above the
  // most prominent point on some noses.
  EXPECT_NEAR(label.x, tip.x + 0.5, 3.0);
  EXPECT_NEAR(label.y, tip.y + 0.5, 7.0);
}

TEST(LandmarkAnnotator, RefusesAMeshWithoutAFace) {
  SKIP_WITHOUT(fs::path());
  testing::TempDir dir;
  // A plain sphere as a user would hand it in: an OBJ without sidecar (+Y up, facing +Z, 240 mm tall).
  const HeadMesh sphere = testing::make_test_sphere(100);
  std::ofstream obj(dir / "sphere.obj");
  for (const auto& v : sphere.positions) obj << "v " << v.x << ' ' << -v.y << ' ' << -v.z << '\n';
  for (std::size_t t = 0; t < sphere.indices.size(); t += 3)
    obj << "f " << sphere.indices[t] + 1 << ' ' << sphere.indices[t + 1] + 1 << ' ' << sphere.indices[t + 2] + 1 << '\n';
  obj.close();
  const HeadMesh mesh = load_head_mesh(dir / "sphere.obj", {std::nullopt, /*require_landmarks=*/false});
  const std::string error = testing::user_error_of([&] { annotate_landmarks(mesh); });
  EXPECT_NE(error.find("no face found"), std::string::npos) << error;
  EXPECT_NE(error.find("sphere"), std::string::npos) << "names the mesh: " << error;
}

TEST(LandmarkAnnotator, MissingModelSaysWhichPackage) {
  // Checked before any rendering: no GL needed.
  const HeadMesh sphere = testing::make_test_sphere(100);
  const std::string error = testing::user_error_of([&] { annotate_landmarks(sphere, "/nonexistent/shape_predictor.dat"); });
  EXPECT_NE(error.find("/nonexistent/shape_predictor.dat"), std::string::npos) << error;
  EXPECT_NE(error.find("install libdlib-data"), std::string::npos) << error;
}

}  // namespace
}  // namespace synhead::renderer
