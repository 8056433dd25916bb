// synhead: one CLI for tracks, rendering, training and evaluation. Each verb lives in its own file; main() only
// parses, configures logging and maps errors to exit codes (2: bad usage or input, 1: other failures).

#include <iostream>

#include <spdlog/spdlog.h>

#include "cli_common.h"
#include "synhead/core/error.h"
#include "synhead/core/logging.h"
#include "synhead/core/progress.h"
#ifdef SYNHEAD_WITH_STREAM
#include "synhead/stream/install.h"
#endif

int main(int argc, char** argv) {
  CLI::App app{"synhead: synthetic head-motion video datasets and recurrent head-pose estimators"};
  app.set_version_flag("--version", std::string("synhead ") + SYNHEAD_VERSION);
  app.require_subcommand(1);
  app.fallthrough();  // global flags such as --quiet work after the verb too
  bool quiet = false;
  int verbosity = 0;
  app.add_flag("-q,--quiet", quiet, "No progress bars, warnings and errors only");
  app.add_flag("-v,--verbose", verbosity, "More log output (repeat for trace)");

  // Verbs come with the modules they need (tools/CMakeLists.txt): a trainer-only build has no render verbs.
  using namespace synhead::tools;
  Action action;
  register_tracks_command(app, action);
  register_data_command(app, action);
  register_filter_command(app, action);
  CLI::App& bench = register_bench_command(app);
#ifdef SYNHEAD_WITH_RENDERER
  register_heads_command(app, action);
  register_render_command(app, action);
  register_render_frame_command(app, action);
  register_bench_render_command(bench, action);
#endif
#ifdef SYNHEAD_WITH_GLFW
  register_view_command(app, action);
#endif
#ifdef SYNHEAD_WITH_TRAINER
  register_train_command(app, action);
  register_eval_command(app, action);
  register_export_command(app, action);
  register_toy_command(app, action);
  register_report_command(app, action);
  register_infer_command(app, action);
  register_bench_train_command(bench, action);
  register_bench_infer_command(bench, action);
#endif
#ifdef SYNHEAD_WITH_STREAM
  synhead::stream::install();
  register_bench_stream_command(bench, action);
#endif

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  } catch (const synhead::core::UserError& e) {
    std::cerr << "error: " << e.what() << std::endl;
    return 2;
  }

  synhead::core::setup_logging(verbosity, quiet);
  synhead::core::set_progress_mode(quiet ? synhead::core::ProgressMode::Quiet : synhead::core::ProgressMode::Auto);
  try {
    if (action) action();
  } catch (const synhead::core::UserError& e) {
    spdlog::error("{}", e.what());
    return 2;
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
  return 0;
}
