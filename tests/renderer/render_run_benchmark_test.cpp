#include "synhead/renderer/render_run_benchmark.h"

#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>

#include "gl_skip.h"
#include "synhead/core/config.h"

namespace synhead::renderer {
namespace {

TEST(PaperScaleRenderCases, AreTheBuiltInConfigOverPhotosAtThreeOutputs) {
  const auto cases = paper_scale_render_cases(10);
  ASSERT_EQ(cases.size(), 3u);
  const struct {
    const char* name;
    int width, height;
    const char* format;
  } expected[] = {{"dataset_640x480", 640, 480, "jpg"}, {"dataset_224x224", 224, 224, "jpg"}, {"dataset_640x480_png", 640, 480, "png"}};
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const RenderRunBenchmarkCase& c = cases[i];
    EXPECT_EQ(c.name, expected[i].name);
    EXPECT_EQ(c.options.shard_index, 0);
    EXPECT_EQ(c.options.shard_count, 10);
    EXPECT_EQ(c.options.limit_frames, 0) << "whole sequences";
    const dataset::Intrinsics& camera = c.config.scene.renderer.camera;
    EXPECT_EQ(camera.width, expected[i].width);
    EXPECT_EQ(camera.height, expected[i].height);
    // The paper-scale camera (517.7 px at 640 wide) scaled with the width, centred.
    EXPECT_DOUBLE_EQ(camera.fx, 517.7 * expected[i].width / 640.0);
    EXPECT_DOUBLE_EQ(camera.fy, camera.fx);
    EXPECT_DOUBLE_EQ(camera.cx, expected[i].width / 2.0);
    EXPECT_DOUBLE_EQ(camera.cy, expected[i].height / 2.0);
    // Everything else is the built-in (paper-scale) config.
    DatasetConfig rest = c.config;
    EXPECT_EQ(rest.image.format, expected[i].format);
    EXPECT_EQ(rest.scene.background.source, "photos");
    rest.image.format = DatasetConfig{}.image.format;
    rest.scene.background.source = DatasetConfig{}.scene.background.source;
    rest.scene.renderer.camera = DatasetConfig{}.scene.renderer.camera;
    EXPECT_EQ(core::config_to_yaml(rest), core::config_to_yaml(DatasetConfig{})) << c.name;
  }
}

TEST(BenchmarkRenderRun, CountsTheFramesItRenderedAndLeavesNoFilesBehind) {
  SYNHEAD_SKIP_WITHOUT_GL();
  SYNHEAD_SKIP_WITHOUT_MAKEHUMAN();
  RenderRunBenchmarkCase c = paper_scale_render_cases(416).at(1);  // one sequence of the plan, 224²
  c.options.limit_frames = 3;
  const RenderRunBenchmarkResult r = benchmark_render_run(c);
  EXPECT_EQ(r.frames, 3u);
  EXPECT_GT(r.frames_per_s, 0);
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::temp_directory_path() /
                                       ("synhead_bench_" + std::to_string(::getpid()) + "_" + c.name)));
}

}  // namespace
}  // namespace synhead::renderer
