// synhead filter: the Bayesian baselines of the paper's Fig. 3(b) — a Kalman or particle filter over the per-frame
// predictions of `synhead eval --predictions`, with noise tuned on validation predictions or given explicitly.

#include <array>
#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "cli_common.h"
#include "synhead/core/error.h"
#include "synhead/estimation/filter_tuning.h"
#include "synhead/estimation/sequence_filter.h"

namespace synhead::tools {
namespace {

using namespace synhead::estimation;

struct FilterCliOptions {
  std::string predictions;
  std::string method = "kf";
  std::string model = "cv";
  std::string tune_on;
  std::optional<double> q;
  std::optional<double> r;
  int particles = 1000;
  std::uint64_t seed = 0;
  std::string out;
};

estimation::FilterSpec resolve_spec(const FilterCliOptions& o, const estimation::PredictionTable& table) {
  estimation::FilterSpec spec;
  spec.method = estimation::parse_filter_method(o.method);
  spec.model = estimation::parse_motion_model(o.model);
  spec.particles = o.particles;
  spec.seed = o.seed;
  if (o.particles < 1) core::throw_user_error("--particles must be at least 1, got {}", o.particles);
  if (o.q.has_value() != o.r.has_value()) core::throw_user_error("--q and --r go together");
  if (o.tune_on.empty() && !o.q) core::throw_user_error("give either --tune-on VAL_PREDICTIONS.csv or both --q and --r");
  if (!o.tune_on.empty() && o.q) core::throw_user_error("--tune-on and --q/--r exclude each other");

  if (o.q) {
    if (*o.q < 0 || *o.r <= 0) core::throw_user_error("need --q ≥ 0 and --r > 0, got --q {} --r {}", *o.q, *o.r);
    const estimation::NoiseParams noise{*o.q, *o.r};
    spec.pose = {noise, noise, noise};
    spec.landmarks = noise;
    return spec;
  }
  const estimation::PredictionTable validation = estimation::read_predictions(o.tune_on);
  if (validation.has_pose != table.has_pose || validation.has_landmarks != table.has_landmarks)
    core::throw_user_error("{}: holds other columns than {}", o.tune_on, o.predictions);
  const estimation::PredictionTuning tuning = estimation::tune_on_predictions(validation, spec.model);
  std::cout << fmt::format("tuned on {} ({} model, {} sequences):\n", o.tune_on, estimation::motion_model_name(spec.model),
                           validation.sequences.size());
  std::cout << fmt::format("| {:<9} | {:>11} | {:>9} | {:>11} | {:<22} |\n", "channel", "q", "r", "val. MAE",
                           "objective");
  std::cout << "|-----------|------------:|----------:|------------:|------------------------|\n";
  if (table.has_pose) {
    for (int a = 0; a < 3; ++a) {
      spec.pose[a] = tuning.pose[a].noise;
      std::cout << fmt::format("| {:<9} | {:>11.4g} | {:>9.4g} | {:>11.3f} | {:<22} |\n", kPoseColumns[a],
                               spec.pose[a].q, spec.pose[a].r, tuning.pose[a].validation_mae, "validation MSE");
    }
  }
  if (table.has_landmarks) {
    spec.landmarks = tuning.landmarks.noise;
    std::cout << fmt::format("| {:<9} | {:>11.4g} | {:>9.4g} | {:>11} | {:<22} |\n", "landmarks", spec.landmarks.q,
                             spec.landmarks.r, "—", "innovation likelihood");
  }
  return spec;
}

void run(const FilterCliOptions& o) {
  const estimation::PredictionTable table = estimation::read_predictions(o.predictions);
  const estimation::FilterSpec spec = resolve_spec(o, table);
  const estimation::PredictionTable filtered = estimation::filter_predictions(table, spec);
  estimation::write_predictions(o.out, filtered);

  std::size_t frames = 0;
  for (const auto& sequence : table.sequences) frames += sequence.frames.size();
  const std::string name = spec.method == estimation::FilterMethod::Kalman
                               ? "Kalman filter"
                               : fmt::format("particle filter, {} particles", spec.particles);
  std::cout << fmt::format("{} ({} model) on {}: {} sequences, {} frames → {}\n", name, estimation::motion_model_name(spec.model),
                           o.predictions, table.sequences.size(), frames, o.out);
  if (!table.has_pose) {
    std::cout << "landmarks filtered; the predictions carry no landmark ground truth, so no error is reported\n";
    return;
  }
  const estimation::PoseMetrics before = estimation::pose_metrics(table), after = estimation::pose_metrics(filtered);
  std::cout << fmt::format("| {:<8} | {:>10} | {:>10} |\n|----------|-----------:|-----------:|\n", "angle",
                           "before (°)", "after (°)");
  const std::array<double, 3> mae_before = {before.pitch.mae, before.yaw.mae, before.roll.mae},
                              mae_after = {after.pitch.mae, after.yaw.mae, after.roll.mae};
  for (int a = 0; a < 3; ++a) {
    std::cout << fmt::format("| {:<8} | {:>10.3f} | {:>10.3f} |\n", kPoseColumns[a], mae_before[a], mae_after[a]);
  }
  std::cout << fmt::format("| {:<8} | {:>10.3f} | {:>10.3f} |\n", "mean", before.mean_mae, after.mean_mae);
}

}  // namespace

void register_filter_command(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("filter", "Kalman/particle-filter baselines over per-frame predictions (paper Fig. 3b)");
  auto o = std::make_shared<FilterCliOptions>();
  cmd->add_option("--predictions", o->predictions, "Per-frame predictions CSV of synhead eval --predictions")
      ->required();
  cmd->add_option("--method", o->method, "kf (Kalman filter) or pf (particle filter)")->capture_default_str();
  cmd->add_option("--model", o->model, "Motion model: cp (constant position), cv (velocity), ca (acceleration)")
      ->capture_default_str();
  cmd->add_option("--tune-on", o->tune_on, "Validation predictions CSV to tune q and r on (per angle; landmarks shared)");
  cmd->add_option("--q", o->q, "Process noise spectral density for every channel (deg²/s^(2k-1), k = 1, 2, 3 for cp, cv, ca)");
  cmd->add_option("--r", o->r, "Measurement variance for every channel (deg² or px²)");
  cmd->add_option("--particles", o->particles, "Particles per channel (pf)")->capture_default_str();
  cmd->add_option("--seed", o->seed, "Particle-filter seed")->capture_default_str();
  cmd->add_option("--out", o->out, "Filtered predictions CSV (same columns)")->required();
  cmd->callback([o, &action] { action = [o] { run(*o); }; });
}

}  // namespace synhead::tools
