#pragma once
// Error measures of the paper's tables (docs/conventions.md "Metrics JSON"): per-angle mean absolute error and the
// standard deviation of the absolute error (Table 2's Err/Std), the geodesic angle, and for landmarks the error
// normalised by the ground-truth box diagonal or the outer-eye-corner distance (mean NME, the cumulative error
// distribution (CED), its area up to 0.08 and the failure rate above 0.08). A frame without an estimate (no face
// found) has an infinite error: it counts as a failure and stays out of the mean. Torch-free.

#include <array>
#include <cstddef>
#include <string>
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

// The fraction of frames whose error is at most each threshold (thresholds evenly spaced from 0 to the last).
struct CedCurve {
  std::vector<double> thresholds;
  std::vector<double> fraction;
};

struct LandmarkMetrics {
  double nme_mean = 0;      // over the frames with an estimate
  double auc = 0;           // ∫₀^0.08 CED(e) de / 0.08, in [0, 1]
  double failure_rate = 0;  // fraction of frames with NME > 0.08 (frames without an estimate included)
  std::size_t frames = 0;
  std::size_t missed = 0;   // frames without an estimate (infinite NME)
  CedCurve ced;             // up to 0.08; its last value is 1 − failure_rate
};

// How a frame's mean point-to-point distance is normalised: the diagonal of the ground-truth landmarks' box (the
// paper's 300-VW measure) or the distance between the outer eye corners (points 36 and 45, 300-W's measure).
enum class LandmarkNormaliser { BoxDiagonal, InterOcular };
LandmarkNormaliser landmark_normaliser_from_name(const std::string& name);  // box_diagonal | inter_ocular
const char* landmark_normaliser_name(LandmarkNormaliser normaliser);
double normalising_distance(const LandmarkPoints& truth, LandmarkNormaliser normaliser);

// NME of one frame: mean point-to-point distance over the 68 points / `normaliser` (a positive distance).
double normalised_mean_error(const LandmarkPoints& predicted, const LandmarkPoints& truth, double normaliser);
LandmarkMetrics landmark_metrics(const std::vector<double>& per_frame_nme);
// `points` thresholds from 0 to `max_error`.
CedCurve ced_curve(const std::vector<double>& per_frame_nme, double max_error = kLandmarkErrorThreshold,
                   int points = 81);

// {"pitch": {"mae", "std"}, "yaw": …, "roll": …, "mean_mae", "geodesic": {"mae", "std"}, "frames"}
nlohmann::json to_json(const PoseMetrics& metrics);
// {"nme_mean", "auc_0.08", "failure_rate_0.08", "frames", "missed", "ced": {"nme": [...], "fraction": [...]}}
nlohmann::json to_json(const LandmarkMetrics& metrics);

}  // namespace synhead::estimation
