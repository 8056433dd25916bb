#include "synhead/core/random.h"

#include <gtest/gtest.h>

#include <cmath>

namespace synhead::core {
namespace {

TEST(Rng, SameSeedSameSequence) {
  Rng a(5, 2), b(5, 2), c(5, 3);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    const double x = a.normal();
    EXPECT_EQ(x, b.normal());
    differs |= x != c.normal();
  }
  EXPECT_TRUE(differs);
}

TEST(Rng, KnownFirstValuesPinThePlatformIndependentStream) {
  // mt19937_64 is specified by the standard: its 10000th output from the default seed is 9981545732273789042.
  std::mt19937_64 reference;
  reference.discard(9999);
  EXPECT_EQ(reference(), 9981545732273789042ULL);
  Rng rng(5489u);
  EXPECT_DOUBLE_EQ(rng.uniform(), static_cast<double>(std::mt19937_64(5489u)() >> 11) * 0x1.0p-53);
}

TEST(Rng, MomentsOfDistributions) {
  Rng rng(11);
  const int n = 200000;
  double sum = 0, sum_sq = 0, usum = 0;
  int lo = 0, hi = 0;
  for (int i = 0; i < n; ++i) {
    const double x = rng.normal(2.0, 3.0);
    sum += x;
    sum_sq += x * x;
    const double u = rng.uniform(-1, 1);
    ASSERT_GE(u, -1);
    ASSERT_LT(u, 1);
    usum += u;
    const int k = rng.uniform_int(3, 5);
    ASSERT_GE(k, 3);
    ASSERT_LE(k, 5);
    lo += k == 3;
    hi += k == 5;
  }
  const double mean = sum / n;
  EXPECT_NEAR(mean, 2.0, 0.03);
  EXPECT_NEAR(std::sqrt(sum_sq / n - mean * mean), 3.0, 0.03);
  EXPECT_NEAR(usum / n, 0.0, 0.01);
  EXPECT_NEAR(static_cast<double>(lo) / n, 1.0 / 3, 0.01);
  EXPECT_NEAR(static_cast<double>(hi) / n, 1.0 / 3, 0.01);
}

}  // namespace
}  // namespace synhead::core
