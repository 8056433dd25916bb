#pragma once
// Heads from any mesh file Assimp reads (OBJ, PLY, glTF/GLB, FBX, Collada/ZAE, …), normalised into the canonical
// head frame by a sidecar YAML:
//
//   scale: 1000                    # source units → millimetres
//   rotation_deg: [180, 0, 0]      # source axes → canonical axes, R = Rz·Ry·Rx of [x, y, z] degrees
//   origin: [0, 1.55, 0.02]        # source point that becomes the head centre (mid-point between the ears)
//   keep_below_mm: 140             # optional: drop triangles with a vertex lower than this (canonical y, +y down)
//   landmarks:                     # the iBUG 68, as source-space points (or `vertices:` indices into the
//     points: [[x, y, z], ...]     # loaded mesh, numbered as synhead's loader numbers them)
//
// canonical = scale · R · (source − origin). Without a sidecar the mesh is assumed +Y up facing +Z (the glTF
// convention), centred on its bounding box and scaled to a 240 mm tall head; landmarks must then come from
// elsewhere (`require_landmarks = false`, e.g. for automatic annotation).
// Textures: files relative to the mesh or embedded ones. A texture that cannot be read is an error naming the
// mesh and the texture (never a silent grey head).

#include <array>
#include <filesystem>
#include <optional>
#include <vector>

#include "synhead/renderer/head_mesh.h"

namespace synhead::renderer {

struct HeadSidecar {
  double scale = 1.0;
  std::array<double, 3> rotation_deg{0, 0, 0};
  std::array<double, 3> origin{0, 0, 0};
  std::optional<double> keep_below_mm;
  std::vector<std::array<double, 3>> landmark_points;  // source space
  std::vector<int> landmark_vertices;
};

// Reads and validates a sidecar; errors name the file, line and key.
HeadSidecar read_sidecar(const std::filesystem::path& path);
// "<mesh>.synhead.yaml" beside the mesh.
std::filesystem::path default_sidecar_path(const std::filesystem::path& mesh);

struct LoadOptions {
  std::optional<std::filesystem::path> sidecar;  // default: default_sidecar_path(mesh) when it exists
  bool require_landmarks = true;
};

HeadMesh load_head_mesh(const std::filesystem::path& mesh, const LoadOptions& options = {});

}  // namespace synhead::renderer
