#pragma once

#include <opencv2/core/mat.hpp>

#include "synhead/renderer/camera.h"
#include "synhead/renderer/labels.h"

namespace synhead::renderer {

// Draws the 68 landmarks (green visible, red self-occluded), their contours, the face box and the head axes
// (x red, y green, z blue, from the projected head centre) onto a copy of `image`.
cv::Mat draw_overlay(const cv::Mat& image, const FrameLabels& labels, const Intrinsics& camera);

}  // namespace synhead::renderer
