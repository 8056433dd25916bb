#include "synhead/renderer/nuisance.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "synhead/renderer/background.h"

namespace synhead::renderer {
namespace {

bool same_bytes(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

cv::Mat textured_frame(int width, int height, std::uint64_t seed = 1) {
  core::Rng rng(seed);
  return procedural_background(width, height, rng);
}

cv::Mat applied(const SequenceNuisances& nuisances, const cv::Mat& input, int frame, const dataset::Box& box) {
  cv::Mat frame_image = input.clone();
  nuisances.apply(frame_image, frame, box);
  return frame_image;
}

struct Moments {
  double mean = 0, stddev = 0;
};

Moments moments(const std::vector<double>& values) {
  Moments m;
  for (double v : values) m.mean += v;
  m.mean /= values.size();
  for (double v : values) m.stddev += (v - m.mean) * (v - m.mean);
  m.stddev = std::sqrt(m.stddev / values.size());
  return m;
}

double psnr(const cv::Mat& a, const cv::Mat& b) {
  cv::Mat difference;
  cv::absdiff(a, b, difference);
  difference.convertTo(difference, CV_64F);
  const double mse = cv::mean(difference.mul(difference))[0];
  return 10 * std::log10(255.0 * 255.0 / mse);
}

NuisanceConfig only_occluder() {
  NuisanceConfig config = NuisanceConfig::all_off();
  config.occluder.enabled = true;
  config.occluder.probability = 1;
  config.occluder.crossing_frames = {40, 40};
  return config;
}

const dataset::Box kFace{110, 60, 100, 120};

TEST(Nuisances, AllOffIsTheIdentity) {
  const cv::Mat input = textured_frame(160, 120);
  const SequenceNuisances nuisances(NuisanceConfig::all_off(), 3, 10, 160, 120);
  const dataset::Box box{40, 30, 50, 60};
  for (int frame = 0; frame < 10; ++frame) {
    EXPECT_TRUE(same_bytes(applied(nuisances, input, frame, box), input)) << frame;
    const dataset::Box jittered = nuisances.jitter_box(box, frame);
    EXPECT_EQ(jittered.x, box.x);
    EXPECT_EQ(jittered.y, box.y);
    EXPECT_EQ(jittered.w, box.w);
    EXPECT_EQ(jittered.h, box.h);
    EXPECT_EQ(nuisances.occluder_coverage(frame, box), 0.0);
  }
  EXPECT_FALSE(nuisances.has_occluder());
}

TEST(Nuisances, NoiseAddsTheConfiguredVarianceFreshEveryFrame) {
  NuisanceConfig config = NuisanceConfig::all_off();
  config.noise.enabled = true;
  config.noise.sigma = {5, 5};
  const SequenceNuisances nuisances(config, 8, 4, 320, 240);
  const cv::Mat grey(240, 320, CV_8UC3, cv::Scalar::all(128));
  const cv::Mat first = applied(nuisances, grey, 0, kFace);
  cv::Scalar mean, stddev;
  cv::meanStdDev(first.reshape(1), mean, stddev);
  // Rounding to integer levels adds 1/12 of a level² to the configured 25.
  EXPECT_NEAR(stddev[0] * stddev[0], 25 + 1.0 / 12, 1.0);
  EXPECT_NEAR(mean[0], 128, 0.05);
  EXPECT_FALSE(same_bytes(first, applied(nuisances, grey, 1, kFace)));

  config.noise.sigma = {1, 3};
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    const double sigma = SequenceNuisances(config, seed, 4, 32, 24).noise_sigma();
    EXPECT_GE(sigma, 1);
    EXPECT_LE(sigma, 3);
  }
}

TEST(Nuisances, ScaledNoiseGivesTheScalarFormulasBytes) {
  core::Rng rng(7);
  constexpr int kCount = 16 * 37 + 11;  // whole SIMD blocks and a scalar tail
  for (const std::int32_t scale : {0, 1, 255, 256, 1000, 16384, 32767}) {
    std::vector<std::uint8_t> values(kCount);
    std::vector<std::int16_t> noise(kCount);
    for (int i = 0; i < kCount; ++i) {
      // Every edge case: saturation at both ends, exact halves, the extreme noise values.
      values[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(i % 5 == 0 ? 0 : i % 5 == 1 ? 255 : rng.uniform_int(0, 255));
      noise[static_cast<std::size_t>(i)] = static_cast<std::int16_t>(i % 7 == 0 ? 2048 : i % 7 == 1 ? -2048 : rng.uniform_int(-2048, 2048));
    }
    std::vector<std::uint8_t> expected = values;
    for (int i = 0; i < kCount; ++i) {
      const auto k = static_cast<std::size_t>(i);
      const std::int64_t shifted = static_cast<std::int64_t>(std::floor((noise[k] * static_cast<double>(scale) + 32768) / 65536));
      expected[k] = static_cast<std::uint8_t>(std::clamp<std::int64_t>(values[k] + shifted, 0, 255));
    }
    detail::add_scaled_noise(values.data(), noise.data(), kCount, scale);
    EXPECT_EQ(values, expected) << "scale " << scale;
  }
}

TEST(Nuisances, JpegLowersPsnrByAPlausibleAmountForItsQuality) {
  NuisanceConfig config = NuisanceConfig::all_off();
  config.jpeg.enabled = true;
  config.jpeg.probability = 1;
  const cv::Mat input = textured_frame(320, 240);
  config.jpeg.quality = {30, 30};
  const double low = psnr(input, applied(SequenceNuisances(config, 1, 1, 320, 240), input, 0, kFace));
  config.jpeg.quality = {95, 95};
  const double high = psnr(input, applied(SequenceNuisances(config, 1, 1, 320, 240), input, 0, kFace));
  EXPECT_GT(low, 26);
  EXPECT_LT(low, 42);
  EXPECT_GT(high, low + 3);
  EXPECT_LT(high, 60);

  config.jpeg.probability = 0.4;
  const cv::Mat small = textured_frame(32, 24);
  const int frames = 300;
  const SequenceNuisances sometimes(config, 2, frames, 32, 24);
  int compressed = 0;
  for (int frame = 0; frame < frames; ++frame)
    compressed += !same_bytes(applied(sometimes, small, frame, kFace), small);
  EXPECT_NEAR(static_cast<double>(compressed) / frames, 0.4, 0.08);
}

TEST(Nuisances, FlickerIsASmoothGainAroundOne) {
  NuisanceConfig config = NuisanceConfig::all_off();
  config.flicker.enabled = true;
  config.flicker.amplitude = {0.05, 0.05};
  config.flicker.color_amplitude = {0.03, 0.03};
  config.flicker.period_frames = {10, 40};
  const int frames = 1200;
  const cv::Mat grey(24, 32, CV_8UC3, cv::Scalar::all(128));
  const SequenceNuisances nuisances(config, 4, frames, 32, 24);
  std::vector<double> gain, blue_red, steps;
  for (int frame = 0; frame < frames; ++frame) {
    const cv::Scalar mean = cv::mean(applied(nuisances, grey, frame, kFace));
    gain.push_back(mean[1] / 128);
    blue_red.push_back((mean[0] - mean[2]) / 128);
    if (frame > 0) steps.push_back(std::abs(gain[frame] - gain[frame - 1]));
  }
  const Moments g = moments(gain);
  EXPECT_NEAR(g.mean, 1.0, 0.01);
  EXPECT_NEAR(g.stddev, 0.05, 0.015);
  EXPECT_LT(moments(steps).mean, 0.5 * g.stddev);  // smooth: consecutive frames are close
  EXPECT_NEAR(moments(blue_red).stddev, 2 * 0.03, 0.02);
}

TEST(Nuisances, OccluderEntersCrossesTheFaceBoxAndLeaves) {
  const int frames = 80;
  const cv::Mat green(240, 320, CV_8UC3, cv::Scalar(0, 255, 0));
  for (std::uint64_t seed = 0; seed < 8; ++seed) {
    const SequenceNuisances nuisances(only_occluder(), seed, frames, 320, 240);
    ASSERT_TRUE(nuisances.has_occluder());
    std::vector<double> coverage;
    for (int frame = 0; frame < frames; ++frame) coverage.push_back(nuisances.occluder_coverage(frame, kFace));
    EXPECT_EQ(coverage.front(), 0) << "seed " << seed;
    EXPECT_EQ(coverage.back(), 0) << "seed " << seed;
    // One contiguous run of covered frames: it does not come back.
    const auto first = std::find_if(coverage.begin(), coverage.end(), [](double c) { return c > 0; });
    const auto last = std::find_if(coverage.rbegin(), coverage.rend(), [](double c) { return c > 0; }).base();
    ASSERT_NE(first, coverage.end()) << "seed " << seed;
    EXPECT_TRUE(std::all_of(first, last, [](double c) { return c > 0; })) << "seed " << seed;
    EXPECT_LT(last - first, 40);
    const auto peak = std::max_element(coverage.begin(), coverage.end());
    EXPECT_GT(*peak, 0.05) << "seed " << seed;

    // The pixels agree: at the peak the changed share of the box is the coverage plus an anti-aliased rim; where the
    // coverage is 0 the box is untouched.
    const cv::Rect box_pixels(110, 60, 100, 120);
    const auto changed_share = [&](int frame) {
      cv::Mat difference;
      cv::absdiff(applied(nuisances, green, frame, kFace)(box_pixels), green(box_pixels), difference);
      cv::cvtColor(difference, difference, cv::COLOR_BGR2GRAY);
      return cv::countNonZero(difference) / static_cast<double>(box_pixels.area());
    };
    const int peak_frame = static_cast<int>(peak - coverage.begin());
    EXPECT_GE(changed_share(peak_frame), *peak - 0.01) << "seed " << seed;
    EXPECT_LE(changed_share(peak_frame), *peak + 0.08) << "seed " << seed;
    EXPECT_EQ(changed_share(static_cast<int>(first - coverage.begin()) - 1), 0) << "seed " << seed;
    EXPECT_EQ(changed_share(static_cast<int>(last - coverage.begin())), 0) << "seed " << seed;
  }
}

TEST(Nuisances, OccluderFollowsTheFaceBox) {
  const cv::Mat grey(400, 400, CV_8UC3, cv::Scalar::all(90));
  const SequenceNuisances nuisances(only_occluder(), 5, 80, 400, 400);
  const dataset::Box here{120, 120, 80, 90}, there{150, 140, 80, 90};
  for (int frame = 0; frame < 80; ++frame) {
    ASSERT_DOUBLE_EQ(nuisances.occluder_coverage(frame, here), nuisances.occluder_coverage(frame, there)) << frame;
    const cv::Mat a = applied(nuisances, grey, frame, here), b = applied(nuisances, grey, frame, there);
    EXPECT_LE(cv::norm(a(cv::Rect(20, 20, 300, 300)), b(cv::Rect(50, 40, 300, 300)), cv::NORM_INF), 1.0) << frame;
  }
}

TEST(Nuisances, OccluderProbabilityIsPerSequence) {
  NuisanceConfig config = only_occluder();
  config.occluder.probability = 0.3;
  int with = 0;
  const int sequences = 400;
  for (int seed = 0; seed < sequences; ++seed) with += SequenceNuisances(config, seed, 60, 32, 24).has_occluder();
  EXPECT_NEAR(static_cast<double>(with) / sequences, 0.3, 0.07);
  config.occluder.probability = 0;
  for (int seed = 0; seed < 50; ++seed) EXPECT_FALSE(SequenceNuisances(config, seed, 60, 32, 24).has_occluder());
}

TEST(Nuisances, BoxJitterHasTheConfiguredSpread) {
  NuisanceConfig config = NuisanceConfig::all_off();
  config.box_jitter.enabled = true;
  config.box_jitter.center_sigma = 0.05;
  config.box_jitter.scale_sigma = 0.04;
  config.box_jitter.bias_sigma = 0;
  const int frames = 4000;
  const SequenceNuisances nuisances(config, 6, frames, 320, 240);
  std::vector<double> dx, dy, log_scale;
  for (int frame = 0; frame < frames; ++frame) {
    const dataset::Box j = nuisances.jitter_box(kFace, frame);
    dx.push_back((j.cx() - kFace.cx()) / kFace.w);
    dy.push_back((j.cy() - kFace.cy()) / kFace.h);
    log_scale.push_back(std::log(j.w / kFace.w));
    ASSERT_NEAR(j.w / j.h, kFace.w / kFace.h, 1e-12);
  }
  for (const auto* values : {&dx, &dy}) {
    EXPECT_NEAR(moments(*values).mean, 0, 0.005);
    EXPECT_NEAR(moments(*values).stddev, 0.05, 0.003);
  }
  EXPECT_NEAR(moments(log_scale).mean, 0, 0.004);
  EXPECT_NEAR(moments(log_scale).stddev, 0.04, 0.0025);
}

TEST(Nuisances, BoxJitterBiasVariesSlowly) {
  NuisanceConfig config = NuisanceConfig::all_off();
  config.box_jitter.enabled = true;
  config.box_jitter.center_sigma = 0;
  config.box_jitter.scale_sigma = 0;
  config.box_jitter.bias_sigma = 0.05;
  config.box_jitter.bias_period_frames = {30, 150};
  std::vector<double> offsets, steps;
  for (int seed = 0; seed < 100; ++seed) {
    const SequenceNuisances nuisances(config, seed, 300, 320, 240);
    double previous = 0;
    for (int frame = 0; frame < 300; ++frame) {
      const double offset = (nuisances.jitter_box(kFace, frame).cx() - kFace.cx()) / kFace.w;
      offsets.push_back(offset);
      if (frame > 0) steps.push_back(offset - previous);
      previous = offset;
    }
  }
  const Moments bias = moments(offsets);
  EXPECT_NEAR(bias.stddev, 0.05, 0.008);
  EXPECT_NEAR(bias.mean, 0, 0.01);
  EXPECT_LT(moments(steps).stddev, 0.25 * bias.stddev);
}

NuisanceConfig only_camera(double resolution, double defocus_px) {
  NuisanceConfig config = NuisanceConfig::all_off();
  config.camera.enabled = true;
  config.camera.probability = 1;
  config.camera.resolution = {resolution, resolution};
  config.camera.defocus_px = {defocus_px, defocus_px};
  return config;
}

// Lag-1 horizontal correlation of a single-channel CV_64F image's values.
double horizontal_correlation(const cv::Mat& values) {
  const cv::Mat left = values.colRange(0, values.cols - 1), right = values.colRange(1, values.cols);
  cv::Scalar mean_l, std_l, mean_r, std_r;
  cv::meanStdDev(left, mean_l, std_l);
  cv::meanStdDev(right, mean_r, std_r);
  const double covariance = cv::mean((left - mean_l[0]).mul(right - mean_r[0]))[0];
  return covariance / (std_l[0] * std_r[0]);
}

TEST(Nuisances, CameraResamplesThroughTheSensorResolutionAndDefocuses) {
  const cv::Mat input = textured_frame(320, 240);
  cv::Mat small, expected;
  cv::resize(input, small, cv::Size(160, 120), 0, 0, cv::INTER_AREA);
  cv::resize(small, expected, input.size(), 0, 0, cv::INTER_LINEAR);
  const SequenceNuisances half(only_camera(0.5, 0), 1, 4, 320, 240);
  EXPECT_EQ(half.sensor_resolution(), 0.5);
  EXPECT_TRUE(same_bytes(applied(half, input, 0, kFace), expected));

  cv::GaussianBlur(input, expected, cv::Size(), 1.5);
  const SequenceNuisances blurred(only_camera(1, 1.5), 1, 4, 320, 240);
  EXPECT_EQ(blurred.defocus_px(), 1.5);
  EXPECT_TRUE(same_bytes(applied(blurred, input, 0, kFace), expected));

  // Both lose detail: the Laplacian's energy drops well below the input's.
  const auto detail = [](const cv::Mat& bgr) {
    cv::Mat grey, laplacian;
    cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
    cv::Laplacian(grey, laplacian, CV_64F);
    return cv::mean(laplacian.mul(laplacian))[0];
  };
  EXPECT_LT(detail(applied(half, input, 0, kFace)), 0.5 * detail(input));
  EXPECT_LT(detail(applied(blurred, input, 0, kFace)), 0.5 * detail(input));
}

TEST(Nuisances, SensorNoiseAtALowerResolutionIsBlotchy) {
  const cv::Mat grey(240, 320, CV_8UC3, cv::Scalar::all(128));
  const auto noise_of = [&](double resolution) {
    NuisanceConfig config = only_camera(resolution, 0);
    config.noise.enabled = true;
    config.noise.sigma = {6, 6};
    cv::Mat values;
    applied(SequenceNuisances(config, 5, 2, 320, 240), grey, 1, kFace).reshape(1).convertTo(values, CV_64F);
    return cv::Mat(values - 128);
  };
  // Full resolution: independent per pixel and channel (a row of values interleaves B, G, R, so lag 3 is the next
  // pixel of the same channel); at a third of the resolution, neighbours share most of their noise.
  const cv::Mat full = noise_of(1), third = noise_of(1.0 / 3);
  const auto pixel_lag = [](const cv::Mat& v) {
    cv::Mat same_channel(v.rows, v.cols / 3, CV_64F);
    for (int y = 0; y < v.rows; ++y)
      for (int x = 0; x < same_channel.cols; ++x) same_channel.at<double>(y, x) = v.at<double>(y, 3 * x);
    return horizontal_correlation(same_channel);
  };
  EXPECT_LT(std::abs(pixel_lag(full)), 0.05);
  EXPECT_GT(pixel_lag(third), 0.5);
}

TEST(Nuisances, CameraProbabilityAndRangesArePerSequence) {
  NuisanceConfig config = NuisanceConfig::all_off();
  config.camera.enabled = true;
  int webcams = 0;
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    const SequenceNuisances n(config, seed, 4, 64, 48);
    if (n.sensor_resolution() == 1 && n.defocus_px() == 0) continue;
    ++webcams;
    EXPECT_GE(n.sensor_resolution(), config.camera.resolution[0]);
    EXPECT_LE(n.sensor_resolution(), config.camera.resolution[1]);
    EXPECT_GE(n.defocus_px(), config.camera.defocus_px[0]);
    EXPECT_LE(n.defocus_px(), config.camera.defocus_px[1]);
  }
  EXPECT_GT(webcams, 75);  // probability 0.5 of 200: 100 ± 7
  EXPECT_LT(webcams, 125);
}

TEST(Nuisances, FrameResultDependsOnlyOnSeedFrameImageAndBox) {
  NuisanceConfig config;  // the defaults, with an occluder in view at frame 5
  config.occluder.probability = 1;
  config.occluder.crossing_frames = {12, 12};
  config.jpeg.probability = 1;
  const int frames = 12;
  const cv::Mat input = textured_frame(320, 240);
  const SequenceNuisances in_order(config, 42, frames, 320, 240);
  for (int frame = 0; frame < 5; ++frame) applied(in_order, input, frame, kFace);
  const cv::Mat fifth = applied(in_order, input, 5, kFace);
  EXPECT_GT(in_order.occluder_coverage(5, kFace), 0);

  const SequenceNuisances fresh(config, 42, frames, 320, 240);
  for (int frame = frames - 1; frame > 5; --frame) applied(fresh, input, frame, kFace);
  EXPECT_TRUE(same_bytes(applied(fresh, input, 5, kFace), fifth));
  EXPECT_EQ(fresh.jitter_box(kFace, 5).x, in_order.jitter_box(kFace, 5).x);
  EXPECT_FALSE(same_bytes(applied(SequenceNuisances(config, 43, frames, 320, 240), input, 5, kFace), fifth));
}

TEST(Nuisances, SwitchingOneOffLeavesTheOthersUnchanged) {
  NuisanceConfig config;
  config.occluder.probability = 0.5;
  NuisanceConfig without_flicker = config;
  without_flicker.flicker.enabled = false;
  for (std::uint64_t seed = 0; seed < 10; ++seed) {
    const SequenceNuisances a(config, seed, 50, 64, 48), b(without_flicker, seed, 50, 64, 48);
    EXPECT_EQ(a.noise_sigma(), b.noise_sigma());
    EXPECT_EQ(a.has_occluder(), b.has_occluder());
    EXPECT_EQ(a.jitter_box(kFace, 7).w, b.jitter_box(kFace, 7).w);
  }
  NuisanceConfig with_camera = config;
  with_camera.camera.enabled = true;
  with_camera.camera.probability = 1;
  for (std::uint64_t seed = 0; seed < 10; ++seed) {
    const SequenceNuisances a(config, seed, 50, 64, 48), b(with_camera, seed, 50, 64, 48);
    EXPECT_EQ(a.noise_sigma(), b.noise_sigma());
    EXPECT_EQ(a.has_occluder(), b.has_occluder());
    EXPECT_EQ(a.jitter_box(kFace, 7).w, b.jitter_box(kFace, 7).w);
  }
}

}  // namespace
}  // namespace synhead::renderer
