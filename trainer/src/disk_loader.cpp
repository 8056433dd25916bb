#include "synhead/trainer/disk_loader.h"

#include <atomic>
#include <map>
#include <mutex>

#include <opencv2/imgcodecs.hpp>
#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include "synhead/core/error.h"
#include "synhead/core/random.h"
#include "synhead/trainer/augment.h"
#include "synhead/trainer/ordered_batches.h"

namespace synhead::trainer {
namespace {

// Sub-streams of the run seed: one for the epoch permutations, one for the per-sample augmentation draws.
constexpr std::uint64_t kShuffleStream = 1;
constexpr std::uint64_t kAugmentStream = 2;

// A batch's rows: which window, at which sample position (the augmentation stream index).
struct Row {
  Window window;
  std::int64_t position = 0;
};

// Evaluation batches: runs of up to `batch_size` consecutive windows of equal length.
std::vector<std::pair<std::size_t, std::size_t>> plan_evaluation(const std::vector<Window>& windows, int batch_size) {
  std::vector<std::pair<std::size_t, std::size_t>> batches;
  for (std::size_t begin = 0; begin < windows.size();) {
    std::size_t end = begin + 1;
    while (end < windows.size() && end - begin < static_cast<std::size_t>(batch_size) &&
           windows[end].length == windows[begin].length) {
      ++end;
    }
    batches.emplace_back(begin, end);
    begin = end;
  }
  return batches;
}

}  // namespace

struct DiskLoader::Impl {
  Impl(const std::filesystem::path& dataset_dir, const DataConfig& data, int size, Subset subset, bool shuffled,
       std::uint64_t seed, std::int64_t first_batch)
      : config(data),
        input_size(size),
        index(dataset_dir, data, subset),
        shuffled(shuffled),
        augment(shuffled && subset != Subset::Validation && data.augment.enabled),
        shuffle_seed(core::Rng(seed, kShuffleStream).next_u64()),
        augment_seed(core::Rng(seed, kAugmentStream).next_u64()),
        windows(shuffled ? index.training_windows() : index.evaluation_windows()) {
    SYNHEAD_CHECK(input_size > 0 && first_batch >= 0);
    if (windows.empty()) {
      core::throw_user_error("{}: no window of {} frames in the {} subset of split '{}' ({} sequences, {} shorter "
                             "than the window; data.window, data.split, data.validation_fraction)",
                             dataset_dir.string(), config.window, to_string(subset), config.split,
                             index.sequences().size(), index.short_sequences().size());
    }
    if (shuffled) {
      end_batch = OrderedBatches::kEndless;
    } else {
      evaluation_plan = plan_evaluation(windows, config.batch_size);
      end_batch = static_cast<std::int64_t>(evaluation_plan.size());
    }
    spdlog::info("{} ({} subset): {} sequences, {} frames, {} {} windows of {} frames", dataset_dir.string(),
                 to_string(subset), index.sequences().size(), index.frame_count(), windows.size(),
                 shuffled ? "training" : "evaluation", config.window);
    batches = std::make_unique<OrderedBatches>(config.workers, config.prefetch, first_batch, end_batch, [this] {
      return [this](std::int64_t k, const std::atomic<bool>& stopping) { return build(k, stopping); };
    });
  }

  std::int64_t batches_per_epoch() const {
    if (!shuffled) return end_batch;
    const auto n = static_cast<std::int64_t>(windows.size());
    return (n + config.batch_size - 1) / config.batch_size;
  }

  // The permutation of epoch `e`, shared by the workers (a batch needs at most two epochs; old ones are dropped).
  std::shared_ptr<const std::vector<std::int32_t>> permutation(std::int64_t epoch) {
    std::lock_guard lock(permutation_mutex);
    if (auto it = permutations.find(epoch); it != permutations.end()) return it->second;
    auto order = std::make_shared<std::vector<std::int32_t>>(windows.size());
    for (std::size_t i = 0; i < order->size(); ++i) (*order)[i] = static_cast<std::int32_t>(i);
    core::Rng rng(shuffle_seed, static_cast<std::uint64_t>(epoch));
    for (std::size_t i = order->size(); i > 1; --i) {
      std::swap((*order)[i - 1], (*order)[static_cast<std::size_t>(rng.uniform_int(0, static_cast<int>(i - 1)))]);
    }
    while (permutations.size() >= 4) permutations.erase(permutations.begin());
    permutations.emplace(epoch, order);
    return order;
  }

  std::vector<Row> rows_of(std::int64_t k) {
    std::vector<Row> rows;
    if (!shuffled) {
      const auto [begin, end] = evaluation_plan[static_cast<std::size_t>(k)];
      for (std::size_t w = begin; w < end; ++w) rows.push_back({windows[w], static_cast<std::int64_t>(w)});
      return rows;
    }
    const auto n = static_cast<std::int64_t>(windows.size());
    for (std::int64_t b = 0; b < config.batch_size; ++b) {
      const std::int64_t p = k * config.batch_size + b;
      const auto order = permutation(p / n);
      rows.push_back({windows[static_cast<std::size_t>((*order)[static_cast<std::size_t>(p % n)])], p});
    }
    return rows;
  }

  WindowSample load(const Row& row) const {
    const IndexedSequence& sequence = index.sequences()[static_cast<std::size_t>(row.window.sequence)];
    core::Rng rng(augment_seed, static_cast<std::uint64_t>(row.position));
    const AugmentDraw draw = augment ? draw_augmentation(config.augment, rng) : AugmentDraw{};
    WindowSample sample;
    sample.sequence = sequence.id;
    for (std::int32_t r = row.window.first; r < row.window.first + row.window.length; ++r) {
      const dataset::FrameLabels& labels = sequence.labels()[static_cast<std::size_t>(r)];
      const cv::Mat image = index.read_frame(sequence, static_cast<std::size_t>(r));
      const dataset::Box& face = sequence.face_boxes[static_cast<std::size_t>(r)];
      append_frame(sample, image, labels, crop_window(face, config.crop_margin, draw.jitter), input_size);
    }
    if (augment) apply_augmentation(sample, draw, config.augment, rng);
    return sample;
  }

  Batch build(std::int64_t k, const std::atomic<bool>& stopping) {
    std::vector<WindowSample> samples;
    for (const Row& row : rows_of(k)) {
      if (stopping) return {};
      samples.push_back(load(row));
    }
    return collate(samples, k);
  }

  const DataConfig config;
  const int input_size;
  const WindowIndex index;
  const bool shuffled;
  const bool augment;
  const std::uint64_t shuffle_seed;
  const std::uint64_t augment_seed;
  const std::vector<Window>& windows;
  std::vector<std::pair<std::size_t, std::size_t>> evaluation_plan;
  std::int64_t end_batch = 0;

  std::mutex permutation_mutex;
  std::map<std::int64_t, std::shared_ptr<const std::vector<std::int32_t>>> permutations;

  std::unique_ptr<OrderedBatches> batches;  // last: its workers use everything above and are joined first
};

DiskLoader::DiskLoader(const std::filesystem::path& dataset_dir, const DataConfig& config, int input_size,
                       Subset subset, std::uint64_t seed, std::int64_t first_batch)
    : impl_(std::make_unique<Impl>(dataset_dir, config, input_size, subset, true, seed, first_batch)) {}

DiskLoader DiskLoader::evaluation(const std::filesystem::path& dataset_dir, const DataConfig& config, int input_size,
                                  Subset subset) {
  return DiskLoader(std::make_unique<Impl>(dataset_dir, config, input_size, subset, false, 0, 0));
}

DiskLoader::DiskLoader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DiskLoader::~DiskLoader() = default;
DiskLoader::DiskLoader(DiskLoader&&) noexcept = default;
DiskLoader& DiskLoader::operator=(DiskLoader&&) noexcept = default;

Batch DiskLoader::next() { return impl_->batches->next(); }
bool DiskLoader::done() const { return impl_->batches->done(); }
std::int64_t DiskLoader::next_index() const { return impl_->batches->next_index(); }

std::int64_t DiskLoader::batches_per_epoch() const { return impl_->batches_per_epoch(); }
std::int64_t DiskLoader::window_count() const { return static_cast<std::int64_t>(impl_->windows.size()); }
const WindowIndex& DiskLoader::index() const { return impl_->index; }

double DiskLoader::wait_seconds() const { return impl_->batches->wait_seconds(); }

Batch collate(const std::vector<WindowSample>& samples, std::int64_t index) {
  SYNHEAD_CHECK(!samples.empty() && samples.front().steps() > 0);
  const auto b_count = static_cast<std::int64_t>(samples.size());
  const auto t_count = static_cast<std::int64_t>(samples.front().steps());
  const int size = samples.front().images.front().rows;
  const std::int64_t image_floats = 3 * static_cast<std::int64_t>(size) * size;
  constexpr auto n = static_cast<std::int64_t>(dataset::kLandmarkCount);

  Batch batch;
  batch.frames = torch::empty({b_count, t_count, 3, size, size}, torch::kFloat32);
  batch.pose_deg = torch::empty({b_count, t_count, 3}, torch::kFloat32);
  batch.landmarks = torch::empty({b_count, t_count, 2 * n}, torch::kFloat32);
  batch.visible = torch::empty({b_count, t_count, n}, torch::kFloat32);
  batch.box = torch::empty({b_count, t_count, 4}, torch::kFloat32);
  batch.frame = torch::empty({b_count, t_count}, torch::kInt64);
  batch.index = index;
  float* frames = batch.frames.data_ptr<float>();
  float* pose = batch.pose_deg.data_ptr<float>();
  float* landmarks = batch.landmarks.data_ptr<float>();
  float* visible = batch.visible.data_ptr<float>();
  float* box = batch.box.data_ptr<float>();
  std::int64_t* frame = batch.frame.data_ptr<std::int64_t>();
  for (std::int64_t b = 0; b < b_count; ++b) {
    const WindowSample& s = samples[static_cast<std::size_t>(b)];
    SYNHEAD_CHECK(static_cast<std::int64_t>(s.steps()) == t_count, "windows of one batch must have equal length");
    batch.sequence.push_back(s.sequence);
    batch.flipped.push_back(s.flipped);
    for (std::int64_t t = 0; t < t_count; ++t) {
      const auto st = static_cast<std::size_t>(t);
      const std::int64_t bt = b * t_count + t;
      SYNHEAD_CHECK(s.images[st].rows == size && s.images[st].cols == size, "images of one batch must have equal size");
      normalise_to_chw(s.images[st], frames + bt * image_floats);
      pose[bt * 3 + 0] = static_cast<float>(s.pose_deg[st].pitch);
      pose[bt * 3 + 1] = static_cast<float>(s.pose_deg[st].yaw);
      pose[bt * 3 + 2] = static_cast<float>(s.pose_deg[st].roll);
      for (std::int64_t i = 0; i < n; ++i) {
        const auto si = static_cast<std::size_t>(i);
        landmarks[bt * 2 * n + i] = static_cast<float>(s.landmarks[st][si].x);
        landmarks[bt * 2 * n + n + i] = static_cast<float>(s.landmarks[st][si].y);
        visible[bt * n + i] = static_cast<float>(s.visible[st][si]);
      }
      const dataset::Box& w = s.windows[st];
      box[bt * 4 + 0] = static_cast<float>(w.x);
      box[bt * 4 + 1] = static_cast<float>(w.y);
      box[bt * 4 + 2] = static_cast<float>(w.w);
      box[bt * 4 + 3] = static_cast<float>(w.h);
      frame[bt] = s.frames[st];
    }
  }
  return batch;
}

}  // namespace synhead::trainer
