// synhead bench render: renderer throughput as JSON (docs/conventions.md: keys carry their unit).

#include <iostream>
#include <map>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "bench_common.h"
#include "cli_common.h"
#include "synhead/core/atomic_file.h"
#include "synhead/core/progress.h"
#include "synhead/core/resources.h"
#include "synhead/renderer/background.h"
#include "synhead/renderer/head_generator.h"
#include "synhead/renderer/head_source.h"
#include "synhead/renderer/render_benchmark.h"
#include "synhead/renderer/render_run_benchmark.h"

namespace synhead::tools {
namespace {

using namespace synhead::renderer;

struct BenchRenderOptions {
  std::string out, head;
  int frames = 200;
  int dataset_sample = 10;  // the end-to-end cases render shard 0/N of the paper-scale plan
  std::vector<std::string> antialiasing{"none", "fxaa", "msaa4"};
};

// frames/s and frames rendered of `synhead render` on shard 0/N of the paper-scale plan, at both sizes and as PNG.
std::map<std::string, double> benchmark_dataset(const BenchRenderOptions& o) {
  std::map<std::string, double> figures;
  for (const auto& c : paper_scale_render_cases(o.dataset_sample)) {
    const RenderRunBenchmarkResult r = benchmark_render_run(c);
    figures["fps_" + c.name] = r.frames_per_s;
    figures[c.name + "_frames"] = static_cast<double>(r.frames);
  }
  return figures;
}

void run_render(const BenchRenderOptions& o) {
  const HeadMesh head = resolve_head(o.head.empty() ? named_head_ids().front() : o.head);
  BackgroundConfig photos;
  photos.source = "photos";
  core::Rng rng(0);
  const cv::Mat background = BackgroundLibrary(photos, core::resource_root()).sample(rng, 640, 480).image;
  nlohmann::json result = {{"machine", bench_machine()},
                           {"date", bench_date()},
                           {"head", o.head.empty() ? named_head_ids().front() : o.head},
                           {"frames_per_case", o.frames}};
  std::cout << "| size | anti-aliasing | render | + readback | + PNG | + JPEG q95 |\n|---|---|---|---|---|---|\n";
  const std::vector<std::pair<int, int>> sizes{{224, 224}, {640, 480}};
  core::Progress progress("bench render", sizes.size() * o.antialiasing.size(), "cases");
  for (const auto& [w, h] : sizes) {
    for (const auto& aa : o.antialiasing) {
      const auto r = benchmark_render(head, {w, h, aa}, background, o.frames);
      const std::string size = fmt::format("{}x{}", w, h);
      result["gl"] = r.gl_description;
      result[fmt::format("fps_render_{}_{}", size, aa)] = r.fps_render;
      result[fmt::format("fps_readback_{}_{}", size, aa)] = r.fps_readback;
      result[fmt::format("fps_png_{}_{}", size, aa)] = r.fps_png;
      result[fmt::format("fps_jpeg95_{}_{}", size, aa)] = r.fps_jpeg;
      if (aa == "fxaa") result[fmt::format("fps_render_{}", size)] = r.fps_readback;  // default anti-aliasing
      std::cout << fmt::format("| {} | {} | {:.0f} | {:.0f} | {:.0f} | {:.0f} |\n", size, aa, r.fps_render, r.fps_readback, r.fps_png, r.fps_jpeg)
                << std::flush;
      progress.advance();
    }
  }
  progress.finish();
  std::cout << "\n| synhead render, end to end (render + nuisances + encode + write) | frames/s |\n|---|---|\n";
  for (const auto& [key, value] : benchmark_dataset(o)) {
    result[key] = value;
    std::cout << fmt::format("| {} | {:.0f} |\n", key, value) << std::flush;
  }
  if (!o.out.empty()) core::write_text_atomic(o.out, result.dump(2) + "\n");
}


}  // namespace

void register_bench_render_command(CLI::App& bench_command, Action& action) {
  auto* bench = &bench_command;
  auto* render = bench->add_subcommand("render", "Renderer frames/s: render, + readback, + PNG, + JPEG, at 224² and 640×480");
  auto o = std::make_shared<BenchRenderOptions>();
  render->add_option("--out", o->out, "Write the figures as JSON");
  render->add_option("--head", o->head, "Head to render (default: the first built-in head)");
  render->add_option("--frames", o->frames, "Frames per renderer measurement")->check(CLI::Range(10, 100000));
  render->add_option("--dataset-sample", o->dataset_sample,
                     "End-to-end cases render every N-th sequence of the paper-scale plan (shard 0/N; 416 sequences of 730 frames)")
      ->check(CLI::Range(1, 416));
  render->add_option("--antialiasing", o->antialiasing, "Anti-aliasing modes to measure")->check(CLI::IsMember({"none", "fxaa", "msaa2", "msaa4", "msaa8"}));
  render->callback([o, &action] { action = [o] { run_render(*o); }; });
}

}  // namespace synhead::tools
