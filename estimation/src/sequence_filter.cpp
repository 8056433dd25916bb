#include "synhead/estimation/sequence_filter.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "synhead/core/error.h"
#include "synhead/estimation/particle_filter.h"

namespace synhead::estimation {
namespace {

constexpr std::uint64_t kChannelsPerSequence = 3 + kLandmarkChannels;

}  // namespace

FilterMethod parse_filter_method(const std::string& name) {
  if (name == "kf") return FilterMethod::Kalman;
  if (name == "pf") return FilterMethod::Particle;
  core::throw_user_error("unknown filter method '{}', expected kf or pf", name);
}

std::vector<double> filter_channel(const std::vector<double>& values, const std::vector<double>& times,
                                   const FilterSpec& spec, NoiseParams noise, bool angular, std::uint64_t stream) {
  const std::vector<double> input = angular ? motion_tracks::unwrap_angles_deg(values) : values;
  std::vector<double> out;
  if (spec.method == FilterMethod::Kalman) {
    out = kalman_filter(input, times, spec.model, noise);
  } else {
    core::Rng rng(spec.seed, stream);
    out = particle_filter(input, times, spec.model, noise, spec.particles, rng);
  }
  if (angular)
    for (double& value : out) value = motion_tracks::wrap_angle_deg(value);
  return out;
}

PredictionTable filter_predictions(const PredictionTable& table, const FilterSpec& spec) {
  PredictionTable out = table;
  for (std::size_t s = 0; s < out.sequences.size(); ++s) {
    auto& sequence = out.sequences[s];
    const std::uint64_t base = s * kChannelsPerSequence;
    if (table.has_pose)
      for (int a = 0; a < 3; ++a)
        sequence.pose[a] = filter_channel(sequence.pose[a], sequence.times, spec, spec.pose[a], true, base + a);
    if (table.has_landmarks)
      for (int k = 0; k < kLandmarkChannels; ++k)
        sequence.landmarks[k] =
            filter_channel(sequence.landmarks[k], sequence.times, spec, spec.landmarks, false, base + 3 + k);
  }
  return out;
}

PoseMetrics pose_metrics(const PredictionTable& table) {
  SYNHEAD_CHECK(table.has_pose);
  std::vector<motion_tracks::EulerDeg> predicted, truth;
  for (const auto& s : table.sequences) {
    for (std::size_t i = 0; i < s.frames.size(); ++i) {
      predicted.push_back({s.pose[0][i], s.pose[1][i], s.pose[2][i]});
      truth.push_back({s.pose_truth[0][i], s.pose_truth[1][i], s.pose_truth[2][i]});
    }
  }
  return pose_metrics(predicted, truth);
}

LandmarkMetrics landmark_metrics(const PredictionTable& table, LandmarkNormaliser normaliser) {
  if (!table.has_landmarks) core::throw_user_error("landmark metrics: the predictions hold no landmarks");
  std::vector<double> errors;
  for (const auto& s : table.sequences) {
    if (s.landmarks_truth.size() != static_cast<std::size_t>(kLandmarkChannels))
      core::throw_user_error("landmark metrics: sequence '{}' carries no ground-truth landmarks", s.id);
    for (std::size_t i = 0; i < s.frames.size(); ++i) {
      if (!s.missed.empty() && s.missed[i] != 0) {
        errors.push_back(std::numeric_limits<double>::infinity());
        continue;
      }
      LandmarkPoints predicted{}, truth{};
      for (int k = 0; k < kLandmarkChannels; ++k) {
        predicted[static_cast<std::size_t>(k)] = s.landmarks[static_cast<std::size_t>(k)][i];
        truth[static_cast<std::size_t>(k)] = s.landmarks_truth[static_cast<std::size_t>(k)][i];
      }
      errors.push_back(normalised_mean_error(predicted, truth, std::max(1e-6, normalising_distance(truth, normaliser))));
    }
  }
  return landmark_metrics(errors);
}

}  // namespace synhead::estimation
