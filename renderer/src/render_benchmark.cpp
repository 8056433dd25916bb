#include "synhead/renderer/render_benchmark.h"

#include <chrono>
#include <cmath>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "synhead/renderer/renderer.h"

namespace synhead::renderer {
namespace {

dataset::Pose sweep_pose(int i) {
  const double t = i / 30.0;
  return {motion_tracks::rotation_from_euler({20 * std::sin(1.3 * t), 50 * std::sin(0.9 * t), 10 * std::sin(0.5 * t)}),
          {0.0, 0.0, 800.0}};
}

template <class F>
double frames_per_second(int frames, F&& render_one) {
  render_one(-1);  // warm-up: shader compilation, first allocations
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < frames; ++i) render_one(i);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return frames / seconds;
}

}  // namespace

RenderBenchmarkResult benchmark_render(const HeadMesh& head, const RenderBenchmarkCase& c, const cv::Mat& background, int frames) {
  RendererConfig config;
  config.camera = {c.width, c.height, 517.7 * c.width / 640.0, 517.7 * c.width / 640.0, c.width / 2.0, c.height / 2.0};
  config.antialiasing = c.antialiasing;
  Renderer renderer(config);
  const HeadInstance instance{renderer.upload(head), Appearance{}};
  cv::Mat scaled;
  cv::resize(background, scaled, cv::Size(c.width, c.height), 0, 0, cv::INTER_AREA);
  RenderBenchmarkResult r;
  r.config = c;
  r.gl_description = renderer.gl_description();
  renderer.set_background(scaled);  // once, as for a sequence
  FrameOptions no_readback;
  no_readback.read_image = false;
  r.fps_render = frames_per_second(frames, [&](int i) { renderer.render(sweep_pose(i), instance, no_readback); });
  r.fps_readback = frames_per_second(frames, [&](int i) { renderer.render(sweep_pose(i), instance); });
  std::vector<unsigned char> bytes;
  r.fps_png = frames_per_second(frames, [&](int i) { cv::imencode(".png", renderer.render(sweep_pose(i), instance).image, bytes); });
  const std::vector<int> jpeg95{cv::IMWRITE_JPEG_QUALITY, 95};
  r.fps_jpeg = frames_per_second(frames, [&](int i) { cv::imencode(".jpg", renderer.render(sweep_pose(i), instance).image, bytes, jpeg95); });
  return r;
}

}  // namespace synhead::renderer
