#include "synhead/trainer/evaluation.h"

#include <algorithm>
#include <map>
#include <memory>
#include <sstream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include "synhead/core/atomic_file.h"
#include "synhead/core/error.h"
#include "synhead/core/progress.h"
#include "synhead/dataset/source.h"
#include "synhead/estimation/ced_plot.h"
#include "synhead/trainer/checkpoint.h"
#include "synhead/trainer/device.h"
#include "synhead/trainer/disk_loader.h"
#include "synhead/trainer/model_init.h"
#include "synhead/trainer/torch_runtime.h"
#include "synhead/trainer/validation.h"

namespace synhead::trainer {
namespace {

// Frames per evaluation window: a per-frame model takes windows of up to 64 frames in batches; a recurrent model
// takes its sequences one at a time in windows of `chunk_frames`, its state carried from window to window, so that
// each sequence is one unbroken state from its first frame and memory does not grow with its length.
DataConfig evaluation_data(const CheckpointMeta& meta, const EvalOptions& options, int chunk_frames) {
  DataConfig data = meta.config.data;
  const bool own_data = data.path == options.data.string();
  data.path = options.data.string();
  if (options.splits) data.splits = options.splits->string();
  else if (!own_data) data.splits.clear();
  if (options.crop) data.crop = *options.crop;
  if (!options.holdout) {
    data.split = options.split;
    data.validation_fraction = 0;
  } else if (data.validation_fraction <= 0) {
    core::throw_user_error("{}: the run held out no validation tracks (data.validation_fraction: 0), so there is "
                           "no hold-out to evaluate", options.checkpoint.string());
  }
  data.augment.enabled = false;
  int longest = 1;
  for (const auto& sequence : dataset::open_data_source(options.data.string())->sequences())
    longest = std::max(longest, static_cast<int>(sequence.frames.size()));
  if (meta.config.model.variant == "perframe") {
    data.window = std::min(longest, 64);
  } else {
    data.window = std::min(longest, chunk_frames);
    data.batch_size = 1;
  }
  return data;
}

// Every evaluated frame's estimates and ground truth, grouped per sequence in frame order: the table that
// write_predictions() puts in the predictions CSV and that evaluate() hands to callers such as `synhead report`.
class PredictionCollector {
 public:
  PredictionCollector(const ModelConfig& model, bool data_has_pose, bool data_has_landmarks,
                      ErrorAccumulator::MissedFrame missed)
      : missed_(std::move(missed)) {
    table_.has_pose = predicts_pose(model) && data_has_pose;
    table_.has_landmarks = predicts_landmarks(model) && data_has_landmarks;
  }

  void add(const Batch& batch, const DecodedOutputs& outputs, const WindowIndex& index) {
    const auto frames = batch.frame.contiguous();
    const auto box = batch.box.to(torch::kFloat64).contiguous();
    const auto pose = outputs.pose_deg.defined() ? outputs.pose_deg.to(torch::kFloat64).contiguous() : torch::Tensor();
    const auto landmarks =
        outputs.landmarks.defined() ? outputs.landmarks.to(torch::kFloat64).contiguous() : torch::Tensor();
    for (std::int64_t b = 0; b < batch.size(); ++b) {
      const auto& labels = labels_of(batch.sequence[b], index);
      auto& rows = rows_[batch.sequence[b]];
      for (std::int64_t t = 0; t < batch.steps(); ++t) {
        const std::int64_t i = b * batch.steps() + t;
        const std::int64_t frame = frames.data_ptr<std::int64_t>()[i];
        const dataset::FrameLabels& truth = *labels.at(frame);
        Row& row = rows[frame];
        row.time_s = truth.time_s;
        if (pose.defined()) {
          const double* p = pose.data_ptr<double>() + 3 * i;
          row.values = {p[0], p[1], p[2], truth.angles.pitch, truth.angles.yaw, truth.angles.roll};
        }
        if (landmarks.defined()) {
          // Crop-relative [0, 1] coordinates back to image pixels.
          const double* v = landmarks.data_ptr<double>() + estimation::kLandmarkChannels * i;
          const double* crop = box.data_ptr<double>() + 4 * i;
          for (int k = 0; k < 68; ++k) row.values.push_back(crop[0] + v[k] * crop[2]);
          for (int k = 0; k < 68; ++k) row.values.push_back(crop[1] + v[68 + k] * crop[3]);
          row.truth.clear();
          for (const auto& p : truth.landmarks) row.truth.push_back(p.x);
          for (const auto& p : truth.landmarks) row.truth.push_back(p.y);
          row.missed = missed_ && missed_(batch.sequence[b], frame);
        }
      }
    }
  }

  estimation::PredictionTable table() const {
    estimation::PredictionTable table = table_;
    for (const auto& [id, rows] : rows_) {
      estimation::PredictionSequence s;
      s.id = id;
      if (table.has_landmarks) {
        s.landmarks.resize(estimation::kLandmarkChannels);
        s.landmarks_truth.resize(estimation::kLandmarkChannels);
      }
      for (const auto& [frame, row] : rows) {
        s.frames.push_back(frame);
        s.times.push_back(row.time_s);
        std::size_t v = 0;
        if (table.has_pose) {
          for (int a = 0; a < 3; ++a) s.pose[a].push_back(row.values[v++]);
          for (int a = 0; a < 3; ++a) s.pose_truth[a].push_back(row.values[v++]);
        }
        if (table.has_landmarks) {
          for (int k = 0; k < estimation::kLandmarkChannels; ++k) {
            s.landmarks[k].push_back(row.values[v++]);
            s.landmarks_truth[k].push_back(row.truth[static_cast<std::size_t>(k)]);
          }
          s.missed.push_back(row.missed ? 1 : 0);
        }
      }
      table.sequences.push_back(std::move(s));
    }
    return table;
  }

 private:
  struct Row {
    double time_s = 0;
    std::vector<double> values;  // pose estimates then truth, then landmark x_0..x_67, y_0..y_67
    std::vector<double> truth;   // ground-truth landmarks x_0..x_67, y_0..y_67 (image pixels)
    bool missed = false;         // no face found in this frame
  };

  const std::map<std::int64_t, const dataset::FrameLabels*>& labels_of(const std::string& id, const WindowIndex& index) {
    auto found = labels_.find(id);
    if (found != labels_.end()) return found->second;
    auto& map = labels_[id];
    for (const auto& sequence : index.sequences()) {
      if (sequence.id != id) continue;
      for (const auto& row : sequence.labels()) map[row.frame] = &row;
    }
    return map;
  }

  estimation::PredictionTable table_;
  ErrorAccumulator::MissedFrame missed_;
  std::map<std::string, std::map<std::int64_t, Row>> rows_;
  std::map<std::string, std::map<std::int64_t, const dataset::FrameLabels*>> labels_;
};

// Frames where the detector found no face, by the boxes CSV the crops come from (none for other crop rules).
ErrorAccumulator::MissedFrame missed_frames(const dataset::CropRuleConfig& crop) {
  if (crop.rule != "boxes") return {};
  auto table = std::make_shared<const dataset::BoxTable>(dataset::BoxTable::read(crop.boxes));
  return [table](const std::string& sequence, std::int64_t frame) { return !dataset::face_found(table->at(sequence, frame)); };
}

}  // namespace

nlohmann::json evaluate(const EvalOptions& options, estimation::PredictionTable* predictions) {
  configure_torch_threads(options.threads);
  const CheckpointMeta meta = read_checkpoint_meta(options.checkpoint);
  const bool device_flag = !options.device.empty();
  const torch::Device device =
      resolve_device(device_flag ? options.device : meta.config.device,
                     device_flag ? "--device" : options.checkpoint.string() + ": the run's device");
  if (options.chunk_frames < 0) core::throw_user_error("--chunk-frames: {} is not an integer >= 1", options.chunk_frames);
  const int chunk_frames = options.chunk_frames > 0 ? options.chunk_frames : meta.config.eval_chunk_frames;
  auto model = load_model(options.checkpoint);
  model->to(device);
  model->eval();
  torch::NoGradGuard no_grad;
  const ModelConfig& config = model->config();
  const std::string split = options.holdout ? "validation hold-out" : options.split;
  spdlog::info("eval: {} on {} (split '{}') · {}", describe_model(*model), options.data.string(), split,
               device.str());

  const DataConfig data = evaluation_data(meta, options, chunk_frames);
  DiskLoader loader = DiskLoader::evaluation(options.data, data, config.input_size,
                                                options.holdout ? Subset::Validation : Subset::All);
  // A pose-only source (BIWI) scores the pose of a model that predicts both; its landmark outputs are dropped.
  // A landmark-only source (300-VW) scores the landmarks of a model that predicts both.
  const bool landmarks_scored = loader.index().has_landmarks();
  const bool pose_scored = predicts_pose(config) && loader.index().has_pose();
  if (!pose_scored && !(predicts_landmarks(config) && landmarks_scored))
    core::throw_user_error("eval: {} labels {}, and {} predicts {} only", options.data.string(),
                           landmarks_scored ? "no head pose" : "no landmarks", options.checkpoint.string(),
                           predicts_pose(config) ? "head pose" : "landmarks");
  if (loader.index().source().kind() == "300vw" && data.crop.rule == "landmarks")
    spdlog::warn("eval: crops around the ground-truth landmarks of {}; the 300-VW protocol evaluates on detector "
                 "crops (synhead data boxes … --rule detector --smooth-sigma-frames 5, then --boxes FILE)",
                 options.data.string());
  const ErrorAccumulator::MissedFrame missed = options.misses_fail ? missed_frames(data.crop) : ErrorAccumulator::MissedFrame{};
  std::optional<PredictionCollector> collector;
  if (options.predictions || predictions) collector.emplace(config, pose_scored, landmarks_scored, missed);

  ErrorAccumulator errors(estimation::landmark_normaliser_from_name(options.landmark_normaliser), missed);
  core::Progress progress("eval", static_cast<std::size_t>(loader.index().frame_count()), "frames");
  // Recurrent models: batches are single windows in frame order; the state runs on while the sequence does.
  torch::Tensor state;
  std::string state_sequence;
  while (!loader.done()) {
    const Batch batch = loader.next();
    if (batch.size() != 1 || batch.sequence.front() != state_sequence) state = torch::Tensor();
    ChunkOutput chunk = model->forward_chunk(to_device(batch.frames, device), state);
    state = chunk.state;
    state_sequence = batch.size() == 1 ? batch.sequence.front() : std::string();
    DecodedOutputs outputs = decode_outputs(chunk.outputs.cpu(), config);
    if (!landmarks_scored) outputs.landmarks = torch::Tensor();
    if (!pose_scored) outputs.pose_deg = torch::Tensor();
    errors.add(outputs, batch);
    if (collector) collector->add(batch, outputs, loader.index());
    progress.advance(static_cast<std::size_t>(batch.size() * batch.steps()));
  }
  progress.finish();

  nlohmann::json method = nlohmann::json::object();
  if (errors.has_pose()) method = to_json(errors.pose());
  const std::string name = options.method.empty() ? config.variant : options.method;
  if (errors.has_landmarks()) {
    const estimation::LandmarkMetrics landmarks = errors.landmarks();
    method["landmarks"] = to_json(landmarks);
    method["landmarks"]["normaliser"] = options.landmark_normaliser;
    if (options.ced_plot || options.out) {
      const auto png = options.ced_plot ? *options.ced_plot
                                        : options.out->parent_path() / (options.out->stem().string() + "_ced.png");
      estimation::plot_ced({{name, landmarks}}, fmt::format("CED, {} ({})", options.data.filename().string(), split), png);
    }
  }
  nlohmann::json metrics = {{"methods", {{name, method}}},
                            {"split", split},
                            {"frames", loader.index().frame_count()},
                            {"sequences", loader.index().sequences().size()},
                            {"checkpoint", options.checkpoint.string()},
                            {"data", options.data.string()}};
  if (collector) {
    estimation::PredictionTable table = collector->table();
    if (options.predictions) estimation::write_predictions(*options.predictions, table);
    if (predictions) *predictions = std::move(table);
  }
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
      const auto& mean = l.at("nme_mean");
      out << fmt::format("landmarks: NME {} · AUC@0.08 {:.3f} · failure rate@0.08 {:.3f}", 
                         mean.is_number() ? fmt::format("{:.4f}", mean.get<double>()) : "n/a", l.value("auc_0.08", 0.0),
                         l.value("failure_rate_0.08", 0.0));
      if (l.value("missed", 0) > 0) out << fmt::format(" · {} frames without a face found", l.value("missed", 0));
      out << "\n";
    }
  }
  return out.str();
}

}  // namespace synhead::trainer
