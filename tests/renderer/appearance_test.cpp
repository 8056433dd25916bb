#include "synhead/renderer/appearance.h"

#include <gtest/gtest.h>

namespace synhead::renderer {
namespace {

TEST(Appearance, ColorTemperatureIsWarmToCool) {
  const glm::vec3 warm = color_temperature(3000), cool = color_temperature(9000), day = color_temperature(6500);
  EXPECT_GT(warm.r, warm.b);
  EXPECT_GT(cool.b, cool.r);
  EXPECT_NEAR(day.r, day.b, 0.1);
}

TEST(Appearance, SamplingStaysInRangeAndIsSeeded) {
  AppearanceConfig config;
  core::Rng a(3), b(3);
  for (int i = 0; i < 100; ++i) {
    const Appearance x = sample_appearance(config, a), y = sample_appearance(config, b);
    EXPECT_EQ(x.light_direction, y.light_direction);
    EXPECT_GE(x.exposure, 0.9f);
    EXPECT_LE(x.exposure, 1.1f);
    EXPECT_GT(x.light_direction.z, 0);  // light travels into the scene
  }
}

}  // namespace
}  // namespace synhead::renderer
