#include "synhead/estimation/metrics.h"

#include <algorithm>
#include <cmath>

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

double normalised_mean_error(const LandmarkPoints& predicted, const LandmarkPoints& truth, double box_diagonal) {
  SYNHEAD_CHECK(box_diagonal > 0, "a ground-truth box with a positive diagonal");
  double sum = 0;
  for (int i = 0; i < 68; ++i) {
    sum += std::hypot(predicted[i] - truth[i], predicted[68 + i] - truth[68 + i]);
  }
  return sum / 68.0 / box_diagonal;
}

LandmarkMetrics landmark_metrics(const std::vector<double>& per_frame_nme) {
  LandmarkMetrics metrics;
  metrics.frames = per_frame_nme.size();
  if (per_frame_nme.empty()) return metrics;
  std::vector<double> sorted = per_frame_nme;
  std::sort(sorted.begin(), sorted.end());
  double sum = 0;
  for (double e : sorted) sum += e;
  metrics.nme_mean = sum / static_cast<double>(sorted.size());
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
  return {{"nme_mean", m.nme_mean}, {"auc_0.08", m.auc}, {"failure_rate_0.08", m.failure_rate}, {"frames", m.frames}};
}

}  // namespace synhead::estimation
