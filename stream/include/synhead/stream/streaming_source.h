#pragma once
// Batches rendered while the trainer runs, with no disk in between (data.source: stream). `data.stream.workers`
// threads each own a WindowRenderer (a headless GL context) and build whole batches ahead of the trainer into a
// bounded queue of `data.stream.queue_depth` batches.
//
// Determinism: window p (sample position p = k·B + b of batch k) is StreamPlan::window(seeds.windows, p), rendered
// with look and augmentation keyed by p; the seeds derive from the run seed. So batch k is a pure function of
// (config, input size, seed, k): the worker count and timing change only the speed, and a run resumed at batch k
// continues the stream bit for bit (GL rasterisation is deterministic on one machine and driver; a different GPU
// or Mesa version may differ in the last bit of anti-aliased edges).
//
// Errors: a worker whose GL context cannot be made, or whose window fails to render (e.g. a head mesh that does not
// load), hands the exception to next(), which rethrows it — the trainer never waits on a dead worker. The
// destructor stops the workers after their current window and joins them (each destroys its own GL context), so
// training that stops early or throws leaves no thread or context behind.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "synhead/trainer/batch_source.h"
#include "synhead/stream/stream_plan.h"
#include "synhead/trainer/window_index.h"

namespace synhead::stream {

class StreamingSource final : public trainer::BatchSource {
 public:
  // Subset Train (augmented unless data.augment.enabled is false) or Validation (never augmented).
  StreamingSource(const trainer::DataConfig& config, int input_size, trainer::Subset subset, std::uint64_t seed,
                  std::int64_t first_batch = 0);
  ~StreamingSource() override;
  StreamingSource(const StreamingSource&) = delete;
  StreamingSource& operator=(const StreamingSource&) = delete;

  trainer::Batch next() override;
  std::vector<trainer::SourceCounters> counters() const override;
  std::string description() const override;

  const StreamPlan& plan() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace synhead::stream
