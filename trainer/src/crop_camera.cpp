#include "synhead/trainer/crop_camera.h"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "synhead/core/error.h"

namespace synhead::trainer {

dataset::Intrinsics crop_intrinsics(const dataset::Intrinsics& camera, const dataset::Box& window, int size) {
  SYNHEAD_CHECK(size > 0 && !window.empty());
  const double sx = size / window.w, sy = size / window.h;
  return {size, size, camera.fx * sx, camera.fy * sy, (camera.cx - window.x) * sx, (camera.cy - window.y) * sy};
}

cv::Mat crop_background(const cv::Mat& background_bgr, const dataset::Box& window, int size) {
  SYNHEAD_CHECK(background_bgr.type() == CV_8UC3 && size > 0 && !window.empty());
  const int oversample = std::max(1, static_cast<int>(std::floor(window.w / size)));
  const int sampled = oversample * size;
  const double kx = window.w / sampled, ky = window.h / sampled;
  const cv::Matx23d to_source(kx, 0, window.x + 0.5 * kx - 0.5, 0, ky, window.y + 0.5 * ky - 0.5);
  cv::Mat crop;
  cv::warpAffine(background_bgr, crop, to_source, {sampled, sampled}, cv::INTER_LINEAR | cv::WARP_INVERSE_MAP,
                 cv::BORDER_CONSTANT, cv::Scalar::all(0));
  if (oversample > 1) cv::resize(crop, crop, {size, size}, 0, 0, cv::INTER_AREA);
  return crop;
}

}  // namespace synhead::trainer
