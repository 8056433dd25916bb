#pragma once
// The sim-to-real peer: an estimate of head pose on real frames that shares nothing with synhead's models — dlib's
// HOG frontal-face detector, dlib's 68-point shape predictor (trained on 300-W photos) and cv::solvePnP of the
// generic face of face_model.h. Each frame is estimated on its own (no tracking, no smoothing), so the peer's jitter
// is the landmark noise as PnP turns it into angles.

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include <opencv2/core/mat.hpp>

#include "synhead/motion_tracks/rotation.h"

namespace synhead::sim2real {

inline constexpr const char* kShapePredictorPath = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";

struct PeerOptions {
  std::filesystem::path shape_predictor = kShapePredictorPath;
  double focal_px = 0;   // 0: the image width (principal point always at the image centre)
  int upsample = -1;     // HOG pyramid upsamplings; −1: 1 when the image's shorter side is under 480 px, else 0
};

struct PeerFrame {
  bool found = false;
  std::array<double, 4> face{};                 // the detector's box x, y, w, h (pixels)
  motion_tracks::EulerDeg pose;                 // synhead's convention, degrees
  std::array<double, 3> translation_mm{};       // of the model origin (iBUG point 27), camera frame
  double reprojection_px = 0;                   // RMS of the fitted model points
  std::array<std::array<double, 2>, 68> landmarks{};  // dlib's points, pixels (centres at +0.5)
};

// The angles of a solvePnP rotation vector (X_cam = R · X_model + t) in synhead's convention: the model has
// synhead's head-frame axes, so R is synhead's R and the angles follow docs/conventions.md's formulas.
motion_tracks::EulerDeg euler_from_rotation_vector(const cv::Vec3d& rvec);

// Pose of the generic face from 68 landmarks (pixels, centres at +0.5) with intrinsics f, principal point
// (width/2, height/2): SQPnP's global minimum, refined by Levenberg–Marquardt.
PeerFrame fit_generic_face(const std::array<std::array<double, 2>, 68>& landmarks, int width, int height, double focal_px);

class PeerEstimator {
 public:
  // core::UserError naming the model file when it is missing or not a 68-point dlib shape predictor.
  explicit PeerEstimator(const PeerOptions& options = {});
  ~PeerEstimator();
  PeerEstimator(const PeerEstimator&) = delete;
  PeerEstimator& operator=(const PeerEstimator&) = delete;

  // The largest face the detector finds in a BGR frame (found = false when there is none).
  PeerFrame estimate(const cv::Mat& bgr);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  PeerOptions options_;
};

}  // namespace synhead::sim2real
