#pragma once
// `synhead bench stream`: can the render stream keep a trainer fed on this machine? Three figures, all in samples
// (frames) per second:
//  * produce: what the stream alone yields with K render workers (the trainer only takes batches);
//  * consume: what the training step alone takes with n torch threads (one batch reused, no data wait);
//  * train: both at once (renderer and trainer share the cores), with the trainer's data-wait fraction.
// Each measurement skips `warmup_batches` first (GL contexts, head builds, allocator) and times `batches` more; the
// train case first also takes data.stream.queue_depth batches, so that the backlog the workers built while the
// model was made does not hide a stream slower than the trainer (the figure is the steady state's).
// Torch-free, so the CLI compiles without the libtorch headers.

#include <functional>
#include <vector>

#include "synhead/trainer/train_config.h"

namespace synhead::stream {

struct StreamBenchOptions {
  trainer::TrainConfig config;                 // model, data (stream section), optim of the trained model
  std::vector<int> workers{1, 2};     // render worker counts K
  std::vector<int> threads{1, 2};     // torch intra-op thread counts n
  int batches = 30;
  int warmup_batches = 3;
};

struct StreamBenchRow {
  std::string kind;  // produce | consume | train
  int workers = 0;   // K (0 for consume)
  int threads = 0;   // n (0 for produce)
  double samples_per_s = 0;
  double data_wait_fraction = 0;  // train only
};

// Runs every case, reporting each row to `on_row` as it is measured; returns them all.
std::vector<StreamBenchRow> run_stream_benchmark(const StreamBenchOptions& options,
                                                 const std::function<void(const StreamBenchRow&)>& on_row);

}  // namespace synhead::stream
