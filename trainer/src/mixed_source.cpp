#include "synhead/trainer/mixed_source.h"

#include <fmt/format.h>

#include "synhead/core/random.h"

namespace synhead::trainer {
namespace {

constexpr std::uint64_t kMixStream = 0x6d6978;  // "mix": apart from the loaders' sub-streams

}  // namespace

MixedSource::MixedSource(std::unique_ptr<BatchSource> disk, std::unique_ptr<BatchSource> stream,
                         double stream_fraction, std::uint64_t seed, std::int64_t first_batch)
    : disk_(std::move(disk)),
      stream_(std::move(stream)),
      stream_fraction_(stream_fraction),
      seed_(core::Rng(seed, kMixStream).next_u64()),
      next_(first_batch) {}

bool MixedSource::from_stream(double stream_fraction, std::uint64_t seed, std::int64_t k) {
  return core::Rng(seed, static_cast<std::uint64_t>(k)).bernoulli(stream_fraction);
}

std::int64_t MixedSource::stream_batches_before(double stream_fraction, std::uint64_t seed, std::int64_t first_batch) {
  const std::uint64_t mix_seed = core::Rng(seed, kMixStream).next_u64();
  std::int64_t count = 0;
  for (std::int64_t k = 0; k < first_batch; ++k) count += from_stream(stream_fraction, mix_seed, k) ? 1 : 0;
  return count;
}

Batch MixedSource::next() {
  Batch batch = from_stream(stream_fraction_, seed_, next_) ? stream_->next() : disk_->next();
  batch.index = next_++;
  return batch;
}

std::vector<SourceCounters> MixedSource::counters() const {
  std::vector<SourceCounters> all = disk_->counters();
  for (auto& c : stream_->counters()) all.push_back(std::move(c));
  return all;
}

std::string MixedSource::description() const {
  return fmt::format("mix: {:.0f}% of batches from the stream, the rest from disk — {}; {}", 100 * stream_fraction_,
                     disk_->description(), stream_->description());
}

}  // namespace synhead::trainer
