#include "synhead/renderer/sequence_look.h"

namespace synhead::renderer {

SequenceLook sample_sequence_look(const SceneConfig& config, const BackgroundLibrary& backgrounds, std::uint64_t seed,
                                  std::uint64_t sequence) {
  core::Rng rng(seed, sequence);
  SequenceLook look;
  look.appearance = sample_appearance(config.appearance, rng);
  look.camera = jitter_intrinsics(config.renderer.camera, config.appearance, rng);
  look.background = backgrounds.sample(rng, look.camera.width, look.camera.height);
  look.nuisance_seed = rng.next_u64();
  return look;
}

}  // namespace synhead::renderer
