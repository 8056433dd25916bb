#pragma once
// The headless head renderer: one instance per thread (it owns that thread's GL context). Instances on different
// threads take turns: every GL call of the process runs under one lock (Mesa 22.3's llvmpipe crashed with two
// contexts drawing at once; its rasteriser threads are shared by all contexts anyway). A frame is the posed
// head composited over a background, with its exact ground truth computed from the same geometry:
//
//   Renderer renderer(config);                           // creates the context on this thread
//   HeadInstance head{renderer.upload(mesh), appearance};
//   Frame frame = renderer.render(pose, head, background);   // frame.image (BGR), frame.labels

#include <memory>
#include <optional>
#include <string>

#include <opencv2/core/mat.hpp>

#include "synhead/renderer/appearance.h"
#include "synhead/renderer/body.h"
#include "synhead/dataset/camera.h"
#include "synhead/renderer/head_mesh.h"
#include "synhead/dataset/labels.h"
#include "synhead/renderer/prepared_head.h"

namespace synhead::renderer {

struct RendererConfig {
  dataset::Intrinsics camera;                   // image size and default intrinsics
  std::string antialiasing = "fxaa";   // none | fxaa | msaa2 | msaa4 | msaa8
  int motion_blur_samples = 4;         // sub-frames per frame when a previous pose is given (1 = off)
  // Heads drawn small use a simplified level of their mesh whose surface error, projected at the head's nearest
  // point, stays within this many pixels (mesh_levels.h); 0 = always the full mesh. Landmarks, pose and box do not
  // depend on it; a landmark's visibility (depth test, 5 mm tolerance) may flip when it is within millimetres of
  // being hidden (under 1 % of flags in the tests).
  double lod_tolerance_px = 0.5;
};

template <class V>
void describe(V& v, RendererConfig& c) {
  v.section("camera", c.camera);
  v.field("antialiasing", c.antialiasing);
  v.require(c.antialiasing == "none" || c.antialiasing == "fxaa" || c.antialiasing == "msaa2" ||
                c.antialiasing == "msaa4" || c.antialiasing == "msaa8",
            "antialiasing", "one of none, fxaa, msaa2, msaa4, msaa8");
  v.field("motion_blur_samples", c.motion_blur_samples);
  v.require(c.motion_blur_samples >= 1 && c.motion_blur_samples <= 32, "motion_blur_samples", "an integer in [1, 32]");
  v.field("lod_tolerance_px", c.lod_tolerance_px);
  v.require(c.lod_tolerance_px >= 0 && c.lod_tolerance_px <= 8, "lod_tolerance_px", "a number of pixels in [0, 8]");
}

class GpuHead;  // a mesh uploaded to one renderer's context

struct HeadInstance {
  std::shared_ptr<const GpuHead> gpu;
  Appearance appearance;
  // Neck, shoulders and clothes under the head (body.h); none: a head alone. Defaulted so that the many
  // two-member initialisations need not spell it out.
  std::optional<BodyLook> body = std::nullopt;
};

struct FrameOptions {
  std::optional<dataset::Intrinsics> camera;     // per-sequence jittered intrinsics (same image size); default: config's
  // Motion blur: the shutter is open from `shutter` frame intervals before this pose until it; the blur path
  // interpolates from previous_pose (the pose one frame interval earlier). Labels are this frame's exact pose.
  std::optional<dataset::Pose> previous_pose;
  double shutter = 0.5;
  bool want_mask = false;   // 8-bit coverage of the head and its body (anti-aliased)
  bool want_depth = false;  // 32-bit float camera-frame depth in mm (0 = background)
  bool read_image = true;   // false: render and wait, but skip the colour readback (benchmarks)
  std::int64_t frame = 0;   // copied into the labels
  double time_s = 0;
};

struct Frame {
  cv::Mat image;  // 8-bit BGR, camera.width × camera.height
  dataset::FrameLabels labels;
  cv::Mat mask;
  cv::Mat depth_mm;
  std::size_t mesh_level = 0;  // the level of the head's mesh that was drawn (0 = full mesh; RendererConfig::lod_tolerance_px)
};

class Renderer {
 public:
  explicit Renderer(const RendererConfig& config);
  ~Renderer();
  Renderer(const Renderer&) = delete;
  Renderer& operator=(const Renderer&) = delete;

  std::shared_ptr<const GpuHead> upload(const HeadMesh& mesh);  // builds its levels (build_mesh_levels) first
  // `levels` = build_mesh_levels(mesh), built once for every renderer that draws the mesh (prepared_head.h).
  std::shared_ptr<const GpuHead> upload(const HeadMesh& mesh, const std::vector<MeshLevel>& levels);
  std::shared_ptr<const GpuHead> upload(const PreparedHead& head) { return upload(head.mesh, head.levels); }
  // Uploads the background that the following frames are drawn over (once per sequence); it is stretched to the
  // frame, so callers crop it to the frame's aspect ratio first.
  void set_background(const cv::Mat& bgr);
  Frame render(const dataset::Pose& pose, const HeadInstance& head, const FrameOptions& options = {});
  // set_background + render, for one-off frames.
  Frame render(const dataset::Pose& pose, const HeadInstance& head, const cv::Mat& background, const FrameOptions& options = {});

  const RendererConfig& config() const { return config_; }
  const std::string& gl_description() const;

 private:
  struct State;
  void init_state();  // the context, programs and targets; called under the process's GL lock
  RendererConfig config_;
  std::unique_ptr<State> state_;
};

// Labels of `pose` for a head with these landmarks, without rendering (visibility needs the depth buffer and is
// left at 1 for landmarks inside the image).
dataset::FrameLabels project_labels(const dataset::Pose& pose, const std::array<glm::vec3, dataset::kLandmarkCount>& landmarks, const dataset::Intrinsics& camera);

}  // namespace synhead::renderer
