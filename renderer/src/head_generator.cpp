// The public entry points: paths, the cached base head, and the assembly of a generated head (shape, skin
// texture, iris colour, material settings).

#include "synhead/renderer/head_generator.h"

#include <cstdlib>

#include "head_generator_parts.h"
#include "synhead/core/resources.h"

namespace synhead::renderer {

namespace {

// Loaded on first use; C++ guarantees one initialisation even with concurrent callers (and a retry after a throw).
const detail::PreparedBase& prepared_base() {
  static const detail::PreparedBase base = detail::prepare_base();
  return base;
}

}  // namespace

std::filesystem::path makehuman_mesh_path() {
  const char* env = std::getenv("SYNHEAD_MAKEHUMAN_MESH");
  return env && *env ? std::filesystem::path(env) : std::filesystem::path("/usr/share/assimp/models/Collada/human.zae");
}

std::filesystem::path makehuman_sidecar_path() { return core::resolve_resource("assets/heads/makehuman.yaml"); }

const HeadMesh& makehuman_base_head() { return prepared_base().mesh; }

HeadMesh shape_head(const HeadMesh& base, const HeadShape& shape) {
  return detail::warp_mesh(base, detail::HeadWarp(detail::analyse_base(base).anchors, shape));
}

HeadMesh generate_head(const HeadParams& params, std::uint64_t seed) {
  const detail::PreparedBase& base = prepared_base();
  HeadMesh head = detail::warp_mesh(base.mesh, detail::HeadWarp(base.analysis.anchors, params.shape, &params.look));
  head.name = "generated";
  detail::separate_hair(head, base.mesh, base.analysis.anchors, params.look);
  const cv::Mat skin_texture = detail::paint_skin(base.mesh, base.analysis, params.look, seed);
  const int eyes = detail::find_base_materials(head).eyes;
  for (std::size_t m = 0; m < head.materials.size(); ++m) {
    Material& material = head.materials[m];
    if (static_cast<int>(m) == eyes) {
      material.texture = detail::tint_iris(material.texture, params.look.iris_color);
      // Without the cornea the iris is a flat recess where any highlight smears into a grey patch: matte eyes.
      material.specular = 0;
      continue;
    }
    // The skin, the neck's cap and the scalp share the painted texture.
    material.texture = skin_texture;
    material.diffuse = glm::vec3(1.0f);
    if (material.name != "Hair") {
      material.specular = static_cast<float>(params.look.shine);
      material.shininess = 20;  // broad, soft highlights: skin is not plastic
    }
  }
  return head;
}

HeadMesh make_builtin_head(const std::string& id) {
  HeadMesh head = generate_head(builtin_head_params(id), builtin_head_seed(id));
  head.name = id;
  return head;
}

}  // namespace synhead::renderer
