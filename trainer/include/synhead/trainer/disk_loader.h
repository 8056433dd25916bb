#pragma once
// Batches from a `synhead render` dataset on disk, decoded, cropped and augmented by `data.workers` threads ahead
// of the trainer into a bounded queue of `data.prefetch` batches.
//
// Two orders:
//  * training stream (the constructor): endless; sample position p = k·B + b of batch k is window
//    perm_e[p mod N] with e = ⌊p / N⌋ the epoch and perm_e a permutation of the N training windows seeded by
//    (seed, e). Augmented (augment.h, drawn from (seed, p)) unless the subset is Validation or augmentation is
//    disabled. Batch k is a pure function of (dataset, config, input size, seed, k) whatever the thread count or
//    timing, so a run resumed with first_batch = k reproduces the stream bit for bit. A batch may straddle two
//    epochs.
//  * evaluation (DiskLoader::evaluation): finite, never augmented; the index's evaluation windows (every frame of
//    every sequence exactly once, consecutive, in sequence order) in batches of up to B consecutive windows OF
//    EQUAL LENGTH, so a sequence's shorter last window comes in a batch of its own and no step is padding.
//    Batch.sequence and Batch.frame name every prediction's frame; with data.window ≥ the longest sequence each
//    window is a whole sequence (one unbroken recurrent state per sequence). Validation during training is this
//    order over Subset::Validation: every held-out frame once, unaugmented.
//
// The workers are the parallelism (one batch each). OpenCV's thread pool is a process-wide setting and is left
// alone: decoding and crop-sized warps barely use it (no measurable difference with cv::setNumThreads(1) here).
// A worker's error (e.g. a missing or corrupt frame, named in the message) is rethrown by next() when the consumer
// reaches that batch. The destructor stops the workers without waiting for the queue to drain.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include "synhead/trainer/batch.h"
#include "synhead/trainer/data_config.h"
#include "synhead/trainer/face_crop.h"
#include "synhead/trainer/window_index.h"

namespace synhead::trainer {

class DiskLoader {
 public:
  // Training stream starting at batch `first_batch`. UserError when the subset has no window.
  DiskLoader(const std::filesystem::path& dataset_dir, const DataConfig& config, int input_size, Subset subset,
             std::uint64_t seed, std::int64_t first_batch = 0);
  // Evaluation order over `subset` (see above).
  static DiskLoader evaluation(const std::filesystem::path& dataset_dir, const DataConfig& config, int input_size,
                               Subset subset);
  ~DiskLoader();
  DiskLoader(DiskLoader&&) noexcept;
  DiskLoader& operator=(DiskLoader&&) noexcept;

  // The next batch in order (Batch::index = its position). Evaluation: must not be called once done().
  Batch next();
  bool done() const;                        // evaluation: every batch was returned; training stream: never
  std::int64_t next_index() const;          // index of the batch next() returns
  std::int64_t batches_per_epoch() const;   // training: ⌈windows / B⌉; evaluation: the number of batches
  std::int64_t window_count() const;        // windows the order draws from
  const WindowIndex& index() const;         // sequences, frames, short sequences of the subset
  double wait_seconds() const;              // cumulative time next() blocked waiting for a batch (data-wait)

 private:
  struct Impl;
  explicit DiskLoader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Packs equal-length windows into one Batch (tensors on the CPU, layout of batch.h). Reusable by any data source.
Batch collate(const std::vector<WindowSample>& samples, std::int64_t index);

}  // namespace synhead::trainer
