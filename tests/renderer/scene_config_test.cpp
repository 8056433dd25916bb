#include "synhead/renderer/scene_config.h"

#include <gtest/gtest.h>

#include "synhead/core/config.h"
#include "user_error.h"

namespace synhead::renderer {
namespace {

const std::string kConfigPath = std::string(SYNHEAD_SOURCE_DIR) + "/configs/render.yaml";

// configs/render.yaml documents the built-in defaults: the two must not drift apart.
TEST(SceneConfig, ShippedFileEqualsBuiltInDefaults) {
  const auto from_file = core::load_config<SceneConfig>(core::ConfigDocument::from_file(kConfigPath));
  EXPECT_EQ(core::config_to_yaml(from_file), core::config_to_yaml(SceneConfig{}));
}

void expect_documented(const YAML::Node& defaults, const YAML::Node& file, const std::string& prefix) {
  for (const auto& entry : defaults) {
    const auto key = entry.first.as<std::string>();
    ASSERT_TRUE(file[key]) << prefix << key;
    if (entry.second.IsMap()) expect_documented(entry.second, file[key], prefix + key + ".");
  }
}

TEST(SceneConfig, EveryKeyIsInTheShippedFile) {
  expect_documented(core::config_to_node(SceneConfig{}), YAML::LoadFile(kConfigPath), "");
}

TEST(SceneConfig, InvalidValuesNameTheirKey) {
  const auto error_for = [](const std::string& yaml) {
    return synhead::testing::user_error_of([&] { core::load_config<SceneConfig>(core::ConfigDocument::from_string(yaml, "t.yaml")); });
  };
  EXPECT_NE(error_for("background:\n  source: video\n").find("t.yaml:2: key 'background.source'"), std::string::npos);
  EXPECT_NE(error_for("background:\n  procedural_fraction: 1.5\n").find("key 'background.procedural_fraction'"), std::string::npos);
  EXPECT_NE(error_for("nuisances:\n  jpeg:\n    quality: [90, 40]\n").find("t.yaml:3: key 'nuisances.jpeg.quality'"), std::string::npos);
  EXPECT_NE(error_for("nuisances:\n  jpeg:\n    quality: [40.5, 90]\n").find("key 'nuisances.jpeg.quality'"), std::string::npos);
  EXPECT_NE(error_for("nuisances:\n  occluder:\n    probability: -0.1\n").find("key 'nuisances.occluder.probability'"), std::string::npos);
  EXPECT_NE(error_for("nuisances:\n  noise:\n    sigma: 3\n").find("key 'nuisances.noise.sigma'"), std::string::npos);
  EXPECT_NE(error_for("nuisances:\n  blur: {}\n").find("unknown key 'nuisances.blur'"), std::string::npos);
  EXPECT_NE(error_for("renderer:\n  antialiasing: ssaa\n").find("t.yaml:2: key 'renderer.antialiasing'"), std::string::npos);
  EXPECT_NE(error_for("renderer:\n  camera:\n    fx: 0\n").find("key 'renderer.camera.fx'"), std::string::npos);
  EXPECT_NE(error_for("appearance:\n  shutter: [0.5, 2]\n").find("key 'appearance.shutter'"), std::string::npos);
}

}  // namespace
}  // namespace synhead::renderer
