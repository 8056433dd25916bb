#pragma once
// What every verb shares: the --config / --set / --print-config trio and the deferred action that main() runs
// after parsing (so logging is configured before any verb starts).

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "synhead/core/config.h"

namespace synhead::tools {

using Action = std::function<void()>;

// A CLI flag that is a shortcut for a config key (e.g. --fps for generator.fps).
struct FlagOverride {
  std::string assignment;  // "generator.fps=25"
  std::string spelling;    // "--fps 25", named in error messages
};

struct ConfigOptions {
  std::string path;
  std::vector<std::string> sets;
  bool print = false;

  void add_to(CLI::App* command, const std::string& default_file);

  // The document from --config (or empty: built-in defaults) with --set and then the flag overrides applied.
  core::ConfigDocument document(const std::vector<FlagOverride>& flags = {}) const;

  // Loads the config; with --print-config prints the resolved YAML to stdout and returns nullopt.
  template <class Config>
  std::optional<Config> load(const std::vector<FlagOverride>& flags = {}) const {
    const Config config = core::load_config<Config>(document(flags));
    if (print) {
      print_yaml(core::config_to_yaml(config));
      return std::nullopt;
    }
    return config;
  }

 private:
  static void print_yaml(const std::string& yaml);
};

// Records an option the user gave explicitly as an override of `key`, so flags and --set share one validation path.
template <class T>
void push_override(std::vector<FlagOverride>& out, const CLI::Option* option, const std::string& key, const T& value) {
  if (option->count() == 0) return;
  const std::string text = CLI::detail::to_string(value);
  out.push_back({key + "=" + text, option->get_name() + " " + text});
}

void register_tracks_command(CLI::App& app, Action& action);
void register_heads_command(CLI::App& app, Action& action);
void register_render_frame_command(CLI::App& app, Action& action);
void register_render_command(CLI::App& app, Action& action);
void register_data_command(CLI::App& app, Action& action);
void register_view_command(CLI::App& app, Action& action);
void register_train_command(CLI::App& app, Action& action);
void register_eval_command(CLI::App& app, Action& action);
void register_export_command(CLI::App& app, Action& action);
void register_filter_command(CLI::App& app, Action& action);
CLI::App& register_bench_command(CLI::App& app);  // the `bench` group
void register_bench_render_command(CLI::App& bench, Action& action);
void register_bench_train_command(CLI::App& bench, Action& action);
void register_bench_infer_command(CLI::App& bench, Action& action);
void register_toy_command(CLI::App& app, Action& action);
void register_report_command(CLI::App& app, Action& action);
void register_infer_command(CLI::App& app, Action& action);
// `bench stream`, added to the `bench` command that register_bench_command made.
void register_bench_stream_command(CLI::App& bench, Action& action);

}  // namespace synhead::tools
