#include "synhead/renderer/overlay.h"

#include <opencv2/imgproc.hpp>

#include "synhead/dataset/camera.h"

namespace synhead::renderer {
namespace {

// Index runs of the iBUG 68 drawn as polylines (closed for eyes and lips).
struct Contour {
  int first, last;
  bool closed;
};
constexpr Contour kContours[] = {{0, 16, false},  {17, 21, false}, {22, 26, false}, {27, 30, false}, {31, 35, false},
                                 {36, 41, true},  {42, 47, true},  {48, 59, true},  {60, 67, true}};

cv::Point2f pixel(const glm::dvec2& p) { return {static_cast<float>(p.x), static_cast<float>(p.y)}; }

}  // namespace

cv::Mat draw_overlay(const cv::Mat& image, const dataset::FrameLabels& labels, const dataset::Intrinsics& camera) {
  cv::Mat out = image.clone();
  const int shift = 4;  // sub-pixel drawing: coordinates × 16
  auto fixed = [&](const glm::dvec2& p) { return cv::Point(static_cast<int>(p.x * 16), static_cast<int>(p.y * 16)); };
  for (const auto& c : kContours) {
    std::vector<cv::Point> points;
    for (int i = c.first; i <= c.last; ++i) points.push_back(fixed(labels.landmarks[static_cast<std::size_t>(i)] - 0.5));
    cv::polylines(out, points, c.closed, cv::Scalar(255, 255, 0), 1, cv::LINE_AA, shift);
  }
  for (int i = 0; i < dataset::kLandmarkCount; ++i) {
    const auto idx = static_cast<std::size_t>(i);
    const cv::Scalar color = labels.visible[idx] ? cv::Scalar(0, 220, 0) : cv::Scalar(0, 0, 255);
    cv::circle(out, fixed(labels.landmarks[idx] - 0.5), 2 * 16, color, cv::FILLED, cv::LINE_AA, shift);
  }
  const auto& b = labels.box;
  cv::rectangle(out, cv::Point2d(b.x - 0.5, b.y - 0.5), cv::Point2d(b.x + b.w - 0.5, b.y + b.h - 0.5), cv::Scalar(0, 200, 255), 1, cv::LINE_AA);
  const glm::dvec2 origin = camera.project(labels.translation_mm);
  const cv::Scalar axis_colors[3] = {cv::Scalar(0, 0, 255), cv::Scalar(0, 255, 0), cv::Scalar(255, 0, 0)};
  for (int axis = 0; axis < 3; ++axis) {
    glm::dvec3 direction(0.0);
    direction[axis] = axis == 2 ? -80.0 : 80.0;  // the face front is −z
    const glm::dvec2 tip = camera.project(labels.rotation * direction + labels.translation_mm);
    cv::line(out, pixel(origin - 0.5), pixel(tip - 0.5), axis_colors[axis], 2, cv::LINE_AA);
  }
  return out;
}

}  // namespace synhead::renderer
