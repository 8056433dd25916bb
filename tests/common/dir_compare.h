#pragma once
// Byte-for-byte comparison of two directory trees, for determinism tests.

#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "temp_dir.h"

namespace synhead::testing {

// Relative path → content of every regular file below `root`, except those `skip` names (relative paths).
inline std::map<std::string, std::string> tree_contents(const std::filesystem::path& root, const std::set<std::string>& skip = {}) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    const std::string relative = std::filesystem::relative(entry.path(), root).string();
    if (!skip.count(relative)) files[relative] = read_file(entry.path());
  }
  return files;
}

// "" when equal, else the first difference.
inline std::string tree_difference(const std::filesystem::path& a, const std::filesystem::path& b, const std::set<std::string>& skip = {}) {
  const auto x = tree_contents(a, skip), y = tree_contents(b, skip);
  for (const auto& [path, content] : x) {
    const auto it = y.find(path);
    if (it == y.end()) return path + " only in " + a.string();
    if (it->second != content) return path + " differs";
  }
  for (const auto& [path, content] : y)
    if (!x.count(path)) return path + " only in " + b.string();
  return "";
}

}  // namespace synhead::testing
