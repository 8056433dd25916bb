#include "synhead/sim2real/metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "synhead/core/error.h"

namespace synhead::sim2real {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double mean(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return v.empty() ? kNaN : sum / static_cast<double>(v.size());
}

// Sums of centred products: (Σ (a − ā)(b − b̄), Σ (a − ā)², Σ (b − b̄)²).
struct Moments {
  double ab = 0, aa = 0, bb = 0;
};

Moments moments(const std::vector<double>& a, const std::vector<double>& b) {
  SYNHEAD_CHECK(a.size() == b.size(), "both series cover the same frames");
  const double ma = mean(a), mb = mean(b);
  Moments m;
  for (std::size_t i = 0; i < a.size(); ++i) {
    m.ab += (a[i] - ma) * (b[i] - mb);
    m.aa += (a[i] - ma) * (a[i] - ma);
    m.bb += (b[i] - mb) * (b[i] - mb);
  }
  return m;
}

}  // namespace

double pearson(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() < 2) return kNaN;
  const Moments m = moments(a, b);
  if (m.aa <= 0 || m.bb <= 0) return kNaN;
  return m.ab / std::sqrt(m.aa * m.bb);
}

double mean_offset(const std::vector<double>& a, const std::vector<double>& b) {
  SYNHEAD_CHECK(a.size() == b.size(), "both series cover the same frames");
  std::vector<double> d(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) d[i] = a[i] - b[i];
  return mean(d);
}

double offset_free_mae(const std::vector<double>& a, const std::vector<double>& b) {
  const double offset = mean_offset(a, b);
  std::vector<double> residual(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) residual[i] = std::abs(a[i] - b[i] - offset);
  return mean(residual);
}

double slope(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() < 2) return kNaN;
  const Moments m = moments(a, b);
  return m.bb > 0 ? m.ab / m.bb : kNaN;
}

double standard_deviation(const std::vector<double>& values) {
  if (values.size() < 2) return 0;
  return std::sqrt(moments(values, values).aa / static_cast<double>(values.size()));
}

double jitter(const std::vector<double>& values, const std::vector<std::int64_t>& frames) {
  SYNHEAD_CHECK(values.size() == frames.size());
  std::vector<double> steps;
  for (std::size_t i = 0; i + 1 < values.size(); ++i)
    if (frames[i + 1] == frames[i] + 1) steps.push_back(std::abs(values[i + 1] - values[i]));
  if (steps.empty()) return kNaN;
  const std::size_t n = steps.size();
  std::nth_element(steps.begin(), steps.begin() + n / 2, steps.end());
  const double upper = steps[n / 2];
  if (n % 2) return upper;
  return 0.5 * (upper + *std::max_element(steps.begin(), steps.begin() + n / 2));
}

std::size_t consecutive_pairs(const std::vector<std::int64_t>& frames) {
  std::size_t pairs = 0;
  for (std::size_t i = 0; i + 1 < frames.size(); ++i) pairs += frames[i + 1] == frames[i] + 1;
  return pairs;
}

}  // namespace synhead::sim2real
