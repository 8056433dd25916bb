#pragma once
// A training run small enough for a unit test: a quarter-width tiny CNN at 32 px, windows of 4 frames, one thread,
// no scheduled validation; a test sets the data and the outputs it needs.

#include "synhead/trainer/train_config.h"

namespace synhead::testing {

inline trainer::TrainConfig tiny_run(int steps) {
  trainer::TrainConfig c;
  c.steps = steps;
  c.threads = 1;
  c.log_every = 1;
  c.validate_every = 0;
  c.validation_batches = 1;
  c.model.input_size = 32;
  c.model.width = 0.25;
  c.model.fc_units = 16;
  c.data.window = 4;
  c.data.window_stride = 2;
  c.data.batch_size = 2;
  c.data.workers = 1;
  c.data.prefetch = 1;
  c.data.validation_fraction = 0.25;
  c.optim.warmup_steps = 1;
  return c;
}

}  // namespace synhead::testing
