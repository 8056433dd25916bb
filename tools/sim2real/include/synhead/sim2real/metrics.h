#pragma once
// The figures the sim-to-real check reports for one angle of one video: two series over the same frames, a model's
// (synhead's) and a peer's, in degrees.

#include <cstdint>
#include <vector>

namespace synhead::sim2real {

// Pearson's correlation coefficient; NaN when there are fewer than two values or either series is constant.
double pearson(const std::vector<double>& a, const std::vector<double>& b);

// mean(a − b): the constant offset between the series.
double mean_offset(const std::vector<double>& a, const std::vector<double>& b);

// The mean absolute difference once the mean offset is removed: mean |(a − b) − mean(a − b)|. A model whose zero
// pose differs from the peer's generic face by a constant scores 0 here.
double offset_free_mae(const std::vector<double>& a, const std::vector<double>& b);

// Least-squares slope of a on b (cov(a, b) / var(b)); NaN when b is constant.
double slope(const std::vector<double>& a, const std::vector<double>& b);

// Population standard deviation; 0 for fewer than two values.
double standard_deviation(const std::vector<double>& values);

// Jitter: the median |Δ| between the values of consecutive frames (frames[i + 1] == frames[i] + 1; pairs across a
// gap are left out); NaN when there is no such pair.
double jitter(const std::vector<double>& values, const std::vector<std::int64_t>& frames);

// Number of consecutive-frame pairs jitter() uses.
std::size_t consecutive_pairs(const std::vector<std::int64_t>& frames);

}  // namespace synhead::sim2real
