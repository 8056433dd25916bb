#include "synhead/estimation/kalman_filter.h"

#include <cmath>

#include "synhead/core/error.h"

namespace synhead::estimation {
namespace {

// F·P·Fᵀ over the leading n×n block.
StateMatrix propagate(const StateMatrix& f, const StateMatrix& p, int n) {
  StateMatrix fp, out;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      for (int k = 0; k < n; ++k) fp.m[i][j] += f.m[i][k] * p.m[k][j];
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      for (int k = 0; k < n; ++k) out.m[i][j] += fp.m[i][k] * f.m[j][k];
  return out;
}

}  // namespace

MotionModel parse_motion_model(const std::string& name) {
  if (name == "cp") return MotionModel::ConstantPosition;
  if (name == "cv") return MotionModel::ConstantVelocity;
  if (name == "ca") return MotionModel::ConstantAcceleration;
  core::throw_user_error("unknown motion model '{}', expected cp, cv or ca", name);
}

std::string motion_model_name(MotionModel model) {
  switch (model) {
    case MotionModel::ConstantPosition: return "cp";
    case MotionModel::ConstantVelocity: return "cv";
    case MotionModel::ConstantAcceleration: return "ca";
  }
  return "";
}

int state_size(MotionModel model) {
  switch (model) {
    case MotionModel::ConstantPosition: return 1;
    case MotionModel::ConstantVelocity: return 2;
    case MotionModel::ConstantAcceleration: return 3;
  }
  return 0;
}

StateMatrix transition_matrix(MotionModel model, double dt) {
  StateMatrix f;
  const int n = state_size(model);
  for (int i = 0; i < n; ++i) f.m[i][i] = 1;
  if (n >= 2) f.m[0][1] = dt;
  if (n == 3) {
    f.m[1][2] = dt;
    f.m[0][2] = dt * dt / 2;
  }
  return f;
}

StateMatrix unit_process_covariance(MotionModel model, double dt) {
  // ∫₀^dt F(s)·e·eᵀ·F(s)ᵀ ds with e the last state component: the covariance that white noise of unit spectral
  // density on the highest derivative accumulates over dt.
  StateMatrix q;
  const double dt2 = dt * dt, dt3 = dt2 * dt, dt4 = dt3 * dt, dt5 = dt4 * dt;
  switch (model) {
    case MotionModel::ConstantPosition:
      q.m[0][0] = dt;
      break;
    case MotionModel::ConstantVelocity:
      q.m[0][0] = dt3 / 3;
      q.m[0][1] = q.m[1][0] = dt2 / 2;
      q.m[1][1] = dt;
      break;
    case MotionModel::ConstantAcceleration:
      q.m[0][0] = dt5 / 20;
      q.m[0][1] = q.m[1][0] = dt4 / 8;
      q.m[0][2] = q.m[2][0] = dt3 / 6;
      q.m[1][1] = dt3 / 3;
      q.m[1][2] = q.m[2][1] = dt2 / 2;
      q.m[2][2] = dt;
      break;
  }
  return q;
}

double steady_state_gain(double q, double r, double dt) {
  const double process = q * dt;
  const double prior = (process + std::sqrt(process * process + 4 * process * r)) / 2;
  return prior / (prior + r);
}

KalmanFilter::KalmanFilter(MotionModel model, NoiseParams noise)
    : model_(model), n_(state_size(model)), noise_(noise) {
  SYNHEAD_CHECK(noise.q >= 0 && noise.r > 0, "process noise must be non-negative, measurement variance positive");
}

double KalmanFilter::update(double time_s, double z) {
  if (!started_) {
    started_ = true;
    time_ = time_s;
    x_[0] = z;
    p_.m[0][0] = noise_.r;
    for (int i = 1; i < n_; ++i) p_.m[i][i] = noise_.r * kDiffusePrior;
    gain_ = 1;
    innovation_ = 0;
    innovation_variance_ = noise_.r;
    return x_[0];
  }
  const double dt = time_s - time_;
  SYNHEAD_CHECK(dt > 0, "measurement times must strictly increase");
  time_ = time_s;

  const StateMatrix f = transition_matrix(model_, dt);
  double predicted[3] = {};
  for (int i = 0; i < n_; ++i)
    for (int k = 0; k < n_; ++k) predicted[i] += f.m[i][k] * x_[k];
  p_ = propagate(f, p_, n_);
  const StateMatrix process = unit_process_covariance(model_, dt);
  for (int i = 0; i < n_; ++i)
    for (int j = 0; j < n_; ++j) p_.m[i][j] += noise_.q * process.m[i][j];

  // H = (1, 0, 0): the correction touches only the first column of P.
  innovation_ = z - predicted[0];
  innovation_variance_ = p_.m[0][0] + noise_.r;
  double gain[3] = {};
  for (int i = 0; i < n_; ++i) gain[i] = p_.m[i][0] / innovation_variance_;
  for (int i = 0; i < n_; ++i) x_[i] = predicted[i] + gain[i] * innovation_;
  const StateMatrix prior = p_;
  for (int i = 0; i < n_; ++i)
    for (int j = 0; j < n_; ++j) p_.m[i][j] = prior.m[i][j] - gain[i] * prior.m[0][j];
  // Round-off would otherwise let P drift from symmetric over long sequences.
  for (int i = 0; i < n_; ++i)
    for (int j = i + 1; j < n_; ++j) p_.m[i][j] = p_.m[j][i] = (p_.m[i][j] + p_.m[j][i]) / 2;
  gain_ = gain[0];
  return x_[0];
}

std::vector<double> kalman_filter(const std::vector<double>& measurements, const std::vector<double>& times,
                                  MotionModel model, NoiseParams noise) {
  SYNHEAD_CHECK(measurements.size() == times.size());
  KalmanFilter filter(model, noise);
  std::vector<double> out;
  out.reserve(measurements.size());
  for (std::size_t i = 0; i < measurements.size(); ++i) out.push_back(filter.update(times[i], measurements[i]));
  return out;
}

}  // namespace synhead::estimation
