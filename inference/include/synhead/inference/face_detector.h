#pragma once
// Face detectors that find the faces `synhead infer` crops: dlib's HOG frontal-face detector ("hog", built when
// dlib is available to the build: SYNHEAD_WITH_DLIB) and OpenCV's Haar cascade ("haar", always; the cascade file
// comes with Debian's opencv-data). Their boxes are not the box the models were trained on: box_calibration.h maps
// them.

#include <memory>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "synhead/dataset/box.h"

namespace synhead::inference {

struct Detection {
  dataset::Box box;         // image pixels
  double confidence = 0;    // the detector's own score squashed into (0, 1) by a logistic
};

class FaceDetector {
 public:
  virtual ~FaceDetector() = default;
  virtual std::string name() const = 0;
  // Every face found in a BGR 8-bit image.
  virtual std::vector<Detection> detect(const cv::Mat& image_bgr) = 0;
  // The same on a region that detect_near() has already scaled so a face is about its target size: no upsampling
  // of small images.
  virtual std::vector<Detection> detect_scaled(const cv::Mat& image_bgr) { return detect(image_bgr); }
};

// The detectors this build has, the preferred one first ("hog" when built in).
std::vector<std::string> available_detectors();

// core::UserError when `name` is unknown or not built in, or the cascade file is missing.
std::unique_ptr<FaceDetector> make_face_detector(const std::string& name);

// Following a face between full-frame scans: detection only in a square of `context` × the box side around `box`
// (clipped to the image), scaled down so the box side is about `target_side` px, so the cost no longer grows with
// the frame size. Boxes in image pixels.
std::vector<Detection> detect_near(FaceDetector& detector, const cv::Mat& image_bgr, const dataset::Box& box,
                                   double context = 1.8, double target_side = 90);

// Intersection over union of two boxes (0 when either is empty).
double intersection_over_union(const dataset::Box& a, const dataset::Box& b);

}  // namespace synhead::inference
