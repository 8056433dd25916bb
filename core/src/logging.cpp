#include "synhead/core/logging.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace synhead::core {

void setup_logging(int verbosity, bool quiet) {
  spdlog::drop("synhead");
  auto logger = spdlog::stderr_color_mt("synhead");
  logger->set_pattern("[%H:%M:%S] [%^%l%$] %v");
  spdlog::level::level_enum level = spdlog::level::info;
  if (quiet) level = spdlog::level::warn;
  if (verbosity >= 1) level = spdlog::level::debug;
  if (verbosity >= 2) level = spdlog::level::trace;
  logger->set_level(level);
  spdlog::set_default_logger(logger);
}

}  // namespace synhead::core
