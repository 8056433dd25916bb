#pragma once
// Runs the synhead executable (path from the SYNHEAD_CLI compile definition) and captures exit code and output.

#include <sys/wait.h>

#include <cstdlib>
#include <string>

#include "temp_dir.h"

namespace synhead::testing {

struct CliResult {
  int code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

inline CliResult run_cli(const std::string& args, const TempDir& dir, const std::string& prefix = "") {
  const auto out = dir / ".stdout", err = dir / ".stderr";
  const std::string command = prefix + std::string(SYNHEAD_CLI) + " " + args + " >'" + out.string() + "' 2>'" + err.string() + "'";
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
