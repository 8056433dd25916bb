// synhead view: play a motion track on a head in a window (space: pause, ←/→: step, L: landmarks/box overlay,
// Q/Esc: quit). Needs a display; on a server run it under `xvfb-run -a`.

#include <chrono>
#include <thread>

#include <opencv2/imgcodecs.hpp>
#include <spdlog/spdlog.h>

#include "cli_common.h"
#include "synhead/core/error.h"
#include "synhead/core/resources.h"
#include "synhead/motion_tracks/tracks_config.h"
#include "synhead/renderer/head_source.h"
#include "synhead/renderer/overlay.h"
#include "synhead/renderer/preview_window.h"
#include "synhead/renderer/sequence_look.h"

namespace synhead::tools {
namespace {

using namespace synhead::renderer;

struct ViewOptions {
  ConfigOptions config;
  std::string head, track, screenshot;
  bool overlay = false;
  int max_frames = 0;
  std::uint64_t seed = 0;
};

void run(const ViewOptions& o) {
  const auto config = o.config.load<SceneConfig>();
  if (!config) return;
  motion_tracks::Track track;
  if (o.track.empty()) {
    track = motion_tracks::generate_track(motion_tracks::GeneratorConfig{}, o.seed, 0);
  } else {
    track = motion_tracks::read_track_csv(o.track);
  }
  const double fps = track.nominal_fps() > 0 ? track.nominal_fps() : 30.0;
  const SequenceLook look = sample_sequence_look(*config, o.seed, 0);
  const Background background = sample_background(*config, BackgroundLibrary(config->background, core::resource_root()), o.seed, 0);
  const SequenceNuisances nuisances(config->nuisances, look.nuisance_seed, static_cast<int>(track.size()), look.camera.width,
                                    look.camera.height);
  // The window first: Mesa's GLX refuses to make a context current once EGL has initialised on this thread.
  PreviewWindow window("synhead view: " + track.name, look.camera.width, look.camera.height);
  Renderer renderer(config->renderer);
  renderer.set_background(background.image);
  const HeadInstance head{renderer.upload(resolve_head(o.head.empty() ? named_head_ids().front() : o.head)), look.appearance, look.body};
  spdlog::info("playing {} ({} frames at {:.1f} fps); space pause, arrows step, L overlay, Q quit", track.name, track.size(), fps);

  bool paused = false, overlay = o.overlay;
  std::size_t index = 0;
  int shown = 0;
  auto next_time = std::chrono::steady_clock::now();
  while (!window.closed()) {
    const auto& f = track.frames[index];
    Frame frame = renderer.render(dataset::Pose::from_track_frame(f), head, track_frame_options(track, index, look));
    nuisances.apply(frame.image, static_cast<int>(index), frame.labels.box);
    const PreviewKeys keys = window.show(overlay ? draw_overlay(frame.image, frame.labels, look.camera) : frame.image);
    ++shown;
    if (keys.quit || (o.max_frames > 0 && shown >= o.max_frames)) break;
    paused ^= keys.toggle_pause;
    overlay ^= keys.toggle_overlay;
    if (keys.step != 0) {
      paused = true;
      const auto n = static_cast<long>(track.size());
      index = static_cast<std::size_t>(((static_cast<long>(index) + keys.step) % n + n) % n);
    } else if (!paused) {
      index = (index + 1) % track.size();
    }
    next_time += std::chrono::microseconds(static_cast<long>(1e6 / fps));
    std::this_thread::sleep_until(next_time);
  }
  if (!o.screenshot.empty()) {
    if (!cv::imwrite(o.screenshot, window.screenshot())) core::throw_user_error("{}cannot write the screenshot", core::location_prefix(o.screenshot));
    spdlog::info("wrote screenshot {}", o.screenshot);
  }
}

}  // namespace

void register_view_command(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("view", "Play a motion track on a head in a window (needs a display or xvfb-run)");
  auto o = std::make_shared<ViewOptions>();
  o->config.add_to(cmd, "configs/render.yaml");
  cmd->add_option("--head", o->head, "Built-in head id, 'makehuman', or a mesh file (default: the first built-in head)");
  cmd->add_option("--track", o->track, "Track CSV to play (default: a procedural track of --seed)");
  cmd->add_flag("--overlay", o->overlay, "Start with the landmarks/box overlay on (toggle with L)");
  cmd->add_option("--max-frames", o->max_frames, "Stop after this many frames (scripted runs)");
  cmd->add_option("--screenshot", o->screenshot, "Save the window's last image to this file when leaving");
  cmd->add_option("--seed", o->seed, "Seed of the procedural track, appearance and background");
  cmd->callback([o, &action] { action = [o] { run(*o); }; });
}

}  // namespace synhead::tools
