#include "synhead/renderer/render_run_benchmark.h"

#include <unistd.h>

#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace synhead::renderer {

std::vector<RenderRunBenchmarkCase> paper_scale_render_cases(int sample) {
  const struct {
    const char* name;
    int width, height;
    const char* format;
  } sizes[] = {{"dataset_640x480", 640, 480, "jpg"}, {"dataset_224x224", 224, 224, "jpg"}, {"dataset_640x480_png", 640, 480, "png"}};
  std::vector<RenderRunBenchmarkCase> cases;
  for (const auto& s : sizes) {
    RenderRunBenchmarkCase c;
    c.name = s.name;
    c.config.image.format = s.format;
    c.config.scene.background.source = "photos";
    const double scale = s.width / 640.0;
    c.config.scene.renderer.camera = {s.width, s.height, 517.7 * scale, 517.7 * scale, s.width / 2.0, s.height / 2.0};
    c.options.shard_count = sample;
    cases.push_back(c);
  }
  return cases;
}

RenderRunBenchmarkResult benchmark_render_run(const RenderRunBenchmarkCase& benchmark) {
  RenderRunOptions options = benchmark.options;
  options.out = std::filesystem::temp_directory_path() / fmt::format("synhead_bench_{}_{}", ::getpid(), benchmark.name);
  const RenderRunStats stats = render_dataset(benchmark.config, nlohmann::json::object(), options);
  std::filesystem::remove_all(options.out);
  return {stats.frames_rendered, static_cast<double>(stats.frames_rendered) / stats.seconds};
}

}  // namespace synhead::renderer
