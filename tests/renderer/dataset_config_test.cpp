#include "synhead/renderer/dataset_config.h"

#include <gtest/gtest.h>

#include "synhead/core/config.h"
#include "user_error.h"

namespace synhead::renderer {
namespace {

const std::string kConfigDir = std::string(SYNHEAD_SOURCE_DIR) + "/configs/";

// configs/synhead.yaml documents the built-in defaults (the paper-scale set): the two must not drift apart.
TEST(DatasetConfig, PaperScaleFileEqualsBuiltInDefaults) {
  const auto from_file = core::load_config<DatasetConfig>(core::ConfigDocument::from_file(kConfigDir + "synhead.yaml"));
  EXPECT_EQ(core::config_to_yaml(from_file), core::config_to_yaml(DatasetConfig{}));
  EXPECT_EQ(from_file.heads.size(), 10u);
  EXPECT_EQ(from_file.tracks.count * from_file.tracks.generator.frames, 51100);  // the paper's ≈ 51k poses
}

TEST(DatasetConfig, SmallConfigLoads) {
  const auto small = core::load_config<DatasetConfig>(core::ConfigDocument::from_file(kConfigDir + "synhead_small.yaml"));
  EXPECT_EQ(small.scene.renderer.camera.width, 224);
  EXPECT_EQ(small.tracks.count, 20);
  EXPECT_EQ(small.split.test_tracks, 4);
}

TEST(DatasetConfig, ImpossibleSplitsAndBadKeysAreErrors) {
  const auto error_for = [](const std::string& yaml) {
    return synhead::testing::user_error_of([&] { core::load_config<DatasetConfig>(core::ConfigDocument::from_string(yaml, "d.yaml")); });
  };
  EXPECT_NE(error_for("heads: [female_01, male_01]\nsplit:\n  test_heads: 2\n").find("fewer test heads than heads"), std::string::npos);
  EXPECT_NE(error_for("tracks:\n  count: 5\nsplit:\n  test_tracks: 5\n").find("fewer test tracks than tracks"), std::string::npos);
  EXPECT_NE(error_for("tracks:\n  source: folder\n").find("key 'tracks.path'"), std::string::npos);
  EXPECT_NE(error_for("image:\n  format: bmp\n").find("d.yaml:2: key 'image.format'"), std::string::npos);
  EXPECT_NE(error_for("renderer:\n  camera:\n    widht: 3\n").find("unknown key 'renderer.camera.widht'"), std::string::npos);
}

}  // namespace
}  // namespace synhead::renderer
