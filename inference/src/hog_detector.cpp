// dlib's HOG + linear SVM frontal-face detector (compiled only with SYNHEAD_WITH_DLIB).

#include <algorithm>

// OpenCV's C types first: dlib's cv_image wraps a cv::Mat through IplImage.
#include <opencv2/core/core_c.h>
#include <opencv2/imgproc.hpp>

#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/opencv/cv_image.h>

#include "detectors.h"

namespace synhead::inference {
namespace {

class HogDetector : public FaceDetector {
 public:
  HogDetector() : detector_(dlib::get_frontal_face_detector()) {}
  std::string name() const override { return "hog"; }

  std::vector<Detection> detect(const cv::Mat& image_bgr) override {
    // dlib's window is 80×80: small images are doubled so faces down to 40 px are found (as dlib's examples
    // do with pyramid_up).
    return run(image_bgr, std::min(image_bgr.cols, image_bgr.rows) < 360 ? 2.0 : 1.0);
  }
  std::vector<Detection> detect_scaled(const cv::Mat& image_bgr) override { return run(image_bgr, 1.0); }

 private:
  std::vector<Detection> run(const cv::Mat& image_bgr, double factor) {
    cv::Mat work = image_bgr;
    if (factor != 1.0) cv::resize(image_bgr, work, cv::Size(), factor, factor, cv::INTER_LINEAR);
    if (!work.isContinuous()) work = work.clone();
    const dlib::cv_image<dlib::bgr_pixel> image(work);
    std::vector<dlib::rect_detection> found;
    detector_(image, found, 0.0);
    std::vector<Detection> out;
    for (const auto& d : found) {
      const dlib::rectangle& r = d.rect;
      // dlib's rectangles are inclusive pixel ranges.
      out.push_back({{r.left() / factor, r.top() / factor, r.width() / factor, r.height() / factor},
                     squash_score(d.detection_confidence)});
    }
    return out;
  }

  dlib::frontal_face_detector detector_;
};

}  // namespace

std::unique_ptr<FaceDetector> make_hog_detector() { return std::make_unique<HogDetector>(); }

}  // namespace synhead::inference
