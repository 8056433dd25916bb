#include <gtest/gtest.h>

#include "synhead/core/config.h"
#include "synhead/trainer/train_config.h"

namespace synhead::trainer {
namespace {

const std::string kConfigPath = std::string(SYNHEAD_SOURCE_DIR) + "/configs/train_perframe.yaml";

// configs/train_perframe.yaml documents the built-in defaults: the two must not drift apart.
TEST(TrainConfig, ShippedFileEqualsBuiltInDefaults) {
  const auto from_file = core::load_config<TrainConfig>(core::ConfigDocument::from_file(kConfigPath));
  EXPECT_EQ(core::config_to_yaml(from_file), core::config_to_yaml(TrainConfig{}));
}

void expect_documented(const YAML::Node& defaults, const YAML::Node& file, const std::string& prefix) {
  for (const auto& entry : defaults) {
    const auto key = entry.first.as<std::string>();
    ASSERT_TRUE(file[key]) << prefix << key;
    if (entry.second.IsMap()) expect_documented(entry.second, file[key], prefix + key + ".");
  }
}

// Every key except the stream's render-config, which is configs/synhead.yaml's vocabulary, documented there.
TEST(TrainConfig, EveryKeyIsInTheShippedFile) {
  YAML::Node defaults = core::config_to_node(TrainConfig{});
  defaults["data"]["stream"].remove("dataset");
  expect_documented(defaults, YAML::LoadFile(kConfigPath), "");
}

}  // namespace
}  // namespace synhead::trainer
