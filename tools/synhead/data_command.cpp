// synhead data inspect | stats: summaries, verification and pose statistics of synhead, BIWI and 300-VW data.

#include <iostream>
#include <optional>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "cli_common.h"
#include "synhead/core/atomic_file.h"
#include "synhead/core/error.h"
#include "synhead/motion_tracks/stats.h"
#include "synhead/dataset/inspect.h"

namespace synhead::tools {
namespace {

using dataset::AnnotationErrors;

constexpr const char* kSourceHelp = "A synhead dataset folder, biwi:PATH (hpdb folder or one sequence) or 300vw:PATH";

// What opening found without decoding frames (e.g. sequences not rendered yet): the figures cover the rest.
void warn_about_problems(const dataset::DataSource& source) {
  if (source.problems().empty()) return;
  const auto& first = source.problems().front();
  spdlog::warn("{} problem(s) in the annotations, e.g. {}: {}; `synhead data inspect --verify` lists them",
               source.problems().size(), first.location, first.what);
}

void add_inspect(CLI::App* data, Action& action) {
  auto* cmd = data->add_subcommand("inspect", "Summarise a dataset (sequences, frames, pose ranges, landmarks, splits)");
  struct Options {
    std::string source;
    bool json = false, verify = false, depth = false;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("SOURCE", o->source, kSourceHelp)->required();
  cmd->add_flag("--json", o->json, "Print one JSON object on stdout instead of tables");
  cmd->add_flag("--verify", o->verify, "Also decode every frame and check it against the annotations (exit 2 on problems)");
  cmd->add_flag("--depth", o->depth, "biwi:PATH: also decode and check every frame_XXXXX_depth.bin (exit 2 on problems)");
  cmd->callback([=, &action] {
    action = [=] {
      // Without --verify an unreadable annotation file stops at once; with it, every problem goes into the report.
      const auto source = dataset::open_data_source(o->source, o->verify ? AnnotationErrors::Collect : AnnotationErrors::Throw);
      const auto summary = dataset::summarize(*source);
      std::optional<dataset::VerificationReport> report;
      if (o->verify) report = dataset::verify(*source);
      std::optional<dataset::VerificationReport> depth;
      if (o->depth) depth = dataset::verify_depth(*source);
      if (o->json) {
        auto j = dataset::to_json(summary);
        if (report) j["verification"] = dataset::to_json(*report);
        if (depth) j["depth"] = dataset::to_json(*depth);
        std::cout << j.dump(2) << std::endl;
      } else {
        std::cout << dataset::format_summary(summary) << (report ? dataset::format_report(*report) : "")
                  << (depth ? dataset::format_report(*depth, "depth check") : "") << std::flush;
      }
      if (!o->verify) warn_about_problems(*source);
      if (report && !report->clean())
        core::throw_user_error("data source '{}': verification found {} problem(s)", o->source, report->problems.size());
      if (depth && !depth->clean())
        core::throw_user_error("data source '{}': {} problem(s) in the depth files, the first {}: {}", o->source,
                               depth->problems.size(), depth->problems.front().location, depth->problems.front().what);
    };
  });
}

void add_stats(CLI::App* data, Action& action) {
  auto* cmd = data->add_subcommand("stats", "Per-split pose distributions (Figure 4 style) and speed statistics");
  struct Options {
    std::string source, plot, json;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("SOURCE", o->source, "A synhead dataset folder (or biwi:PATH)")->required();
  cmd->add_option("--plot", o->plot, "Write pitch-yaw / pitch-roll distributions, one row per split (PNG)");
  cmd->add_option("--json", o->json, "Write the per-split statistics as JSON");
  cmd->callback([=, &action] {
    action = [=] {
      const auto source = dataset::open_data_source(o->source);
      warn_about_problems(*source);
      const auto splits = dataset::poses_by_split(*source);
      nlohmann::json per_split = nlohmann::json::object();
      for (const auto& split : splits) {
        const auto stats = motion_tracks::compute_stats(split.tracks);
        std::cout << "## " << split.split << "\n\n" << motion_tracks::format_stats_table(stats) << "\n";
        per_split[split.split] = motion_tracks::to_json(stats);
      }
      std::cout << std::flush;
      if (!o->json.empty())
        core::write_text_atomic(o->json, nlohmann::json{{"source", o->source}, {"splits", per_split}}.dump(2) + "\n");
      if (!o->plot.empty()) {
        dataset::plot_split_pose_distributions(splits, o->plot);
        spdlog::info("wrote plot {}", o->plot);
      }
    };
  });
}

}  // namespace

void register_data_command(CLI::App& app, Action& action) {
  auto* data = app.add_subcommand("data", "Datasets: inspect and verify, pose statistics");
  data->require_subcommand(1);
  add_inspect(data, action);
  add_stats(data, action);
}

}  // namespace synhead::tools
