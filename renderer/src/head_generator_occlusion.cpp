// Ambient occlusion by disc-to-point transfer (Bunnell, GPU Gems 2, ch. 14): every vertex stands for a small disc
// of a third of its triangles' area, and the occlusion at a vertex is the sum of the cosine-weighted solid angles
// of the discs near it that face it. One pass over-darkens where occluders overlap, so the result is clamped and
// eased; the sum runs over discs within 20 mm (a spatial hash), which is what matters at the scale of a face.

#include <cmath>
#include <map>
#include <tuple>

#include <glm/geometric.hpp>

#include "head_generator_parts.h"

namespace synhead::renderer::detail {

namespace {

constexpr float kReachMm = 20;

using Cell = std::tuple<int, int, int>;

Cell cell_of(const glm::vec3& p) {
  return {static_cast<int>(std::floor(p.x / kReachMm)), static_cast<int>(std::floor(p.y / kReachMm)), static_cast<int>(std::floor(p.z / kReachMm))};
}

std::vector<float> disc_areas(const HeadMesh& mesh) {
  std::vector<float> area(mesh.positions.size(), 0.0f);
  for (std::size_t i = 0; i + 2 < mesh.indices.size(); i += 3) {
    const auto a = mesh.indices[i], b = mesh.indices[i + 1], c = mesh.indices[i + 2];
    const float third = glm::length(glm::cross(mesh.positions[b] - mesh.positions[a], mesh.positions[c] - mesh.positions[a])) / 6;
    area[a] += third;
    area[b] += third;
    area[c] += third;
  }
  return area;
}

}  // namespace

void bake_ambient_occlusion(HeadMesh& mesh) {
  const std::vector<float> area = disc_areas(mesh);
  std::map<Cell, std::vector<std::uint32_t>> grid;
  for (std::uint32_t v = 0; v < mesh.positions.size(); ++v) grid[cell_of(mesh.positions[v])].push_back(v);
  mesh.colors.assign(mesh.positions.size(), glm::vec3(1.0f));
  for (std::uint32_t i = 0; i < mesh.positions.size(); ++i) {
    const glm::vec3& p = mesh.positions[i];
    const glm::vec3& n = mesh.normals[i];
    const auto [cx, cy, cz] = cell_of(p);
    float occlusion = 0;
    for (int dx = -1; dx <= 1; ++dx)
      for (int dy = -1; dy <= 1; ++dy)
        for (int dz = -1; dz <= 1; ++dz) {
          const auto it = grid.find({cx + dx, cy + dy, cz + dz});
          if (it == grid.end()) continue;
          for (std::uint32_t j : it->second) {
            const glm::vec3 d = mesh.positions[j] - p;
            const float d2 = glm::dot(d, d);
            if (j == i || d2 > kReachMm * kReachMm || d2 < 1e-6f) continue;
            const glm::vec3 v = d / std::sqrt(d2);
            const float receiver = glm::dot(n, v), emitter = -glm::dot(mesh.normals[j], v);
            if (receiver <= 0 || emitter <= 0) continue;
            occlusion += area[j] * receiver * emitter / (3.14159265f * d2 + area[j]);
          }
        }
    const float visible = std::exp(-1.5f * occlusion);  // eases the over-counted sum instead of clipping it
    mesh.colors[i] = glm::vec3(0.3f + 0.7f * visible);
  }
}

}  // namespace synhead::renderer::detail
