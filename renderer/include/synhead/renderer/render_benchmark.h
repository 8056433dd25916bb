#pragma once
// Throughput of the renderer on one head (for `synhead bench render`): frames/s of
//   render     drawing + waiting for the GPU/rasteriser, no readback
//   readback   render + reading the image (and the landmark depth test)
//   png, jpeg  readback + encoding the frame (OpenCV PNG default parameters, JPEG quality 95)
// The pose sweeps a yaw/pitch pattern so every frame differs.

#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "synhead/renderer/head_mesh.h"

namespace synhead::renderer {

struct RenderBenchmarkCase {
  int width = 640, height = 480;
  std::string antialiasing = "fxaa";
};

struct RenderBenchmarkResult {
  RenderBenchmarkCase config;
  double fps_render = 0, fps_readback = 0, fps_png = 0, fps_jpeg = 0;
  std::string gl_description;
};

RenderBenchmarkResult benchmark_render(const HeadMesh& head, const RenderBenchmarkCase& config, const cv::Mat& background,
                                       int frames);

}  // namespace synhead::renderer
