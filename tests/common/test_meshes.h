#pragma once
// Small analytic meshes for renderer tests, built in code (no asset files).

#include <cmath>

#include "synhead/renderer/head_mesh.h"

namespace synhead::testing {

// A UV sphere of `radius` mm around the origin, one grey material; `bump_mm` > 0 adds a nose-like bump at −z so
// the mesh has a front (it stays mirror-symmetric in x). Landmarks: 68 points on the front hemisphere, on a
// 17-column grid, symmetric in x pairwise (i ↔ 16 − i within each row of 17).
inline renderer::HeadMesh make_test_sphere(float radius, float bump_mm = 0, int rings = 48, int segments = 96) {
  renderer::HeadMesh mesh;
  mesh.name = "sphere";
  auto surface = [&](float theta, float phi) {  // theta from +y (down) pole, phi around y
    glm::vec3 dir(std::sin(theta) * std::sin(phi), std::cos(theta), -std::sin(theta) * std::cos(phi));
    const float bump = bump_mm * std::exp(-(dir.x * dir.x + dir.y * dir.y) / 0.05f) * (dir.z < 0 ? 1.0f : 0.0f);
    return dir * (radius + bump);
  };
  for (int r = 0; r <= rings; ++r) {
    for (int s = 0; s <= segments; ++s) {
      const float theta = static_cast<float>(M_PI) * static_cast<float>(r) / static_cast<float>(rings);
      // The last column repeats the first one's positions exactly: a closed seam, as a UV-mapped mesh has.
      const float phi = 2.0f * static_cast<float>(M_PI) * static_cast<float>(s % segments) / static_cast<float>(segments);
      // Poles exactly on the axis: all of a pole's vertices share one position, as a welded mesh's would.
      mesh.positions.push_back(r == 0 || r == rings ? glm::vec3(0.0f, r == 0 ? radius : -radius, 0.0f) : surface(theta, phi));
    }
  }
  const auto row = static_cast<std::uint32_t>(segments + 1);
  for (std::uint32_t r = 0; r < static_cast<std::uint32_t>(rings); ++r)
    for (std::uint32_t s = 0; s < static_cast<std::uint32_t>(segments); ++s) {
      const std::uint32_t a = r * row + s, b = a + row;
      mesh.indices.insert(mesh.indices.end(), {a, b, a + 1, a + 1, b, b + 1});
    }
  mesh.compute_normals();
  renderer::Material grey;
  grey.name = "grey";
  grey.diffuse = glm::vec3(0.7f);
  grey.specular = 0.1f;
  mesh.materials.push_back(grey);
  mesh.submeshes.push_back({0, static_cast<std::uint32_t>(mesh.indices.size()), 0});
  for (int i = 0; i < dataset::kLandmarkCount; ++i) {
    const int column = i % 17, line = i / 17;
    const float phi = (static_cast<float>(column) - 8.0f) * 0.15f;  // ±69° around the front
    const float theta = 1.2f + 0.25f * static_cast<float>(line);    // rows from above to below the equator
    mesh.landmarks[static_cast<std::size_t>(i)] = surface(theta, phi);
  }
  return mesh;
}

}  // namespace synhead::testing
