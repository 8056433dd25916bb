#include "synhead/renderer/head_mesh.h"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>
#include <glm/geometric.hpp>

namespace synhead::renderer {

float HeadMesh::bounding_radius() const {
  float r = 0;
  for (const auto& p : positions) r = std::max(r, glm::length(p));
  return r;
}

void HeadMesh::compute_normals() {
  normals.assign(positions.size(), glm::vec3(0.0f));
  for (std::size_t i = 0; i + 2 < indices.size(); i += 3) {
    const auto a = indices[i], b = indices[i + 1], c = indices[i + 2];
    // The cross product's length is twice the triangle area: larger faces weigh more.
    const glm::vec3 n = glm::cross(positions[b] - positions[a], positions[c] - positions[a]);
    normals[a] += n;
    normals[b] += n;
    normals[c] += n;
  }
  for (auto& n : normals) {
    const float len = glm::length(n);
    n = len > 0 ? n / len : glm::vec3(0, 0, -1);
  }
}

void HeadMesh::drop_unused_vertices() {
  std::vector<std::int64_t> remap(positions.size(), -1);
  HeadMesh compact;
  for (auto& index : indices) {
    if (remap[index] < 0) {
      remap[index] = static_cast<std::int64_t>(compact.positions.size());
      compact.positions.push_back(positions[index]);
      compact.normals.push_back(normals[index]);
      if (!uvs.empty()) compact.uvs.push_back(uvs[index]);
      if (!colors.empty()) compact.colors.push_back(colors[index]);
    }
    index = static_cast<std::uint32_t>(remap[index]);
  }
  positions = std::move(compact.positions);
  normals = std::move(compact.normals);
  uvs = std::move(compact.uvs);
  colors = std::move(compact.colors);
}

void HeadMesh::validate() const {
  if (positions.empty() || indices.empty()) throw std::invalid_argument(fmt::format("head '{}' has no triangles", name));
  if (indices.size() % 3 != 0) throw std::invalid_argument(fmt::format("head '{}': index count {} is not a multiple of 3", name, indices.size()));
  if (normals.size() != positions.size()) throw std::invalid_argument(fmt::format("head '{}': {} normals for {} vertices", name, normals.size(), positions.size()));
  if (!uvs.empty() && uvs.size() != positions.size()) throw std::invalid_argument(fmt::format("head '{}': {} uvs for {} vertices", name, uvs.size(), positions.size()));
  if (!colors.empty() && colors.size() != positions.size()) throw std::invalid_argument(fmt::format("head '{}': {} colours for {} vertices", name, colors.size(), positions.size()));
  const auto max_index = *std::max_element(indices.begin(), indices.end());
  if (max_index >= positions.size()) throw std::invalid_argument(fmt::format("head '{}': index {} out of range ({} vertices)", name, max_index, positions.size()));
  std::size_t covered = 0;
  for (const auto& s : submeshes) {
    if (s.material < 0 || static_cast<std::size_t>(s.material) >= materials.size())
      throw std::invalid_argument(fmt::format("head '{}': submesh uses material {} of {}", name, s.material, materials.size()));
    if (s.first_index + s.index_count > indices.size()) throw std::invalid_argument(fmt::format("head '{}': submesh exceeds the index buffer", name));
    covered += s.index_count;
  }
  if (covered != indices.size()) throw std::invalid_argument(fmt::format("head '{}': submeshes cover {} of {} indices", name, covered, indices.size()));
}

}  // namespace synhead::renderer
