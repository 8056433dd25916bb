#pragma once
// Rendering only the face crop: a camera whose S×S image is exactly the square window `window` of the full camera's
// image, so that a frame rendered with it equals (up to resampling) crop_face() of the full frame, and its labels
// come out directly in crop pixels. Torch-free.
//
// Pixel centres sit at +0.5 in both images (docs/conventions.md), and crop pixel u' covers image x = x0 + u'·side/S, so
// u' = (u − x0)·S/side: fx' = fx·S/side, cx' = (cx − x0)·S/side (likewise y). The same map crops the background.

#include <opencv2/core/mat.hpp>

#include "synhead/dataset/box.h"
#include "synhead/dataset/camera.h"

namespace synhead::trainer {

dataset::Intrinsics crop_intrinsics(const dataset::Intrinsics& camera, const dataset::Box& window, int size);

// The S×S BGR 8-bit crop of a full-camera background under the same map (area-averaged when the window is at least
// twice S, black outside the image, as crop_face does).
cv::Mat crop_background(const cv::Mat& background_bgr, const dataset::Box& window, int size);

}  // namespace synhead::trainer
