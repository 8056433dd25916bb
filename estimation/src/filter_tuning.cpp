#include "synhead/estimation/filter_tuning.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "synhead/core/error.h"
#include "synhead/estimation/sequence_filter.h"

namespace synhead::estimation {
namespace {

constexpr double kTwoPi = 6.283185307179586;

struct GridScore {
  double ratio = 0;
  double mae = 0;
  double mse = 0;
  double r = 0;
  double log_likelihood = 0;
  int innovations = 0;
};

// Runs the filter with q = λ, r = 1 (estimates depend on λ only) and derives the maximum-likelihood scale r̂.
GridScore score(const std::vector<TuningChannel>& channels, MotionModel model, double ratio, bool with_truth) {
  double absolute = 0, squares = 0, normalised_squares = 0, log_variances = 0;
  std::size_t frames = 0;
  int innovations = 0;
  for (const auto& channel : channels) {
    const std::vector<double> input = channel.angular ? motion_tracks::unwrap_angles_deg(channel.measurements) : channel.measurements;
    KalmanFilter filter(model, {ratio, 1.0});
    for (std::size_t t = 0; t < input.size(); ++t) {
      const double estimate = filter.update(channel.times[t], input[t]);
      if (t > 0) {
        const double nu = filter.last_innovation(), s = filter.last_innovation_variance();
        normalised_squares += nu * nu / s;
        log_variances += std::log(s);
        ++innovations;
      }
      if (with_truth) {
        const double error = channel.angular ? motion_tracks::wrap_angle_deg(estimate - channel.truth[t])
                                             : estimate - channel.truth[t];
        absolute += std::abs(error);
        squares += error * error;
      }
    }
    frames += input.size();
  }
  GridScore result;
  result.ratio = ratio;
  result.innovations = innovations;
  result.mae = with_truth ? absolute / static_cast<double>(frames) : 0;
  result.mse = with_truth ? squares / static_cast<double>(frames) : 0;
  // Concentrated likelihood: with S_t = r·s_t, log L(r) is maximal at r̂ = Σ ν²/s / N, where it equals
  // −½ (N log(2π r̂) + Σ log s_t + N). A perfectly predictable channel gives r̂ = 0; keep r positive.
  result.r = std::max(normalised_squares / innovations, 1e-12);
  result.log_likelihood = -0.5 * (innovations * std::log(kTwoPi * result.r) + log_variances + innovations);
  return result;
}

}  // namespace

TuningResult tune_kalman(const std::vector<TuningChannel>& channels, const TuningOptions& options) {
  SYNHEAD_CHECK(options.ratio_min > 0 && options.ratio_max >= options.ratio_min && options.steps_per_decade > 0);
  const bool with_truth = options.objective == TuningObjective::ValidationMse;
  int innovations = 0;
  for (const auto& channel : channels) {
    SYNHEAD_CHECK(channel.times.size() == channel.measurements.size());
    if (with_truth && channel.truth.size() != channel.measurements.size())
      core::throw_user_error("tuning on the validation error needs ground truth for every frame");
    if (!channel.measurements.empty()) innovations += static_cast<int>(channel.measurements.size()) - 1;
  }
  if (innovations == 0) core::throw_user_error("tuning needs validation sequences of at least two frames");

  const double decades = std::log10(options.ratio_max / options.ratio_min);
  const int steps = static_cast<int>(std::round(decades * options.steps_per_decade));
  GridScore best;
  bool have_best = false;
  for (int i = 0; i <= steps; ++i) {
    const double ratio = options.ratio_min * std::pow(10.0, static_cast<double>(i) / options.steps_per_decade);
    const GridScore candidate = score(channels, options.model, ratio, with_truth);
    const bool better = with_truth ? candidate.mse < best.mse : candidate.log_likelihood > best.log_likelihood;
    if (!have_best || better) {
      best = candidate;
      have_best = true;
    }
  }
  TuningResult result;
  result.noise = {best.ratio * best.r, best.r};
  result.validation_mae = best.mae;
  result.validation_rmse = std::sqrt(best.mse);
  result.log_likelihood = best.log_likelihood;
  result.innovations = best.innovations;
  return result;
}

PredictionTuning tune_on_predictions(const PredictionTable& validation, MotionModel model) {
  PredictionTuning tuning;
  if (validation.has_pose) {
    for (int a = 0; a < 3; ++a) {
      std::vector<TuningChannel> channels;
      for (const auto& sequence : validation.sequences)
        channels.push_back({sequence.pose[a], sequence.times, sequence.pose_truth[a], true});
      tuning.pose[a] = tune_kalman(channels, {model, TuningObjective::ValidationMse});
    }
  }
  if (validation.has_landmarks) {
    // With ground truth (a table `synhead eval` handed on) the noise minimises the error against it, as for pose; a
    // table read from a CSV has none, and the likelihood of the estimates themselves decides.
    const bool truth = std::all_of(validation.sequences.begin(), validation.sequences.end(), [](const auto& s) {
      return s.landmarks_truth.size() == s.landmarks.size();
    });
    std::vector<TuningChannel> channels;
    for (const auto& sequence : validation.sequences)
      for (std::size_t k = 0; k < sequence.landmarks.size(); ++k)
        channels.push_back({sequence.landmarks[k], sequence.times,
                            truth ? sequence.landmarks_truth[k] : std::vector<double>{}, false});
    tuning.landmarks = tune_kalman(
        channels, {model, truth ? TuningObjective::ValidationMse : TuningObjective::InnovationLikelihood});
  }
  return tuning;
}

}  // namespace synhead::estimation
