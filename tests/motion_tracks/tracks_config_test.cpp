#include "synhead/motion_tracks/tracks_config.h"

#include <gtest/gtest.h>

#include "synhead/core/config.h"
#include "synhead/core/error.h"

namespace synhead::motion_tracks {
namespace {

const std::string kConfigPath = std::string(SYNHEAD_SOURCE_DIR) + "/configs/tracks.yaml";

// configs/tracks.yaml documents the built-in defaults: the two must not drift apart.
TEST(TracksConfig, ShippedFileEqualsBuiltInDefaults) {
  const auto from_file = core::load_config<TracksConfig>(core::ConfigDocument::from_file(kConfigPath));
  EXPECT_EQ(core::config_to_yaml(from_file), core::config_to_yaml(TracksConfig{}));
}

TEST(TracksConfig, EveryKeyIsDocumentedInTheShippedFile) {
  const YAML::Node file = YAML::LoadFile(kConfigPath);
  const YAML::Node defaults = core::config_to_node(TracksConfig{});
  for (const auto& entry : defaults) {
    const auto key = entry.first.as<std::string>();
    ASSERT_TRUE(file[key]) << key;
    if (!entry.second.IsMap()) continue;
    for (const auto& sub : entry.second) EXPECT_TRUE(file[key][sub.first.as<std::string>()]) << key << "." << sub.first;
  }
}

TEST(TracksConfig, InvalidValuesNameTheirKey) {
  auto doc = core::ConfigDocument::from_string("generator:\n  yaw_range: [30, -30]\n", "t.yaml");
  try {
    core::load_config<TracksConfig>(doc);
    FAIL();
  } catch (const core::UserError& e) {
    EXPECT_NE(std::string(e.what()).find("t.yaml:2: key 'generator.yaw_range'"), std::string::npos) << e.what();
  }
  doc = core::ConfigDocument::from_string("smoothing:\n  unit: minutes\n", "t.yaml");
  EXPECT_THROW(core::load_config<TracksConfig>(doc), core::UserError);
}

}  // namespace
}  // namespace synhead::motion_tracks
