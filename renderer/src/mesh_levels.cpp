#include "synhead/renderer/mesh_levels.h"

#include <cmath>

#include <glm/common.hpp>
#include <glm/geometric.hpp>
#include <meshoptimizer.h>

#include "surface_distance.h"
#include "synhead/core/error.h"

namespace synhead::renderer {

namespace {

// The farthest any vertex of `sub` in the full mesh lies from the level's triangles of the same submesh: the
// simplifier's own error (distance to the planes a vertex had) misses how far faces sag between kept vertices.
double measured_error_mm(const HeadMesh& mesh, const SubMesh& sub, const MeshLevel& level, const SubMesh& simplified) {
  std::vector<bool> done(mesh.positions.size(), false);  // the level's own vertices lie on its surface
  for (std::uint32_t i = 0; i < simplified.index_count; ++i) done[level.indices[simplified.first_index + i]] = true;
  glm::vec3 lo(INFINITY), hi(-INFINITY);
  for (std::uint32_t i = 0; i < sub.index_count; ++i) {
    lo = glm::min(lo, mesh.positions[mesh.indices[sub.first_index + i]]);
    hi = glm::max(hi, mesh.positions[mesh.indices[sub.first_index + i]]);
  }
  // 64 cells across the submesh: the fastest of 16, 32, 64, 128 and edge-length-based sizes on the built-in heads.
  const detail::TriangleGrid grid(mesh.positions, level.indices, simplified.first_index, simplified.index_count,
                                  std::max(static_cast<double>(glm::length(hi - lo)) / 64.0, 0.5));
  double farthest = 0;
  for (std::uint32_t i = 0; i < sub.index_count; ++i) {
    const std::uint32_t v = mesh.indices[sub.first_index + i];
    if (done[v]) continue;
    done[v] = true;
    farthest = std::max(farthest, grid.distance(mesh.positions[v]));
  }
  return farthest;
}

// `from` (a level of `mesh`) simplified further, every submesh at the simplifier's `error_mm`; the level's error is
// measured against the full mesh, the largest any submesh shows.
MeshLevel simplify(const HeadMesh& mesh, const MeshLevel& from, double error_mm, float scale_mm) {
  MeshLevel level;
  const auto* positions = &mesh.positions.front().x;
  std::vector<std::uint32_t> simplified;
  for (const SubMesh& sub : from.submeshes) {
    const std::uint32_t* first = from.indices.data() + sub.first_index;
    simplified.resize(sub.index_count);
    const std::size_t count = meshopt_simplify(simplified.data(), first, sub.index_count, positions, mesh.positions.size(),
                                               sizeof(glm::vec3), 0, static_cast<float>(error_mm / scale_mm), meshopt_SimplifyLockBorder, nullptr);
    level.submeshes.push_back({static_cast<std::uint32_t>(level.indices.size()), static_cast<std::uint32_t>(count), sub.material});
    level.indices.insert(level.indices.end(), simplified.begin(), simplified.begin() + static_cast<std::ptrdiff_t>(count));
  }
  for (std::size_t i = 0; i < mesh.submeshes.size(); ++i)
    level.error_mm = std::max(level.error_mm, measured_error_mm(mesh, mesh.submeshes[i], level, level.submeshes[i]));
  return level;
}

}  // namespace

std::vector<MeshLevel> build_mesh_levels(const HeadMesh& mesh, const MeshLevelOptions& options) {
  SYNHEAD_CHECK(options.finest_error_mm > 0 && options.coarsest_error_mm >= options.finest_error_mm && options.min_reduction >= 0 &&
                    options.min_reduction < 1,
                "mesh level options: 0 < finest_error_mm <= coarsest_error_mm, min_reduction in [0, 1)");
  std::vector<MeshLevel> levels(1);
  levels[0].indices = mesh.indices;
  levels[0].submeshes = mesh.submeshes;
  if (mesh.positions.empty() || mesh.indices.empty()) return levels;
  // meshoptimizer measures error relative to the mesh's extent; this turns it into millimetres.
  const float scale_mm = meshopt_simplifyScale(&mesh.positions.front().x, mesh.positions.size(), sizeof(glm::vec3));
  if (scale_mm <= 0) return levels;
  // Each level starts from the previous attempt (cheaper than from the full mesh; its error is measured anyway).
  MeshLevel previous = levels[0];
  for (double error_mm = options.finest_error_mm; error_mm <= options.coarsest_error_mm * 1.0001; error_mm *= 2) {
    previous = simplify(mesh, previous, error_mm, scale_mm);
    const double kept = static_cast<double>(previous.triangle_count()) / static_cast<double>(levels.back().triangle_count());
    if (kept <= 1.0 - options.min_reduction) levels.push_back(previous);
  }
  return levels;
}

std::size_t choose_mesh_level(const std::vector<double>& level_errors_mm, double pixels_per_mm, double tolerance_px) {
  std::size_t chosen = 0;
  for (std::size_t i = 1; i < level_errors_mm.size(); ++i)
    if (level_errors_mm[i] * pixels_per_mm <= tolerance_px) chosen = i;
  return chosen;
}

}  // namespace synhead::renderer
