#include "synhead/renderer/sequence_look.h"

namespace synhead::renderer {
namespace {

constexpr std::uint64_t kBackgroundStream = 0xb6ULL << 48;  // keeps background draws apart from look draws

}  // namespace

SequenceLook sample_sequence_look(const SceneConfig& config, std::uint64_t seed, std::uint64_t sequence) {
  core::Rng rng(seed, sequence);
  SequenceLook look;
  look.appearance = sample_appearance(config.appearance, rng);
  look.camera = jitter_intrinsics(config.renderer.camera, config.appearance, rng);
  look.nuisance_seed = rng.next_u64();
  return look;
}

Background sample_background(const SceneConfig& config, const BackgroundLibrary& backgrounds, std::uint64_t seed,
                             std::uint64_t index) {
  core::Rng rng(seed, kBackgroundStream + index);
  return backgrounds.sample(rng, config.renderer.camera.width, config.renderer.camera.height);
}

}  // namespace synhead::renderer
