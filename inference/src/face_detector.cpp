#include "synhead/inference/face_detector.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include "detectors.h"
#include "synhead/core/error.h"

namespace synhead::inference {
namespace {

// Debian's opencv-data (tools/setup.sh installs it).
constexpr const char* kHaarCascade = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";

class HaarDetector : public FaceDetector {
 public:
  HaarDetector() {
    if (!std::filesystem::exists(kHaarCascade)) {
      core::throw_user_error("{}: the Haar cascade is missing (install Debian's opencv-data: tools/setup.sh)",
                             kHaarCascade);
    }
    if (!cascade_.load(kHaarCascade)) core::throw_user_error("{}: not a readable OpenCV cascade", kHaarCascade);
  }
  std::string name() const override { return "haar"; }

  std::vector<Detection> detect(const cv::Mat& image_bgr) override {
    cv::Mat grey;
    cv::cvtColor(image_bgr, grey, cv::COLOR_BGR2GRAY);
    cv::equalizeHist(grey, grey);
    std::vector<cv::Rect> faces;
    std::vector<int> neighbours;
    // Faces smaller than 1/12 of the image's short side are too small for any model crop to be useful.
    const int min_side = std::max(24, std::min(grey.cols, grey.rows) / 12);
    // The score is the number of merged neighbour windows: asking the cascade for its rejection levels and weights
    // instead turns off its early rejection and costs ~5× the time.
    cascade_.detectMultiScale(grey, faces, neighbours, 1.1, 4, 0, cv::Size(min_side, min_side));
    std::vector<Detection> out;
    for (std::size_t i = 0; i < faces.size(); ++i) {
      const cv::Rect& r = faces[i];
      const double score = i < neighbours.size() ? (neighbours[i] - 4) / 4.0 : 0.0;
      out.push_back({{double(r.x), double(r.y), double(r.width), double(r.height)}, squash_score(score)});
    }
    return out;
  }

 private:
  cv::CascadeClassifier cascade_;
};

}  // namespace

double squash_score(double score) { return 1.0 / (1.0 + std::exp(-score)); }

std::unique_ptr<FaceDetector> make_haar_detector() { return std::make_unique<HaarDetector>(); }

std::vector<std::string> available_detectors() {
#ifdef SYNHEAD_WITH_DLIB
  return {"hog", "haar"};
#else
  return {"haar"};
#endif
}

std::unique_ptr<FaceDetector> make_face_detector(const std::string& name) {
  if (name == "haar") return make_haar_detector();
#ifdef SYNHEAD_WITH_DLIB
  if (name == "hog") return make_hog_detector();
#else
  if (name == "hog") {
    core::throw_user_error("--detector hog: this synhead was built without dlib (SYNHEAD_WITH_DLIB=OFF); use haar");
  }
#endif
  core::throw_user_error("--detector '{}': unknown detector (expected hog or haar)", name);
}

std::vector<Detection> detect_near(FaceDetector& detector, const cv::Mat& image_bgr, const dataset::Box& box,
                                   double context, double target_side) {
  const double side = std::max(box.w, box.h);
  if (side <= 0) return {};
  // A detector's boxes snap to its own grid (dlib's HOG cells are 8 px, its pyramid steps 5/6). A region cut anew
  // each frame at any offset and scale would move that grid under a still face and make the box jitter by a cell;
  // so the scale is one of the pyramid's steps and the region's corner sits on the grid of that scale.
  const int level = std::max(0, static_cast<int>(std::ceil(std::log(target_side / side) / std::log(5.0 / 6.0))));
  const double scale = std::pow(5.0 / 6.0, level);
  const double cell = 8 / scale;
  const double region_side = context * side;
  const int x0 = static_cast<int>(std::floor((box.cx() - region_side / 2) / cell) * cell);
  const int y0 = static_cast<int>(std::floor((box.cy() - region_side / 2) / cell) * cell);
  const int extent = static_cast<int>(std::ceil(region_side / cell) * cell);
  const cv::Rect region = cv::Rect(x0, y0, extent, extent) & cv::Rect(0, 0, image_bgr.cols, image_bgr.rows);
  if (region.width < 16 || region.height < 16) return {};
  cv::Mat scaled;
  if (scale < 1) {
    cv::resize(image_bgr(region), scaled, cv::Size(), scale, scale, cv::INTER_AREA);
  } else {
    scaled = image_bgr(region).clone();
  }
  std::vector<Detection> found = detector.detect_scaled(scaled);
  for (auto& d : found) {
    d.box = {region.x + d.box.x / scale, region.y + d.box.y / scale, d.box.w / scale, d.box.h / scale};
  }
  return found;
}

double intersection_over_union(const dataset::Box& a, const dataset::Box& b) {
  if (a.empty() || b.empty()) return 0;
  const double w = std::min(a.x + a.w, b.x + b.w) - std::max(a.x, b.x);
  const double h = std::min(a.y + a.h, b.y + b.h) - std::max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  const double inter = w * h;
  return inter / (a.w * a.h + b.w * b.h - inter);
}

}  // namespace synhead::inference
