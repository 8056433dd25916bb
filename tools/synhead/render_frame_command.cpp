// synhead render-frame: one frame of one head at one pose, with its labels.

#include <filesystem>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <spdlog/spdlog.h>

#include "cli_common.h"
#include "synhead/core/atomic_file.h"
#include "synhead/core/error.h"
#include "synhead/core/resources.h"
#include "synhead/renderer/head_source.h"
#include "synhead/renderer/overlay.h"
#include "synhead/renderer/sequence_look.h"

namespace synhead::tools {
namespace {

namespace fs = std::filesystem;
using namespace synhead::renderer;

struct RenderFrameOptions {
  ConfigOptions config;
  std::string head;
  std::string sidecar;
  double pitch = 0, yaw = 0, roll = 0;
  double tx = 0, ty = 0, tz = 800;
  std::string out, labels;
  bool overlay = false;
  bool nuisances = false;
  std::uint64_t seed = 0;
};

void write_image(const fs::path& path, const cv::Mat& image) {
  std::vector<unsigned char> bytes;
  const std::string ext = path.extension().string();
  if (!cv::imencode(ext.empty() ? ".png" : ext, image, bytes))
    core::throw_user_error("{}cannot encode an image of this type (use .png or .jpg)", core::location_prefix(path.string()));
  core::AtomicFile file(path);
  file.stream().write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  file.commit();
}

void run(const RenderFrameOptions& o) {
  const auto config = o.config.load<SceneConfig>();
  if (!config) return;
  const std::string head_spec = o.head.empty() ? named_head_ids().front() : o.head;
  const HeadMesh mesh = resolve_head(head_spec, o.sidecar.empty() ? std::nullopt : std::optional<fs::path>(o.sidecar));
  const SequenceLook look = sample_sequence_look(*config, o.seed, 0);
  const Background background = sample_background(*config, BackgroundLibrary(config->background, core::resource_root()), o.seed, 0);
  // One frame at a pose the user chose: the configured camera as is (no per-sequence camera jitter).
  const dataset::Intrinsics& camera = config->renderer.camera;

  Renderer renderer(config->renderer);
  spdlog::debug("renderer: {}", renderer.gl_description());
  const HeadInstance head{renderer.upload(mesh), look.appearance, look.body};
  const dataset::Pose pose{motion_tracks::rotation_from_euler({o.pitch, o.yaw, o.roll}), {o.tx, o.ty, o.tz}};
  Frame frame = renderer.render(pose, head, background.image);
  if (o.nuisances) {
    const SequenceNuisances nuisances(config->nuisances, look.nuisance_seed, 1, camera.width, camera.height);
    nuisances.apply(frame.image, 0, frame.labels.box);
  }
  write_image(o.out, o.overlay ? draw_overlay(frame.image, frame.labels, camera) : frame.image);
  if (!o.labels.empty()) core::write_text_atomic(o.labels, labels_to_json(frame.labels).dump(2) + "\n");
  int visible = 0;
  for (auto v : frame.labels.visible) visible += v;
  spdlog::info("rendered head '{}' over {} → {} ({} of 68 landmarks visible)", head_spec, background.id, o.out, visible);
}

}  // namespace

void register_render_frame_command(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("render-frame", "Render one frame of a head at a pose, with exact labels");
  auto o = std::make_shared<RenderFrameOptions>();
  o->config.add_to(cmd, "configs/render.yaml");
  cmd->add_option("--head", o->head, "Built-in head id, 'makehuman', or a mesh file (default: the first built-in head)");
  cmd->add_option("--sidecar", o->sidecar, "Sidecar YAML of a mesh file (default: <mesh>.synhead.yaml)");
  cmd->add_option("--pitch", o->pitch, "Pitch in degrees (> 0 looks down)");
  cmd->add_option("--yaw", o->yaw, "Yaw in degrees (> 0 turns the face toward image left)");
  cmd->add_option("--roll", o->roll, "Roll in degrees (> 0 tilts the top of the head toward image right)");
  cmd->add_option("--tx", o->tx, "Head centre x in the camera frame (mm)");
  cmd->add_option("--ty", o->ty, "Head centre y in the camera frame (mm, > 0 is down)");
  cmd->add_option("--tz", o->tz, "Head centre distance from the camera (mm)")->check(CLI::PositiveNumber);
  cmd->add_option("--out", o->out, "Output image (.png or .jpg)")->required();
  cmd->add_option("--labels", o->labels, "Write the labels as JSON (keys = labels.csv columns)");
  cmd->add_flag("--overlay", o->overlay, "Draw landmarks (green visible, red hidden), box and head axes on the image");
  cmd->add_flag("--nuisances", o->nuisances, "Apply the per-frame nuisances of the config (noise, JPEG, flicker, occluder)");
  cmd->add_option("--seed", o->seed, "Seed of appearance, background and nuisances");
  cmd->callback([o, &action] { action = [o] { run(*o); }; });
}

}  // namespace synhead::tools
