#include "synhead/estimation/metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "synhead/core/error.h"

namespace synhead::estimation {
namespace {

double wrapped_abs_difference(double a, double b) { return std::abs(motion_tracks::wrap_angle_deg(a - b)); }

}  // namespace

ErrorStats error_stats(const std::vector<double>& absolute_errors) {
  ErrorStats stats;
  if (absolute_errors.empty()) return stats;
  double sum = 0;
  for (double e : absolute_errors) sum += e;
  stats.mae = sum / static_cast<double>(absolute_errors.size());
  double squares = 0;
  for (double e : absolute_errors) squares += (e - stats.mae) * (e - stats.mae);
  stats.std = std::sqrt(squares / static_cast<double>(absolute_errors.size()));
  return stats;
}

PoseMetrics pose_metrics(const std::vector<motion_tracks::EulerDeg>& predicted,
                         const std::vector<motion_tracks::EulerDeg>& truth) {
  SYNHEAD_CHECK(predicted.size() == truth.size(), "one prediction per ground-truth frame");
  std::vector<double> pitch, yaw, roll, geodesic;
  for (std::size_t i = 0; i < predicted.size(); ++i) {
    pitch.push_back(wrapped_abs_difference(predicted[i].pitch, truth[i].pitch));
    yaw.push_back(wrapped_abs_difference(predicted[i].yaw, truth[i].yaw));
    roll.push_back(wrapped_abs_difference(predicted[i].roll, truth[i].roll));
    geodesic.push_back(motion_tracks::geodesic_angle_deg(motion_tracks::rotation_from_euler(predicted[i]),
                                                         motion_tracks::rotation_from_euler(truth[i])));
  }
  PoseMetrics metrics;
  metrics.pitch = error_stats(pitch);
  metrics.yaw = error_stats(yaw);
  metrics.roll = error_stats(roll);
  metrics.mean_mae = (metrics.pitch.mae + metrics.yaw.mae + metrics.roll.mae) / 3.0;
  metrics.geodesic = error_stats(geodesic);
  metrics.frames = predicted.size();
  return metrics;
}

LandmarkNormaliser landmark_normaliser_from_name(const std::string& name) {
  if (name == "box_diagonal") return LandmarkNormaliser::BoxDiagonal;
  if (name == "inter_ocular") return LandmarkNormaliser::InterOcular;
  core::throw_user_error("landmark error normaliser '{}': expected box_diagonal or inter_ocular", name);
}

const char* landmark_normaliser_name(LandmarkNormaliser normaliser) {
  return normaliser == LandmarkNormaliser::BoxDiagonal ? "box_diagonal" : "inter_ocular";
}

double normalising_distance(const LandmarkPoints& truth, LandmarkNormaliser normaliser) {
  if (normaliser == LandmarkNormaliser::InterOcular) return std::hypot(truth[45] - truth[36], truth[68 + 45] - truth[68 + 36]);
  const auto [x_min, x_max] = std::minmax_element(truth.begin(), truth.begin() + 68);
  const auto [y_min, y_max] = std::minmax_element(truth.begin() + 68, truth.end());
  return std::hypot(*x_max - *x_min, *y_max - *y_min);
}

double normalised_mean_error(const LandmarkPoints& predicted, const LandmarkPoints& truth, double normaliser) {
  SYNHEAD_CHECK(normaliser > 0, "a positive normalising distance (ground-truth box diagonal or eye-corner distance)");
  double sum = 0;
  for (int i = 0; i < 68; ++i) {
    sum += std::hypot(predicted[i] - truth[i], predicted[68 + i] - truth[68 + i]);
  }
  return sum / 68.0 / normaliser;
}

CedCurve ced_curve(const std::vector<double>& per_frame_nme, double max_error, int points) {
  SYNHEAD_CHECK(points >= 2 && max_error > 0, "at least two thresholds up to a positive error");
  std::vector<double> sorted = per_frame_nme;
  std::sort(sorted.begin(), sorted.end());
  CedCurve curve;
  for (int i = 0; i < points; ++i) {
    const double threshold = max_error * i / (points - 1);
    const auto at_most = std::upper_bound(sorted.begin(), sorted.end(), threshold) - sorted.begin();
    curve.thresholds.push_back(threshold);
    curve.fraction.push_back(sorted.empty() ? 0.0 : static_cast<double>(at_most) / static_cast<double>(sorted.size()));
  }
  return curve;
}

LandmarkMetrics landmark_metrics(const std::vector<double>& per_frame_nme) {
  LandmarkMetrics metrics;
  metrics.frames = per_frame_nme.size();
  if (per_frame_nme.empty()) return metrics;
  std::vector<double> sorted = per_frame_nme;
  std::sort(sorted.begin(), sorted.end());
  double sum = 0;
  for (double e : sorted) {
    if (std::isfinite(e)) {
      sum += e;
    } else {
      ++metrics.missed;
    }
  }
  const std::size_t scored = sorted.size() - metrics.missed;
  metrics.nme_mean = scored > 0 ? sum / static_cast<double>(scored) : std::numeric_limits<double>::infinity();
  metrics.ced = ced_curve(per_frame_nme);
  // The CED curve is a step function: frame i (sorted) counts from its error on. Its area up to the threshold is
  // Σ over frames below the threshold of (threshold − error), divided by the frame count.
  double area = 0;
  std::size_t failures = 0;
  for (double e : sorted) {
    if (e < kLandmarkErrorThreshold) area += kLandmarkErrorThreshold - e;
    if (e > kLandmarkErrorThreshold) ++failures;
  }
  const double n = static_cast<double>(sorted.size());
  metrics.auc = area / (n * kLandmarkErrorThreshold);
  metrics.failure_rate = static_cast<double>(failures) / n;
  return metrics;
}

nlohmann::json to_json(const PoseMetrics& m) {
  auto stats = [](const ErrorStats& s) { return nlohmann::json{{"mae", s.mae}, {"std", s.std}}; };
  return {{"pitch", stats(m.pitch)}, {"yaw", stats(m.yaw)},       {"roll", stats(m.roll)},
          {"mean_mae", m.mean_mae},  {"geodesic", stats(m.geodesic)}, {"frames", m.frames}};
}

nlohmann::json to_json(const LandmarkMetrics& m) {
  // JSON has no infinity: a mean over no estimated frame is null.
  const nlohmann::json mean = std::isfinite(m.nme_mean) ? nlohmann::json(m.nme_mean) : nlohmann::json();
  return {{"nme_mean", mean},
          {"auc_0.08", m.auc},
          {"failure_rate_0.08", m.failure_rate},
          {"frames", m.frames},
          {"missed", m.missed},
          {"ced", {{"nme", m.ced.thresholds}, {"fraction", m.ced.fraction}}}};
}

}  // namespace synhead::estimation
