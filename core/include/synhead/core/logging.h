#pragma once

namespace synhead::core {

// Configures the process-wide spdlog logger: stderr only (stdout stays for results), level from -v / --quiet.
void setup_logging(int verbosity, bool quiet);

}  // namespace synhead::core
