#pragma once
// Where the trainer's batches come from: a dataset on disk (DiskLoader), the render stream (render_plugin.h), or a
// seeded mix of both (MixedSource), chosen by `data.source`. Every source is an endless, deterministic sequence of
// batches: batch k is a pure function of (config, seed, k), so a resumed run asks for batch `step` and gets what it
// would have seen.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "synhead/trainer/batch.h"
#include "synhead/trainer/data_config.h"
#include "synhead/trainer/source_counters.h"

namespace synhead::trainer {

class BatchSource {
 public:
  virtual ~BatchSource() = default;
  // The next batch (Batch::index = its position). Rethrows a producer's error (a render or decode failure) instead
  // of blocking forever.
  virtual Batch next() = 0;
  // One entry per underlying source (a mix reports disk and stream separately).
  virtual std::vector<SourceCounters> counters() const = 0;
  // One line for the log: what the source draws from.
  virtual std::string description() const = 0;
  // Whether every batch carries landmark labels (a BIWI dataset's rows carry pose only).
  virtual bool has_landmarks() const { return true; }
  // Whether every batch carries head pose labels (a 300-VW source's rows carry landmarks only).
  virtual bool has_pose() const { return true; }

  double wait_seconds() const;  // summed over counters()
};

// The training source `config.source` names, starting at batch `first_batch`. UserError naming data.path when a
// disk or mix source has no dataset.
std::unique_ptr<BatchSource> make_training_source(const DataConfig& config, int input_size, std::uint64_t seed,
                                                  std::int64_t first_batch);

}  // namespace synhead::trainer
