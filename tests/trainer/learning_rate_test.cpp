#include <gtest/gtest.h>

#include "synhead/trainer/train_config.h"

namespace synhead::trainer {
namespace {

TEST(LearningRate, WarmupThenCosineToTheFloor) {
  OptimConfig c;
  c.lr = 1.0;
  c.warmup_steps = 9;
  c.min_lr_fraction = 0.1;
  EXPECT_NEAR(learning_rate_at(c, 0, 100), 0.1, 1e-12);
  EXPECT_NEAR(learning_rate_at(c, 8, 100), 0.9, 1e-12);
  EXPECT_NEAR(learning_rate_at(c, 9, 100), 1.0, 1e-12);
  EXPECT_NEAR(learning_rate_at(c, 99, 100), 0.1, 1e-12);
  EXPECT_GT(learning_rate_at(c, 50, 100), 0.1);
  EXPECT_LT(learning_rate_at(c, 50, 100), 1.0);
}

TEST(LearningRate, StepScheduleDecaysEveryStepEvery) {
  OptimConfig c;
  c.lr = 1.0;
  c.warmup_steps = 0;
  c.schedule = "step";
  c.step_every = 10;
  c.step_gamma = 0.5;
  EXPECT_DOUBLE_EQ(learning_rate_at(c, 9, 100), 1.0);
  EXPECT_DOUBLE_EQ(learning_rate_at(c, 10, 100), 0.5);
  EXPECT_DOUBLE_EQ(learning_rate_at(c, 25, 100), 0.25);
}

}  // namespace
}  // namespace synhead::trainer
