// Preparing the MakeHuman mesh as the base of every generated head: corneas out, the neck closed, occlusion
// baked; and the per-head split of the scalp into its own material.

#include <algorithm>
#include <map>
#include <numeric>
#include <utility>

#include <glm/geometric.hpp>
#include <opencv2/imgproc.hpp>

#include "head_generator_parts.h"
#include "synhead/core/error.h"
#include "synhead/renderer/mesh_loader.h"

namespace synhead::renderer::detail {

namespace {

// The index buffer as one triangle list per submesh, and back.
using Parts = std::vector<std::pair<int, std::vector<std::uint32_t>>>;

Parts split_parts(const HeadMesh& mesh) {
  Parts parts;
  for (const auto& sub : mesh.submeshes)
    parts.emplace_back(sub.material, std::vector<std::uint32_t>(mesh.indices.begin() + sub.first_index,
                                                                mesh.indices.begin() + sub.first_index + sub.index_count));
  return parts;
}

void join_parts(HeadMesh& mesh, const Parts& parts) {
  mesh.indices.clear();
  mesh.submeshes.clear();
  for (const auto& [material, triangles] : parts) {
    if (triangles.empty()) continue;
    mesh.submeshes.push_back({static_cast<std::uint32_t>(mesh.indices.size()), static_cast<std::uint32_t>(triangles.size()), material});
    mesh.indices.insert(mesh.indices.end(), triangles.begin(), triangles.end());
  }
}

// MakeHuman models each cornea as a shell over the eyeball, textured with the fully transparent disc in the eye
// texture's corner: it shows nothing, so it goes, and with it the eyes' need for an alpha cut-out.
void remove_corneas(HeadMesh& mesh, int eye_material) {
  Parts parts = split_parts(mesh);
  for (auto& [material, triangles] : parts) {
    if (material != eye_material) continue;
    std::vector<std::uint32_t> kept;
    for (std::size_t i = 0; i < triangles.size(); i += 3) {
      const bool cornea = std::all_of(triangles.begin() + static_cast<std::ptrdiff_t>(i), triangles.begin() + static_cast<std::ptrdiff_t>(i) + 3,
                                      [&](std::uint32_t v) { return mesh.uvs[v].x > 0.85f && mesh.uvs[v].y > 0.85f; });
      if (!cornea) kept.insert(kept.end(), triangles.begin() + static_cast<std::ptrdiff_t>(i), triangles.begin() + static_cast<std::ptrdiff_t>(i) + 3);
    }
    triangles = std::move(kept);
  }
  join_parts(mesh, parts);
  mesh.drop_unused_vertices();
  Material& eyes = mesh.materials[static_cast<std::size_t>(eye_material)];
  if (eyes.texture.channels() == 4) cv::cvtColor(eyes.texture, eyes.texture, cv::COLOR_BGRA2BGR);
  eyes.alpha_cutout = false;
}

// The skin's open edges (after welding the UV seams), oriented as in their triangles.
std::vector<std::pair<std::uint32_t, std::uint32_t>> open_edges(const HeadMesh& mesh, int skin_material, const std::vector<std::uint32_t>& rep) {
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::pair<int, std::pair<std::uint32_t, std::uint32_t>>> uses;
  for (const auto& sub : mesh.submeshes)
    if (sub.material == skin_material)
      for (std::uint32_t i = sub.first_index; i < sub.first_index + sub.index_count; i += 3)
        for (std::uint32_t k = 0; k < 3; ++k) {
          const auto a = rep[mesh.indices[i + k]], b = rep[mesh.indices[i + (k + 1) % 3]];
          auto& entry = uses[{std::min(a, b), std::max(a, b)}];
          ++entry.first;
          entry.second = {a, b};
        }
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  for (const auto& [key, entry] : uses)
    if (entry.first == 1) out.push_back(entry.second);
  return out;
}

// The sidecar's crop cuts the neck straight; a disc of its own material closes the cut, so that a head seen from
// below is not hollow.
void close_neck(HeadMesh& mesh, int skin_material) {
  const std::vector<std::uint32_t> rep = weld_map(mesh, skin_material);
  const auto edges = open_edges(mesh, skin_material, rep);
  if (edges.empty()) return;
  // Open edges form loops (the hem, the back of the mouth); the hem is the loop through the lowest vertex.
  std::vector<std::uint32_t> loop(mesh.positions.size());
  std::iota(loop.begin(), loop.end(), 0u);
  auto find = [&](std::uint32_t v) {
    while (loop[v] != v) v = loop[v] = loop[loop[v]];
    return v;
  };
  std::uint32_t lowest = edges.front().first;
  for (const auto& [a, b] : edges) {
    loop[find(a)] = find(b);
    for (std::uint32_t v : {a, b})
      if (mesh.positions[v].y > mesh.positions[lowest].y) lowest = v;
  }
  const std::uint32_t hem = find(lowest);

  // The cap: a fan from the hem's centre, with its own vertices (so its normals stay separate from the neck's),
  // wound against the neck's triangles along each edge and textured with one neck texel.
  std::map<std::uint32_t, std::uint32_t> cap_vertex;
  glm::vec3 centre(0.0f);
  const glm::vec2 uv = mesh.uvs.empty() ? glm::vec2(0.0f) : mesh.uvs[lowest];
  auto add_vertex = [&](const glm::vec3& p) {
    mesh.positions.push_back(p);
    mesh.normals.emplace_back(0, 1, 0);
    if (!mesh.uvs.empty()) mesh.uvs.push_back(uv);
    if (!mesh.colors.empty()) mesh.colors.emplace_back(1.0f);
    return static_cast<std::uint32_t>(mesh.positions.size() - 1);
  };
  for (const auto& [a, b] : edges)
    if (find(a) == hem)
      for (std::uint32_t v : {a, b})
        if (cap_vertex.emplace(v, 0).second) {
          cap_vertex[v] = add_vertex(mesh.positions[v]);
          centre += mesh.positions[v];
        }
  const std::uint32_t middle = add_vertex(centre / static_cast<float>(cap_vertex.size()));
  std::vector<std::uint32_t> cap;
  for (const auto& [a, b] : edges)
    if (find(a) == hem) cap.insert(cap.end(), {cap_vertex[b], cap_vertex[a], middle});

  Material material = mesh.materials[static_cast<std::size_t>(skin_material)];
  material.name = "NeckCap";
  mesh.materials.push_back(material);
  Parts parts = split_parts(mesh);
  parts.emplace_back(static_cast<int>(mesh.materials.size() - 1), std::move(cap));
  join_parts(mesh, parts);
}

}  // namespace

PreparedBase prepare_base() {
  const auto path = makehuman_mesh_path();
  if (!std::filesystem::exists(path))
    core::throw_user_error("{}the MakeHuman base mesh for the built-in heads is missing: run tools/setup.sh (it installs the Debian package "
                           "assimp-testmodels) or set SYNHEAD_MAKEHUMAN_MESH",
                           core::location_prefix(path.string()));
  PreparedBase base;
  base.mesh = load_head_mesh(path, LoadOptions{makehuman_sidecar_path(), true});
  base.mesh.name = "makehuman";
  const BaseMaterials materials = find_base_materials(base.mesh);
  remove_corneas(base.mesh, materials.eyes);
  close_neck(base.mesh, materials.skin);
  base.mesh.compute_normals();
  bake_ambient_occlusion(base.mesh);
  base.analysis = analyse_base(base.mesh);
  return base;
}

void separate_hair(HeadMesh& head, const HeadMesh& base, const FaceAnchors& anchors, const HeadLook& look) {
  if (look.hair <= 0) return;
  const int skin_material = find_base_materials(head).skin;
  Material hair = head.materials[static_cast<std::size_t>(skin_material)];
  hair.name = "Hair";
  hair.specular = 0.05f;  // a faint, broad sheen instead of the skin's highlight
  hair.shininess = 8;
  head.materials.push_back(hair);
  Parts parts = split_parts(head);
  std::vector<std::uint32_t> scalp;
  for (auto& [material, triangles] : parts) {
    if (material != skin_material) continue;
    std::vector<std::uint32_t> bare;
    for (std::size_t i = 0; i < triangles.size(); i += 3) {
      const glm::vec3 centroid = (base.positions[triangles[i]] + base.positions[triangles[i + 1]] + base.positions[triangles[i + 2]]) / 3.0f;
      auto& destination = hair_cap_weight(anchors, look, centroid, 2) > 0.5f ? scalp : bare;
      destination.insert(destination.end(), triangles.begin() + static_cast<std::ptrdiff_t>(i), triangles.begin() + static_cast<std::ptrdiff_t>(i) + 3);
    }
    triangles = std::move(bare);
  }
  parts.emplace_back(static_cast<int>(head.materials.size() - 1), std::move(scalp));
  join_parts(head, parts);
}

}  // namespace synhead::renderer::detail
