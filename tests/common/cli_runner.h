#pragma once
// Runs an executable of the build (file name from the SYNHEAD_CLI compile definition) and captures exit code and
// output.

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "temp_dir.h"

namespace synhead::testing {

struct CliResult {
  int code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// The executable beside the running test binary (the build puts every executable in bin/). Only the file name is
// compiled in, so the test objects do not depend on the build folder and the full and trainer-only builds share
// them through ccache.
inline std::string cli_path() {
  return "'" + (std::filesystem::read_symlink("/proc/self/exe").parent_path() / SYNHEAD_CLI).string() + "'";
}

inline CliResult run_cli(const std::string& args, const TempDir& dir, const std::string& prefix = "") {
  const auto out = dir / ".stdout", err = dir / ".stderr";
  const std::string command = prefix + cli_path() + " " + args + " >'" + out.string() + "' 2>'" + err.string() + "'";
  const int status = std::system(command.c_str());
  CliResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

inline std::string quoted(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

}  // namespace synhead::testing
