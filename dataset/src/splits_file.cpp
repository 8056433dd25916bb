#include "synhead/dataset/splits_file.h"

#include <algorithm>
#include <fstream>
#include <set>

#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "synhead/core/error.h"
#include "synhead/dataset/source.h"

namespace synhead::dataset {

using core::location_prefix;
using core::throw_user_error;

SplitsFile SplitsFile::read(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw_user_error("{}cannot open split file", location_prefix(path.string()));
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw_user_error("{}not valid JSON: {}", location_prefix(path.string()), e.what());
  }
  const auto where = location_prefix(path.string());
  if (!json.is_object() || !json.contains("splits") || !json["splits"].is_object() || json["splits"].empty())
    throw_user_error("{}expected an object with \"splits\": {{\"<tag>\": [\"<sequence id>\", ...], ...}}", where);
  for (const auto& [key, value] : json.items()) {
    if (key != "protocol" && key != "split" && key != "description" && key != "splits")
      throw_user_error("{}unknown key '{}' (expected protocol, split, description, splits)", where, key);
  }
  SplitsFile file;
  file.path_ = path;
  if (json.contains("protocol")) {
    if (!json["protocol"].is_string()) throw_user_error("{}\"protocol\" must be a string", where);
    file.protocol_ = json["protocol"].get<std::string>();
  }
  for (const auto& [tag, ids] : json["splits"].items()) {
    if (!ids.is_array()) throw_user_error("{}splits.{}: expected a list of sequence ids", where, tag);
    auto& list = file.splits_[tag];
    for (const auto& id : ids) {
      if (!id.is_string()) throw_user_error("{}splits.{}: expected sequence ids as strings, got {}", where, tag, id.dump());
      const auto name = id.get<std::string>();
      const auto [it, added] = file.tag_of_.emplace(name, tag);
      if (!added) throw_user_error("{}sequence '{}' is under both '{}' and '{}'", where, name, it->second, tag);
      list.push_back(name);
    }
  }
  return file;
}

std::string SplitsFile::tag_of(const std::string& sequence) const {
  const auto found = tag_of_.find(sequence);
  return found == tag_of_.end() ? std::string() : found->second;
}

void SplitsFile::check_against(const DataSource& source) const {
  std::set<std::string> have;
  for (const auto& s : source.sequences()) have.insert(s.id);
  for (const auto& [id, tag] : tag_of_) {
    if (have.count(id) == 0)
      throw_user_error("{}lists sequence '{}' (split '{}'), but data source '{}' has no such sequence (it has: {})",
                       location_prefix(path_.string()), id, tag, source.spec(), fmt::join(have, ", "));
  }
}

}  // namespace synhead::dataset
