#include "synhead/sim2real/peer.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/opencv/cv_image.h>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

#include "synhead/core/error.h"
#include "synhead/sim2real/face_model.h"

namespace synhead::sim2real {

motion_tracks::EulerDeg euler_from_rotation_vector(const cv::Vec3d& rvec) {
  cv::Matx33d r;
  cv::Rodrigues(rvec, r);
  glm::dmat3 m(1.0);
  for (int row = 0; row < 3; ++row)
    for (int col = 0; col < 3; ++col) m[col][row] = r(row, col);  // glm is column-major
  return motion_tracks::euler_from_rotation(m);
}

PeerFrame fit_generic_face(const std::array<std::array<double, 2>, 68>& landmarks, int width, int height,
                           double focal_px) {
  std::vector<cv::Point3d> model;
  std::vector<cv::Point2d> image;
  for (const ModelPoint& p : kGenericFace) {
    model.emplace_back(p.x, p.y, p.z);
    image.emplace_back(landmarks[p.landmark][0], landmarks[p.landmark][1]);
  }
  const double f = focal_px > 0 ? focal_px : width;
  const cv::Matx33d k(f, 0, width / 2.0, 0, f, height / 2.0, 0, 0, 1);
  cv::Vec3d rvec, tvec;
  PeerFrame result;
  result.landmarks = landmarks;
  if (!cv::solvePnP(model, image, k, cv::noArray(), rvec, tvec, false, cv::SOLVEPNP_SQPNP)) return result;
  cv::solvePnPRefineLM(model, image, k, cv::noArray(), rvec, tvec);
  if (tvec[2] <= 0) return result;  // behind the camera: not a face
  std::vector<cv::Point2d> projected;
  cv::projectPoints(model, rvec, tvec, k, cv::noArray(), projected);
  double sum = 0;
  for (std::size_t i = 0; i < image.size(); ++i) {
    const cv::Point2d d = projected[i] - image[i];
    sum += d.dot(d);
  }
  result.found = true;
  result.pose = euler_from_rotation_vector(rvec);
  result.translation_mm = {tvec[0], tvec[1], tvec[2]};
  result.reprojection_px = std::sqrt(sum / static_cast<double>(image.size()));
  return result;
}

struct PeerEstimator::Impl {
  dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
  dlib::shape_predictor predictor;
};

PeerEstimator::PeerEstimator(const PeerOptions& options) : impl_(std::make_unique<Impl>()), options_(options) {
  const std::string path = options.shape_predictor.string();
  if (!std::filesystem::exists(options.shape_predictor))
    core::throw_user_error("{}: dlib shape predictor model not found (Debian package libdlib-data)", path);
  try {
    dlib::deserialize(path) >> impl_->predictor;
  } catch (const std::exception& e) {
    core::throw_user_error("{}: not a dlib shape predictor model: {}", path, e.what());
  }
  if (impl_->predictor.num_parts() != 68)
    core::throw_user_error("{}: the model predicts {} points, not the iBUG 68", path, impl_->predictor.num_parts());
}

PeerEstimator::~PeerEstimator() = default;

PeerFrame PeerEstimator::estimate(const cv::Mat& bgr) {
  SYNHEAD_CHECK(bgr.type() == CV_8UC3, "the peer takes 8-bit BGR frames");
  const int upsample = options_.upsample >= 0 ? options_.upsample : (std::min(bgr.cols, bgr.rows) < 480 ? 1 : 0);
  // dlib's cv_image wraps the BGR pixels without a copy (its bgr_pixel matches OpenCV's layout).
  const dlib::cv_image<dlib::bgr_pixel> image(bgr);
  // HOG's window is 80 px: smaller faces are found in a frame upsampled ×2 per step (dlib's examples use its
  // pyramid_up; OpenCV's pyrUp is the same doubling).
  cv::Mat scaled = bgr;
  for (int i = 0; i < upsample; ++i) cv::pyrUp(scaled, scaled);
  const double scale = 1.0 / (1 << upsample);
  const std::vector<dlib::rectangle> faces = impl_->detector(dlib::cv_image<dlib::bgr_pixel>(scaled));
  if (faces.empty()) return {};
  const dlib::rectangle found = *std::max_element(faces.begin(), faces.end(),
                                                  [](const auto& a, const auto& b) { return a.area() < b.area(); });
  // The box in the frame's pixels (dlib's rectangles are inclusive pixel indices).
  const std::array<double, 4> face{found.left() * scale, found.top() * scale, found.width() * scale,
                                   found.height() * scale};
  const dlib::rectangle box(std::lround(face[0]), std::lround(face[1]), std::lround(face[0] + face[2]) - 1,
                            std::lround(face[1] + face[3]) - 1);
  const dlib::full_object_detection shape = impl_->predictor(image, box);
  std::array<std::array<double, 2>, 68> points{};
  for (unsigned long i = 0; i < 68; ++i)  // dlib's integer pixel is that pixel's centre: +0.5 in synhead's convention
    points[i] = {shape.part(i).x() + 0.5, shape.part(i).y() + 0.5};
  PeerFrame result = fit_generic_face(points, bgr.cols, bgr.rows, options_.focal_px);
  result.face = face;
  return result;
}

}  // namespace synhead::sim2real
