#pragma once
// Chooses the Kalman filter's noise (q, r) for one channel kind on validation sequences. Torch-free.
//
// With the initial covariance proportional to r (kalman_filter.h), the filtered estimates depend only on the ratio
// λ = q/r, and every innovation variance is S_t = r·s_t(λ). Tuning therefore searches λ on a log-spaced grid and
// gets r in closed form for each λ — the maximum-likelihood r̂ = mean(ν_t²/s_t) over all innovations — so q = λ·r̂.
// λ itself is chosen by one of two objectives:
//   ValidationMse        the mean squared error of the filtered estimates against ground truth. Used for pose: a
//                        CNN's per-frame errors are biased and correlated in time, which the white-measurement-noise
//                        model cannot represent, so the likelihood would pick a λ that follows those errors rather
//                        than removing them. Squared, not absolute (the Table 2 metric): a per-sequence offset b
//                        adds only b² + 2b·mean(e) to the squared error, so λ is still chosen on the filter's own
//                        error e; under |b| ≫ |e| the absolute error is ≈ |b| + sign(b)·e, flat in λ, and picked the
//                        heaviest smoothing on validation tracks whose error was one offset (9.2° validation,
//                        then 7.6° → 9.1° on test).
//   InnovationLikelihood the Gaussian innovation log-likelihood (no ground truth needed). Used where none exists
//                        (landmarks of a predictions CSV, which carries no landmark truth) and where the model is
//                        right by construction.

#include <array>
#include <vector>

#include "synhead/estimation/kalman_filter.h"
#include "synhead/estimation/prediction_sequences.h"

namespace synhead::estimation {

enum class TuningObjective { ValidationMse, InnovationLikelihood };

struct TuningChannel {
  std::vector<double> measurements;
  std::vector<double> times;
  std::vector<double> truth;  // as long as measurements for ValidationMse, may be empty otherwise
  bool angular = false;       // unwrap before filtering, wrap differences to [−180, 180) when scoring
};

struct TuningOptions {
  MotionModel model = MotionModel::ConstantVelocity;
  TuningObjective objective = TuningObjective::ValidationMse;
  double ratio_min = 1e-3;  // λ grid, units of q/r (1/s, 1/s³, 1/s⁵ for cp, cv, ca)
  double ratio_max = 1e9;
  int steps_per_decade = 4;
};

struct TuningResult {
  NoiseParams noise;
  double validation_mae = 0;   // of the chosen λ; 0 when the channels carry no ground truth
  double validation_rmse = 0;  // likewise
  double log_likelihood = 0;  // Gaussian innovation log-likelihood at (q, r), summed over all innovations
  int innovations = 0;
};

// Throws core::UserError when the channels hold no innovation (every channel shorter than two frames) or when
// ValidationMse is asked for without ground truth.
TuningResult tune_kalman(const std::vector<TuningChannel>& channels, const TuningOptions& options);

// Per-angle tuning (ValidationMse) and, when the table has landmarks, one shared landmark tuning on a validation
// predictions table: ValidationMse when every sequence carries landmarks_truth, else InnovationLikelihood.
struct PredictionTuning {
  std::array<TuningResult, 3> pose;  // pitch, yaw, roll; meaningful only when the table has pose
  TuningResult landmarks;            // meaningful only when the table has landmarks
};
PredictionTuning tune_on_predictions(const PredictionTable& validation, MotionModel model);

}  // namespace synhead::estimation
