#include "synhead/trainer/report.h"

#include <map>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "synhead/core/atomic_file.h"
#include "synhead/core/error.h"
#include "synhead/dataset/layout.h"
#include "synhead/trainer/evaluation.h"
#include "synhead/estimation/filter_tuning.h"
#include "synhead/estimation/metrics.h"
#include "synhead/estimation/sequence_filter.h"
#include "synhead/trainer/run_reuse.h"

namespace synhead::trainer {
namespace {

namespace fs = std::filesystem;

struct SeedDirs {
  std::uint64_t seed = 0;
  fs::path runs;  // RUNS/<variant>
  fs::path out;   // OUT/seed<S>
};

// Absolute and normalised: the runs record it, and a report from another working directory must find them its own.
fs::path prepare_dataset(const ReportConfig& config, const ReportOptions& report) {
  if (!config.data.empty()) return fs::weakly_canonical(config.data);
  const fs::path dir = report.out / "data";
  if (!render_plugin())
    core::throw_user_error("data: empty, so the report would render its `dataset` section, but {}",
                           config.dataset.unavailable_reason());
  spdlog::info("report: rendering the config's dataset into {} (complete sequences are kept)", dir.string());
  render_plugin()->render_dataset(config.dataset, dir, report.tool_version);
  return fs::weakly_canonical(dir);
}

void check_split(const fs::path& data, const std::string& split) {
  for (const auto& sequence : dataset::read_manifest(data).sequences) {
    if (sequence.split == split) return;
  }
  core::throw_user_error("{}: no sequence has split '{}' (the report compares methods on it; key 'split')",
                         (data / "manifest.json").string(), split);
}

TrainConfig seeded(TrainConfig config, const ReportConfig& report, std::uint64_t seed, const fs::path& data) {
  config.seed = seed;
  config.threads = report.threads;
  config.device = report.device;
  config.data.source = "disk";
  config.data.path = data.string();
  config.data.validation_fraction = report.validation_fraction;
  return config;
}

estimation::PredictionTable evaluate_to_table(const fs::path& checkpoint, const fs::path& data, const ReportConfig& config,
                                  bool holdout, const fs::path& csv) {
  EvalOptions options;
  options.checkpoint = checkpoint;
  options.data = data;
  options.split = config.split;
  options.holdout = holdout;
  options.predictions = csv;
  options.threads = config.threads;
  options.device = config.device;
  estimation::PredictionTable table;
  evaluate(options, &table);
  return table;
}

nlohmann::json tuning_json(const estimation::PredictionTuning& tuning) {
  nlohmann::json out = nlohmann::json::object();
  for (int a = 0; a < 3; ++a) {
    const estimation::TuningResult& t = tuning.pose[a];
    out[estimation::kPoseColumns[a]] = {{"q", t.noise.q}, {"r", t.noise.r}, {"validation_mae", t.validation_mae}, {"validation_rmse", t.validation_rmse}};
  }
  return out;
}

struct SeedResult {
  nlohmann::json metrics;
  std::map<std::string, estimation::PredictionTable> tables;
};

SeedResult run_seed(const ReportConfig& config, const fs::path& data, const SeedDirs& dirs) {
  const TrainConfig perframe = seeded(config.perframe, config, dirs.seed, data);
  const TrainConfig postrnn = seeded(config.postrnn, config, dirs.seed, data);
  const TrainConfig rnn = seeded(config.rnn, config, dirs.seed, data);
  const TrainConfig control = seeded(control_config(config), config, dirs.seed, data);
  const fs::path perframe_best = dirs.runs / "perframe" / "best.ckpt";

  nlohmann::json runs = nlohmann::json::object();
  const auto record = [&](const std::string& name, const TrainConfig& c, double seconds) {
    runs[name] = {{"dir", (dirs.runs / name).string()}, {"steps", c.steps}, {"train_seconds_this_call", seconds}};
  };
  const std::string tag = fmt::format("seed {}", dirs.seed);
  record("perframe", perframe, ensure_run(perframe, dirs.runs / "perframe", std::nullopt, tag + " perframe"));
  record("postrnn", postrnn, ensure_run(postrnn, dirs.runs / "postrnn", perframe_best, tag + " postrnn"));
  record("rnn", rnn, ensure_run(rnn, dirs.runs / "rnn", perframe_best, tag + " rnn"));
  record("control", control, ensure_run(control, dirs.runs / "control", perframe_best, tag + " control"));

  fs::create_directories(dirs.out);
  SeedResult result;
  spdlog::info("report: {}: evaluating on split '{}' and the per-frame run's validation hold-out", tag, config.split);
  const estimation::PredictionTable validation =
      evaluate_to_table(perframe_best, data, config, true, dirs.out / "perframe_validation_predictions.csv");
  for (const char* name : {"perframe", "postrnn", "rnn", "control"}) {
    result.tables[name] = evaluate_to_table(dirs.runs / name / "best.ckpt", data, config, false,
                                            dirs.out / fmt::format("{}_predictions.csv", name));
  }

  // The filters' noise is tuned once, on validation predictions; the particle filter uses the same model and noise.
  estimation::FilterSpec spec;
  spec.model = estimation::parse_motion_model(config.filters.model);
  const estimation::PredictionTuning tuning = estimation::tune_on_predictions(validation, spec.model);
  for (int a = 0; a < 3; ++a) spec.pose[a] = tuning.pose[a].noise;
  spec.landmarks = tuning.landmarks.noise;
  spec.method = estimation::FilterMethod::Kalman;
  result.tables["kf"] = estimation::filter_predictions(result.tables.at("perframe"), spec);
  spec.method = estimation::FilterMethod::Particle;
  spec.particles = config.filters.particles;
  spec.seed = dirs.seed;
  result.tables["pf"] = estimation::filter_predictions(result.tables.at("perframe"), spec);
  estimation::write_predictions(dirs.out / "kf_predictions.csv", result.tables.at("kf"));
  estimation::write_predictions(dirs.out / "pf_predictions.csv", result.tables.at("pf"));

  nlohmann::json methods = nlohmann::json::object();
  for (const char* name : kReportMethods) methods[name] = to_json(estimation::pose_metrics(result.tables.at(name)));
  std::size_t frames = 0;
  for (const auto& s : result.tables.at("perframe").sequences) frames += s.frames.size();
  result.metrics = {{"seed", dirs.seed},
                    {"methods", methods},
                    {"split", config.split},
                    {"frames", frames},
                    {"sequences", result.tables.at("perframe").sequences.size()},
                    {"filter_tuning", {{"model", config.filters.model},
                                       {"particles", config.filters.particles},
                                       {"validation_sequences", validation.sequences.size()},
                                       {"pose", tuning_json(tuning)}}},
                    {"runs", runs}};
  core::write_text_atomic(dirs.out / "metrics.json", result.metrics.dump(2) + "\n");
  spdlog::info("report: {}: mean MAE perframe {:.2f}°, kf {:.2f}°, pf {:.2f}°, postrnn {:.2f}°, rnn {:.2f}°, "
               "control {:.2f}°",
               tag, methods["perframe"]["mean_mae"].get<double>(), methods["kf"]["mean_mae"].get<double>(),
               methods["pf"]["mean_mae"].get<double>(), methods["postrnn"]["mean_mae"].get<double>(),
               methods["rnn"]["mean_mae"].get<double>(), methods["control"]["mean_mae"].get<double>());
  return result;
}

// The sequence of Figure 5: the configured one, else the longest (the first of equals).
std::string figure_sequence(const ReportConfig& config, const estimation::PredictionTable& table) {
  if (!config.figure_sequence.empty()) {
    for (const auto& s : table.sequences) {
      if (s.id == config.figure_sequence) return s.id;
    }
    core::throw_user_error("figure_sequence: '{}' is not a sequence of split '{}'", config.figure_sequence,
                           config.split);
  }
  const estimation::PredictionSequence* best = &table.sequences.front();
  for (const auto& s : table.sequences) {
    if (s.frames.size() > best->frames.size()) best = &s;
  }
  return best->id;
}

}  // namespace

nlohmann::json run_report(const ReportConfig& config, const ReportOptions& options) {
  fs::create_directories(options.out);
  const fs::path runs_root = options.runs.value_or(options.out / "runs");
  const fs::path data = prepare_dataset(config, options);
  check_split(data, config.split);

  std::vector<nlohmann::json> per_seed;
  std::optional<SeedResult> first;
  for (int k = 0; k < config.seeds; ++k) {
    SeedDirs dirs;
    dirs.seed = config.seed + static_cast<std::uint64_t>(k);
    dirs.runs = k == 0 ? runs_root : runs_root / fmt::format("seed{}", dirs.seed);
    dirs.out = options.out / fmt::format("seed{}", dirs.seed);
    spdlog::info("report: seed {} ({} of {})", dirs.seed, k + 1, config.seeds);
    SeedResult result = run_seed(config, data, dirs);
    per_seed.push_back(result.metrics);
    if (!first) first = std::move(result);
  }

  nlohmann::json metrics = aggregate_seed_metrics(per_seed);
  metrics["split"] = config.split;
  metrics["frames"] = per_seed.front().at("frames");
  metrics["sequences"] = per_seed.front().at("sequences");
  metrics["data"] = data.string();
  metrics["runs"] = runs_root.string();
  metrics["config"] = core::node_to_json(core::config_to_node(config));
  metrics["per_seed"] = per_seed;

  const std::string sequence = figure_sequence(config, first->tables.at("perframe"));
  const fs::path figure = options.out / fmt::format("yaw_{}.png", sequence);
  std::vector<std::pair<std::string, const estimation::PredictionTable*>> lines;
  for (const char* name : kReportMethods) lines.emplace_back(name, &first->tables.at(name));
  plot_yaw_over_time(lines, sequence, figure);
  metrics["figure"] = figure.filename().string();

  core::write_text_atomic(options.out / "metrics.json", metrics.dump(2) + "\n");
  core::write_text_atomic(options.out / "table.md", report_table_markdown(metrics));
  return metrics;
}

}  // namespace synhead::trainer
