#pragma once
// Held-out measurement during training and evaluation: errors accumulated over batches, and the fixed validation
// set a run selects its best checkpoint on. With a dataset on disk (data.path given, whatever data.source is): the
// first `validation_batches` batches of its held-out tracks, unaugmented (the training windows, unaugmented, when
// validation_fraction is 0 — logged as a warning). Without one (data.source: stream): `validation_batches`
// unaugmented stream batches of the stream's validation tracks (stream_plan.h), rendered once when the validator is
// made and kept in memory; they are seeded with data.stream.dataset.seed, not the run seed, so every run on one
// stream config validates on the same windows.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "synhead/trainer/batch.h"
#include "synhead/estimation/metrics.h"
#include "synhead/trainer/models.h"
#include "synhead/trainer/targets.h"
#include "synhead/trainer/train_config.h"

namespace synhead::trainer {

// Per-frame errors of decoded outputs against a batch's labels (landmark NME in crop units, which equals the
// image-pixel NME because the crop is a square scaling of the image).
class ErrorAccumulator {
 public:
  // Frames (sequence, frame number) whose estimate does not count: no face was found there, so their landmark
  // error is infinite (a failure).
  using MissedFrame = std::function<bool(const std::string& sequence, std::int64_t frame)>;

  explicit ErrorAccumulator(estimation::LandmarkNormaliser normaliser = estimation::LandmarkNormaliser::BoxDiagonal,
                            MissedFrame missed = {})
      : normaliser_(normaliser), missed_(std::move(missed)) {}

  void add(const DecodedOutputs& outputs, const Batch& batch);
  bool has_pose() const { return !predicted_.empty(); }
  bool has_landmarks() const { return !nme_.empty(); }
  estimation::PoseMetrics pose() const { return estimation::pose_metrics(predicted_, truth_); }
  estimation::LandmarkMetrics landmarks() const { return estimation::landmark_metrics(nme_); }

 private:
  std::vector<motion_tracks::EulerDeg> predicted_, truth_;
  std::vector<double> nme_;
  estimation::LandmarkNormaliser normaliser_;
  MissedFrame missed_;
};

// "mean_mae_deg" for models that predict pose, "nme" for landmark-only models; lower is better.
std::string validation_metric_name(const ModelConfig& model);

struct ValidationResult {
  double loss = 0;
  double metric = 0;
  nlohmann::json details;  // {"loss", "metric", "metric_name", "pose"?, "landmarks"?}
};

class Validator {
 public:
  explicit Validator(const TrainConfig& config);
  ValidationResult run(SequenceModelImpl& model) const;
  std::int64_t window_count() const { return windows_; }

 private:
  std::vector<Batch> disk_batches() const;

  TrainConfig config_;
  std::filesystem::path dataset_dir_;  // empty: validate on stream_batches_
  bool held_out_ = true;
  std::int64_t windows_ = 0;
  std::vector<Batch> stream_batches_;
  c10::Device device_;  // the model's (config.device); batches move there, outputs come back to the CPU
};

}  // namespace synhead::trainer
