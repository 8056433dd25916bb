#include "synhead/renderer/head_source.h"

#include <algorithm>

#include "synhead/core/error.h"
#include "synhead/renderer/head_generator.h"
#include "synhead/renderer/mesh_loader.h"

namespace synhead::renderer {

namespace {
constexpr std::uint64_t kRandomHeadSeed = 0x4ead5eedULL;  // random:N is person N of this one fixed population
}  // namespace

std::vector<std::string> named_head_ids() {
  auto ids = builtin_head_ids();
  ids.push_back(kMakeHumanHeadId);
  return ids;
}

std::optional<std::uint64_t> random_head_number(const std::string& spec) {
  if (spec.rfind(kRandomHeadPrefix, 0) != 0) return std::nullopt;
  const std::string number = spec.substr(std::char_traits<char>::length(kRandomHeadPrefix));
  const bool digits = !number.empty() && number.size() <= 9 && std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) core::throw_user_error("head '{}': a generated head is named random:N with N a whole number (0 to 999999999)", spec);
  return std::stoull(number);
}

HeadMesh resolve_head(const std::string& spec, const std::optional<std::filesystem::path>& sidecar) {
  const auto builtin = builtin_head_ids();
  if (std::find(builtin.begin(), builtin.end(), spec) != builtin.end()) return make_builtin_head(spec);
  if (const auto number = random_head_number(spec)) {
    core::Rng rng(kRandomHeadSeed, *number);
    HeadMesh mesh = generate_head(random_head_params(rng), *number);
    mesh.name = spec;
    return mesh;
  }
  if (spec == kMakeHumanHeadId) {
    // The unmodified mesh through the generic Assimp path, as a user's scanned head would come.
    LoadOptions options;
    options.sidecar = makehuman_sidecar_path();
    HeadMesh mesh = load_head_mesh(makehuman_mesh_path(), options);
    mesh.name = kMakeHumanHeadId;
    return mesh;
  }
  if (!std::filesystem::exists(spec)) {
    std::string ids;
    for (const auto& id : named_head_ids()) ids += (ids.empty() ? "" : ", ") + id;
    core::throw_user_error("head '{}': not a built-in head ({}), not random:N and no such mesh file", spec, ids);
  }
  LoadOptions options;
  options.sidecar = sidecar;
  return load_head_mesh(spec, options);
}

}  // namespace synhead::renderer
