// Analytic checks of the GL renderer: what is drawn agrees with the labels computed from the same geometry.

#include "synhead/renderer/renderer.h"

#include <gtest/gtest.h>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <thread>

#include "gl_skip.h"
#include "test_meshes.h"

namespace synhead::renderer {
namespace {

using motion_tracks::rotation_from_euler;

RendererConfig small_config(const std::string& antialiasing = "none", int width = 320, int height = 240) {
  RendererConfig c;
  c.camera = {width, height, 300.0, 300.0, width / 2.0, height / 2.0};
  c.antialiasing = antialiasing;
  return c;
}

cv::Mat grey_background(const RendererConfig& c) { return cv::Mat(c.camera.height, c.camera.width, CV_8UC3, cv::Scalar(40, 40, 40)); }

dataset::Pose pose_of(double pitch, double yaw, double roll, glm::dvec3 t) { return {rotation_from_euler({pitch, yaw, roll}), t}; }

cv::Point2d mask_centroid(const cv::Mat& mask) {
  const cv::Moments m = cv::moments(mask, false);
  // Image moments treat pixel (i, j) as the point (i, j); pixel centres are at +0.5 in synhead's convention.
  return {m.m10 / m.m00 + 0.5, m.m01 / m.m00 + 0.5};
}

TEST(Renderer, CreatesAHeadlessContext) {
  SYNHEAD_SKIP_WITHOUT_GL();
  Renderer renderer(small_config());
  EXPECT_NE(renderer.gl_description().find("OpenGL"), std::string::npos) << renderer.gl_description();
}

TEST(Renderer, MaskCentroidIsTheProjectedCentreOfASphere) {
  SYNHEAD_SKIP_WITHOUT_GL();
  const auto config = small_config();
  Renderer renderer(config);
  const HeadInstance head{renderer.upload(testing::make_test_sphere(60)), Appearance{}};
  FrameOptions options;
  options.want_mask = true;
  for (const glm::dvec3 t : {glm::dvec3(0, 0, 700), glm::dvec3(40, -25, 800)}) {
    const Frame frame = renderer.render(pose_of(10, 20, 5, t), head, grey_background(config), options);
    const glm::dvec2 expected = config.camera.project(t);
    const cv::Point2d centroid = mask_centroid(frame.mask);
    // A sphere off the optical axis images as an ellipse whose centre moves outward by a fraction of a pixel here.
    EXPECT_NEAR(centroid.x, expected.x, 0.5) << "t = " << t.x << "," << t.y << "," << t.z;
    EXPECT_NEAR(centroid.y, expected.y, 0.5);
    // And its area matches the projected disc: π (f r / z)² within 2 %.
    const double radius_px = 300.0 * 60 / t.z;
    EXPECT_NEAR(cv::sum(frame.mask)[0] / 255.0, M_PI * radius_px * radius_px, 0.02 * M_PI * radius_px * radius_px);
  }
}

TEST(Renderer, KnownVertexProjectsToItsLabelWithinHalfAPixel) {
  SYNHEAD_SKIP_WITHOUT_GL();
  // A bright 2 mm marker quad on the sphere's surface around landmark 30: its rendered centroid must be where the
  // label says the landmark is.
  const auto config = small_config("none", 640, 480);
  auto mesh = testing::make_test_sphere(70);
  mesh.materials[0].diffuse = glm::vec3(0.0f);
  mesh.materials[0].specular = 0;
  const glm::vec3 centre = mesh.landmarks[30];
  const glm::vec3 normal = glm::normalize(centre);
  const glm::vec3 u = glm::normalize(glm::cross(normal, glm::vec3(0, 1, 0))), v = glm::cross(normal, u);
  const auto base = static_cast<std::uint32_t>(mesh.positions.size());
  for (const auto& corner : {-u - v, u - v, u + v, -u + v}) {
    mesh.positions.push_back(centre + 0.2f * normal + 1.0f * corner);
    mesh.normals.push_back(normal);
  }
  Material marker;
  marker.diffuse = glm::vec3(1.0f);
  marker.specular = 0;
  mesh.materials.push_back(marker);
  mesh.submeshes.push_back({static_cast<std::uint32_t>(mesh.indices.size()), 6, 1});
  mesh.indices.insert(mesh.indices.end(), {base, base + 1, base + 2, base, base + 2, base + 3});
  Renderer renderer(config);
  Appearance flat;
  flat.ambient = glm::vec3(1.0f);
  flat.light_color = glm::vec3(0.0f);
  const HeadInstance head{renderer.upload(mesh), flat};
  const cv::Mat black(config.camera.height, config.camera.width, CV_8UC3, cv::Scalar(0, 0, 0));
  for (const auto& pose : {pose_of(0, 0, 0, {0, 0, 300}), pose_of(-15, 25, 10, {20, 10, 320})}) {
    const Frame frame = renderer.render(pose, head, black);
    cv::Mat grey;
    cv::cvtColor(frame.image, grey, cv::COLOR_BGR2GRAY);
    const cv::Point2d marker = mask_centroid(grey > 128);
    const auto& label = frame.labels.landmarks[30];
    EXPECT_NEAR(marker.x, label.x, 0.5);
    EXPECT_NEAR(marker.y, label.y, 0.5);
  }
}

TEST(Renderer, YawMirrorsTheSilhouette) {
  SYNHEAD_SKIP_WITHOUT_GL();
  const auto config = small_config();
  Renderer renderer(config);
  const HeadInstance head{renderer.upload(testing::make_test_sphere(60, 25)), Appearance{}};
  FrameOptions options;
  options.want_mask = true;
  // At ±60° the 25 mm "nose" sticks out of the sphere's outline, so the silhouettes are not symmetric themselves.
  const cv::Mat left = renderer.render(pose_of(0, 60, 0, {0, 0, 600}), head, grey_background(config), options).mask;
  const cv::Mat right = renderer.render(pose_of(0, -60, 0, {0, 0, 600}), head, grey_background(config), options).mask;
  cv::Mat mirrored;
  cv::flip(right, mirrored, 1);
  const double overlap = cv::countNonZero((left > 127) & (mirrored > 127));
  const double either = cv::countNonZero((left > 127) | (mirrored > 127));
  EXPECT_GT(overlap / either, 0.995);
  // The bump (the "nose") points toward image left at yaw > 0: more mask left of centre than right.
  EXPECT_GT(cv::countNonZero(left(cv::Rect(0, 0, 160, 240)) > 127), cv::countNonZero(left(cv::Rect(160, 0, 160, 240)) > 127));
}

TEST(Renderer, FarSideLandmarksBecomeHiddenAtLargeYaw) {
  SYNHEAD_SKIP_WITHOUT_GL();
  const auto config = small_config();
  Renderer renderer(config);
  const HeadInstance head{renderer.upload(testing::make_test_sphere(60)), Appearance{}};
  // Column 0 of the landmark grid is at −69° (head −x, image left at R = I), column 16 at +69°.
  const auto frontal = renderer.render(pose_of(0, 0, 0, {0, 0, 600}), head, grey_background(config)).labels;
  const auto turned = renderer.render(pose_of(0, 60, 0, {0, 0, 600}), head, grey_background(config)).labels;
  const auto other = renderer.render(pose_of(0, -60, 0, {0, 0, 600}), head, grey_background(config)).labels;
  for (int line = 0; line < 4; ++line) {
    const auto first = static_cast<std::size_t>(line * 17), last = first + 16;
    EXPECT_EQ(frontal.visible[first], 1);
    EXPECT_EQ(frontal.visible[last], 1);
    EXPECT_EQ(frontal.visible[first + 8], 1);
    // yaw > 0 turns the face toward image left, carrying the −x side away from the camera.
    EXPECT_EQ(turned.visible[first], 0) << "line " << line;
    EXPECT_EQ(turned.visible[last], 1) << "line " << line;
    EXPECT_EQ(other.visible[first], 1) << "line " << line;
    EXPECT_EQ(other.visible[last], 0) << "line " << line;
  }
}

TEST(Renderer, LabelsCarryTheRequestedPose) {
  SYNHEAD_SKIP_WITHOUT_GL();
  const auto config = small_config();
  Renderer renderer(config);
  const HeadInstance head{renderer.upload(testing::make_test_sphere(60)), Appearance{}};
  FrameOptions options;
  options.frame = 12;
  options.time_s = 0.4;
  const auto labels = renderer.render(pose_of(-12.5, 33, 7, {10, 5, 900}), head, grey_background(config), options).labels;
  EXPECT_NEAR(labels.angles.pitch, -12.5, 1e-9);
  EXPECT_NEAR(labels.angles.yaw, 33, 1e-9);
  EXPECT_NEAR(labels.angles.roll, 7, 1e-9);
  EXPECT_EQ(labels.frame, 12);
  EXPECT_DOUBLE_EQ(labels.time_s, 0.4);
  EXPECT_DOUBLE_EQ(labels.translation_mm.z, 900);
  for (const auto& p : labels.landmarks) {
    EXPECT_GE(p.x, labels.box.x);
    EXPECT_LE(p.x, labels.box.x + labels.box.w);
  }
}

TEST(Renderer, DepthIsTheDistanceToTheSurface) {
  SYNHEAD_SKIP_WITHOUT_GL();
  const auto config = small_config();
  Renderer renderer(config);
  const HeadInstance head{renderer.upload(testing::make_test_sphere(60, 0, 96, 192)), Appearance{}};
  FrameOptions options;
  options.want_depth = true;
  const Frame frame = renderer.render(pose_of(0, 0, 0, {0, 0, 700}), head, grey_background(config), options);
  EXPECT_NEAR(frame.depth_mm.at<float>(120, 160), 640.0f, 0.5f);  // the sphere's nearest point
  EXPECT_EQ(frame.depth_mm.at<float>(5, 5), 0.0f);                 // background
}

TEST(Renderer, BackgroundShowsAroundTheHead) {
  SYNHEAD_SKIP_WITHOUT_GL();
  const auto config = small_config();
  Renderer renderer(config);
  const HeadInstance head{renderer.upload(testing::make_test_sphere(60)), Appearance{}};
  cv::Mat background(config.camera.height, config.camera.width, CV_8UC3);
  cv::randu(background, 0, 255);
  const Frame frame = renderer.render(pose_of(0, 0, 0, {0, 0, 700}), head, background);
  EXPECT_EQ(frame.image.at<cv::Vec3b>(3, 7), background.at<cv::Vec3b>(3, 7));
  EXPECT_EQ(frame.image.at<cv::Vec3b>(230, 310), background.at<cv::Vec3b>(230, 310));
  EXPECT_NE(frame.image.at<cv::Vec3b>(120, 160), background.at<cv::Vec3b>(120, 160));
}

TEST(Renderer, AntialiasingSoftensTheSilhouette) {
  SYNHEAD_SKIP_WITHOUT_GL();
  // Without anti-aliasing a mask edge pixel is 0 or 255; FXAA and MSAA give partial coverage along the edge.
  for (const std::string mode : {"fxaa", "msaa4"}) {
    const auto config = small_config(mode);
    Renderer renderer(config);
    const HeadInstance head{renderer.upload(testing::make_test_sphere(60)), Appearance{}};
    FrameOptions options;
    options.want_mask = true;
    const cv::Mat mask = renderer.render(pose_of(0, 0, 0, {0, 0, 700}), head, grey_background(config), options).mask;
    const int partial = cv::countNonZero((mask > 10) & (mask < 245));
    EXPECT_GT(partial, 60) << mode;
  }
  const auto config = small_config("none");
  Renderer renderer(config);
  const HeadInstance head{renderer.upload(testing::make_test_sphere(60)), Appearance{}};
  FrameOptions options;
  options.want_mask = true;
  const cv::Mat mask = renderer.render(pose_of(0, 0, 0, {0, 0, 700}), head, grey_background(config), options).mask;
  EXPECT_EQ(cv::countNonZero((mask > 10) & (mask < 245)), 0);
}

TEST(Renderer, SameInputsGiveIdenticalBytes) {
  SYNHEAD_SKIP_WITHOUT_GL();
  for (const std::string mode : {"fxaa", "msaa4"}) {
    auto config = small_config(mode);
    Renderer first(config), second(config);
    const auto mesh = testing::make_test_sphere(60, 25);
    const HeadInstance a{first.upload(mesh), Appearance{}}, b{second.upload(mesh), Appearance{}};
    FrameOptions options;
    options.previous_pose = pose_of(0, 10, 0, {5, 0, 700});
    const dataset::Pose pose = pose_of(5, 20, 3, {0, 0, 700});
    const cv::Mat x = first.render(pose, a, grey_background(config), options).image;
    const cv::Mat y = second.render(pose, b, grey_background(config), options).image;
    EXPECT_EQ(cv::norm(x, y, cv::NORM_INF), 0) << mode;
  }
}

TEST(Renderer, PreparedLevelsRenderLikeLevelsBuiltOnUpload) {
  SYNHEAD_SKIP_WITHOUT_GL();
  auto config = small_config("fxaa");
  config.lod_tolerance_px = 4;  // a coarse level, so the levels matter
  Renderer renderer(config);
  const auto mesh = testing::make_test_sphere(60, 25);
  const HeadInstance own{renderer.upload(mesh), Appearance{}}, prepared{renderer.upload(mesh, build_mesh_levels(mesh)), Appearance{}};
  renderer.set_background(grey_background(config));
  const dataset::Pose pose = pose_of(5, 20, 3, {0, 0, 1500});
  const Frame a = renderer.render(pose, own), b = renderer.render(pose, prepared);
  EXPECT_GT(a.mesh_level, 0u);
  EXPECT_EQ(a.mesh_level, b.mesh_level);
  EXPECT_EQ(cv::norm(a.image, b.image, cv::NORM_INF), 0);
}

TEST(RendererDeathTest, RefusesLevelsOfAnotherMesh) {
  SYNHEAD_SKIP_WITHOUT_GL();
  const auto mesh = testing::make_test_sphere(60, 25), other = testing::make_test_sphere(60, 0, 96, 192);
  const auto other_levels = build_mesh_levels(other);
  EXPECT_DEATH(Renderer(small_config()).upload(mesh, other_levels), "levels of another mesh");
}

TEST(Renderer, WorkerThreadsEachOwnARenderer) {
  SYNHEAD_SKIP_WITHOUT_GL();
  const auto config = small_config("fxaa");
  const auto mesh = testing::make_test_sphere(60, 25);
  const auto render_sweep = [&](std::vector<cv::Mat>* out) {
    Renderer renderer(config);  // created on, and used only by, this thread
    const HeadInstance head{renderer.upload(mesh), Appearance{}};
    renderer.set_background(grey_background(config));
    for (int i = 0; i < 8; ++i) out->push_back(renderer.render(pose_of(0, 10.0 * i, 0, {0, 0, 700}), head).image);
  };
  std::vector<cv::Mat> reference, a, b;
  render_sweep(&reference);
  std::thread first(render_sweep, &a), second(render_sweep, &b);
  first.join();
  second.join();
  ASSERT_EQ(a.size(), reference.size());
  for (std::size_t i = 0; i < reference.size(); ++i) {
    EXPECT_EQ(cv::norm(a[i], reference[i], cv::NORM_INF), 0) << "frame " << i;
    EXPECT_EQ(cv::norm(b[i], reference[i], cv::NORM_INF), 0) << "frame " << i;
  }
}

TEST(Renderer, MotionBlurSmearsAlongTheMotionOnly) {
  SYNHEAD_SKIP_WITHOUT_GL();
  auto config = small_config();
  config.motion_blur_samples = 6;
  Renderer renderer(config);
  const HeadInstance head{renderer.upload(testing::make_test_sphere(60, 25)), Appearance{}};
  const dataset::Pose pose = pose_of(0, 0, 0, {0, 0, 700});
  const cv::Mat sharp = renderer.render(pose, head, grey_background(config)).image;
  FrameOptions still;
  still.previous_pose = pose;  // no motion: accumulating identical sub-frames changes nothing
  cv::Mat diff;
  cv::absdiff(renderer.render(pose, head, grey_background(config), still).image, sharp, diff);
  double max_diff = 0;
  cv::minMaxLoc(diff.reshape(1), nullptr, &max_diff);
  EXPECT_LE(max_diff, 1.0);
  FrameOptions moving;
  moving.previous_pose = pose_of(0, 0, 0, {-40, 0, 700});
  moving.want_mask = true;
  const Frame blurred = renderer.render(pose, head, grey_background(config), moving);
  // The trailing side (image left) gets partial coverage; labels stay at the frame's own pose.
  const int partial = cv::countNonZero((blurred.mask > 10) & (blurred.mask < 245));
  EXPECT_GT(partial, 300);
  EXPECT_NEAR(blurred.labels.translation_mm.x, 0, 1e-12);
}

TEST(Renderer, MotionBlurIsTheMeanOfItsSubFrames) {
  // Without FXAA (not linear), a blurred frame is the mean of the frames at its sub-frame poses: with a shutter of
  // one frame and a travel far above kBlurStepPx, K = motion_blur_samples sub-frames at
  // previous + k/(K − 1) · (pose − previous). Each sub-frame is drawn at 8 bits and the mean rounded once. The
  // background is noise, so a background added at the wrong pixels or with the wrong weight would show.
  SYNHEAD_SKIP_WITHOUT_GL();
  for (const std::string mode : {"none", "msaa4"}) {
    SCOPED_TRACE(mode);
    auto config = small_config(mode);
    config.motion_blur_samples = 4;
    Renderer renderer(config);
    const HeadInstance head{renderer.upload(testing::make_test_sphere(60, 25)), Appearance{}};
    cv::Mat background(config.camera.height, config.camera.width, CV_8UC3);
    cv::RNG rng(3);
    rng.fill(background, cv::RNG::UNIFORM, 0, 256);
    const glm::dvec3 from{-30, 0, 700}, to{30, 0, 700};
    cv::Mat sum = cv::Mat::zeros(config.camera.height, config.camera.width, CV_64FC3), sub;
    for (int k = 0; k < config.motion_blur_samples; ++k) {
      const glm::dvec3 t = from + (to - from) * (k / 3.0);
      renderer.render(pose_of(0, 0, 0, t), head, background).image.convertTo(sub, CV_64FC3);
      sum += sub;
    }
    FrameOptions moving;
    moving.previous_pose = pose_of(0, 0, 0, from);
    moving.shutter = 1.0;
    cv::Mat blurred;
    renderer.render(pose_of(0, 0, 0, to), head, background, moving).image.convertTo(blurred, CV_64FC3);
    cv::Mat diff = cv::abs(blurred - sum / config.motion_blur_samples);
    double max_diff = 0;
    cv::minMaxLoc(diff.reshape(1), nullptr, &max_diff);
    EXPECT_LE(max_diff, 1.0);
    EXPECT_GT(cv::norm(blurred, sub, cv::NORM_INF), 50) << "the blurred frame should differ from its last, sharp sub-frame";
  }
}

}  // namespace
}  // namespace synhead::renderer
