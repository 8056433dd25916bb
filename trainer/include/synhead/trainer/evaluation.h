#pragma once
// `synhead eval`: a checkpoint on a dataset split, metrics in the paper's Table 2 form and per-frame predictions.
// A recurrent model carries its state through each sequence from its first frame, running it in chunks of
// `chunk_frames` (peak memory independent of the sequence length; the estimates equal one pass over the whole
// sequence up to float rounding). Torch-free.

#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "synhead/dataset/face_boxes.h"
#include "synhead/estimation/prediction_sequences.h"

namespace synhead::trainer {

struct EvalOptions {
  std::filesystem::path checkpoint;
  std::filesystem::path data;                             // a data source: synhead dataset, biwi:PATH, …
  std::string split = "test";                             // split tag ("" = every sequence)
  // Split file whose tags replace the source's (protocols/). Default: the run's data.splits when `data` is the run's
  // own data.path, else none.
  std::optional<std::filesystem::path> splits;
  // The face box the crops are centred on. Default: the run's data.crop (the crops it was trained on).
  std::optional<dataset::CropRuleConfig> crop;
  bool holdout = false;  // instead of `split`: the run's own validation hold-out (its data.split and
                         // validation_fraction: the tracks its training never saw), e.g. to tune filters on
  std::optional<std::filesystem::path> out;               // metrics.json
  std::optional<std::filesystem::path> predictions;       // per-frame predictions CSV
  int threads = 0;                                        // 0 = every core
  std::string device;       // cpu | cuda | cuda:N; "" = the run's `device` (from the checkpoint's config)
  int chunk_frames = 0;     // recurrent models: frames per forward pass; 0 = the run's `eval_chunk_frames`
  std::string method;                                     // name in metrics.json; default: the checkpoint's variant
  std::string landmark_normaliser = "box_diagonal";       // landmark NME: box_diagonal | inter_ocular
  // With crops from a boxes CSV: frames whose row says the detector found no face there (detector_held,
  // detector_interpolated) score as failures (infinite NME), as the 300-VW protocol counts them.
  bool misses_fail = true;
  // Landmark models: the CED curve's PNG. Default: beside `out`, named <out stem>_ced.png.
  std::optional<std::filesystem::path> ced_plot;
};

// Per-frame predictions CSV: `sequence,frame,time_s`, then for pose models `pitch,yaw,roll,gt_pitch,gt_yaw,gt_roll`
// (degrees), for landmark models `x_0..x_67,y_0..y_67` (image pixels) — the columns later filters and plots read.
//
// Returns metrics.json (docs/conventions.md): {"methods": {<method>: {pitch|yaw|roll: {mae, std}, mean_mae, geodesic,
// landmarks?: {nme_mean, auc_0.08, failure_rate_0.08, frames, missed, ced, normaliser}}}, "split", "frames",
// "checkpoint", "data"}.
// When `predictions` is given it receives the same table the CSV holds (unrounded), so a caller that goes on to
// filter or score the estimates need not read the CSV back.
nlohmann::json evaluate(const EvalOptions& options, estimation::PredictionTable* predictions = nullptr);

// A short table for people: one row per angle, Err and Std, as in the paper's Table 2.
std::string metrics_table(const nlohmann::json& metrics);

}  // namespace synhead::trainer
