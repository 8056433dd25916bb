#pragma once
// One stream worker's renderer: turns a StreamWindow into a WindowSample (the same crops and labels the disk
// loader makes from a rendered dataset). Owns a renderer::Renderer, hence a GL context bound to the thread that
// constructs it: construct, use and destroy it on one thread. Torch-free.
//
// A window is rendered as a `synhead render` sequence restricted to T frames: its look (lighting, skin, shutter,
// camera jitter), background and nuisances are drawn as the dataset writer draws a sequence's, keyed by the window
// index instead of the sequence index, and its frames use the track's rows [first, first + T) with their frame
// numbers (so motion blur, flicker and occluders run on the track's time line). Per frame the crop window is the
// detector-like jittered face box (nuisances.box_jitter) with data.crop_margin and the window's augmentation jitter.
// data.stream.render = crop renders S×S through crop_intrinsics (nuisances then act at crop resolution: noise and
// JPEG blocks are per crop pixel, not per camera pixel); full renders the camera frame and crops it as the disk
// loader does (slower, the same pixels as a dataset).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "synhead/renderer/background.h"
#include "synhead/renderer/prepared_head.h"
#include "synhead/renderer/renderer.h"
#include "synhead/stream/stream_config.h"
#include "synhead/trainer/face_crop.h"
#include "synhead/stream/stream_plan.h"

namespace synhead::stream {

struct StreamSeeds {
  std::uint64_t windows = 0;  // StreamPlan::window draws
  std::uint64_t looks = 0;    // look, background and nuisances of window i: keyed (looks, i)
  std::uint64_t augment = 0;  // augmentation of window i: Rng(augment, i)
};

class WindowRenderer {
 public:
  // Creates the GL context (renderer::Renderer) on this thread and uploads every head of the plan, prepared once
  // per process in `heads` (shared by the stream's workers).
  WindowRenderer(const StreamPlan& plan, renderer::PreparedHeads& heads, const renderer::BackgroundLibrary& backgrounds,
                 const trainer::DataConfig& config, int input_size);
  ~WindowRenderer();
  WindowRenderer(const WindowRenderer&) = delete;
  WindowRenderer& operator=(const WindowRenderer&) = delete;

  trainer::WindowSample render(const StreamWindow& window, const StreamSeeds& seeds, bool augment);

 private:
  struct Head {
    std::shared_ptr<const renderer::GpuHead> gpu;
    std::array<glm::vec3, dataset::kLandmarkCount> landmarks{};
  };
  const StreamPlan& plan_;
  const renderer::BackgroundLibrary& backgrounds_;
  const trainer::DataConfig config_;
  const int input_size_;
  const bool crop_render_;
  std::unique_ptr<renderer::Renderer> renderer_;
  std::vector<Head> heads_;  // StreamPlan::heads() order
};

}  // namespace synhead::stream
