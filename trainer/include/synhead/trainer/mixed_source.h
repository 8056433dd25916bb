#pragma once
// data.source: mix — whole batches from the disk dataset or from the render stream: batch k comes from the stream
// when Rng(seed, k) draws below data.mix_stream_fraction, else from disk. Each side keeps its own deterministic
// order (the j-th stream batch of the mix is the stream's batch j), so batch k is still a pure function of
// (config, seed, k) and a resumed run finds both sides' positions by replaying the k draws.
// Whole batches, not mixed rows, because a batch's windows must share one length and the sides' producers then
// stay independent.

#include <cstdint>
#include <memory>

#include "synhead/trainer/batch_source.h"

namespace synhead::trainer {

class MixedSource final : public BatchSource {
 public:
  MixedSource(std::unique_ptr<BatchSource> disk, std::unique_ptr<BatchSource> stream, double stream_fraction,
              std::uint64_t seed, std::int64_t first_batch);

  // How many of batches [0, first_batch) the mix draws from the stream (the stream's first batch on resume).
  static std::int64_t stream_batches_before(double stream_fraction, std::uint64_t seed, std::int64_t first_batch);

  Batch next() override;
  std::vector<SourceCounters> counters() const override;
  std::string description() const override;
  bool has_landmarks() const override { return disk_->has_landmarks() && stream_->has_landmarks(); }
  bool has_pose() const override { return disk_->has_pose() && stream_->has_pose(); }

 private:
  static bool from_stream(double stream_fraction, std::uint64_t seed, std::int64_t k);
  std::unique_ptr<BatchSource> disk_, stream_;
  double stream_fraction_;
  std::uint64_t seed_;
  std::int64_t next_;
};

}  // namespace synhead::trainer
