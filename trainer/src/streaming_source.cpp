#include "synhead/trainer/streaming_source.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <torch/torch.h>

#include "synhead/core/error.h"
#include "synhead/core/random.h"
#include "synhead/core/resources.h"
#include "synhead/trainer/disk_loader.h"
#include "synhead/trainer/window_renderer.h"

namespace synhead::trainer {
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
  Impl(const DataConfig& data, int size, Subset subset, std::uint64_t seed, std::int64_t first_batch)
      : config(data),
        input_size(size),
        plan(data, subset),
        heads(plan.heads()),
        backgrounds(data.stream.dataset.scene.background, core::resource_root()),
        seeds(derive_seeds(seed)),
        augment(subset == Subset::Train && data.augment.enabled),
        next_claim(first_batch),
        next_out(first_batch) {
    SYNHEAD_CHECK(input_size > 0 && first_batch >= 0);
    for (int i = 0; i < config.stream.workers; ++i) workers.emplace_back([this] { work(); });
  }

  ~Impl() {
    {
      std::lock_guard lock(mutex);
      stopping = true;
    }
    space.notify_all();
    for (auto& worker : workers) worker.join();
  }

  void work() {
    std::unique_ptr<WindowRenderer> renderer;
    try {
      renderer = std::make_unique<WindowRenderer>(plan, heads, backgrounds, config, input_size);
    } catch (...) {
      std::lock_guard lock(mutex);
      if (!fatal) fatal = std::current_exception();
      produced.notify_all();
      return;
    }
    for (;;) {
      std::int64_t k = 0;
      {
        std::unique_lock lock(mutex);
        space.wait(lock, [&] { return stopping || next_claim < next_out + config.stream.queue_depth; });
        if (stopping) return;
        k = next_claim++;
      }
      Result result;
      try {
        std::vector<WindowSample> samples;
        for (std::int64_t b = 0; b < config.batch_size; ++b) {
          if (stopping) return;
          const StreamWindow window = plan.window(seeds.windows, k * config.batch_size + b);
          samples.push_back(renderer->render(window, seeds, augment));
        }
        result.batch = collate(samples, k);
      } catch (...) {
        result.error = std::current_exception();
      }
      {
        std::lock_guard lock(mutex);
        ready.emplace(k, std::move(result));
      }
      produced.notify_all();
    }
  }

  Batch next() {
    std::unique_lock lock(mutex);
    const auto start = std::chrono::steady_clock::now();
    produced.wait(lock, [&] { return fatal || ready.count(next_out) > 0; });
    wait_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (fatal) std::rethrow_exception(fatal);
    auto it = ready.find(next_out);
    // A failed batch stays in place: every later call reports the same error instead of skipping data.
    if (it->second.error) std::rethrow_exception(it->second.error);
    Batch batch = std::move(it->second.batch);
    ready.erase(it);
    ++next_out;
    samples += batch.size() * batch.steps();
    lock.unlock();
    space.notify_all();
    return batch;
  }

  struct Result {
    Batch batch;
    std::exception_ptr error;
  };

  const DataConfig config;
  const int input_size;
  const StreamPlan plan;
  const HeadCache heads;
  const renderer::BackgroundLibrary backgrounds;
  const StreamSeeds seeds;
  const bool augment;

  mutable std::mutex mutex;
  std::condition_variable space;     // workers: a claim became possible, or stopping
  std::condition_variable produced;  // consumer: a batch arrived, or a worker died
  std::int64_t next_claim;
  std::int64_t next_out;
  std::map<std::int64_t, Result> ready;
  std::exception_ptr fatal;          // a worker that could not start (no GL context): reported by next()
  std::atomic<bool> stopping = false;
  std::int64_t samples = 0;
  double wait_s = 0;
  std::vector<std::thread> workers;  // last: started once everything above exists, joined first
};

StreamingSource::StreamingSource(const DataConfig& config, int input_size, Subset subset, std::uint64_t seed,
                                 std::int64_t first_batch)
    : impl_(std::make_unique<Impl>(config, input_size, subset, seed, first_batch)) {}

StreamingSource::~StreamingSource() = default;

Batch StreamingSource::next() { return impl_->next(); }

std::vector<SourceCounters> StreamingSource::counters() const {
  std::lock_guard lock(impl_->mutex);
  return {{"stream", impl_->samples, impl_->wait_s}};
}

std::string StreamingSource::description() const {
  const StreamPlan& plan = impl_->plan;
  return fmt::format("render stream: {} heads × {} tracks ({} heads, {} tracks held out), {} worker(s), {} render at "
                     "{} px, queue of {} batches",
                     plan.heads().size(), plan.tracks().size(), plan.held_out_heads().size(),
                     plan.held_out_tracks().size(), impl_->config.stream.workers, impl_->config.stream.render,
                     impl_->input_size, impl_->config.stream.queue_depth);
}

const StreamPlan& StreamingSource::plan() const { return impl_->plan; }

}  // namespace synhead::trainer
