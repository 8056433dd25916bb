#pragma once
// Seeded randomness whose sequences are identical on every platform: std::mt19937_64 is fully specified by the
// standard, but std::*_distribution are not, so the few distributions synhead needs are implemented here.

#include <cstdint>
#include <random>

namespace synhead::core {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}
  // An independent stream for sub-task `index` of a run seeded with `seed` (e.g. track i of a batch).
  Rng(std::uint64_t seed, std::uint64_t index);

  double uniform();                        // [0, 1)
  double uniform(double lo, double hi);    // [lo, hi)
  int uniform_int(int lo, int hi);         // [lo, hi], inclusive
  double normal(double mean = 0, double stddev = 1);
  bool bernoulli(double p) { return uniform() < p; }
  std::uint64_t next_u64() { return engine_(); }

 private:
  std::mt19937_64 engine_;
  bool has_spare_ = false;
  double spare_ = 0;
};

}  // namespace synhead::core
