#pragma once
// `synhead render` end to end (render + nuisances + encode + write), for `synhead bench render`: a sample of the
// paper-scale dataset itself. The built-in config (configs/synhead.yaml: 10 heads × 70 tracks of 730 frames, the
// paper's split, FXAA, motion blur, nuisances, JPEG q95) over photo backgrounds, shard 0/N — every N-th sequence of
// the plan, whole. Per-sequence cost varies by ±15 % with the track's motion and the head's distance, so short or
// hand-picked tracks mislead; the shard is a sample of what the full run renders. A tenth is 42 sequences, 30,660
// frames (≈ 10 min for the three cases); a 9-sequence sample (N = 50) spread over 127–140 frames/s in five runs,
// each of its sequences also paying a head build.

#include <cstddef>
#include <string>
#include <vector>

#include "synhead/renderer/dataset_config.h"
#include "synhead/renderer/render_job.h"

namespace synhead::renderer {

struct RenderRunBenchmarkCase {
  std::string name;  // "dataset_640x480": the JSON keys are fps_<name> and <name>_frames
  DatasetConfig config;
  RenderRunOptions options;  // the shard; `out` is chosen by benchmark_render_run
};

// At 640×480 and 224×224 (the camera scaled with the width) as JPEG, and at 640×480 as PNG; shard 0 of `sample`.
std::vector<RenderRunBenchmarkCase> paper_scale_render_cases(int sample);

struct RenderRunBenchmarkResult {
  std::size_t frames = 0;
  double frames_per_s = 0;  // over the whole run, start-up and head builds included
};

// Renders the case into a scratch directory under the system temp dir and removes it again.
RenderRunBenchmarkResult benchmark_render_run(const RenderRunBenchmarkCase& benchmark);

}  // namespace synhead::renderer
