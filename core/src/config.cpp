#include "synhead/core/config.h"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <type_traits>
#include <sstream>

#include "synhead/core/error.h"

namespace synhead::core {
namespace {

std::vector<std::string> split_dotted(const std::string& key) {
  std::vector<std::string> parts;
  std::stringstream stream(key);
  for (std::string part; std::getline(stream, part, '.');) parts.push_back(part);
  return parts;
}

std::string describe_node(const YAML::Node& node) {
  if (node.IsScalar()) return fmt::format("'{}'", node.Scalar());
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  return "nothing";
}

}  // namespace

ConfigDocument::ConfigDocument(std::string name) : name_(std::move(name)), root_(YAML::NodeType::Map) {}

ConfigDocument ConfigDocument::from_string(const std::string& yaml, std::string name) {
  ConfigDocument document(std::move(name));
  try {
    YAML::Node root = YAML::Load(yaml);
    if (root.IsNull()) return document;
    if (!root.IsMap()) throw_user_error("{}expected a mapping of keys at the top level", location_prefix(document.name_, root.Mark().line + 1));
    document.root_ = root;
  } catch (const YAML::Exception& e) {
    throw_user_error("{}YAML syntax error: {}", location_prefix(document.name_, e.mark.line + 1), e.msg);
  }
  return document;
}

ConfigDocument ConfigDocument::from_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw_user_error("{}cannot open config file", location_prefix(path.string()));
  std::stringstream text;
  text << in.rdbuf();
  return from_string(text.str(), path.string());
}

void ConfigDocument::apply_override(const std::string& assignment, const std::string& origin) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw_user_error("--set {}: expected dotted.key=value", assignment);
  const std::string key = assignment.substr(0, eq);
  const auto parts = split_dotted(key);
  YAML::Node value;
  try {
    value = YAML::Load(assignment.substr(eq + 1));
  } catch (const YAML::Exception& e) {
    throw_user_error("--set {}: value is not valid YAML: {}", assignment, e.msg);
  }
  YAML::Node cursor = root_;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    if (parts[i].empty()) throw_user_error("--set {}: empty key component", assignment);
    YAML::Node next = cursor[parts[i]];
    if (next && !next.IsMap() && !next.IsNull())
      throw_user_error("--set {}: '{}' is a value, not a section", assignment, parts[i]);
    if (!next || next.IsNull()) cursor[parts[i]] = YAML::Node(YAML::NodeType::Map);
    cursor.reset(cursor[parts[i]]);
  }
  if (parts.back().empty()) throw_user_error("--set {}: empty key component", assignment);
  cursor[parts.back()] = value;
  overrides_[key] = origin.empty() ? "--set " + assignment : origin;
}

void ConfigDocument::apply_overrides(const std::vector<std::string>& assignments) {
  for (const auto& assignment : assignments) apply_override(assignment);
}

std::string ConfigDocument::origin(const std::string& dotted_key, const YAML::Node& node) const {
  if (auto it = overrides_.find(dotted_key); it != overrides_.end()) return it->second + ": ";
  for (const auto& [key, label] : overrides_)  // an override below this key created it
    if (key.rfind(dotted_key + ".", 0) == 0) return label + ": ";
  if (node && node.Mark().line >= 0 && !node.Mark().is_null()) return location_prefix(name_, node.Mark().line + 1);
  return location_prefix(name_);
}

ConfigReader::ConfigReader(const ConfigDocument& document, const YAML::Node& node, std::string prefix)
    : document_(document), node_(node), prefix_(std::move(prefix)) {
  if (!node_.IsMap() && !node_.IsNull())
    throw_user_error("{}key '{}': expected a mapping of keys, got {}", document_.origin(prefix_, node_), prefix_, describe_node(node_));
}

std::string ConfigReader::dotted(const char* key) const { return prefix_.empty() ? key : prefix_ + "." + key; }

void ConfigReader::fail(const char* key, const YAML::Node& node, const std::string& expected) const {
  throw_user_error("{}key '{}': expected {}, got {}", document_.origin(dotted(key), node), dotted(key), expected, describe_node(node));
}

YAML::Node ConfigReader::lookup(const char* key) {
  known_.insert(key);
  if (node_.IsNull()) return YAML::Node(YAML::NodeType::Undefined);
  const YAML::Node child = node_[key];
  if (child && child.IsNull()) fail(key, child, "a value");
  return child;
}

template <class T>
bool ConfigReader::scalar(const char* key, T& value, const char* expected) {
  const YAML::Node node = lookup(key);
  if (!node) return false;
  // yaml-cpp happily converts "-1" to a huge unsigned value.
  const bool negative = node.IsScalar() && !node.Scalar().empty() && node.Scalar()[0] == '-';
  if (std::is_unsigned_v<T> && negative) fail(key, node, expected);
  try {
    value = node.as<T>();
  } catch (const YAML::Exception&) {
    fail(key, node, expected);
  }
  return true;
}

void ConfigReader::field(const char* key, bool& value) { scalar(key, value, "true or false"); }
void ConfigReader::field(const char* key, int& value) { scalar(key, value, "an integer"); }
void ConfigReader::field(const char* key, std::uint64_t& value) { scalar(key, value, "a non-negative integer"); }

void ConfigReader::field(const char* key, double& value) {
  if (scalar(key, value, "a number") && !std::isfinite(value)) fail(key, node_[key], "a finite number");
}

void ConfigReader::field(const char* key, std::string& value) {
  const YAML::Node node = lookup(key);
  if (!node) return;
  if (!node.IsScalar()) fail(key, node, "a string");
  value = node.Scalar();
}

void ConfigReader::field(const char* key, std::vector<double>& value) {
  const YAML::Node node = lookup(key);
  if (!node) return;
  if (!node.IsSequence()) fail(key, node, "a list of numbers");
  std::vector<double> parsed;
  for (const auto& item : node) {
    try {
      parsed.push_back(item.as<double>());
    } catch (const YAML::Exception&) {
      fail(key, item, "a list of numbers");
    }
    if (!std::isfinite(parsed.back())) fail(key, item, "a list of finite numbers");
  }
  value = std::move(parsed);
}

void ConfigReader::field(const char* key, std::vector<std::string>& value) {
  const YAML::Node node = lookup(key);
  if (!node) return;
  if (!node.IsSequence()) fail(key, node, "a list of strings");
  std::vector<std::string> parsed;
  for (const auto& item : node) {
    if (!item.IsScalar()) fail(key, item, "a string");
    parsed.push_back(item.Scalar());
  }
  value = std::move(parsed);
}

void ConfigReader::field(const char* key, std::array<double, 2>& value) {
  std::vector<double> parsed;
  const YAML::Node node = node_.IsNull() ? YAML::Node() : node_[key];
  field(key, parsed);
  if (!node) return;
  if (parsed.size() != 2) fail(key, node, "a list of two numbers [min, max]");
  value = {parsed[0], parsed[1]};
}

void ConfigReader::field(const char* key, std::vector<std::array<double, 3>>& value) {
  const YAML::Node node = lookup(key);
  if (!node) return;
  if (!node.IsSequence()) fail(key, node, "a list of [x, y, z] points");
  std::vector<std::array<double, 3>> parsed;
  for (const auto& item : node) {
    if (!item.IsSequence() || item.size() != 3) fail(key, item, "a point [x, y, z]");
    std::array<double, 3> point{};
    for (std::size_t i = 0; i < 3; ++i) {
      try {
        point[i] = item[i].as<double>();
      } catch (const YAML::Exception&) {
        fail(key, item[i], "a number");
      }
      if (!std::isfinite(point[i])) fail(key, item[i], "a finite number");
    }
    parsed.push_back(point);
  }
  value = std::move(parsed);
}

void ConfigReader::require(bool ok, const char* key, const std::string& expected) const {
  if (ok) return;
  const YAML::Node node = node_.IsNull() ? YAML::Node() : node_[key];
  if (node) fail(key, node, expected);
  throw_user_error("{}key '{}': default value is invalid, expected {}", document_.origin(dotted(key), node_), dotted(key), expected);
}

void ConfigReader::section(const char* key, PluginSection& sub) {
  known_.insert(key);
  const YAML::Node child = node_.IsNull() ? YAML::Node(YAML::NodeType::Undefined) : node_[key];
  if (!child) return;
  if (!sub) {
    sub.keep_unread(child);
    return;
  }
  ConfigReader reader(document_, child, dotted(key));
  sub.read(reader);
  reader.finish();
}

void ConfigReader::finish() const {
  if (!node_.IsMap()) return;
  for (const auto& entry : node_) {
    const std::string key = entry.first.as<std::string>();
    if (known_.count(key)) continue;
    std::string valid;
    for (const auto& k : known_) valid += (valid.empty() ? "" : ", ") + k;
    throw_user_error("{}unknown key '{}' (valid keys here: {})", document_.origin(dotted(key.c_str()), entry.first),
                     dotted(key.c_str()), valid);
  }
}

void ConfigWriter::section(const char* key, PluginSection& sub) {
  if (!sub) {
    if (sub.unread().IsDefined()) node_[key] = YAML::Clone(sub.unread());
    return;
  }
  ConfigWriter writer;
  sub.write(writer);
  node_[key] = writer.node();
}

YAML::Node ConfigWriter::encode(double value) {
  // Shortest round-trip text ("0.1", not "0.10000000000000001").
  YAML::Node node(fmt::format("{}", value));
  return node;
}

YAML::Node ConfigWriter::encode(const std::vector<double>& value) {
  YAML::Node node(YAML::NodeType::Sequence);
  for (double v : value) node.push_back(encode(v));
  node.SetStyle(YAML::EmitterStyle::Flow);
  return node;
}

YAML::Node ConfigWriter::encode(const std::vector<std::string>& value) {
  YAML::Node node(YAML::NodeType::Sequence);
  for (const auto& v : value) node.push_back(v);
  node.SetStyle(YAML::EmitterStyle::Flow);
  return node;
}

YAML::Node ConfigWriter::encode(const std::array<double, 2>& value) {
  return encode(std::vector<double>(value.begin(), value.end()));
}

YAML::Node ConfigWriter::encode(const std::vector<std::array<double, 3>>& value) {
  YAML::Node node(YAML::NodeType::Sequence);
  for (const auto& p : value) node.push_back(encode(std::vector<double>(p.begin(), p.end())));
  return node;
}

namespace {

std::optional<std::string> first_difference_below(const nlohmann::json& a, const nlohmann::json& b,
                                                  const std::string& prefix) {
  if (!a.is_object() || !b.is_object()) return a == b ? std::nullopt : std::optional<std::string>(prefix);
  const auto dotted = [&](const std::string& key) { return prefix.empty() ? key : prefix + "." + key; };
  for (const auto& [key, value] : a.items()) {
    if (!b.contains(key)) return dotted(key);
    if (auto found = first_difference_below(value, b[key], dotted(key))) return found;
  }
  for (const auto& [key, value] : b.items()) {
    if (!a.contains(key)) return dotted(key);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> first_difference(const nlohmann::json& a, const nlohmann::json& b) {
  return first_difference_below(a, b, "");
}

std::string node_to_yaml(const YAML::Node& node) {
  YAML::Emitter out;
  out << node;
  return std::string(out.c_str()) + "\n";
}

}  // namespace synhead::core

namespace synhead::core {

nlohmann::json node_to_json(const YAML::Node& node) {
  if (node.IsMap()) {
    nlohmann::json object = nlohmann::json::object();
    for (const auto& entry : node) object[entry.first.as<std::string>()] = node_to_json(entry.second);
    return object;
  }
  if (node.IsSequence()) {
    nlohmann::json array = nlohmann::json::array();
    for (const auto& item : node) array.push_back(node_to_json(item));
    return array;
  }
  if (!node.IsScalar()) return nullptr;
  const std::string& text = node.Scalar();
  if (text == "true" || text == "false") return text == "true";
  char* end = nullptr;
  const long long integer = std::strtoll(text.c_str(), &end, 10);
  if (!text.empty() && *end == '\0') return integer;
  const double number = std::strtod(text.c_str(), &end);
  if (!text.empty() && *end == '\0') return number;
  return text;
}

}  // namespace synhead::core
