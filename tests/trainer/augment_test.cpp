#include "synhead/trainer/augment.h"

#include <gtest/gtest.h>
#include <opencv2/core.hpp>

namespace synhead::trainer {
namespace {

// A window of `steps` 8×8 frames with distinct pixels and labels: step t has frame 10 + t, pose (t, 2t + 1, 3t − 1),
// landmark i at ((i + t) / 100, i / 80), landmarks with i % 3 == 0 hidden.
WindowSample make_sample(int steps) {
  WindowSample s;
  s.sequence = "seq";
  core::Rng rng(5, 0);
  for (int t = 0; t < steps; ++t) {
    s.frames.push_back(10 + t);
    cv::Mat image(8, 8, CV_32FC3);
    for (auto it = image.begin<cv::Vec3f>(); it != image.end<cv::Vec3f>(); ++it) {
      *it = {static_cast<float>(rng.uniform()), static_cast<float>(rng.uniform()), static_cast<float>(rng.uniform())};
    }
    s.images.push_back(image);
    s.pose_deg.push_back({1.0 * t, 2.0 * t + 1, 3.0 * t - 1});
    auto& landmarks = s.landmarks.emplace_back();
    auto& visible = s.visible.emplace_back();
    for (std::size_t i = 0; i < landmarks.size(); ++i) {
      landmarks[i] = {(static_cast<double>(i) + t) / 100, static_cast<double>(i) / 80};
      visible[i] = i % 3 != 0;
    }
    s.windows.push_back({1.0 * t, 2, 30, 30});
  }
  return s;
}

// cv::Mat copies share pixels and augmentation works in place: tests compare against an independent copy.
WindowSample deep_copy(const WindowSample& sample) {
  WindowSample copy = sample;
  for (cv::Mat& image : copy.images) image = image.clone();
  return copy;
}

bool same_images(const WindowSample& a, const WindowSample& b) {
  if (a.images.size() != b.images.size()) return false;
  for (std::size_t t = 0; t < a.images.size(); ++t) {
    if (cv::norm(a.images[t], b.images[t], cv::NORM_INF) != 0) return false;
  }
  return true;
}

TEST(Augment, MirrorMapIsAnInvolutionPairingLeftAndRight) {
  for (std::size_t i = 0; i < kMirroredLandmark.size(); ++i) {
    EXPECT_EQ(kMirroredLandmark[static_cast<std::size_t>(kMirroredLandmark[i])], static_cast<int>(i)) << i;
  }
  const std::vector<std::pair<int, int>> pairs = {{0, 16}, {3, 13}, {17, 26}, {21, 22}, {31, 35}, {32, 34},
                                                  {36, 45}, {37, 44}, {38, 43}, {39, 42}, {40, 47}, {41, 46},
                                                  {48, 54}, {49, 53}, {50, 52}, {55, 59}, {56, 58}, {60, 64},
                                                  {61, 63}, {65, 67}};
  for (const auto& [a, b] : pairs) EXPECT_EQ(kMirroredLandmark[static_cast<std::size_t>(a)], b) << a;
  for (int axis : {8, 27, 28, 29, 30, 33, 51, 57, 62, 66}) {
    EXPECT_EQ(kMirroredLandmark[static_cast<std::size_t>(axis)], axis) << axis;
  }
}

TEST(Augment, FlipNegatesYawAndRollAndMirrorsLandmarks) {
  const WindowSample original = make_sample(3);
  WindowSample s = deep_copy(original);
  flip_horizontally(s);
  EXPECT_TRUE(s.flipped);
  for (std::size_t t = 0; t < 3; ++t) {
    EXPECT_EQ(s.pose_deg[t].pitch, original.pose_deg[t].pitch);
    EXPECT_EQ(s.pose_deg[t].yaw, -original.pose_deg[t].yaw);
    EXPECT_EQ(s.pose_deg[t].roll, -original.pose_deg[t].roll);
    for (std::size_t i = 0; i < dataset::kLandmarkCount; ++i) {
      const auto m = static_cast<std::size_t>(kMirroredLandmark[i]);
      EXPECT_DOUBLE_EQ(s.landmarks[t][i].x, 1 - original.landmarks[t][m].x);
      EXPECT_DOUBLE_EQ(s.landmarks[t][i].y, original.landmarks[t][m].y);
      EXPECT_EQ(s.visible[t][i], original.visible[t][m]);
    }
    EXPECT_EQ(s.images[t].at<cv::Vec3f>(2, 0), original.images[t].at<cv::Vec3f>(2, 7));
    EXPECT_EQ(s.frames[t], original.frames[t]);
    EXPECT_EQ(s.windows[t].x, original.windows[t].x);
  }
}

TEST(Augment, FlippingTwiceIsTheIdentity) {
  const WindowSample original = make_sample(2);
  WindowSample s = deep_copy(original);
  flip_horizontally(s);
  flip_horizontally(s);
  EXPECT_FALSE(s.flipped);
  EXPECT_TRUE(same_images(s, original));
  for (std::size_t t = 0; t < 2; ++t) {
    EXPECT_EQ(s.pose_deg[t].yaw, original.pose_deg[t].yaw);
    EXPECT_EQ(s.pose_deg[t].roll, original.pose_deg[t].roll);
    EXPECT_EQ(s.visible[t], original.visible[t]);
    for (std::size_t i = 0; i < dataset::kLandmarkCount; ++i) {
      EXPECT_NEAR(s.landmarks[t][i].x, original.landmarks[t][i].x, 1e-15);
      EXPECT_EQ(s.landmarks[t][i].y, original.landmarks[t][i].y);
    }
  }
}

TEST(Augment, ReversePlaybackReversesFramesAndLabels) {
  const WindowSample original = make_sample(4);
  WindowSample s = deep_copy(original);
  reverse_playback(s);
  for (std::size_t t = 0; t < 4; ++t) {
    const std::size_t r = 3 - t;
    EXPECT_EQ(s.frames[t], original.frames[r]);
    EXPECT_EQ(s.pose_deg[t].yaw, original.pose_deg[r].yaw);
    EXPECT_EQ(s.landmarks[t][7], original.landmarks[r][7]);
    EXPECT_EQ(s.visible[t], original.visible[r]);
    EXPECT_EQ(s.windows[t].x, original.windows[r].x);
    EXPECT_EQ(cv::norm(s.images[t], original.images[r], cv::NORM_INF), 0);
  }
  EXPECT_EQ(s.frames, (std::vector<std::int64_t>{13, 12, 11, 10}));
}

TEST(Augment, DrawsArePureFunctionsOfTheStreamAndRespectTheConfig) {
  const AugmentConfig config;
  core::Rng a(42, 7), b(42, 7);
  const AugmentDraw da = draw_augmentation(config, a);
  const AugmentDraw db = draw_augmentation(config, b);
  EXPECT_EQ(da.flip, db.flip);
  EXPECT_EQ(da.jitter.scale, db.jitter.scale);
  EXPECT_EQ(da.saturation, db.saturation);
  EXPECT_EQ(a.next_u64(), b.next_u64());

  AugmentConfig off;
  off.flip_probability = off.reverse_probability = off.blur_probability = 0;
  off.scale_jitter = off.shift_jitter = off.brightness = off.contrast = off.saturation = 0;
  int flips = 0;
  for (std::uint64_t i = 0; i < 200; ++i) {
    core::Rng rng(1, i);
    const AugmentDraw d = draw_augmentation(off, rng);
    EXPECT_FALSE(d.flip || d.reverse || d.blur_sigma > 0);
    EXPECT_EQ(d.jitter.scale, 1);
    EXPECT_EQ(d.jitter.shift_x, 0);
    EXPECT_EQ(d.brightness, 1);
    core::Rng rng2(1, i);
    const AugmentDraw on = draw_augmentation(config, rng2);
    flips += on.flip;
    EXPECT_GE(on.jitter.scale, 1 - config.scale_jitter);
    EXPECT_LE(on.jitter.scale, 1 + config.scale_jitter);
    EXPECT_LE(std::abs(on.jitter.shift_y), config.shift_jitter);
    EXPECT_TRUE(on.blur_sigma == 0 || (on.blur_sigma >= 0.5 && on.blur_sigma <= 1.5));
  }
  EXPECT_GT(flips, 70);  // p = 0.5 over 200 draws
  EXPECT_LT(flips, 130);
}

TEST(Augment, ColourJitterScalesAndStaysInRange) {
  const WindowSample original = make_sample(2);
  WindowSample same = deep_copy(original);
  jitter_colour(same, 1, 1, 1);
  EXPECT_TRUE(same_images(same, original));

  WindowSample darker = deep_copy(original);
  jitter_colour(darker, 0.5, 1, 1);
  EXPECT_NEAR(cv::mean(darker.images[0])[1], 0.5 * cv::mean(original.images[0])[1], 1e-5);

  WindowSample grey = deep_copy(original);
  jitter_colour(grey, 1, 1, 0);  // no saturation: R = G = B
  const cv::Vec3f p = grey.images[1].at<cv::Vec3f>(3, 4);
  EXPECT_NEAR(p[0], p[1], 1e-6);
  EXPECT_NEAR(p[1], p[2], 1e-6);

  WindowSample strong = deep_copy(original);
  jitter_colour(strong, 1.9, 1.9, 1.9);
  double lo, hi;
  cv::minMaxLoc(strong.images[0].reshape(1), &lo, &hi);
  EXPECT_GE(lo, 0);
  EXPECT_LE(hi, 1);
}

TEST(Augment, BlurAndNoiseAreSeededAndBounded) {
  WindowSample flat = make_sample(1);
  flat.images[0].setTo(cv::Scalar::all(0.5));
  gaussian_blur(flat, 1.0);
  EXPECT_NEAR(cv::norm(flat.images[0] - cv::Scalar::all(0.5), cv::NORM_INF), 0, 1e-6);

  WindowSample a = make_sample(2), b = make_sample(2);
  core::Rng ra(3, 1), rb(3, 1);
  add_noise(a, 0.05, ra);
  add_noise(b, 0.05, rb);
  EXPECT_TRUE(same_images(a, b));
  EXPECT_FALSE(same_images(a, make_sample(2)));
  double lo, hi;
  cv::minMaxLoc(a.images[1].reshape(1), &lo, &hi);
  EXPECT_GE(lo, 0);
  EXPECT_LE(hi, 1);
}

TEST(Augment, ApplyFollowsTheDraw) {
  AugmentConfig config;
  config.noise_std = 0;
  AugmentDraw draw;
  draw.flip = true;
  draw.reverse = true;
  const WindowSample original = make_sample(3);
  WindowSample s = deep_copy(original);
  core::Rng rng(1);
  apply_augmentation(s, draw, config, rng);
  EXPECT_TRUE(s.flipped);
  EXPECT_EQ(s.frames, (std::vector<std::int64_t>{12, 11, 10}));
  EXPECT_EQ(s.pose_deg[0].yaw, -original.pose_deg[2].yaw);
  EXPECT_TRUE(same_images(s, [&] {
    WindowSample expected = deep_copy(original);
    flip_horizontally(expected);
    reverse_playback(expected);
    return expected;
  }()));
}

}  // namespace
}  // namespace synhead::trainer
