// The body under the head: its pose follows the head by the drawn fraction around the neck pivot, its draws are
// deterministic and independent of the other per-sequence draws, and rendering it changes pixels under the chin
// but not the labels nor the face.

#include <gtest/gtest.h>

#include <opencv2/core.hpp>

#include "gl_skip.h"
#include "synhead/motion_tracks/rotation.h"
#include "synhead/renderer/body.h"
#include "synhead/renderer/head_source.h"
#include "synhead/renderer/renderer.h"
#include "synhead/renderer/sequence_look.h"

namespace synhead::renderer {
namespace {

using motion_tracks::geodesic_angle_deg;
using motion_tracks::rotation_from_euler;

dataset::Pose pose_of(double pitch, double yaw, double roll, glm::dvec3 t = {0.0, 0.0, 700.0}) {
  return {rotation_from_euler({pitch, yaw, roll}), t};
}

TEST(BodyPose, KeepsTheNeckPivotWhereTheHeadPutsIt) {
  BodyLook look;
  look.follow = 0.3;
  look.rest_rotation = rotation_from_euler({5, -10, 2});
  const dataset::Pose head = pose_of(25, 40, -15, {30, -20, 650});
  const dataset::Pose body = body_pose(head, look);
  const glm::dvec3 a = head.to_camera(kNeckPivotMm), b = body.to_camera(kNeckPivotMm);
  EXPECT_NEAR(glm::length(a - b), 0.0, 1e-9);
  // The torso turns by `follow` of the way from its rest orientation to the head's, along the shortest arc.
  const double total = geodesic_angle_deg(look.rest_rotation, head.rotation);
  EXPECT_NEAR(geodesic_angle_deg(look.rest_rotation, body.rotation), 0.3 * total, 1e-6);
  EXPECT_NEAR(geodesic_angle_deg(body.rotation, head.rotation), 0.7 * total, 1e-6);
}

TEST(BodyPose, FollowZeroStaysAtRestAndOneMovesWithTheHead) {
  BodyLook look;
  look.rest_rotation = rotation_from_euler({0, 12, 0});
  const dataset::Pose head = pose_of(-20, -35, 10, {-40, 10, 800});
  look.follow = 0;
  EXPECT_NEAR(geodesic_angle_deg(body_pose(head, look).rotation, look.rest_rotation), 0.0, 1e-4);
  look.follow = 1;
  const dataset::Pose same = body_pose(head, look);
  EXPECT_NEAR(geodesic_angle_deg(same.rotation, head.rotation), 0.0, 1e-4);  // acos near 1 resolves ~1e-6°
  EXPECT_NEAR(glm::length(same.translation_mm - head.translation_mm), 0.0, 1e-9);
}

TEST(BodyLook, DrawsWithinTheConfiguredRangesAndRepeatsWithTheSeed) {
  BodyConfig config;
  config.follow = {0.2, 0.3};
  config.neckline_mm = {140, 150};
  config.v_neck_probability = 0;
  config.pattern_weights = {0, 1, 0};
  for (std::uint64_t i = 0; i < 20; ++i) {
    core::Rng a(7, i), b(7, i);
    const BodyLook x = sample_body_look(config, a), y = sample_body_look(config, b);
    EXPECT_GE(x.follow, 0.2);
    EXPECT_LT(x.follow, 0.3);
    EXPECT_GE(x.neckline_mm, 140);
    EXPECT_LT(x.neckline_mm, 150);
    EXPECT_EQ(x.v_neck_depth_mm, 0);
    EXPECT_EQ(x.pattern, ClothPattern::kStripes);
    EXPECT_EQ(x.follow, y.follow);
    EXPECT_EQ(x.cloth_color, y.cloth_color);
    const auto angles = motion_tracks::euler_from_rotation(x.rest_rotation);
    EXPECT_LE(std::abs(angles.yaw), 20 + 1e-9);
    for (int c = 0; c < 3; ++c) EXPECT_TRUE(x.cloth_color[c] >= 0 && x.cloth_color[c] <= 1);
  }
}

TEST(BodyLook, EnablingTheBodyLeavesTheSequencesOtherDrawsAsTheyWere) {
  SceneConfig with, without;
  without.body.enabled = false;
  for (std::uint64_t sequence : {0, 3, 11}) {
    const SequenceLook a = sample_sequence_look(with, 42, sequence), b = sample_sequence_look(without, 42, sequence);
    ASSERT_TRUE(a.body.has_value());
    EXPECT_FALSE(b.body.has_value());
    EXPECT_EQ(a.nuisance_seed, b.nuisance_seed);
    EXPECT_EQ(a.appearance.light_direction, b.appearance.light_direction);
    EXPECT_EQ(a.camera.fx, b.camera.fx);
  }
  EXPECT_NE(sample_sequence_look(with, 42, 0).body->cloth_color, sample_sequence_look(with, 42, 1).body->cloth_color);
}

cv::Mat grey(int size) { return cv::Mat(size, size, CV_8UC3, cv::Scalar(128, 128, 128)); }

double mean_abs_difference(const cv::Mat& a, const cv::Mat& b, const cv::Rect& rect) {
  cv::Mat d;
  cv::absdiff(a(rect), b(rect), d);
  const cv::Scalar m = cv::mean(d);
  return (m[0] + m[1] + m[2]) / 3;
}

TEST(BodyRender, AddsNeckAndClothesUnderTheChinWithoutChangingLabelsOrTheFace) {
  SYNHEAD_SKIP_WITHOUT_GL();
  SYNHEAD_SKIP_WITHOUT_MAKEHUMAN();
  RendererConfig config;
  config.camera = {256, 256, 400, 400, 128, 128};
  Renderer renderer(config);
  const auto gpu = renderer.upload(resolve_head(named_head_ids().front()));
  BodyLook look;
  look.cloth_color = {0.6f, 0.02f, 0.02f};  // linear red
  look.neckline_mm = 150;
  const HeadInstance alone{gpu, Appearance{}}, with_body{gpu, Appearance{}, look};
  const dataset::Pose pose = pose_of(0, 0, 0, {0, -60, 900});
  const Frame a = renderer.render(pose, alone, grey(256)), b = renderer.render(pose, with_body, grey(256));

  for (std::size_t i = 0; i < dataset::kLandmarkCount; ++i) {
    EXPECT_EQ(a.labels.landmarks[i], b.labels.landmarks[i]) << "landmark " << i;
    EXPECT_EQ(a.labels.visible[i], b.labels.visible[i]) << "landmark " << i;
  }
  EXPECT_EQ(a.labels.box.w, b.labels.box.w);
  EXPECT_EQ(a.labels.angles.yaw, b.labels.angles.yaw);

  // The inner face (brows to mouth) is the same picture.
  const auto& l = a.labels.landmarks;
  const cv::Rect face(static_cast<int>(l[36].x), static_cast<int>(l[19].y), static_cast<int>(l[45].x - l[36].x), static_cast<int>(l[57].y - l[19].y));
  EXPECT_LT(mean_abs_difference(a.image, b.image, face), 1.0);

  // Under the chin: background without a body; the neck (skin-coloured, like the head's neck) and further down the
  // red clothes with it.
  const double chin = l[8].y, face_height = l[8].y - l[19].y;
  const cv::Rect neck(static_cast<int>(l[8].x) - 4, static_cast<int>(chin + 0.4 * face_height), 8, 4);
  const cv::Rect chest(static_cast<int>(l[8].x) - 20, static_cast<int>(chin + 1.0 * face_height), 40, 8);
  ASSERT_LT(chest.y + chest.height, 256);
  EXPECT_LT(mean_abs_difference(a.image, grey(256), chest), 1.0);
  EXPECT_GT(mean_abs_difference(b.image, grey(256), chest), 20.0);
  const cv::Scalar cloth = cv::mean(b.image(chest));  // BGR
  EXPECT_GT(cloth[2], cloth[1] + 40) << "the clothes are red";
  const cv::Scalar skin = cv::mean(b.image(neck)), face_skin = cv::mean(b.image(cv::Rect(static_cast<int>(l[30].x) - 2, static_cast<int>(l[30].y) + 2, 4, 4)));
  EXPECT_GT(skin[1], cloth[1] + 20) << "the neck is skin, not the red clothes";
  EXPECT_NEAR(skin[2] / std::max(skin[1], 1.0), face_skin[2] / std::max(face_skin[1], 1.0), 0.35) << "the neck has the face's hue";
}

TEST(BodyRender, TheTorsoTurnsLessThanTheHead) {
  SYNHEAD_SKIP_WITHOUT_GL();
  SYNHEAD_SKIP_WITHOUT_MAKEHUMAN();
  RendererConfig config;
  config.camera = {256, 256, 300, 300, 128, 128};
  Renderer renderer(config);
  const auto gpu = renderer.upload(resolve_head(named_head_ids().front()));
  BodyLook look;
  look.follow = 0.2;
  FrameOptions options;
  options.want_mask = true;
  const HeadInstance alone{gpu, Appearance{}}, with_body{gpu, Appearance{}, look};
  // The head alone and with its body, turned 50° either way: the body's pixels (mask minus the head's) are much
  // closer to mirror images of each other's frontal shape than the head's are, since the torso turns by 10° only.
  const auto body_pixels = [&](double yaw) {
    const dataset::Pose pose = pose_of(0, yaw, 0, {0, -90, 1000});
    const cv::Mat head = renderer.render(pose, alone, grey(256), options).mask > 127;
    const cv::Mat all = renderer.render(pose, with_body, grey(256), options).mask > 127;
    return cv::Mat(all & ~head);
  };
  const cv::Mat frontal = body_pixels(0), left = body_pixels(50);
  ASSERT_GT(cv::countNonZero(frontal), 2000);
  const double overlap = cv::countNonZero(frontal & left), either = cv::countNonZero(frontal | left);
  EXPECT_GT(overlap / either, 0.75) << "the shoulders stay mostly where they were";
}

}  // namespace
}  // namespace synhead::renderer
