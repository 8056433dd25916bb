// synhead bench infer: per-frame cost of `synhead infer` on one core — model per backend, detectors, crop — and the
// whole pipeline's frames/s on a 640×480 clip, as JSON (docs/conventions.md: keys carry their unit).

#include <cmath>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "bench_common.h"
#include "cli_common.h"
#include "synhead/core/atomic_file.h"
#include "synhead/core/error.h"
#include "synhead/inference/infer_benchmark.h"
#ifdef SYNHEAD_WITH_RENDERER
#include "synhead/motion_tracks/rotation.h"
#include "synhead/renderer/head_source.h"
#include "synhead/renderer/renderer.h"
#endif

namespace synhead::tools {
namespace {

struct BenchInferOptions {
  inference::InferBenchOptions bench;
  std::string checkpoint;
  std::string out;
  std::string work_dir = "bench_infer";
  int clip_frames = 300;
};

#ifdef SYNHEAD_WITH_RENDERER
// A 640×480 clip of a built-in head turning and nodding in front of a textured background, as JPEG files.
std::string render_clip(const std::filesystem::path& dir, int frames) {
  std::filesystem::create_directories(dir);
  renderer::RendererConfig config;
  config.camera = {640, 480, 517.7, 517.7, 320, 240};
  renderer::Renderer renderer(config);
  const renderer::HeadInstance head{renderer.upload(renderer::resolve_head("male_02")), renderer::Appearance{}};
  cv::Mat background(480, 640, CV_8UC3);
  cv::RNG rng(3);
  rng.fill(background, cv::RNG::UNIFORM, 40, 200);
  cv::GaussianBlur(background, background, cv::Size(0, 0), 6);
  for (int i = 0; i < frames; ++i) {
    const double t = i / 30.0;
    const dataset::Pose pose{
        motion_tracks::rotation_from_euler({10 * std::sin(1.3 * t), 35 * std::sin(0.7 * t), 5 * std::sin(0.9 * t)}),
        {30 * std::sin(0.5 * t), 10.0, 750 + 100 * std::sin(0.3 * t)}};
    cv::imwrite((dir / fmt::format("frame_{:05}.jpg", i)).string(), renderer.render(pose, head, background).image);
  }
  return dir.string();
}
#endif

void run_bench_infer(BenchInferOptions o) {
  o.bench.work_dir = o.work_dir;
  o.bench.checkpoint = o.checkpoint;
  if (o.bench.input.empty()) {
#ifdef SYNHEAD_WITH_RENDERER
    o.bench.input = render_clip(o.bench.work_dir / "clip", o.clip_frames);
#else
    throw core::UserError("--input: required in a build without the renderer (a video or image directory of faces)");
#endif
  }
  const auto r = inference::run_infer_benchmark(o.bench);
  std::cout << fmt::format("synhead infer on one core ({}; frames {}×{}), median ms/frame:\n\n", r.model_description,
                           r.frame_width, r.frame_height)
            << "| stage | ms/frame |\n|---|---|\n";
  nlohmann::json result = {{"machine", bench_machine()}, {"date", bench_date()}, {"model", r.model_description},
                           {"threads", 1}};
  for (const auto& [backend, ms] : r.model_ms) {
    std::cout << fmt::format("| model, {} | {:.3f} |\n", backend, ms);
    result["ms_per_frame_model_" + backend] = ms;
  }
  for (const auto& [detector, ms] : r.detect_ms) {
    std::cout << fmt::format("| detection, {} | {:.2f} |\n", detector, ms);
    result["ms_per_frame_detect_" + detector] = ms;
  }
  for (const auto& [detector, ms] : r.detect_local_ms) {
    std::cout << fmt::format("| detection near the face, {} | {:.2f} |\n", detector, ms);
    result["ms_per_frame_detect_local_" + detector] = ms;
  }
  std::cout << fmt::format("| crop (sample + normalise) | {:.3f} |\n", r.crop_ms);
  result["ms_per_frame_crop"] = r.crop_ms;
  const std::string fps_key = fmt::format("fps_pipeline_{}x{}", r.frame_width, r.frame_height);
  std::cout << fmt::format("\nwhole pipeline ({} backend, {} detector, full-frame scan every {} frames): {:.1f} frames/s over "
                           "{} frames ({} with a face)\n",
                           r.pipeline_backend, r.pipeline_detector, o.bench.detect_every, r.pipeline_fps,
                           r.pipeline_frames, r.pipeline_frames_with_face);
  result[fps_key] = r.pipeline_fps;
  result["pipeline"] = {{"backend", r.pipeline_backend},   {"detector", r.pipeline_detector},
                        {"detect_every", o.bench.detect_every}, {"frames", r.pipeline_frames},
                        {"frames_with_face", r.pipeline_frames_with_face}};
  if (!o.out.empty()) core::write_text_atomic(o.out, result.dump(2) + "\n");
}

}  // namespace

void register_bench_infer_command(CLI::App& bench, Action& action) {
  auto* cmd = bench.add_subcommand(
      "infer", "Per-frame cost of synhead infer on one core (model per backend, detection, crop) and pipeline frames/s");
  auto o = std::make_shared<BenchInferOptions>();
  o->bench.model.variant = "rnn";
  cmd->add_option("--out", o->out, "Write the figures as JSON");
  cmd->add_option("--checkpoint", o->checkpoint,
                  "A synhead checkpoint (default: a fresh tiny FC-RNN @64; timings do not depend on the weights)");
  cmd->add_option("--input", o->bench.input,
                  "Video or image directory showing a face (default: a 640x480 clip rendered here)");
  cmd->add_option("--clip-frames", o->clip_frames, "Frames of the rendered clip")->check(CLI::Range(30, 100000))
      ->capture_default_str();
  cmd->add_option("--work-dir", o->work_dir, "Where the clip, checkpoint, exported models and CSV go")
      ->capture_default_str();
  cmd->add_option("--calls", o->bench.model_calls, "Timed model steps per backend")->check(CLI::Range(10, 100000))
      ->capture_default_str();
  cmd->add_option("--detect-every", o->bench.detect_every, "The pipeline's full-frame scan cadence (infer --detect-every)")
      ->check(CLI::Range(1, 1000))->capture_default_str();
  cmd->callback([o, &action] { action = [o] { run_bench_infer(*o); }; });
}

}  // namespace synhead::tools
