#include "synhead/core/config.h"

#include <gtest/gtest.h>

#include "synhead/core/error.h"
#include "user_error.h"

namespace synhead::core {

struct InnerConfig {
  double sigma = 1.5;
  std::string unit = "frames";
};
template <class V>
void describe(V& v, InnerConfig& c) {
  v.field("sigma", c.sigma);
  v.require(c.sigma > 0, "sigma", "a positive number");
  v.field("unit", c.unit);
}

struct OuterConfig {
  std::uint64_t seed = 3;
  int count = 10;
  bool flag = false;
  std::array<double, 2> range{-1, 1};
  std::vector<double> list{1, 2, 3};
  std::vector<std::string> names{"a", "b"};
  InnerConfig inner;
};
template <class V>
void describe(V& v, OuterConfig& c) {
  v.field("seed", c.seed);
  v.field("count", c.count);
  v.field("flag", c.flag);
  v.field("range", c.range);
  v.field("list", c.list);
  v.field("names", c.names);
  v.section("inner", c.inner);
}

namespace {

OuterConfig load(const std::string& yaml, const std::vector<std::string>& sets = {}) {
  auto doc = ConfigDocument::from_string(yaml, "cfg.yaml");
  doc.apply_overrides(sets);
  return load_config<OuterConfig>(doc);
}

TEST(Config, EmptyDocumentKeepsDefaults) {
  const auto c = load("");
  EXPECT_EQ(c.seed, 3u);
  EXPECT_EQ(c.count, 10);
  EXPECT_DOUBLE_EQ(c.inner.sigma, 1.5);
}

TEST(Config, ReadsEveryFieldType) {
  const auto c = load("seed: 42\ncount: 5\nflag: true\nrange: [-2, 3.5]\nlist: [4]\ninner:\n  sigma: 0.25\n  unit: seconds\n");
  EXPECT_EQ(c.seed, 42u);
  EXPECT_EQ(c.count, 5);
  EXPECT_TRUE(c.flag);
  EXPECT_DOUBLE_EQ(c.range[0], -2);
  EXPECT_DOUBLE_EQ(c.range[1], 3.5);
  EXPECT_EQ(c.list, std::vector<double>{4});
  EXPECT_EQ(load("names: [x, 'y z']\n").names, (std::vector<std::string>{"x", "y z"}));
  EXPECT_NE(synhead::testing::user_error_of([] { load("names: [[1]]\n"); }).find("key 'names': expected a string"), std::string::npos);
  EXPECT_DOUBLE_EQ(c.inner.sigma, 0.25);
  EXPECT_EQ(c.inner.unit, "seconds");
}

TEST(Config, UnknownKeyNamesFileLineAndKey) {
  const auto message = synhead::testing::user_error_of([] { load("seed: 1\ninner:\n  sigma: 2\n  sgima: 3\n"); });
  EXPECT_NE(message.find("cfg.yaml:4:"), std::string::npos) << message;
  EXPECT_NE(message.find("unknown key 'inner.sgima'"), std::string::npos) << message;
  EXPECT_NE(message.find("sigma"), std::string::npos) << message;  // lists the valid keys
}

TEST(Config, WrongTypeNamesKeyAndExpectation) {
  const auto message = synhead::testing::user_error_of([] { load("count: many\n"); });
  EXPECT_NE(message.find("cfg.yaml:1:"), std::string::npos) << message;
  EXPECT_NE(message.find("key 'count': expected an integer, got 'many'"), std::string::npos) << message;
  EXPECT_NE(synhead::testing::user_error_of([] { load("range: [1, 2, 3]\n"); }).find("list of two numbers"), std::string::npos);
  EXPECT_NE(synhead::testing::user_error_of([] { load("seed: -1\n"); }).find("non-negative integer"), std::string::npos);
  EXPECT_NE(synhead::testing::user_error_of([] { load("inner: 3\n"); }).find("expected a mapping"), std::string::npos);
  EXPECT_NE(synhead::testing::user_error_of([] { load("inner:\n  sigma: .nan\n"); }).find("finite number"), std::string::npos);
  EXPECT_NE(synhead::testing::user_error_of([] { load("count:\n"); }).find("expected a value"), std::string::npos);
}

TEST(Config, ValidationRuleNamesKey) {
  const auto message = synhead::testing::user_error_of([] { load("inner:\n  sigma: -1\n"); });
  EXPECT_NE(message.find("cfg.yaml:2:"), std::string::npos) << message;
  EXPECT_NE(message.find("key 'inner.sigma': expected a positive number, got '-1'"), std::string::npos) << message;
}

TEST(Config, SyntaxErrorNamesLine) {
  const auto message = synhead::testing::user_error_of([] { load("seed: 1\ninner: [1,\n"); });
  EXPECT_NE(message.find("cfg.yaml:"), std::string::npos) << message;
  EXPECT_NE(message.find("YAML syntax error"), std::string::npos) << message;
}

TEST(Config, OverridesWinAndCreateSections) {
  const auto c = load("inner:\n  sigma: 2\n", {"inner.sigma=0.5", "count=7", "range=[0, 9]"});
  EXPECT_DOUBLE_EQ(c.inner.sigma, 0.5);
  EXPECT_EQ(c.count, 7);
  EXPECT_DOUBLE_EQ(c.range[1], 9);
  EXPECT_EQ(load("", {"inner.unit=seconds"}).inner.unit, "seconds");
}

TEST(Config, BadOverridesNameTheAssignment) {
  auto message = synhead::testing::user_error_of([] { load("", {"inner.nope=1"}); });
  EXPECT_NE(message.find("--set inner.nope=1"), std::string::npos) << message;
  EXPECT_NE(message.find("unknown key 'inner.nope'"), std::string::npos) << message;
  message = synhead::testing::user_error_of([] { load("", {"count=abc"}); });
  EXPECT_NE(message.find("--set count=abc"), std::string::npos) << message;
  EXPECT_NE(message.find("expected an integer"), std::string::npos) << message;
  EXPECT_NE(synhead::testing::user_error_of([] { load("", {"novalue"}); }).find("expected dotted.key=value"), std::string::npos);
  EXPECT_NE(synhead::testing::user_error_of([] { load("count: 3\n", {"count.x=1"}); }).find("'count' is a value, not a section"), std::string::npos);
  message = synhead::testing::user_error_of([] { load("", {"count.x=1"}); });
  EXPECT_NE(message.find("--set count.x=1: key 'count': expected an integer, got a mapping"), std::string::npos) << message;
}

TEST(Config, ResolvedConfigAsJsonKeepsTypes) {
  const auto json = node_to_json(config_to_node(load("seed: 9\nflag: true\ninner:\n  sigma: 0.25\n")));
  EXPECT_EQ(json["seed"].get<int>(), 9);
  EXPECT_TRUE(json["flag"].get<bool>());
  EXPECT_DOUBLE_EQ(json["inner"]["sigma"].get<double>(), 0.25);
  EXPECT_EQ(json["inner"]["unit"].get<std::string>(), "frames");
  EXPECT_EQ(json["range"].size(), 2u);
}

TEST(Config, ResolvedConfigRoundTrips) {
  const auto original = load("seed: 9\nrange: [-0.1, 0.3]\ninner:\n  sigma: 0.1\n");
  const auto yaml = config_to_yaml(original);
  EXPECT_NE(yaml.find("sigma: 0.1\n"), std::string::npos) << yaml;  // shortest round-trip text
  const auto again = load(yaml);
  EXPECT_EQ(config_to_yaml(again), yaml);
  EXPECT_DOUBLE_EQ(again.range[0], -0.1);
  EXPECT_EQ(again.seed, 9u);
}

}  // namespace
}  // namespace synhead::core
