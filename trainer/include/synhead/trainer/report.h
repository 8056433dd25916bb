#pragma once
// `synhead report`: the paper's SynHead comparison end to end. For every seed it trains (or reuses) the per-frame
// CNN, Post-RNN, the end-to-end CNN + FC-RNN and the equal-budget control, evaluates them on the data's held-out
// split, runs the Kalman and particle filters over the per-frame predictions (noise tuned on the per-frame run's
// validation hold-out), and writes (pose models: Table 2's angle errors; landmark models: NME, AUC@0.08, failure
// rate and the CED, Tables 5–7 and Figure 7, in place of the yaw figure)
//   OUT/metrics.json   {"methods": {perframe|kf|pf|postrnn|rnn|control: {pitch|yaw|roll: {mae, std, mae_seed_std},
//                      mean_mae, mean_mae_seed_std, geodesic}}, "split", "frames", "seeds", "per_seed": [...], ...}
//   OUT/table.md       Table 2's form: Err and Std per angle, one column per method (mean ± std over seeds)
//   OUT/yaw_<sequence>.png   Figure 5's form: yaw over time of one test sequence, ground truth and every method
//   OUT/seed<S>/       per-seed predictions CSVs, filter tuning and metrics
// Runs of the first seed live in RUNS/<variant>, those of every further seed S in RUNS/seed<S>/<variant> (so a
// one-seed report extends to more seeds without retraining); a finished run with the same config is reused, an
// unfinished one resumed, one with another config refused. Torch-free.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "synhead/estimation/prediction_sequences.h"
#include "synhead/trainer/report_config.h"

namespace synhead::trainer {

struct ReportOptions {
  std::filesystem::path out;
  std::optional<std::filesystem::path> runs;  // default OUT/runs
  std::string tool_version;                   // recorded in a dataset the report renders
};

inline constexpr const char* kReportMethods[] = {"perframe", "kf", "pf", "postrnn", "rnn", "control"};
// With a synhead-pretrained per-frame checkpoint (a split protocol's --pretrained): the per-frame CNN fine-tuned from
// it, and the FC-RNN started from that.
inline constexpr const char* kPretrainedMethods[] = {"perframe_synhead", "rnn_synhead"};
// Every method in table order.
std::vector<std::string> report_method_order();

nlohmann::json run_report(const ReportConfig& config, const ReportOptions& options);

// `synhead report --protocol 300vw-80-20`: the comparison once per split file of a source that has no split tags
// (300-VW), split k (0-based) training with seed + k. Writes OUT/metrics.json (methods averaged over the splits with
// their spread, "per_split", "splits", "protocol"), OUT/table.md (Table 5's form: AUC and failure rate per split,
// and the mean error per split as Table 7), OUT/ced.png (split 1) and OUT/split<k>/; runs in RUNS/split<k>/.
struct SplitProtocol {
  std::string name = "300vw-80-20";
  std::vector<std::string> split_files;                // empty: the protocol's shipped ones
  std::optional<std::filesystem::path> pretrained;     // adds kPretrainedMethods
};
std::vector<std::string> split_protocol_files(const std::string& protocol);
nlohmann::json run_split_protocol(const ReportConfig& config, const SplitProtocol& protocol, const ReportOptions& options);
std::string split_protocol_table_markdown(const nlohmann::json& metrics);

// Mean over seeds of each method's per-angle mae/std, mean_mae and geodesic, with the spread of mae and mean_mae
// over seeds (sample standard deviation; 0 for one seed) as mae_seed_std / mean_mae_seed_std; for landmark methods
// landmarks → auc_0.08, failure_rate_0.08, nme_mean with <key>_seed_std.
nlohmann::json aggregate_seed_metrics(const std::vector<nlohmann::json>& per_seed);

// The Markdown table of OUT/table.md from OUT/metrics.json.
std::string report_table_markdown(const nlohmann::json& metrics);

// Figure 5: yaw over time of `sequence`, ground truth and one line per method table (same sequence ids).
void plot_yaw_over_time(const std::vector<std::pair<std::string, const estimation::PredictionTable*>>& methods,
                        const std::string& sequence, const std::filesystem::path& png);

}  // namespace synhead::trainer
