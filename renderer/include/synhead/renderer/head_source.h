#pragma once
// One way to name a head everywhere (CLI, configs): a built-in id ("female_01" … "male_05"), "makehuman" (the
// unmodified MakeHuman base mesh through the Assimp path and its sidecar), or a path to any mesh Assimp reads
// (with its "<mesh>.synhead.yaml" sidecar, or `sidecar` given explicitly).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "synhead/renderer/head_mesh.h"

namespace synhead::renderer {

inline constexpr const char* kMakeHumanHeadId = "makehuman";

HeadMesh resolve_head(const std::string& spec, const std::optional<std::filesystem::path>& sidecar = std::nullopt);
// The built-in ids followed by "makehuman".
std::vector<std::string> named_head_ids();

}  // namespace synhead::renderer
