#include "synhead/renderer/render_job.h"

#include <sys/statvfs.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include <spdlog/spdlog.h>

#include "synhead/core/atomic_file.h"
#include "synhead/core/config.h"
#include "synhead/core/error.h"
#include "synhead/core/progress.h"
#include "synhead/core/random.h"
#include "synhead/core/resources.h"
#include "synhead/core/task_pool.h"
#include "synhead/dataset/sinks.h"
#include "synhead/renderer/head_source.h"
#include "synhead/renderer/renderer.h"
#include "synhead/renderer/sequence_look.h"

namespace synhead::renderer {
namespace {

namespace fs = std::filesystem;
using core::location_prefix;
using core::throw_user_error;

using dataset::DatasetManifest;
using dataset::DatasetOutput;
using dataset::DatasetPlan;
using dataset::FrameLabels;
using dataset::SequencePlan;

// Render workers share the plan, the encoders and the progress; each owns its Renderer (GL context).
class DatasetRun {
 public:
  DatasetRun(const DatasetConfig& config, const DatasetPlan& plan, const RenderRunOptions& options, const DatasetOutput& output,
             const std::vector<Background>& track_backgrounds, std::vector<const SequencePlan*> pending, std::size_t pending_frames)
      : config_(config), plan_(plan), options_(options), output_(output), track_backgrounds_(track_backgrounds), pending_(std::move(pending)),
        encoders_(static_cast<std::size_t>(config.encoders), static_cast<std::size_t>(4 * config.encoders)),
        progress_("rendering", pending_frames, "frames") {}

  void run(RenderRunStats& stats) {
    std::vector<std::thread> workers;
    for (int w = 0; w < config_.workers; ++w) workers.emplace_back([this] { work(); });
    for (auto& t : workers) t.join();
    progress_.finish();
    if (error_) std::rethrow_exception(error_);
    stats.sequences_rendered = rendered_;
    stats.frames_rendered = frames_;
  }

 private:
  void work() {
    try {
      Renderer renderer(config_.scene.renderer);
      std::map<std::string, std::shared_ptr<const GpuHead>> heads;
      while (!failed_) {
        const std::size_t next = next_++;
        if (next >= pending_.size()) return;
        // The heads the workers need next are built in the background while this sequence renders (a built-in
        // head costs ≈ 0.5 s of CPU that the GL thread would otherwise wait for).
        for (std::size_t ahead = next + 1; ahead < std::min(pending_.size(), next + 1 + static_cast<std::size_t>(config_.workers)); ++ahead)
          prepared_heads_.prefetch(pending_[ahead]->head);
        const SequencePlan& sequence = *pending_[next];
        auto& gpu = heads[sequence.head];
        if (!gpu) gpu = renderer.upload(*prepared_heads_.get(sequence.head));
        render_sequence(renderer, gpu, sequence);
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!error_) error_ = std::current_exception();
      failed_ = true;
    }
  }

  void render_sequence(Renderer& renderer, const std::shared_ptr<const GpuHead>& gpu, const SequencePlan& sequence) {
    const motion_tracks::Track& track = plan_.tracks[sequence.track];
    const SequenceLook look = sample_sequence_look(config_.scene, config_.seed, sequence.index);
    const Background& background = track_backgrounds_[sequence.track];
    const std::size_t frames = options_.limit_frames > 0 ? std::min<std::size_t>(track.size(), static_cast<std::size_t>(options_.limit_frames)) : track.size();
    // Nuisances and encoding run on the encoder threads, overlapping the next frames' rendering; each frame's
    // nuisances depend only on its index, so the order the encoders run in does not matter.
    const auto nuisances = std::make_shared<const SequenceNuisances>(config_.scene.nuisances, look.nuisance_seed, static_cast<int>(frames),
                                                                     look.camera.width, look.camera.height);

    const auto output = output_.open(sequence, look.camera);  // one sink per layout still missing the sequence
    renderer.set_background(background.image);
    const HeadInstance head{gpu, look.appearance, look.body};
    std::vector<dataset::FrameLabels> labels;
    std::vector<std::future<void>> writes;
    for (std::size_t i = 0; i < frames && !failed_; ++i) {
      const auto& f = track.frames[i];
      Frame frame = renderer.render(dataset::Pose::from_track_frame(f), head, track_frame_options(track, i, look));
      labels.push_back(frame.labels);
      writes.push_back(encoders_.submit([image = std::move(frame.image), frame_labels = frame.labels, index = static_cast<int>(i),
                                         nuisances, output]() mutable {
        nuisances->apply(image, index, frame_labels.box);
        output->write_frame(frame_labels, std::move(image));
      }));
      std::lock_guard<std::mutex> lock(mutex_);
      progress_.advance();
    }
    for (auto& w : writes) w.get();
    if (failed_) return;
    output->commit(labels);  // the sequence appears only now, complete, in every layout
    std::lock_guard<std::mutex> lock(mutex_);
    ++rendered_;
    frames_ += labels.size();
  }

  const DatasetConfig& config_;
  const DatasetPlan& plan_;
  const RenderRunOptions& options_;
  const DatasetOutput& output_;
  const std::vector<Background>& track_backgrounds_;
  std::vector<const SequencePlan*> pending_;
  core::TaskPool encoders_;
  PreparedHeads prepared_heads_;  // shared by the workers: each head is built once, uploaded by each worker
  core::Progress progress_;
  std::atomic<std::size_t> next_{0};
  std::atomic<bool> failed_{false};
  std::mutex mutex_;
  std::exception_ptr error_;
  std::size_t rendered_ = 0, frames_ = 0;
};

}  // namespace

DatasetPlan plan_render(const DatasetConfig& config) {
  const auto ids = named_head_ids();
  for (const auto& head : config.heads) {
    if (std::find(ids.begin(), ids.end(), head) == ids.end() && !random_head_number(head) && !fs::exists(head))
      throw_user_error("heads: '{}' is neither a built-in head, random:N nor an existing mesh file", head);
  }
  return dataset::plan_dataset(config);
}

namespace {

// Resuming keeps the sequences already on disk, so they must come from the same config: anything but the thread
// counts (which never change the output) differing is an error naming the key.
void refuse_other_config(const fs::path& out, const nlohmann::json& resolved_config) {
  if (!fs::exists(out / "manifest.json")) return;
  nlohmann::json stored = dataset::read_manifest(out).config, wanted = resolved_config;
  for (auto* config : {&stored, &wanted}) {
    config->erase("workers");
    config->erase("encoders");
  }
  if (const auto key = core::first_difference(stored, wanted)) {
    throw_user_error("{}: holds a dataset rendered with another config ('{}' differs; only workers and encoders may "
                     "change when resuming): render into another --out or remove it",
                     (out / "manifest.json").string(), *key);
  }
}

}  // namespace

RenderRunStats render_dataset(const DatasetConfig& config, const nlohmann::json& resolved_config, const RenderRunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  if (options.shard_count < 1 || options.shard_index < 0 || options.shard_index >= options.shard_count)
    throw_user_error("--shard {}/{}: expected i/N with 0 <= i < N", options.shard_index, options.shard_count);
  refuse_other_config(options.out, resolved_config);
  const DatasetPlan plan = plan_render(config);

  const DatasetOutput output(options.layout, options.out, config.image, plan.sequences.size());
  output.prepare();  // the layouts' folders, without the temporary directories a killed run left

  RenderRunStats stats;
  std::vector<const SequencePlan*> pending;
  std::size_t pending_frames = 0;
  const auto frames_of = [&](const SequencePlan& s) {
    const auto size = static_cast<int>(plan.tracks[s.track].size());
    return options.limit_frames > 0 ? std::min(size, options.limit_frames) : size;
  };
  for (const auto& s : plan.sequences) {
    if (static_cast<int>(s.index % static_cast<std::uint64_t>(options.shard_count)) != options.shard_index) continue;
    ++stats.sequences_planned;
    if (output.complete(s)) {
      ++stats.sequences_skipped;
      continue;
    }
    pending.push_back(&s);
    pending_frames += static_cast<std::size_t>(frames_of(s));
  }

  struct statvfs disk {};
  if (statvfs(options.out.c_str(), &disk) == 0) {
    const double available = static_cast<double>(disk.f_bavail) * static_cast<double>(disk.f_frsize);
    const double needed = dataset::estimate_bytes_per_frame(config.scene.renderer.camera, config.image, options.layout) * static_cast<double>(pending_frames) * 1.1;
    if (needed > available)
      throw_user_error("{}not enough free space: about {:.1f} GB needed for {} frames as {}, {:.1f} GB available "
                       "(use image.format: jpg, a smaller image, --limit-frames or --shard)",
                       location_prefix(options.out.string()), needed / 1e9, pending_frames, config.image.format, available / 1e9);
  }

  // One background per track, as in the paper; every sequence of the track is composited over it.
  const BackgroundLibrary backgrounds(config.scene.background, core::resource_root());
  std::vector<Background> track_backgrounds;
  for (std::size_t t = 0; t < plan.tracks.size(); ++t) track_backgrounds.push_back(sample_background(config.scene, backgrounds, config.seed, t));

  DatasetManifest manifest;
  manifest.tool_version = options.tool_version;
  manifest.seed = config.seed;
  manifest.config = resolved_config;
  manifest.layout = options.layout;
  for (const auto& s : plan.sequences) {
    manifest.sequences.push_back({s.id, s.head, plan.tracks[s.track].name, track_backgrounds[s.track].id, frames_of(s), s.split,
                                  sample_sequence_look(config.scene, config.seed, s.index).camera, config.image.format});
  }
  dataset::write_manifest(options.out, manifest);
  output.write_index(manifest);
  if (!plan.splits.is_null()) core::write_text_atomic(options.out / "splits.json", plan.splits.dump(2) + "\n");
  spdlog::info("{} sequences in the plan; this run: {} to render ({} frames), {} already complete", plan.sequences.size(),
               pending.size(), pending_frames, stats.sequences_skipped);

  DatasetRun run(config, plan, options, output, track_backgrounds, pending, pending_frames);
  run.run(stats);
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return stats;
}

}  // namespace synhead::renderer
