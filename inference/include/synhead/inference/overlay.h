#pragma once
// What `synhead infer --overlay` draws on a frame: the face box and crop window, the head's axes from pitch, yaw
// and roll (red: head +x, image right at zero pose; green: +y, down; blue: the face's forward direction, −z), the
// landmarks and the angles.

#include <opencv2/core/mat.hpp>

#include "synhead/inference/infer_csv.h"

namespace synhead::inference {

// Draws onto `image` (BGR 8-bit).
void draw_overlay(cv::Mat& image, const FrameResult& result);

}  // namespace synhead::inference
