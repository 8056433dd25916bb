#include "synhead/trainer/evaluation.h"

#include <algorithm>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include "synhead/core/atomic_file.h"
#include "synhead/core/error.h"
#include "synhead/core/progress.h"
#include "synhead/renderer/dataset.h"
#include "synhead/trainer/checkpoint.h"
#include "synhead/trainer/disk_loader.h"
#include "synhead/trainer/model_init.h"
#include "synhead/trainer/torch_runtime.h"
#include "synhead/trainer/validation.h"

namespace synhead::trainer {
namespace {

// Frames per evaluation window: a recurrent model sees each sequence whole (one unbroken state from its first
// frame); a per-frame model is indifferent, so it takes chunks that bound memory.
DataConfig evaluation_data(const CheckpointMeta& meta, const EvalOptions& options) {
  DataConfig data = meta.config.data;
  data.path = options.data.string();
  if (!options.holdout) {
    data.split = options.split;
    data.validation_fraction = 0;
  } else if (data.validation_fraction <= 0) {
    core::throw_user_error("{}: the run held out no validation tracks (data.validation_fraction: 0), so there is "
                           "no hold-out to evaluate", options.checkpoint.string());
  }
  data.augment.enabled = false;
  int longest = 1;
  for (const auto& sequence : renderer::read_manifest(options.data).sequences) longest = std::max(longest, sequence.frames);
  if (meta.config.model.variant == "perframe") {
    data.window = std::min(longest, 64);
  } else {
    data.window = longest;
    data.batch_size = 1;
  }
  return data;
}

class PredictionsCsv {
 public:
  PredictionsCsv(const std::filesystem::path& path, const ModelConfig& model) : file_(path), model_(model) {
    auto& out = file_.stream();
    out << "sequence,frame,time_s";
    if (predicts_pose(model)) out << ",pitch,yaw,roll,gt_pitch,gt_yaw,gt_roll";
    if (predicts_landmarks(model)) {
      for (const char axis : {'x', 'y'}) {
        for (int i = 0; i < 68; ++i) out << ',' << axis << '_' << i;
      }
    }
    out << '\n';
  }

  void add(const Batch& batch, const DecodedOutputs& outputs, const WindowIndex& index) {
    auto& out = file_.stream();
    const auto frames = batch.frame.contiguous();
    const auto box = batch.box.to(torch::kFloat64).contiguous();
    const auto pose = outputs.pose_deg.defined() ? outputs.pose_deg.to(torch::kFloat64).contiguous() : torch::Tensor();
    const auto landmarks =
        outputs.landmarks.defined() ? outputs.landmarks.to(torch::kFloat64).contiguous() : torch::Tensor();
    for (std::int64_t b = 0; b < batch.size(); ++b) {
      const auto& labels = labels_of(batch.sequence[b], index);
      for (std::int64_t t = 0; t < batch.steps(); ++t) {
        const std::int64_t row = b * batch.steps() + t;
        const std::int64_t frame = frames.data_ptr<std::int64_t>()[row];
        const auto& truth = labels.at(frame);
        out << batch.sequence[b] << ',' << frame << ',' << fmt::format("{:.6f}", truth->time_s);
        if (pose.defined()) {
          const double* p = pose.data_ptr<double>() + 3 * row;
          out << fmt::format(",{:.4f},{:.4f},{:.4f},{:.4f},{:.4f},{:.4f}", p[0], p[1], p[2], truth->angles.pitch,
                             truth->angles.yaw, truth->angles.roll);
        }
        if (landmarks.defined()) {
          const double* v = landmarks.data_ptr<double>() + 136 * row;
          const double* crop = box.data_ptr<double>() + 4 * row;
          for (int i = 0; i < 68; ++i) out << fmt::format(",{:.3f}", crop[0] + v[i] * crop[2]);
          for (int i = 0; i < 68; ++i) out << fmt::format(",{:.3f}", crop[1] + v[68 + i] * crop[3]);
        }
        out << '\n';
      }
    }
  }

  void commit() { file_.commit(); }

 private:
  const std::map<std::int64_t, const renderer::FrameLabels*>& labels_of(const std::string& id, const WindowIndex& index) {
    auto found = by_sequence_.find(id);
    if (found != by_sequence_.end()) return found->second;
    auto& map = by_sequence_[id];
    for (const auto& sequence : index.sequences()) {
      if (sequence.entry.id != id) continue;
      for (const auto& row : sequence.labels) map[row.frame] = &row;
    }
    return map;
  }

  core::AtomicFile file_;
  ModelConfig model_;
  std::map<std::string, std::map<std::int64_t, const renderer::FrameLabels*>> by_sequence_;
};

}  // namespace

nlohmann::json evaluate(const EvalOptions& options) {
  configure_torch_threads(options.threads);
  const CheckpointMeta meta = read_checkpoint_meta(options.checkpoint);
  auto model = load_model(options.checkpoint);
  model->eval();
  torch::NoGradGuard no_grad;
  const ModelConfig& config = model->config();
  const std::string split = options.holdout ? "validation hold-out" : options.split;
  spdlog::info("eval: {} on {} (split '{}')", describe_model(*model), options.data.string(), split);

  const DataConfig data = evaluation_data(meta, options);
  DiskLoader loader = DiskLoader::evaluation(options.data, data, config.input_size,
                                                options.holdout ? Subset::Validation : Subset::All);
  std::optional<PredictionsCsv> csv;
  if (options.predictions) csv.emplace(*options.predictions, config);

  ErrorAccumulator errors;
  core::Progress progress("eval", static_cast<std::size_t>(loader.index().frame_count()), "frames");
  while (!loader.done()) {
    const Batch batch = loader.next();
    const DecodedOutputs outputs = decode_outputs(model->forward(batch.frames), config);
    errors.add(outputs, batch);
    if (csv) csv->add(batch, outputs, loader.index());
    progress.advance(static_cast<std::size_t>(batch.size() * batch.steps()));
  }
  progress.finish();

  nlohmann::json method = nlohmann::json::object();
  if (errors.has_pose()) method = to_json(errors.pose());
  if (errors.has_landmarks()) method["landmarks"] = to_json(errors.landmarks());
  const std::string name = options.method.empty() ? config.variant : options.method;
  nlohmann::json metrics = {{"methods", {{name, method}}},
                            {"split", split},
                            {"frames", loader.index().frame_count()},
                            {"sequences", loader.index().sequences().size()},
                            {"checkpoint", options.checkpoint.string()},
                            {"data", options.data.string()}};
  if (csv) csv->commit();
  if (options.out) core::write_text_atomic(*options.out, metrics.dump(2) + "\n");
  return metrics;
}

std::string metrics_table(const nlohmann::json& metrics) {
  std::ostringstream out;
  for (const auto& [name, method] : metrics.at("methods").items()) {
    out << "method: " << name << " (" << metrics.value("frames", 0) << " frames, split '"
        << metrics.value("split", "") << "')\n";
    if (method.contains("pitch")) {
      out << fmt::format("| {:<8} | {:>8} | {:>8} |\n|----------|---------:|---------:|\n", "angle", "Err (°)", "Std (°)");
      for (const char* angle : {"pitch", "yaw", "roll"}) {
        out << fmt::format("| {:<8} | {:>8.2f} | {:>8.2f} |\n", angle, method[angle].value("mae", 0.0),
                           method[angle].value("std", 0.0));
      }
      out << fmt::format("| {:<8} | {:>8.2f} | {:>8} |\n", "mean", method.value("mean_mae", 0.0), "");
      out << fmt::format("geodesic error: {:.2f}° ± {:.2f}°\n", method["geodesic"].value("mae", 0.0),
                         method["geodesic"].value("std", 0.0));
    }
    if (method.contains("landmarks")) {
      const auto& l = method["landmarks"];
      out << fmt::format("landmarks: NME {:.4f} · AUC@0.08 {:.3f} · failure rate@0.08 {:.3f}\n",
                         l.value("nme_mean", 0.0), l.value("auc_0.08", 0.0), l.value("failure_rate_0.08", 0.0));
    }
  }
  return out.str();
}

}  // namespace synhead::trainer
