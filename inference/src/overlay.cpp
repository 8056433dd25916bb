#include "synhead/inference/overlay.h"

#include <algorithm>
#include <array>
#include <utility>

#include <fmt/format.h>
#include <opencv2/imgproc.hpp>

#include "synhead/motion_tracks/rotation.h"

namespace synhead::inference {

void draw_overlay(cv::Mat& image, const FrameResult& r) {
  const int thick = std::max(1, image.cols / 320);
  if (!r.success) {
    cv::putText(image, "no face", {10, 24}, cv::FONT_HERSHEY_SIMPLEX, 0.6 * thick, {0, 0, 255}, thick, cv::LINE_AA);
    return;
  }
  auto rect = [](const dataset::Box& b) { return cv::Rect2d(b.x, b.y, b.w, b.h); };
  cv::rectangle(image, rect(r.crop), {160, 160, 160}, 1, cv::LINE_AA);
  cv::rectangle(image, rect(r.face), {0, 220, 0}, thick, cv::LINE_AA);
  if (r.landmarks.size() == 136) {
    for (int i = 0; i < 68; ++i) {
      cv::circle(image, cv::Point2d(r.landmarks[i], r.landmarks[68 + i]), thick + 1, {0, 255, 255}, cv::FILLED,
                 cv::LINE_AA);
    }
  }
  if (!r.has_pose) return;
  // Axes under orthographic projection at the face centre: columns of R are the head axes in camera coordinates,
  // and the camera's x and y are the image's.
  const glm::dmat3 rot = motion_tracks::rotation_from_euler({r.pose_deg[0], r.pose_deg[1], r.pose_deg[2]});
  const cv::Point2d centre(r.face.cx(), r.face.cy());
  const double length = 0.6 * r.face.w;
  const std::array<std::pair<glm::dvec3, cv::Scalar>, 3> axes = {{{rot[0], {0, 0, 255}},
                                                                   {rot[1], {0, 200, 0}},
                                                                   {-rot[2], {255, 80, 0}}}};
  for (const auto& [axis, colour] : axes) {
    cv::arrowedLine(image, centre, centre + cv::Point2d(axis.x, axis.y) * length, colour, thick + 1, cv::LINE_AA, 0,
                    0.15);
  }
  const std::string text = fmt::format("pitch {:+.1f} yaw {:+.1f} roll {:+.1f}  conf {:.2f}", r.pose_deg[0],
                                       r.pose_deg[1], r.pose_deg[2], r.confidence);
  cv::putText(image, text, {10, 24}, cv::FONT_HERSHEY_SIMPLEX, 0.5 * thick, {255, 255, 255}, thick, cv::LINE_AA);
}

}  // namespace synhead::inference
