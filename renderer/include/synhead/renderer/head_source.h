#pragma once
// One way to name a head everywhere (CLI, configs): a built-in id ("female_01" … "male_05"), "random:N" (person N
// of a fixed population of generated heads: random shape, skin, hair and sex, the same head for the same N on every
// machine), "makehuman" (the unmodified MakeHuman base mesh through the Assimp path and its sidecar), or a path to
// any mesh Assimp reads (with its "<mesh>.synhead.yaml" sidecar, or `sidecar` given explicitly).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "synhead/renderer/head_mesh.h"

namespace synhead::renderer {

inline constexpr const char* kMakeHumanHeadId = "makehuman";
inline constexpr const char* kRandomHeadPrefix = "random:";

// N of a "random:N" spec; none for other specs; a UserError for a malformed random: spec.
std::optional<std::uint64_t> random_head_number(const std::string& spec);
HeadMesh resolve_head(const std::string& spec, const std::optional<std::filesystem::path>& sidecar = std::nullopt);
// The built-in ids followed by "makehuman".
std::vector<std::string> named_head_ids();

}  // namespace synhead::renderer
