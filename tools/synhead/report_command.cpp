// synhead report: the paper's SynHead comparison (Table 2, Figure 5) as one command — per-frame CNN, KF, PF,
// Post-RNN, CNN + FC-RNN and the equal-budget control on a dataset's held-out split, over one or more seeds.

#include <iostream>

#include <spdlog/spdlog.h>

#include "cli_common.h"
#include "synhead/core/error.h"
#include "synhead/trainer/protocol_report.h"
#include "synhead/trainer/report.h"

namespace synhead::tools {
namespace {

using namespace synhead::trainer;

struct ReportCliOptions {
  ConfigOptions config;
  std::string out;
  std::string runs;
  std::string data;
  int seeds = 1;
  std::uint64_t seed = 0;
  int threads = 0;
  std::string device;
  std::string protocol;
  std::string pretrained;
  std::vector<std::string> split_files;
};

// --protocol: a real-data protocol (Tables 3–4) instead of the synthetic comparison; the same flags fill its config.
void run_protocol(const ReportCliOptions& o, std::vector<FlagOverride> flags) {
  flags.push_back({"protocol=" + o.protocol, "--protocol " + o.protocol});
  if (!o.pretrained.empty()) flags.push_back({"pretrained=" + o.pretrained, "--pretrained " + o.pretrained});
  const auto config = o.config.load<ProtocolReportConfig>(flags);
  if (!config) return;
  ProtocolReportOptions options;
  options.out = o.out;
  if (!o.runs.empty()) options.runs = o.runs;
  const nlohmann::json metrics = run_protocol_report(*config, options);
  std::cout << protocol_table_markdown(metrics) << std::flush;
  spdlog::info("report: metrics.json, table.md and per-split predictions in {}", o.out);
}

ReportOptions report_options(const ReportCliOptions& o) {
  ReportOptions options;
  options.out = o.out;
  if (!o.runs.empty()) options.runs = o.runs;
  options.tool_version = SYNHEAD_VERSION;
  return options;
}

// --protocol 300vw-80-20: the comparison (landmarks) once per split file of the source (Tables 5–7).
void run_split_protocol_report(const ReportCliOptions& o, const std::vector<FlagOverride>& flags) {
  const auto config = o.config.load<ReportConfig>(flags);
  if (!config) return;
  SplitProtocol protocol;
  protocol.name = o.protocol;
  protocol.split_files = o.split_files;
  if (!o.pretrained.empty()) protocol.pretrained = o.pretrained;
  const nlohmann::json metrics = run_split_protocol(*config, protocol, report_options(o));
  std::cout << split_protocol_table_markdown(metrics) << std::flush;
  spdlog::info("report: metrics.json, table.md, {} and per-split predictions in {}",
               metrics.at("figure").get<std::string>(), o.out);
}

void run(const ReportCliOptions& o, const std::vector<FlagOverride>& flags) {
  if (o.protocol == "300vw-80-20") return run_split_protocol_report(o, flags);
  if (!o.split_files.empty()) core::throw_user_error("--split-files goes with --protocol 300vw-80-20");
  if (!o.protocol.empty()) return run_protocol(o, flags);
  if (!o.pretrained.empty()) core::throw_user_error("--pretrained goes with --protocol (a real-data protocol)");
  const auto config = o.config.load<ReportConfig>(flags);
  if (!config) return;
  const nlohmann::json metrics = run_report(*config, report_options(o));
  std::cout << report_table_markdown(metrics) << std::flush;
  spdlog::info("report: metrics.json, table.md, {} and per-seed predictions in {}", metrics.at("figure").get<std::string>(),
               o.out);
}

}  // namespace

void register_report_command(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand(
      "report", "The paper's comparison: per-frame, KF, PF, Post-RNN, RNN and an equal-budget control (Table 2, Fig. 5)");
  auto o = std::make_shared<ReportCliOptions>();
  o->config.add_to(cmd, "configs/report_small.yaml; with --protocol biwi-… configs/report_biwi.yaml, with --protocol "
                       "300vw-80-20 configs/report_300vw.yaml");
  cmd->add_option("--out", o->out, "Output directory: metrics.json, table.md, yaw_<sequence>.png, seed<S>/")->required();
  cmd->add_option("--runs", o->runs,
                  "Training runs: <variant>/ for the first seed, seed<S>/<variant>/ for further ones (default OUT/runs); "
                  "finished runs with the same config are reused, unfinished ones resumed");
  auto* data = cmd->add_option("--data", o->data,
                               "Dataset directory to train and evaluate on; with --protocol the BIWI source biwi:PATH (config: data)");
  cmd->add_option("--protocol", o->protocol,
                  "A real-data protocol instead: biwi-70-30 (the paper's Table 3: BIWI only, synhead pretrained + "
                  "fine-tuned, synhead only; 3 splits), biwi-all-24 (synhead only on all 24 videos) or 300vw-80-20 "
                  "(Tables 5–7: per-frame, KF, PF, Post-RNN, RNN, control on landmarks; 3 splits of 300vw:PATH)")
      ->check(CLI::IsMember({"biwi-70-30", "biwi-all-24", "300vw-80-20"}));
  cmd->add_option("--pretrained", o->pretrained,
                  "With --protocol: the synhead-trained checkpoint to fine-tune and to test as is (300vw-80-20: a "
                  "per-frame landmark checkpoint, adding the \"+ synhead\" rows)");
  cmd->add_option("--split-files", o->split_files,
                  "With --protocol 300vw-80-20: split files instead of protocols/300vw/80-20-{1,2,3}.json (e.g. a "
                  "stand-in's, `synhead data convert` writes one)");
  auto* seeds = cmd->add_option("--seeds", o->seeds, "Training repetitions, seeds seed…seed+N-1 (config: seeds)");
  auto* seed = cmd->add_option("--seed", o->seed, "First training seed (config: seed)");
  auto* threads = cmd->add_option("--threads", o->threads, "Torch intra-op threads, 0 = every core (config: threads)");
  auto* device = cmd->add_option("--device", o->device, "Where every run trains and evaluates: cpu, cuda or cuda:N (config: device)");
  cmd->callback([o, data, seeds, seed, threads, device, &action] {
    std::vector<FlagOverride> flags;
    push_override(flags, data, "data", o->data);
    push_override(flags, seeds, "seeds", o->seeds);
    push_override(flags, seed, "seed", o->seed);
    push_override(flags, threads, "threads", o->threads);
    push_override(flags, device, "device", o->device);
    action = [o, flags] { run(*o, flags); };
  });
}

}  // namespace synhead::tools
