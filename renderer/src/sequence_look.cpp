#include "synhead/renderer/sequence_look.h"

namespace synhead::renderer {
namespace {

constexpr std::uint64_t kBackgroundStream = 0xb6ULL << 48;  // keeps background draws apart from look draws
// The body's own stream: enabling it leaves every other draw of the sequence as it was.
constexpr std::uint64_t kBodyStream = 0xb0ULL << 48;

}  // namespace

SequenceLook sample_sequence_look(const SceneConfig& config, std::uint64_t seed, std::uint64_t sequence) {
  core::Rng rng(seed, sequence);
  SequenceLook look;
  look.appearance = sample_appearance(config.appearance, rng);
  look.camera = jitter_intrinsics(config.renderer.camera, config.appearance, rng);
  look.nuisance_seed = rng.next_u64();
  if (config.body.enabled) {
    core::Rng body_rng(seed, kBodyStream + sequence);
    look.body = sample_body_look(config.body, body_rng);
  }
  return look;
}

FrameOptions track_frame_options(const motion_tracks::Track& track, std::size_t index, const SequenceLook& look) {
  FrameOptions options;
  options.camera = look.camera;
  options.shutter = look.appearance.shutter;
  if (index > 0) options.previous_pose = dataset::Pose::from_track_frame(track.frames[index - 1]);
  options.frame = track.frames[index].frame;
  options.time_s = track.frames[index].time_s;
  return options;
}

Background sample_background(const SceneConfig& config, const BackgroundLibrary& backgrounds, std::uint64_t seed,
                             std::uint64_t index) {
  core::Rng rng(seed, kBackgroundStream + index);
  return backgrounds.sample(rng, config.renderer.camera.width, config.renderer.camera.height);
}

}  // namespace synhead::renderer
