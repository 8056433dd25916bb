#pragma once
// The Bayesian-filter baseline of the paper's Fig. 3(b): a linear Kalman filter run independently on each channel
// (one angle or one landmark coordinate) of per-frame predictions. Torch-free.
//
// Motion models are the continuous white-noise kinematic models (Bar-Shalom, "Estimation with Applications to
// Tracking and Navigation", §6.2), discretised over the actual time step between frames so that gaps are handled:
//   ConstantPosition      state (p),        p'   = white noise of spectral density q  (q in units²/s)
//   ConstantVelocity      state (p, v),     p''  = white noise of spectral density q  (q in units²/s³)
//   ConstantAcceleration  state (p, v, a),  p''' = white noise of spectral density q  (q in units²/s⁵)
// The measurement is the position with variance r (units²).
//
// The initial covariance is r·diag(1, D, D) with D = kDiffusePrior: the first measurement fixes the position and
// the derivatives start (almost) unknown. Because every covariance is then proportional to r, the estimates depend
// only on the ratio q/r, and the innovation variances are r times a quantity that depends only on q/r — the
// property filter tuning uses to fit r in closed form.

#include <cstddef>
#include <string>
#include <vector>

namespace synhead::estimation {

enum class MotionModel { ConstantPosition, ConstantVelocity, ConstantAcceleration };

// "cp", "cv", "ca"; parse_motion_model throws core::UserError for anything else.
MotionModel parse_motion_model(const std::string& name);
std::string motion_model_name(MotionModel model);
int state_size(MotionModel model);

// Initial variance of velocity/acceleration, in units of r per s² (per s⁴): 1000·σ_r per second, i.e. diffuse.
inline constexpr double kDiffusePrior = 1e6;

struct NoiseParams {
  double q = 1;  // process noise spectral density (see the table above for its units)
  double r = 1;  // measurement variance
};

// Up to 3×3, row-major; the unused rows/columns stay zero.
struct StateMatrix {
  double m[3][3] = {};
};

// Transition F(dt) and process covariance Q(dt) of `model` (Q without the factor q).
StateMatrix transition_matrix(MotionModel model, double dt);
StateMatrix unit_process_covariance(MotionModel model, double dt);

// Steady-state gain of the ConstantPosition filter at a fixed time step: the prior variance P solves the scalar
// Riccati equation P = P·r/(P + r) + q·dt, i.e. P = (Q + √(Q² + 4Qr))/2 with Q = q·dt, and K = P/(P + r).
double steady_state_gain(double q, double r, double dt);

// One channel, filtered causally frame by frame.
class KalmanFilter {
 public:
  KalmanFilter(MotionModel model, NoiseParams noise);

  // Predicts to `time_s` (must exceed the previous time) and corrects with the measurement `z`; returns the
  // filtered position. The first call only initialises the state at z.
  double update(double time_s, double z);

  double position() const { return x_[0]; }
  double velocity() const { return x_[1]; }
  double position_variance() const { return p_.m[0][0]; }
  double last_gain() const { return gain_; }  // position gain of the last correction (1 after the first call)
  // Innovation ν and its variance S of the last correction (0 and r after the first call).
  double last_innovation() const { return innovation_; }
  double last_innovation_variance() const { return innovation_variance_; }

 private:
  MotionModel model_;
  int n_;
  NoiseParams noise_;
  bool started_ = false;
  double time_ = 0;
  double x_[3] = {};
  StateMatrix p_;
  double gain_ = 1;
  double innovation_ = 0;
  double innovation_variance_ = 0;
};

// Filters a whole channel; `times` must be strictly increasing and as long as `measurements`.
std::vector<double> kalman_filter(const std::vector<double>& measurements, const std::vector<double>& times,
                                  MotionModel model, NoiseParams noise);

}  // namespace synhead::estimation
