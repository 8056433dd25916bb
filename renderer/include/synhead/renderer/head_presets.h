#pragma once
// The built-in people as data: assets/heads/<id>.yaml below the resource root (the repository, or $SYNHEAD_ROOT),
// one file per head with its texture seed, its sex and the HeadShape / HeadLook parameters under `shape:` and
// `look:` (keys as the field names in head_generator.h, colours as [r, g, b]). Read through the config layer: an
// unknown key or a wrong value is a UserError naming the file, line and key; absent keys keep the struct defaults.

#include <cstdint>
#include <filesystem>
#include <string>

#include "synhead/renderer/head_generator.h"

namespace synhead::renderer {

struct HeadPreset {
  std::uint64_t seed = 0;  // drives the skin texture's noise; the geometry depends on the parameters only
  HeadParams params;
};

HeadPreset load_head_preset(const std::filesystem::path& file);

// assets/heads/<id>.yaml below the resource root, for one of builtin_head_ids(); an unknown id is a UserError
// listing the valid ones.
std::filesystem::path builtin_head_preset_path(const std::string& id);

}  // namespace synhead::renderer
