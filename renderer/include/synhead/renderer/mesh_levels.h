#pragma once
// Simplified levels of a head mesh, for drawing it small. llvmpipe's cost per head draw is mostly per triangle
// (setup and binning), so a head a few dozen pixels tall drawn with all 28.8k triangles of the MakeHuman-based
// heads spends nearly all its time on triangles smaller than a pixel. The simplifier (meshoptimizer's edge
// collapse) only drops vertices, so every level indexes the full mesh's vertex buffer and one upload serves all.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "synhead/renderer/head_mesh.h"

namespace synhead::renderer {

struct MeshLevel {
  std::vector<std::uint32_t> indices;  // triangle list into the full mesh's vertices
  std::vector<SubMesh> submeshes;      // the mesh's submeshes (same materials, same order), ranges into `indices`
  double error_mm = 0;                 // measured: the farthest a vertex of the full mesh lies from this level's surface
  std::size_t triangle_count() const { return indices.size() / 3; }
};

struct MeshLevelOptions {
  // The simplifier's error target (its own estimate: distance to the planes around each vertex) at level 1; each
  // further level allows twice the one before, up to coarsest_error_mm.
  double finest_error_mm = 0.05;
  double coarsest_error_mm = 6.4;
  double min_reduction = 0.1;      // a level is kept only when it drops at least this share of the previous one's triangles
};

// Level 0 is the full mesh. Each submesh is simplified on its own with its open borders locked, so borders between
// materials (and any hole) stay exactly where they were and no cracks open; UV seams stay intact (vertices that
// share a position collapse together or not at all). Deterministic: a pure function of the mesh and options.
std::vector<MeshLevel> build_mesh_levels(const HeadMesh& mesh, const MeshLevelOptions& options = {});

// The coarsest level whose error (MeshLevel::error_mm, one per level, level 0 first), seen at `pixels_per_mm`, is at
// most `tolerance_px`; tolerance 0 → level 0.
std::size_t choose_mesh_level(const std::vector<double>& level_errors_mm, double pixels_per_mm, double tolerance_px);

}  // namespace synhead::renderer
