#include "cli_common.h"

#include <iostream>

namespace synhead::tools {

void ConfigOptions::add_to(CLI::App* command, const std::string& default_file) {
  command->add_option("--config", path, "YAML config (default: built-in values, documented in " + default_file + ")")
      ->check(CLI::ExistingFile);
  command->add_option("--set", sets, "Override a config key: --set dotted.key=value (repeatable)")->allow_extra_args(false);
  command->add_flag("--print-config", print, "Print the resolved config as YAML and exit");
}

core::ConfigDocument ConfigOptions::document(const std::vector<FlagOverride>& flags) const {
  core::ConfigDocument doc = path.empty() ? core::ConfigDocument() : core::ConfigDocument::from_file(path);
  doc.apply_overrides(sets);
  for (const auto& flag : flags) doc.apply_override(flag.assignment, flag.spelling);
  return doc;
}

void ConfigOptions::print_yaml(const std::string& yaml) { std::cout << yaml << std::flush; }

}  // namespace synhead::tools
