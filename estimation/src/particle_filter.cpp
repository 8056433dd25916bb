#include "synhead/estimation/particle_filter.h"

#include <algorithm>
#include <cmath>

#include "synhead/core/error.h"

namespace synhead::estimation {
namespace {

// Lower-triangular L with L·Lᵀ = A over the leading n×n block; a zero pivot (q = 0, or a singular Q) leaves its
// column zero, which is the correct square root of a degenerate covariance.
StateMatrix cholesky(const StateMatrix& a, int n) {
  StateMatrix l;
  for (int j = 0; j < n; ++j) {
    double diagonal = a.m[j][j];
    for (int k = 0; k < j; ++k) diagonal -= l.m[j][k] * l.m[j][k];
    if (diagonal <= 0) continue;
    l.m[j][j] = std::sqrt(diagonal);
    for (int i = j + 1; i < n; ++i) {
      double sum = a.m[i][j];
      for (int k = 0; k < j; ++k) sum -= l.m[i][k] * l.m[j][k];
      l.m[i][j] = sum / l.m[j][j];
    }
  }
  return l;
}

}  // namespace

std::vector<int> systematic_resample(const std::vector<double>& weights, core::Rng& rng) {
  const int n = static_cast<int>(weights.size());
  std::vector<int> kept(n);
  const double step = 1.0 / n;
  double point = rng.uniform() * step;
  double cumulative = weights[0];
  int source = 0;
  for (int i = 0; i < n; ++i, point += step) {
    while (point > cumulative && source + 1 < n) cumulative += weights[++source];
    kept[i] = source;
  }
  return kept;
}

std::vector<double> particle_filter(const std::vector<double>& measurements, const std::vector<double>& times,
                                    MotionModel model, NoiseParams noise, int particles, core::Rng& rng) {
  SYNHEAD_CHECK(measurements.size() == times.size());
  SYNHEAD_CHECK(particles > 0 && noise.q >= 0 && noise.r > 0);
  std::vector<double> out;
  if (measurements.empty()) return out;
  out.reserve(measurements.size());
  const int n = state_size(model);
  const std::size_t count = static_cast<std::size_t>(particles);

  // Structure of arrays: state[k][i] is component k of particle i.
  std::vector<std::vector<double>> state(n, std::vector<double>(count));
  const double sigma_r = std::sqrt(noise.r);
  const double sigma_derivative = std::sqrt(noise.r * kDiffusePrior);
  for (std::size_t i = 0; i < count; ++i) {
    state[0][i] = rng.normal(measurements[0], sigma_r);
    for (int k = 1; k < n; ++k) state[k][i] = rng.normal(0, sigma_derivative);
  }
  std::vector<double> weights(count, 1.0 / particles);
  std::vector<double> log_weights(count);
  out.push_back(measurements[0]);

  std::vector<std::vector<double>> moved(n, std::vector<double>(count));
  // Gaussian-kernel bandwidth of minimal mean integrated squared error for an n-dimensional density.
  const double bandwidth = std::pow(4.0 / (particles * (n + 2.0)), 1.0 / (n + 4.0));
  for (std::size_t t = 1; t < measurements.size(); ++t) {
    const double dt = times[t] - times[t - 1];
    SYNHEAD_CHECK(dt > 0, "measurement times must strictly increase");
    const StateMatrix f = transition_matrix(model, dt);
    StateMatrix process = unit_process_covariance(model, dt);
    for (int a = 0; a < n; ++a)
      for (int b = 0; b < n; ++b) process.m[a][b] *= noise.q;
    const StateMatrix root = cholesky(process, n);

    double best = -INFINITY;
    for (std::size_t i = 0; i < count; ++i) {
      double w[3];
      for (int k = 0; k < n; ++k) w[k] = rng.normal();
      for (int a = 0; a < n; ++a) {
        double value = 0;
        for (int b = 0; b < n; ++b) value += f.m[a][b] * state[b][i] + root.m[a][b] * w[b];
        moved[a][i] = value;
      }
      const double residual = measurements[t] - moved[0][i];
      log_weights[i] = std::log(weights[i]) - residual * residual / (2 * noise.r);
      best = std::max(best, log_weights[i]);
    }
    std::swap(state, moved);

    // Normalise in log space: far-off measurements would underflow every weight to zero otherwise.
    double total = 0;
    for (std::size_t i = 0; i < count; ++i) total += weights[i] = std::exp(log_weights[i] - best);
    double mean = 0, squares = 0;
    for (std::size_t i = 0; i < count; ++i) {
      weights[i] /= total;
      mean += weights[i] * state[0][i];
      squares += weights[i] * weights[i];
    }
    out.push_back(mean);

    if (1 / squares < particles / 2.0) {
      // Regularised resampling (Musso, Oudjane & Le Gland 2001): with little process noise (small tuned q) plain
      // resampling collapses the cloud onto a few states that never spread again, so each kept particle is
      // jittered by a Gaussian kernel of the weighted per-component spread times the optimal bandwidth h.
      double spread[3] = {};
      for (int k = 0; k < n; ++k) {
        double m = 0, v = 0;
        for (std::size_t i = 0; i < count; ++i) m += weights[i] * state[k][i];
        for (std::size_t i = 0; i < count; ++i) v += weights[i] * (state[k][i] - m) * (state[k][i] - m);
        spread[k] = bandwidth * std::sqrt(v);
      }
      const std::vector<int> kept = systematic_resample(weights, rng);
      for (int k = 0; k < n; ++k)
        for (std::size_t i = 0; i < count; ++i) moved[k][i] = state[k][kept[i]] + spread[k] * rng.normal();
      std::swap(state, moved);
      std::fill(weights.begin(), weights.end(), 1.0 / particles);
    }
  }
  return out;
}

}  // namespace synhead::estimation
