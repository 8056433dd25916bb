#pragma once
// What stays fixed for one sequence — lighting and skin reflectance, shutter, the slightly jittered camera, the body
// under the head and the seed of the per-frame nuisances — and its background, drawn from the scene config. Shared by every producer of
// sequences (render-frame, view, the dataset writer, the streaming source) so they mean the same by a config.
// The background has its own draw because datasets pick it per track (as the paper does), not per sequence.

#include <cstdint>
#include <optional>

#include "synhead/motion_tracks/track.h"
#include "synhead/renderer/scene_config.h"

namespace synhead::renderer {

struct SequenceLook {
  Appearance appearance;
  dataset::Intrinsics camera;  // the config's camera with this sequence's focal / principal-point jitter
  std::uint64_t nuisance_seed = 0;
  std::optional<BodyLook> body;  // none when the config's body is disabled
};

// Deterministic in (seed, sequence): independent of how many sequences were drawn before.
SequenceLook sample_sequence_look(const SceneConfig& config, std::uint64_t seed, std::uint64_t sequence);
// How frame `index` of `track` is rendered in a sequence with this look: its camera, shutter, the previous frame's
// pose for motion blur (none for the first frame), frame number and time for the labels.
FrameOptions track_frame_options(const motion_tracks::Track& track, std::size_t index, const SequenceLook& look);

// Background number `index` of a run seeded with `seed`, at the config's image size.
Background sample_background(const SceneConfig& config, const BackgroundLibrary& backgrounds, std::uint64_t seed,
                             std::uint64_t index);

}  // namespace synhead::renderer
