// What `synhead report` writes besides the runs: the seed aggregate, Table 2 in Markdown, Figure 5.

#include <algorithm>
#include <cmath>
#include <sstream>

#include <fmt/format.h>

#include "synhead/core/error.h"
#include "synhead/core/plot.h"
#include "synhead/trainer/report.h"

namespace synhead::trainer {
namespace {

struct Spread {
  double mean = 0;
  double std = 0;  // sample standard deviation; 0 for one value
};

Spread spread(const std::vector<double>& values) {
  Spread s;
  for (double v : values) s.mean += v / static_cast<double>(values.size());
  if (values.size() < 2) return s;
  double squares = 0;
  for (double v : values) squares += (v - s.mean) * (v - s.mean);
  s.std = std::sqrt(squares / static_cast<double>(values.size() - 1));
  return s;
}

std::vector<double> gather(const std::vector<nlohmann::json>& per_seed, const std::string& method,
                           const nlohmann::json::json_pointer& pointer) {
  std::vector<double> values;
  for (const auto& seed : per_seed) values.push_back(seed.at("methods").at(method).at(pointer).get<double>());
  return values;
}

// Column titles as in the paper's Table 2, and the line colours of Figure 5 (colour-blind-safe Okabe-Ito).
struct MethodStyle {
  const char* name;
  const char* title;
  const char* colour;
};
constexpr MethodStyle kMethodStyles[] = {{"perframe", "Per-Frame", "#0072B2"},
                                         {"kf", "KF", "#009E73"},
                                         {"pf", "PF", "#56B4E9"},
                                         {"postrnn", "Post-RNN", "#E69F00"},
                                         {"rnn", "RNN", "#D55E00"},
                                         {"control", "Control", "#999999"},
                                         {"perframe_synhead", "Per-Frame + synhead", "#CC79A7"},
                                         {"rnn_synhead", "RNN + synhead", "#000000"}};

const MethodStyle& style_of(const std::string& method) {
  for (const auto& style : kMethodStyles) {
    if (method == style.name) return style;
  }
  core::throw_user_error("unknown method '{}' in the report", method);
}

constexpr const char* kLandmarkKeys[] = {"auc_0.08", "failure_rate_0.08", "nme_mean"};

// The methods of `methods` in table order, with their titles.
std::vector<std::string> present_methods(const nlohmann::json& methods) {
  std::vector<std::string> names;
  for (const auto& name : report_method_order())
    if (methods.contains(name)) names.push_back(name);
  return names;
}

bool has_landmarks(const nlohmann::json& methods) {
  return std::any_of(methods.begin(), methods.end(), [](const nlohmann::json& m) { return m.contains("landmarks"); });
}

bool has_pose(const nlohmann::json& methods) {
  return std::any_of(methods.begin(), methods.end(), [](const nlohmann::json& m) { return m.contains("pitch"); });
}

// Table 5's columns for one set of methods: AUC and failure rate (%), and the mean NME (%) of Table 7.
void landmark_table(std::ostringstream& out, const nlohmann::json& methods, const std::vector<std::string>& names,
                    bool spread) {
  const auto cell = [&](const nlohmann::json& l, const char* key, double scale, int digits) {
    const nlohmann::json& v = l.at(key);
    if (!v.is_number()) return std::string("n/a");
    std::string text = fmt::format("{:.{}f}", scale * v.get<double>(), digits);
    const std::string spread_key = std::string(key) + "_seed_std";
    if (spread && l.contains(spread_key)) text += fmt::format(" ± {:.{}f}", scale * l.at(spread_key).get<double>(), digits);
    return text;
  };
  out << "| Method | AUC@0.08 | FR@0.08 (%) | NME (%) |\n|---|---:|---:|---:|\n";
  for (const auto& name : names) {
    const nlohmann::json& l = methods.at(name).at("landmarks");
    out << fmt::format("| {} | {} | {} | {} |\n", style_of(name).title, cell(l, "auc_0.08", 1, 3),
                       cell(l, "failure_rate_0.08", 100, 2), cell(l, "nme_mean", 100, 2));
  }
}

}  // namespace

std::vector<std::string> report_method_order() {
  std::vector<std::string> names(std::begin(kReportMethods), std::end(kReportMethods));
  names.insert(names.end(), std::begin(kPretrainedMethods), std::end(kPretrainedMethods));
  return names;
}

ReportConfig::ReportConfig() {
  // The shipped configs/train_postrnn.yaml and train_rnn.yaml recipes, so a report section only names changes.
  postrnn.steps = 1000;
  postrnn.validate_every = postrnn.checkpoint_every = 200;
  postrnn.model.variant = "postrnn";
  postrnn.data.window = 16;
  postrnn.optim.warmup_steps = 50;
  rnn.steps = 1000;
  rnn.validate_every = rnn.checkpoint_every = 200;
  rnn.model.variant = "rnn";
  rnn.data.window = 16;
  rnn.data.batch_size = 4;
  rnn.optim.lr = 3e-4;
  rnn.optim.warmup_steps = 50;
}

TrainConfig control_config(const ReportConfig& config) {
  TrainConfig control = config.rnn;
  control.model = config.perframe.model;
  return control;
}

nlohmann::json aggregate_seed_metrics(const std::vector<nlohmann::json>& per_seed) {
  SYNHEAD_CHECK(!per_seed.empty());
  using Pointer = nlohmann::json::json_pointer;
  nlohmann::json methods = nlohmann::json::object();
  for (const auto& [name, first] : per_seed.front().at("methods").items()) {
    nlohmann::json m = nlohmann::json::object();
    if (first.contains("landmarks")) {
      nlohmann::json l = {{"normaliser", first.at("landmarks").value("normaliser", "box_diagonal")}};
      for (const char* key : kLandmarkKeys) {
        const Pointer pointer(fmt::format("/landmarks/{}", key));
        const bool all_numbers = std::all_of(per_seed.begin(), per_seed.end(), [&](const nlohmann::json& seed) {
          return seed.at("methods").at(name).at(pointer).is_number();
        });
        if (!all_numbers) {  // a mean NME over no estimated frame (null) has no average
          l[key] = nullptr;
          continue;
        }
        const Spread value = spread(gather(per_seed, name, pointer));
        l[key] = value.mean;
        l[fmt::format("{}_seed_std", key)] = value.std;
      }
      m["landmarks"] = l;
    }
    if (!first.contains("pitch")) {
      methods[name] = m;
      continue;
    }
    for (const char* angle : {"pitch", "yaw", "roll"}) {
      const std::string base = fmt::format("/{}/", angle);
      const Spread mae = spread(gather(per_seed, name, Pointer(base + "mae")));
      m[angle] = {{"mae", mae.mean},
                  {"std", spread(gather(per_seed, name, Pointer(base + "std"))).mean},
                  {"mae_seed_std", mae.std}};
    }
    const Spread mean = spread(gather(per_seed, name, Pointer("/mean_mae")));
    m["mean_mae"] = mean.mean;
    m["mean_mae_seed_std"] = mean.std;
    m["geodesic"] = {{"mae", spread(gather(per_seed, name, Pointer("/geodesic/mae"))).mean},
                     {"std", spread(gather(per_seed, name, Pointer("/geodesic/std"))).mean}};
    methods[name] = m;
  }
  std::vector<std::uint64_t> seeds;
  for (const auto& seed : per_seed) seeds.push_back(seed.at("seed").get<std::uint64_t>());
  return {{"methods", methods}, {"seeds", seeds}};
}

std::string report_table_markdown(const nlohmann::json& metrics) {
  const nlohmann::json& methods = metrics.at("methods");
  const std::vector<std::string> names = present_methods(methods);
  const std::size_t seeds = metrics.at("seeds").size();
  if (!has_pose(methods)) {
    std::ostringstream out;
    out << fmt::format("Landmark error on split '{}': {} frames of {} sequences; {}.\n\n", metrics.value("split", ""),
                       metrics.value("frames", 0), metrics.value("sequences", 0),
                       seeds < 2 ? std::string("one training seed")
                                 : fmt::format("mean ± standard deviation over {} training seeds", seeds));
    landmark_table(out, methods, names, seeds > 1);
    out << "\nNME = mean point-to-point error over the 68 points normalised by the ground-truth box diagonal; AUC = "
           "area under the cumulative error curve up to 0.08; FR = frames with error > 0.08 (frames without a face "
           "found included). KF and PF filter the per-frame estimates with noise tuned on validation tracks.\n";
    return out.str();
  }
  const auto err = [&](const nlohmann::json& m, const char* angle) {
    const nlohmann::json& a = angle ? m.at(angle) : m;
    const double value = angle ? a.at("mae").get<double>() : a.at("mean_mae").get<double>();
    if (seeds < 2) return fmt::format("{:.2f}", value);
    const double spread = angle ? a.at("mae_seed_std").get<double>() : a.at("mean_mae_seed_std").get<double>();
    return fmt::format("{:.2f} ± {:.2f}", value, spread);
  };

  std::ostringstream out;
  out << fmt::format("Head pose error (°) on split '{}': {} frames of {} sequences; ", metrics.value("split", ""),
                     metrics.value("frames", 0), metrics.value("sequences", 0));
  out << (seeds < 2 ? std::string("one training seed.\n\n")
                    : fmt::format("mean ± standard deviation over {} training seeds.\n\n", seeds));
  out << "| Err/Std |";
  for (const auto& name : names) out << ' ' << style_of(name).title << " |";
  out << "\n|---|";
  for (std::size_t i = 0; i < names.size(); ++i) out << "---:|";
  out << '\n';
  for (const char* angle : {"pitch", "yaw", "roll"}) {
    out << "| " << angle << " |";
    for (const auto& name : names) out << ' ' << err(methods.at(name), angle) << " |";
    out << '\n';
  }
  out << "| **mean** |";
  for (const auto& name : names) out << " **" << err(methods.at(name), nullptr) << "** |";
  out << '\n';
  const double reference = methods.contains("perframe") ? methods["perframe"].at("mean_mae").get<double>() : 0;
  if (reference > 0) {
    out << "| mean ÷ per-frame |";
    for (const auto& name : names) {
      out << fmt::format(" {:.2f}× |", methods.at(name).at("mean_mae").get<double>() / reference);
    }
    out << '\n';
  }
  for (const char* angle : {"pitch", "yaw", "roll"}) {
    out << "| " << angle << " (std) |";
    for (const auto& name : names) out << fmt::format(" {:.2f} |", methods.at(name).at(angle).at("std").get<double>());
    out << '\n';
  }
  out << "\nErr = mean absolute error per angle, Std = standard deviation of the absolute error (the paper's Table 2); "
         "KF and PF filter the per-frame estimates with noise tuned on validation tracks; Control = the per-frame CNN "
         "trained on the RNN's batches for the RNN's steps from the same start.\n";
  if (has_landmarks(methods)) {
    out << "\nLandmarks (NME normalised by the ground-truth box diagonal; AUC and FR at 0.08):\n\n";
    landmark_table(out, methods, names, seeds > 1);
  }
  return out.str();
}

void plot_yaw_over_time(const std::vector<std::pair<std::string, const estimation::PredictionTable*>>& methods,
                        const std::string& sequence, const std::filesystem::path& png) {
  SYNHEAD_CHECK(!methods.empty());
  const auto find = [&](const estimation::PredictionTable& table) -> const estimation::PredictionSequence& {
    for (const auto& s : table.sequences) {
      if (s.id == sequence) return s;
    }
    core::throw_user_error("no predictions for sequence '{}'", sequence);
  };
  core::GnuplotScript script;
  const estimation::PredictionSequence& reference = find(*methods.front().second);
  std::vector<std::vector<double>> truth;
  for (std::size_t i = 0; i < reference.frames.size(); ++i) truth.push_back({reference.times[i], reference.pose_truth[1][i]});
  script.add_data("truth", truth);
  std::string plot = "plot $truth using 1:2 with lines lw 3 lc rgb 'black' title 'ground truth'";
  for (std::size_t m = 0; m < methods.size(); ++m) {
    const estimation::PredictionSequence& s = find(*methods[m].second);
    std::vector<std::vector<double>> rows;
    for (std::size_t i = 0; i < s.frames.size(); ++i) rows.push_back({s.times[i], s.pose[1][i]});
    const std::string name = fmt::format("m{}", m);
    script.add_data(name, rows);
    plot += fmt::format(", ${} using 1:2 with lines lw 1.5 lc rgb '{}' title '{}'", name, style_of(methods[m].first).colour,
                        style_of(methods[m].first).title);
  }
  script.add("set grid; set key outside right; set xlabel 'time (s)'; set ylabel 'yaw (°)'");
  script.add(fmt::format("set title 'yaw over time, test sequence {}'", sequence));
  script.add(plot);
  script.render_png(png, 1100, 450);
}

}  // namespace synhead::trainer

namespace synhead::trainer {

std::string split_protocol_table_markdown(const nlohmann::json& metrics) {
  const nlohmann::json& methods = metrics.at("methods");
  const std::vector<std::string> names = present_methods(methods);
  const auto& per_split = metrics.at("per_split");
  std::ostringstream out;
  out << fmt::format("Protocol {} on {}: {} split{}, errors on each split's test videos.\n\n",
                     metrics.value("protocol", ""), metrics.value("data", ""), per_split.size(),
                     per_split.size() == 1 ? "" : "s");
  if (!has_landmarks(methods)) return out.str() + report_table_markdown(metrics);
  // Table 5: AUC and FR per split; Table 7: the mean error per split.
  out << "| Method |";
  for (std::size_t k = 0; k < per_split.size(); ++k) out << fmt::format(" split {} AUC | split {} FR (%) |", k + 1, k + 1);
  out << " mean AUC | mean FR (%) |\n|---|";
  for (std::size_t k = 0; k < per_split.size(); ++k) out << "---:|---:|";
  out << "---:|---:|\n";
  for (const auto& name : names) {
    out << "| " << style_of(name).title << " |";
    for (const auto& split : per_split) {
      const nlohmann::json& l = split.at("methods").at(name).at("landmarks");
      out << fmt::format(" {:.3f} | {:.2f} |", l.at("auc_0.08").get<double>(), 100 * l.at("failure_rate_0.08").get<double>());
    }
    const nlohmann::json& mean = methods.at(name).at("landmarks");
    out << fmt::format(" **{:.3f}** | **{:.2f}** |\n", mean.at("auc_0.08").get<double>(),
                       100 * mean.at("failure_rate_0.08").get<double>());
  }
  out << "\nMean NME (%) per split (Table 7's form):\n\n| Method |";
  for (std::size_t k = 0; k < per_split.size(); ++k) out << fmt::format(" split {} |", k + 1);
  out << " mean |\n|---|";
  for (std::size_t k = 0; k <= per_split.size(); ++k) out << "---:|";
  out << "\n";
  const auto percent = [](const nlohmann::json& v) { return v.is_number() ? fmt::format("{:.2f}", 100 * v.get<double>()) : std::string("n/a"); };
  for (const auto& name : names) {
    out << "| " << style_of(name).title << " |";
    for (const auto& split : per_split) out << ' ' << percent(split.at("methods").at(name).at("landmarks").at("nme_mean")) << " |";
    out << ' ' << percent(methods.at(name).at("landmarks").at("nme_mean")) << " |\n";
  }
  out << "\nNME normalised by the ground-truth box diagonal; AUC up to 0.08; FR = frames with error > 0.08, frames "
         "where no face was found included. Per-Frame, Post-RNN, RNN and Control train on each split's training "
         "videos from scratch; \"+ synhead\" rows start from the synhead-pretrained per-frame model.\n";
  return out.str();
}

}  // namespace synhead::trainer
