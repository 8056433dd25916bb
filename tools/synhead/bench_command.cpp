// synhead bench: the group of benchmarks; each one is compiled in with the module it measures.
#include "cli_common.h"

namespace synhead::tools {

CLI::App& register_bench_command(CLI::App& app) {
  auto* bench = app.add_subcommand("bench", "Benchmarks that print a table and write JSON figures");
  bench->require_subcommand(1);
  return *bench;
}

}  // namespace synhead::tools
