#pragma once
// What a data source reports about itself, for the training log's per-source data-wait and samples/s. Torch-free.

#include <cstdint>
#include <string>

namespace synhead::trainer {

struct SourceCounters {
  std::string name;          // "disk" | "stream"
  std::int64_t samples = 0;  // frames (B × T per batch) handed to the trainer so far
  double wait_s = 0;         // cumulative time the trainer blocked waiting for this source's batches
};

}  // namespace synhead::trainer
