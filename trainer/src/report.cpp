#include "synhead/trainer/report.h"

#include <map>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "synhead/core/atomic_file.h"
#include "synhead/core/error.h"
#include "synhead/dataset/layout.h"
#include "synhead/dataset/source.h"
#include "synhead/dataset/splits_file.h"
#include "synhead/trainer/evaluation.h"
#include "synhead/estimation/filter_tuning.h"
#include "synhead/estimation/ced_plot.h"
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

// A data source with its path absolute and normalised (a biwi:/300vw: prefix kept): the runs record it, and a report
// from another working directory must find them its own.
fs::path canonical_source(const std::string& spec) {
  const auto colon = spec.find(':');
  if (colon != std::string::npos && colon > 1) {
    return spec.substr(0, colon + 1) + fs::weakly_canonical(spec.substr(colon + 1)).string();
  }
  return fs::weakly_canonical(spec);
}

fs::path prepare_dataset(const ReportConfig& config, const ReportOptions& report) {
  if (!config.data.empty()) return canonical_source(config.data);
  const fs::path dir = report.out / "data";
  if (!render_plugin())
    core::throw_user_error("data: empty, so the report would render its `dataset` section, but {}",
                           config.dataset.unavailable_reason());
  spdlog::info("report: rendering the config's dataset into {} (complete sequences are kept)", dir.string());
  render_plugin()->render_dataset(config.dataset, dir, report.tool_version);
  return fs::weakly_canonical(dir);
}

void check_split(const dataset::DataSource& source, const std::string& splits, const std::string& split) {
  if (!splits.empty()) {
    const auto file = dataset::SplitsFile::read(splits);
    file.check_against(source);
    if (file.splits().count(split) == 0)
      core::throw_user_error("{}: no split '{}' (the report compares methods on it; key 'split')", splits, split);
    return;
  }
  for (const auto& sequence : source.sequences()) {
    if (sequence.split == split) return;
  }
  core::throw_user_error("{}: no sequence has split '{}' (the report compares methods on it; key 'split'; a source "
                         "without split tags takes a split file, key 'splits')", source.spec(), split);
}

TrainConfig seeded(TrainConfig config, const ReportConfig& report, std::uint64_t seed, const fs::path& data) {
  config.seed = seed;
  config.threads = report.threads;
  config.device = report.device;
  config.data.source = "disk";
  config.data.path = data.string();
  config.data.validation_fraction = report.validation_fraction;
  if (!report.splits.empty()) config.data.splits = report.splits;
  return config;
}

estimation::PredictionTable evaluate_to_table(const fs::path& checkpoint, const fs::path& data, const ReportConfig& config,
                                  bool holdout, const fs::path& csv) {
  EvalOptions options;
  options.checkpoint = checkpoint;
  options.data = data;
  options.split = config.split;
  if (!config.splits.empty()) options.splits = config.splits;
  options.holdout = holdout;
  options.landmark_normaliser = config.landmark_normaliser;
  options.misses_fail = config.misses_fail;
  options.predictions = csv;
  options.threads = config.threads;
  options.device = config.device;
  estimation::PredictionTable table;
  evaluate(options, &table);
  return table;
}

nlohmann::json tuning_json(const estimation::TuningResult& t) {
  return {{"q", t.noise.q}, {"r", t.noise.r}, {"validation_mae", t.validation_mae}, {"validation_rmse", t.validation_rmse}};
}

// filter_tuning of metrics.json: "pose" → per angle, "landmarks" → the shared landmark noise.
void add_tuning_json(nlohmann::json& out, const estimation::PredictionTuning& tuning,
                     const estimation::PredictionTable& table) {
  if (table.has_pose)
    for (int a = 0; a < 3; ++a) out["pose"][estimation::kPoseColumns[a]] = tuning_json(tuning.pose[a]);
  if (table.has_landmarks) out["landmarks"] = tuning_json(tuning.landmarks);
}

// metrics.json's entry of one method: Table 2's pose measures, and for landmark models the 300-VW measures.
nlohmann::json method_metrics(const estimation::PredictionTable& table, const estimation::LandmarkMetrics* landmarks,
                              const ReportConfig& config) {
  nlohmann::json m = table.has_pose ? estimation::to_json(estimation::pose_metrics(table)) : nlohmann::json::object();
  if (landmarks) {
    m["landmarks"] = estimation::to_json(*landmarks);
    m["landmarks"]["normaliser"] = config.landmark_normaliser;
  }
  return m;
}

// One number per method for the log: mean angle error, else landmark AUC.
std::string headline(const nlohmann::json& methods) {
  std::vector<std::string> parts;
  for (const auto& [name, m] : methods.items()) {
    parts.push_back(m.contains("mean_mae") ? fmt::format("{} {:.2f}°", name, m.at("mean_mae").get<double>())
                                           : fmt::format("{} AUC {:.3f}", name, m.at("landmarks").at("auc_0.08").get<double>()));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

struct SeedResult {
  nlohmann::json metrics;
  std::map<std::string, estimation::PredictionTable> tables;
  // Landmark models: each method's landmark measures, computed once for metrics.json and the CED figures.
  std::map<std::string, estimation::LandmarkMetrics> landmarks;
};

// Figure 7's form for every method of one seed or split.
void plot_methods_ced(const SeedResult& result, const std::string& title, const fs::path& png) {
  std::vector<std::pair<std::string, estimation::LandmarkMetrics>> curves;
  for (const auto& name : report_method_order()) {
    const auto found = result.landmarks.find(name);
    if (found != result.landmarks.end()) curves.emplace_back(name, found->second);
  }
  estimation::plot_ced(curves, title, png);
}

SeedResult run_seed(const ReportConfig& config, const fs::path& data, const SeedDirs& dirs,
                    const std::optional<fs::path>& pretrained = std::nullopt) {
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
  // With a synhead-pretrained per-frame model: the per-frame CNN fine-tuned from it, and the FC-RNN from that.
  const fs::path pretrained_best = dirs.runs / "perframe_synhead" / "best.ckpt";
  if (pretrained) {
    record("perframe_synhead", perframe,
           ensure_run(perframe, dirs.runs / "perframe_synhead", *pretrained, tag + " perframe_synhead"));
    record("rnn_synhead", rnn, ensure_run(rnn, dirs.runs / "rnn_synhead", pretrained_best, tag + " rnn_synhead"));
  }

  fs::create_directories(dirs.out);
  SeedResult result;
  spdlog::info("report: {}: evaluating on split '{}' and the per-frame run's validation hold-out", tag, config.split);
  const estimation::PredictionTable validation =
      evaluate_to_table(perframe_best, data, config, true, dirs.out / "perframe_validation_predictions.csv");
  std::vector<std::string> trained = {"perframe", "postrnn", "rnn", "control"};
  if (pretrained) trained.insert(trained.end(), {"perframe_synhead", "rnn_synhead"});
  for (const auto& name : trained) {
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

  const auto normaliser = estimation::landmark_normaliser_from_name(config.landmark_normaliser);
  nlohmann::json methods = nlohmann::json::object();
  for (const auto& name : report_method_order()) {
    const auto table = result.tables.find(name);
    if (table == result.tables.end()) continue;
    if (table->second.has_landmarks)
      result.landmarks.emplace(name, estimation::landmark_metrics(table->second, normaliser));
    const auto landmarks = result.landmarks.find(name);
    methods[name] = method_metrics(table->second, landmarks == result.landmarks.end() ? nullptr : &landmarks->second,
                                   config);
  }
  if (validation.has_landmarks) {
    plot_methods_ced(result, fmt::format("CED on split '{}', {}", config.split, tag), dirs.out / "ced.png");
  }
  std::size_t frames = 0;
  for (const auto& s : result.tables.at("perframe").sequences) frames += s.frames.size();
  result.metrics = {{"seed", dirs.seed},
                    {"methods", methods},
                    {"split", config.split},
                    {"frames", frames},
                    {"sequences", result.tables.at("perframe").sequences.size()},
                    {"filter_tuning", {{"model", config.filters.model},
                                       {"particles", config.filters.particles},
                                       {"validation_sequences", validation.sequences.size()}}},
                    {"runs", runs}};
  add_tuning_json(result.metrics["filter_tuning"], tuning, validation);
  core::write_text_atomic(dirs.out / "metrics.json", result.metrics.dump(2) + "\n");
  spdlog::info("report: {}: {}", tag, headline(methods));
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

// Figure 5 (yaw over time of one test sequence) for pose models; Figure 7 (CED) for landmark-only ones.
fs::path write_figure(const ReportConfig& config, const SeedResult& result, const fs::path& out) {
  const estimation::PredictionTable& perframe = result.tables.at("perframe");
  if (!perframe.has_pose) {
    const fs::path figure = out / "ced.png";
    plot_methods_ced(result, fmt::format("CED on split '{}'", config.split), figure);
    return figure;
  }
  const std::string sequence = figure_sequence(config, perframe);
  const fs::path figure = out / fmt::format("yaw_{}.png", sequence);
  std::vector<std::pair<std::string, const estimation::PredictionTable*>> lines;
  for (const auto& name : report_method_order())
    if (result.tables.count(name) != 0) lines.emplace_back(name, &result.tables.at(name));
  plot_yaw_over_time(lines, sequence, figure);
  return figure;
}

}  // namespace

nlohmann::json run_report(const ReportConfig& config, const ReportOptions& options) {
  fs::create_directories(options.out);
  const fs::path runs_root = options.runs.value_or(options.out / "runs");
  const fs::path data = prepare_dataset(config, options);
  check_split(*dataset::open_data_source(data.string()), config.splits, config.split);

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

  metrics["figure"] = write_figure(config, *first, options.out).filename().string();

  core::write_text_atomic(options.out / "metrics.json", metrics.dump(2) + "\n");
  core::write_text_atomic(options.out / "table.md", report_table_markdown(metrics));
  return metrics;
}

std::vector<std::string> split_protocol_files(const std::string& protocol) {
  if (protocol == "300vw-80-20")
    return {"protocols/300vw/80-20-1.json", "protocols/300vw/80-20-2.json", "protocols/300vw/80-20-3.json"};
  core::throw_user_error("unknown protocol '{}' (expected 300vw-80-20)", protocol);
}

nlohmann::json run_split_protocol(const ReportConfig& config, const SplitProtocol& protocol,
                                  const ReportOptions& options) {
  if (config.data.empty()) core::throw_user_error("data: no source given (--data 300vw:PATH)");
  const std::vector<std::string> files =
      protocol.split_files.empty() ? split_protocol_files(protocol.name) : protocol.split_files;
  std::optional<fs::path> pretrained;
  if (protocol.pretrained) {
    pretrained = fs::weakly_canonical(*protocol.pretrained);
    if (!fs::exists(*pretrained)) core::throw_user_error("--pretrained: {} does not exist", pretrained->string());
  }
  const fs::path data = canonical_source(config.data);
  const auto source = dataset::open_data_source(data.string());
  for (const auto& file : files) check_split(*source, file, config.split);  // every file before anything trains
  fs::create_directories(options.out);
  const fs::path runs_root = options.runs.value_or(options.out / "runs");

  std::vector<nlohmann::json> per_split;
  std::optional<SeedResult> first;
  for (std::size_t k = 0; k < files.size(); ++k) {
    // Split k (0-based) trains with seed + k: the splits are also the protocol's training seeds.
    ReportConfig split = config;
    split.splits = files[k];
    SeedDirs dirs;
    dirs.seed = config.seed + k;
    dirs.runs = runs_root / fmt::format("split{}", k + 1);
    dirs.out = options.out / fmt::format("split{}", k + 1);
    spdlog::info("report {}: {} ({} of {})", protocol.name, files[k], k + 1, files.size());
    SeedResult result = run_seed(split, data, dirs, pretrained);
    result.metrics["split_file"] = files[k];
    core::write_text_atomic(dirs.out / "metrics.json", result.metrics.dump(2) + "\n");
    per_split.push_back(result.metrics);
    if (!first) first = std::move(result);
  }

  nlohmann::json metrics = aggregate_seed_metrics(per_split);
  metrics["protocol"] = protocol.name;
  metrics["splits"] = files;
  metrics["split"] = config.split;
  metrics["data"] = data.string();
  metrics["pretrained"] = pretrained ? pretrained->string() : "";
  metrics["runs"] = runs_root.string();
  metrics["config"] = core::node_to_json(core::config_to_node(config));
  metrics["per_split"] = per_split;
  metrics["figure"] = write_figure(config, *first, options.out).filename().string();
  core::write_text_atomic(options.out / "metrics.json", metrics.dump(2) + "\n");
  core::write_text_atomic(options.out / "table.md", split_protocol_table_markdown(metrics));
  return metrics;
}

}  // namespace synhead::trainer
