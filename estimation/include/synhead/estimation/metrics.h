#pragma once
// Error measures of the paper's tables (docs/conventions.md "Metrics JSON"): per-angle mean absolute error and the
// standard deviation of the absolute error (Table 2's Err/Std), the geodesic angle, and for landmarks the error
// normalised by the ground-truth box diagonal (mean NME, area under the cumulative error curve up to 0.08, and
// the failure rate above 0.08). Torch-free.

#include <array>
#include <cstddef>
#include <vector>

#include <nlohmann/json.hpp>

#include "synhead/motion_tracks/rotation.h"

namespace synhead::estimation {

inline constexpr double kLandmarkErrorThreshold = 0.08;

struct ErrorStats {
  double mae = 0;  // mean of |error|
  double std = 0;  // standard deviation of |error|
};

ErrorStats error_stats(const std::vector<double>& absolute_errors);

struct PoseMetrics {
  ErrorStats pitch, yaw, roll;
  double mean_mae = 0;  // of the three angles
  ErrorStats geodesic;  // angle of R_pred^T R_true, degrees
  std::size_t frames = 0;
};

// Angle differences are wrapped to [−180, 180) before taking their magnitude.
PoseMetrics pose_metrics(const std::vector<motion_tracks::EulerDeg>& predicted,
                         const std::vector<motion_tracks::EulerDeg>& truth);

using LandmarkPoints = std::array<double, 136>;  // x_0..x_67, y_0..y_67 in image pixels

struct LandmarkMetrics {
  double nme_mean = 0;
  double auc = 0;           // ∫₀^0.08 CED(e) de / 0.08, in [0, 1]
  double failure_rate = 0;  // fraction of frames with NME > 0.08
  std::size_t frames = 0;
};

// NME of one frame: mean point-to-point distance over the 68 points / the ground-truth box diagonal.
double normalised_mean_error(const LandmarkPoints& predicted, const LandmarkPoints& truth, double box_diagonal);
LandmarkMetrics landmark_metrics(const std::vector<double>& per_frame_nme);

// {"pitch": {"mae", "std"}, "yaw": …, "roll": …, "mean_mae", "geodesic": {"mae", "std"}, "frames"}
nlohmann::json to_json(const PoseMetrics& metrics);
// {"nme_mean", "auc_0.08", "failure_rate_0.08", "frames"}
nlohmann::json to_json(const LandmarkMetrics& metrics);

}  // namespace synhead::estimation
