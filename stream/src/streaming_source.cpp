#include "synhead/stream/streaming_source.h"

#include <atomic>
#include <memory>

#include <fmt/format.h>
#include <torch/torch.h>

#include "synhead/core/error.h"
#include "synhead/core/random.h"
#include "synhead/core/resources.h"
#include "synhead/trainer/disk_loader.h"
#include "synhead/trainer/ordered_batches.h"
#include "synhead/stream/window_renderer.h"

namespace synhead::stream {
namespace {

// Sub-streams of the run seed (distinct from the disk loader's 1 and 2, so a mix draws independent augmentation).
constexpr std::uint64_t kWindowStream = 0x57;
constexpr std::uint64_t kLookStream = 0x58;
constexpr std::uint64_t kAugmentStream = 0x59;

StreamSeeds derive_seeds(std::uint64_t seed) {
  return {core::Rng(seed, kWindowStream).next_u64(), core::Rng(seed, kLookStream).next_u64(),
          core::Rng(seed, kAugmentStream).next_u64()};
}

}  // namespace

struct StreamingSource::Impl {
  Impl(const trainer::DataConfig& data, int size, trainer::Subset subset, std::uint64_t seed, std::int64_t first_batch)
      : config(data),
        input_size(size),
        plan(data, subset),
        backgrounds(stream_config(data).dataset.scene.background, core::resource_root()),
        seeds(derive_seeds(seed)),
        augment(subset == trainer::Subset::Train && data.augment.enabled) {
    SYNHEAD_CHECK(input_size > 0 && first_batch >= 0);
    for (const std::string& spec : plan.heads()) heads.prefetch(spec);
    batches = std::make_unique<trainer::OrderedBatches>(
        stream_config(config).workers, stream_config(config).queue_depth, first_batch, trainer::OrderedBatches::kEndless, [this] {
          // Each worker thread owns its renderer (and so its GL context) for as long as it runs.
          auto renderer = std::make_shared<WindowRenderer>(plan, heads, backgrounds, config, input_size);
          return [this, renderer](std::int64_t k, const std::atomic<bool>& stopping) {
            std::vector<trainer::WindowSample> samples;
            for (std::int64_t b = 0; b < config.batch_size; ++b) {
              if (stopping) return trainer::Batch{};
              samples.push_back(renderer->render(plan.window(seeds.windows, k * config.batch_size + b), seeds, augment));
            }
            return trainer::collate(samples, k);
          };
        });
  }

  const trainer::DataConfig config;
  const int input_size;
  const StreamPlan plan;
  renderer::PreparedHeads heads;  // built once in the background, uploaded by every worker
  const renderer::BackgroundLibrary backgrounds;
  const StreamSeeds seeds;
  const bool augment;

  std::unique_ptr<trainer::OrderedBatches> batches;  // last: its workers use everything above and are joined first
};

StreamingSource::StreamingSource(const trainer::DataConfig& config, int input_size, trainer::Subset subset, std::uint64_t seed,
                                 std::int64_t first_batch)
    : impl_(std::make_unique<Impl>(config, input_size, subset, seed, first_batch)) {}

StreamingSource::~StreamingSource() = default;

trainer::Batch StreamingSource::next() { return impl_->batches->next(); }

std::vector<trainer::SourceCounters> StreamingSource::counters() const {
  return {{"stream", impl_->batches->frames_handed_out(), impl_->batches->wait_seconds()}};
}

std::string StreamingSource::description() const {
  const StreamPlan& plan = impl_->plan;
  return fmt::format("render stream: {} heads × {} tracks ({} heads, {} tracks held out), {} worker(s), {} render at "
                     "{} px, queue of {} batches",
                     plan.heads().size(), plan.tracks().size(), plan.held_out_heads().size(),
                     plan.held_out_tracks().size(), stream_config(impl_->config).workers, stream_config(impl_->config).render,
                     impl_->input_size, stream_config(impl_->config).queue_depth);
}

const StreamPlan& StreamingSource::plan() const { return impl_->plan; }

}  // namespace synhead::stream
