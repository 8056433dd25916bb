#include "synhead/trainer/augment.h"

#include <algorithm>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace synhead::trainer {
namespace {

constexpr double kMinBlurSigma = 0.5;  // crop pixels (data_config.h)
constexpr double kMaxBlurSigma = 1.5;

// Rec. 601 luma of RGB.
float grey(const float* rgb) { return 0.299f * rgb[0] + 0.587f * rgb[1] + 0.114f * rgb[2]; }

template <class F>
void for_each_pixel(WindowSample& sample, F&& f) {
  for (cv::Mat& image : sample.images) {
    auto* p = image.ptr<float>();
    for (std::size_t i = 0; i < image.total(); ++i) f(p + 3 * i);
  }
}

float clamp01(double v) { return static_cast<float>(std::clamp(v, 0.0, 1.0)); }

}  // namespace

AugmentDraw draw_augmentation(const AugmentConfig& config, core::Rng& rng) {
  AugmentDraw d;
  d.flip = rng.bernoulli(config.flip_probability);
  d.reverse = rng.bernoulli(config.reverse_probability);
  d.jitter.scale = rng.uniform(1 - config.scale_jitter, 1 + config.scale_jitter);
  d.jitter.shift_x = rng.uniform(-config.shift_jitter, config.shift_jitter);
  d.jitter.shift_y = rng.uniform(-config.shift_jitter, config.shift_jitter);
  d.brightness = rng.uniform(1 - config.brightness, 1 + config.brightness);
  d.contrast = rng.uniform(1 - config.contrast, 1 + config.contrast);
  d.saturation = rng.uniform(1 - config.saturation, 1 + config.saturation);
  // Both draws always happen so the stream's position does not depend on the outcome.
  const bool blur = rng.bernoulli(config.blur_probability);
  const double sigma = rng.uniform(kMinBlurSigma, kMaxBlurSigma);
  d.blur_sigma = blur ? sigma : 0;
  return d;
}

void flip_horizontally(WindowSample& sample) {
  for (cv::Mat& image : sample.images) cv::flip(image, image, 1);
  for (auto& pose : sample.pose_deg) {
    pose.yaw = -pose.yaw;
    pose.roll = -pose.roll;
  }
  for (auto& landmarks : sample.landmarks) {
    const auto source = landmarks;
    for (std::size_t i = 0; i < landmarks.size(); ++i) {
      const glm::dvec2& p = source[static_cast<std::size_t>(kMirroredLandmark[i])];
      landmarks[i] = {1 - p.x, p.y};
    }
  }
  for (auto& visible : sample.visible) {
    const auto source = visible;
    for (std::size_t i = 0; i < visible.size(); ++i) {
      visible[i] = source[static_cast<std::size_t>(kMirroredLandmark[i])];
    }
  }
  sample.flipped = !sample.flipped;
}

void reverse_playback(WindowSample& sample) {
  std::reverse(sample.frames.begin(), sample.frames.end());
  std::reverse(sample.images.begin(), sample.images.end());
  std::reverse(sample.pose_deg.begin(), sample.pose_deg.end());
  std::reverse(sample.landmarks.begin(), sample.landmarks.end());
  std::reverse(sample.visible.begin(), sample.visible.end());
  std::reverse(sample.windows.begin(), sample.windows.end());
}

void jitter_colour(WindowSample& sample, double brightness, double contrast, double saturation) {
  if (brightness == 1 && contrast == 1 && saturation == 1) return;  // colour jitter configured off: bit-exact pass
  double sum = 0;
  std::size_t count = 0;
  for_each_pixel(sample, [&](float* p) {
    for (int c = 0; c < 3; ++c) p[c] = clamp01(p[c] * brightness);
    sum += grey(p);
    ++count;
  });
  const double mean = count > 0 ? sum / static_cast<double>(count) : 0;
  for_each_pixel(sample, [&](float* p) {
    for (int c = 0; c < 3; ++c) p[c] = clamp01(mean + (p[c] - mean) * contrast);
    const double g = grey(p);
    for (int c = 0; c < 3; ++c) p[c] = clamp01(g + (p[c] - g) * saturation);
  });
}

void gaussian_blur(WindowSample& sample, double sigma) {
  for (cv::Mat& image : sample.images) cv::GaussianBlur(image, image, {0, 0}, sigma, sigma, cv::BORDER_REFLECT_101);
}

void add_noise(WindowSample& sample, double stddev, core::Rng& rng) {
  for_each_pixel(sample, [&](float* p) {
    for (int c = 0; c < 3; ++c) p[c] = clamp01(p[c] + rng.normal(0, stddev));
  });
}

void apply_augmentation(WindowSample& sample, const AugmentDraw& draw, const AugmentConfig& config, core::Rng& rng) {
  if (draw.flip) flip_horizontally(sample);
  if (draw.reverse) reverse_playback(sample);
  jitter_colour(sample, draw.brightness, draw.contrast, draw.saturation);
  if (draw.blur_sigma > 0) gaussian_blur(sample, draw.blur_sigma);
  if (config.noise_std > 0) add_noise(sample, config.noise_std, rng);
}

}  // namespace synhead::trainer
