#include "synhead/trainer/batch_source.h"

#include <fmt/format.h>
#include <torch/torch.h>

#include "synhead/core/error.h"
#include "synhead/trainer/disk_loader.h"
#include "synhead/trainer/mixed_source.h"
#include "synhead/trainer/render_plugin.h"

namespace synhead::trainer {
namespace {

// The disk loader's training order as a BatchSource.
class DiskSource final : public BatchSource {
 public:
  DiskSource(const DataConfig& config, int input_size, std::uint64_t seed, std::int64_t first_batch)
      : path_(config.path), loader_(config.path, config, input_size, Subset::Train, seed, first_batch) {}

  Batch next() override {
    Batch batch = loader_.next();
    samples_ += batch.size() * batch.steps();
    return batch;
  }
  std::vector<SourceCounters> counters() const override { return {{"disk", samples_, loader_.wait_seconds()}}; }
  bool has_landmarks() const override { return loader_.index().has_landmarks(); }
  bool has_pose() const override { return loader_.index().has_pose(); }
  std::string description() const override {
    return fmt::format("disk: {} — {} training windows ({} sequences)", path_, loader_.window_count(),
                       loader_.index().sequences().size());
  }

 private:
  std::string path_;
  DiskLoader loader_;
  std::int64_t samples_ = 0;
};

std::unique_ptr<BatchSource> disk_source(const DataConfig& config, int input_size, std::uint64_t seed,
                                         std::int64_t first_batch) {
  if (config.path.empty()) {
    core::throw_user_error("data.path: data.source '{}' reads a dataset from disk, but none is given (--data DIR)",
                           config.source);
  }
  return std::make_unique<DiskSource>(config, input_size, seed, first_batch);
}

}  // namespace

double BatchSource::wait_seconds() const {
  double total = 0;
  for (const auto& c : counters()) total += c.wait_s;
  return total;
}

std::unique_ptr<BatchSource> make_training_source(const DataConfig& config, int input_size, std::uint64_t seed,
                                                  std::int64_t first_batch) {
  if (config.source == "disk") return disk_source(config, input_size, seed, first_batch);
  // The config check lets stream and mix through only when the render stream is installed.
  const RenderPlugin& plugin = *render_plugin();
  if (config.source == "stream") return plugin.stream_source(config, input_size, Subset::Train, seed, first_batch);
  SYNHEAD_CHECK(config.source == "mix");
  const std::int64_t stream_first = MixedSource::stream_batches_before(config.mix_stream_fraction, seed, first_batch);
  return std::make_unique<MixedSource>(
      disk_source(config, input_size, seed, first_batch - stream_first),
      plugin.stream_source(config, input_size, Subset::Train, seed, stream_first),
      config.mix_stream_fraction, seed, first_batch);
}

}  // namespace synhead::trainer
