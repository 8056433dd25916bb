#pragma once

#include <opencv2/core/mat.hpp>

#include "synhead/dataset/camera.h"
#include "synhead/dataset/labels.h"

namespace synhead::renderer {

// Draws the 68 landmarks (green visible, red self-occluded), their contours, the face box and the head axes
// (x red, y green, z blue, from the projected head centre) onto a copy of `image`.
cv::Mat draw_overlay(const cv::Mat& image, const dataset::FrameLabels& labels, const dataset::Intrinsics& camera);

}  // namespace synhead::renderer
