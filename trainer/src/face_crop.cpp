#include "synhead/trainer/face_crop.h"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "synhead/core/error.h"

namespace synhead::trainer {

dataset::Box crop_window(const dataset::Box& face_box, double margin, const CropJitter& jitter) {
  const double side = (1 + margin) * std::max(face_box.w, face_box.h);
  const double cx = face_box.cx() + jitter.shift_x * side;
  const double cy = face_box.cy() + jitter.shift_y * side;
  const double jittered = side * jitter.scale;
  return {cx - jittered / 2, cy - jittered / 2, jittered, jittered};
}

cv::Mat crop_face(const cv::Mat& image_bgr, const dataset::Box& window, int size) {
  SYNHEAD_CHECK(image_bgr.type() == CV_8UC3 && size > 0 && !window.empty());
  const int oversample = std::max(1, static_cast<int>(std::floor(window.w / size)));
  const int sampled = oversample * size;
  // Inverse map from output pixel indices to source pixel indices. Pixel centres sit at +0.5 (docs/conventions.md), so
  // output pixel u covers window.x + (u + 0.5)·k in image coordinates, i.e. source index that − 0.5.
  const double kx = window.w / sampled;
  const double ky = window.h / sampled;
  const cv::Matx23d to_source(kx, 0, window.x + 0.5 * kx - 0.5, 0, ky, window.y + 0.5 * ky - 0.5);
  cv::Mat crop;
  cv::warpAffine(image_bgr, crop, to_source, {sampled, sampled}, cv::INTER_LINEAR | cv::WARP_INVERSE_MAP,
                 cv::BORDER_CONSTANT, cv::Scalar::all(0));
  if (oversample > 1) cv::resize(crop, crop, {size, size}, 0, 0, cv::INTER_AREA);
  cv::cvtColor(crop, crop, cv::COLOR_BGR2RGB);
  crop.convertTo(crop, CV_32FC3, 1.0 / 255);
  return crop;
}

glm::dvec2 to_crop_units(const glm::dvec2& pixel, const dataset::Box& window) {
  return {(pixel.x - window.x) / window.w, (pixel.y - window.y) / window.h};
}

void append_frame(WindowSample& sample, const cv::Mat& image_bgr, const dataset::FrameLabels& labels,
                  const dataset::Box& window, int size) {
  sample.frames.push_back(labels.frame);
  sample.images.push_back(crop_face(image_bgr, window, size));
  sample.pose_deg.push_back(labels.angles);
  auto& landmarks = sample.landmarks.emplace_back();
  for (std::size_t i = 0; i < dataset::kLandmarkCount; ++i) landmarks[i] = to_crop_units(labels.landmarks[i], window);
  sample.visible.push_back(labels.visible);
  sample.windows.push_back(window);
}

void normalise_to_chw(const cv::Mat& rgb, float* out) {
  SYNHEAD_CHECK(rgb.type() == CV_32FC3 && rgb.isContinuous());
  const std::size_t plane = rgb.total();
  const auto* pixel = rgb.ptr<float>();
  for (std::size_t i = 0; i < plane; ++i) {
    for (std::size_t c = 0; c < 3; ++c) out[c * plane + i] = (pixel[3 * i + c] - kRgbMean[c]) / kRgbStd[c];
  }
}

}  // namespace synhead::trainer
