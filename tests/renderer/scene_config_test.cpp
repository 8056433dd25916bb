#include "synhead/renderer/sequence_look.h"

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
  EXPECT_NE(error_for("renderer:\n  lod_tolerance_px: -1\n").find("t.yaml:2: key 'renderer.lod_tolerance_px'"), std::string::npos);
  EXPECT_NE(error_for("appearance:\n  shutter: [0.5, 2]\n").find("key 'appearance.shutter'"), std::string::npos);
}

TEST(SequenceLook, IsDeterministicPerSequenceAndJittersTheCamera) {
  SceneConfig config;
  config.background.source = "procedural";
  const BackgroundLibrary backgrounds(config.background);
  const SequenceLook a = sample_sequence_look(config, 7, 3);
  const SequenceLook b = sample_sequence_look(config, 7, 3);
  const SequenceLook c = sample_sequence_look(config, 7, 4);
  EXPECT_EQ(a.nuisance_seed, b.nuisance_seed);
  EXPECT_EQ(a.camera.fx, b.camera.fx);
  EXPECT_EQ(a.appearance.light_direction, b.appearance.light_direction);
  EXPECT_NE(a.nuisance_seed, c.nuisance_seed);
  const Background x = sample_background(config, backgrounds, 7, 3), y = sample_background(config, backgrounds, 7, 3);
  EXPECT_EQ(x.id, y.id);
  EXPECT_EQ(cv::norm(x.image, y.image, cv::NORM_INF), 0);
  EXPECT_NE(x.id, sample_background(config, backgrounds, 7, 4).id);
  // Over many sequences the focal length varies by about focal_jitter and keeps the image size.
  double sum = 0, sum_sq = 0;
  const int n = 400;
  for (int i = 0; i < n; ++i) {
    core::Rng rng(1, static_cast<std::uint64_t>(i));
    const dataset::Intrinsics k = jitter_intrinsics(config.renderer.camera, config.appearance, rng);
    EXPECT_EQ(k.width, config.renderer.camera.width);
    const double r = k.fx / config.renderer.camera.fx - 1;
    sum += r;
    sum_sq += r * r;
  }
  EXPECT_NEAR(std::sqrt(sum_sq / n - (sum / n) * (sum / n)), config.appearance.focal_jitter, 0.006);
}

}  // namespace
}  // namespace synhead::renderer
