#pragma once
// The one config layer: YAML documents (plus `--set dotted.key=value` overrides) read into typed structs.
//
// A config struct describes its fields once, in a free function found by argument-dependent lookup:
//
//   template <class V> void describe(V& v, SmoothingConfig& c) {
//     v.field("sigma", c.sigma);
//     v.require(c.sigma > 0, "sigma", "a positive number");
//   }
//
// ConfigReader uses that description to read (unknown keys and wrong types are UserErrors naming the file, line
// and key), ConfigWriter to print the resolved config. Keys absent from the document keep the struct's defaults.

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

namespace synhead::core {

class ConfigReader;
class ConfigWriter;

// A config section whose type belongs to a module that the code owning the key does not link: the trainer's
// `data.stream` is described by the render stream's types, yet train/eval/report read configs in builds without
// the renderer. The module that provides the type installs a default value (PluginSection::of) at start-up. In a
// build without it the section cannot be checked: what a document sets there is kept as written (and written back
// into resolved configs), so shipped configs that document the section still load; code that needs the section
// fails naming the key with unavailable_reason().
class PluginSection {
 public:
  explicit PluginSection(std::string unavailable_reason) : unavailable_(std::move(unavailable_reason)) {}
  template <class T>
  static PluginSection of(T value) {
    PluginSection section("");
    section.value_ = std::make_unique<Value<T>>(std::move(value));
    return section;
  }
  PluginSection(const PluginSection& o)
      : value_(o.value_ ? o.value_->clone() : nullptr),
        unavailable_(o.unavailable_),
        unread_(o.unread_.IsDefined() ? YAML::Clone(o.unread_) : YAML::Node(YAML::NodeType::Undefined)) {}
  PluginSection& operator=(const PluginSection& o) {
    if (this != &o) *this = PluginSection(o);
    return *this;
  }
  PluginSection(PluginSection&&) noexcept = default;
  PluginSection& operator=(PluginSection&&) noexcept = default;

  explicit operator bool() const { return value_ != nullptr; }
  const std::string& unavailable_reason() const { return unavailable_; }
  // The value as the installing module's type; a logic error when absent or of another type.
  template <class T>
  const T& get() const {
    const auto* typed = dynamic_cast<const Value<T>*>(value_.get());
    if (!typed) throw std::logic_error("config section is absent or of another type: " + unavailable_);
    return typed->value;
  }
  template <class T>
  T& get() {
    return const_cast<T&>(static_cast<const PluginSection&>(*this).get<T>());
  }

  void read(ConfigReader& reader) { value_->read(reader); }
  void write(ConfigWriter& writer) const { value_->write(writer); }
  // The section as a document set it, when it could not be read (unavailable).
  void keep_unread(const YAML::Node& node) { unread_ = YAML::Clone(node); }
  const YAML::Node& unread() const { return unread_; }

 private:
  struct Interface {
    virtual ~Interface() = default;
    virtual std::unique_ptr<Interface> clone() const = 0;
    virtual void read(ConfigReader& reader) = 0;
    virtual void write(ConfigWriter& writer) const = 0;
  };
  template <class T>
  struct Value final : Interface {
    explicit Value(T v) : value(std::move(v)) {}
    std::unique_ptr<Interface> clone() const override { return std::make_unique<Value>(value); }
    void read(ConfigReader& reader) override { describe(reader, value); }
    void write(ConfigWriter& writer) const override { describe(writer, const_cast<T&>(value)); }
    T value;
  };

  std::unique_ptr<Interface> value_;
  std::string unavailable_;
  YAML::Node unread_{YAML::NodeType::Undefined};
};

class ConfigDocument {
 public:
  // An empty document: every field keeps its default. `name` is used in messages.
  explicit ConfigDocument(std::string name = "<defaults>");
  static ConfigDocument from_file(const std::filesystem::path& path);
  static ConfigDocument from_string(const std::string& yaml, std::string name);

  // `assignment` is "dotted.key=value"; the value is parsed as YAML (so `a=[1, 2]` sets a list). Messages about
  // the key name `origin`, by default "--set <assignment>" (a CLI flag passes its own spelling, e.g. "--fps 0").
  void apply_override(const std::string& assignment, const std::string& origin = "");
  void apply_overrides(const std::vector<std::string>& assignments);

  const YAML::Node& root() const { return root_; }
  // Where the value at `dotted_key` came from: the override's origin, otherwise "file:line".
  std::string origin(const std::string& dotted_key, const YAML::Node& node) const;
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  YAML::Node root_;
  std::map<std::string, std::string> overrides_;
};

class ConfigReader {
 public:
  ConfigReader(const ConfigDocument& document, const YAML::Node& node, std::string prefix);

  void field(const char* key, bool& value);
  void field(const char* key, int& value);
  void field(const char* key, std::uint64_t& value);
  void field(const char* key, double& value);
  void field(const char* key, std::string& value);
  void field(const char* key, std::vector<double>& value);
  void field(const char* key, std::vector<std::string>& value);
  void field(const char* key, std::array<double, 2>& value);
  void field(const char* key, std::vector<std::array<double, 3>>& value);  // a list of [x, y, z] points

  template <class Section>
  void section(const char* key, Section& sub) {
    known_.insert(key);
    const YAML::Node child = node_[key];
    if (!child) return;
    ConfigReader reader(document_, child, dotted(key));
    describe(reader, sub);
    reader.finish();
  }
  // Absent from the document: the section keeps its default; present while the section is unavailable: kept unread.
  void section(const char* key, PluginSection& sub);

  // A validation rule: when `ok` is false, fails naming `key` and the `expected` value.
  void require(bool ok, const char* key, const std::string& expected) const;
  // Rejects keys that no field() or section() asked for.
  void finish() const;

 private:
  std::string dotted(const char* key) const;
  // The node for `key`, or an undefined node when absent; throws when present but null.
  YAML::Node lookup(const char* key);
  // Reads a scalar field; false when the key is absent.
  template <class T>
  bool scalar(const char* key, T& value, const char* expected);
  [[noreturn]] void fail(const char* key, const YAML::Node& node, const std::string& expected) const;

  const ConfigDocument& document_;
  YAML::Node node_;
  std::string prefix_;
  std::set<std::string> known_;
};

class ConfigWriter {
 public:
  ConfigWriter() : node_(YAML::NodeType::Map) {}
  template <class T>
  void field(const char* key, const T& value) {
    node_[key] = encode(value);
  }
  template <class Section>
  void section(const char* key, Section& sub) {
    ConfigWriter writer;
    describe(writer, sub);
    node_[key] = writer.node();
  }
  void section(const char* key, PluginSection& sub);  // an unavailable section: what the document set, if anything
  void require(bool, const char*, const std::string&) const {}
  const YAML::Node& node() const { return node_; }

 private:
  static YAML::Node encode(double value);
  static YAML::Node encode(const std::vector<double>& value);
  static YAML::Node encode(const std::vector<std::string>& value);
  static YAML::Node encode(const std::array<double, 2>& value);
  static YAML::Node encode(const std::vector<std::array<double, 3>>& value);
  template <class T>
  static YAML::Node encode(const T& value) {
    return YAML::Node(value);
  }
  YAML::Node node_;
};

template <class Config>
Config load_config(const ConfigDocument& document) {
  Config config;
  ConfigReader reader(document, document.root(), "");
  describe(reader, config);
  reader.finish();
  return config;
}

template <class Config>
YAML::Node config_to_node(const Config& config) {
  ConfigWriter writer;
  describe(writer, const_cast<Config&>(config));  // ConfigWriter only reads the fields
  return writer.node();
}

std::string node_to_yaml(const YAML::Node& node);

// The dotted key of the first value that differs between two resolved configs as JSON (a key present in only one
// of them counts); nullopt when they are equal. Used to refuse resuming work under another config.
std::optional<std::string> first_difference(const nlohmann::json& a, const nlohmann::json& b);
// The same data as JSON (for manifests and checkpoints): integers, numbers and booleans keep their types.
nlohmann::json node_to_json(const YAML::Node& node);

template <class Config>
std::string config_to_yaml(const Config& config) {
  return node_to_yaml(config_to_node(config));
}

}  // namespace synhead::core
