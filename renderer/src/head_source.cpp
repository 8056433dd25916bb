#include "synhead/renderer/head_source.h"

#include <algorithm>

#include "synhead/core/error.h"
#include "synhead/renderer/head_generator.h"
#include "synhead/renderer/mesh_loader.h"

namespace synhead::renderer {

std::vector<std::string> named_head_ids() {
  auto ids = builtin_head_ids();
  ids.push_back(kMakeHumanHeadId);
  return ids;
}

HeadMesh resolve_head(const std::string& spec, const std::optional<std::filesystem::path>& sidecar) {
  const auto builtin = builtin_head_ids();
  if (std::find(builtin.begin(), builtin.end(), spec) != builtin.end()) return make_builtin_head(spec);
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
    core::throw_user_error("head '{}': not a built-in head ({}) and no such mesh file", spec, ids);
  }
  LoadOptions options;
  options.sidecar = sidecar;
  return load_head_mesh(spec, options);
}

}  // namespace synhead::renderer
