#pragma once
// A head in the canonical head frame (docs/conventions.md): millimetres, origin at the head centre (mid-point between
// the ears), +x image right, +y down, the face looking along −z (toward a camera at R = I).

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <glm/vec2.hpp>
#include <glm/vec3.hpp>
#include <opencv2/core/mat.hpp>

#include "synhead/dataset/labels.h"

namespace synhead::renderer {

// Colours are lit in linear RGB; textures and frames are 8-bit with this gamma: the head shader squares texels and
// takes the square root of its output (cheaper on llvmpipe than pow with 2.2), and the CPU side matches it.
inline constexpr float kDisplayGamma = 2.0f;


struct Material {
  std::string name;
  glm::vec3 diffuse{0.8f};   // multiplies the texture (or is the colour when there is none), linear RGB
  cv::Mat texture;           // 8-bit BGR, or BGRA with alpha_cutout; row 0 is v = 0 (loaders flip OpenGL-style v)
  bool alpha_cutout = false; // texels with alpha < 0.5 are not drawn (e.g. a transparent cornea shell over the iris)
  float specular = 0.15f;    // Blinn-Phong specular strength
  float shininess = 24.0f;
};

struct SubMesh {
  std::uint32_t first_index = 0;  // into HeadMesh::indices
  std::uint32_t index_count = 0;
  int material = 0;               // into HeadMesh::materials
};

struct HeadMesh {
  std::string name;
  std::vector<glm::vec3> positions;
  std::vector<glm::vec3> normals;        // unit, per vertex
  std::vector<glm::vec2> uvs;            // per vertex, or empty
  std::vector<glm::vec3> colors;         // per-vertex linear RGB multiplier, or empty (= white)
  std::vector<std::uint32_t> indices;    // triangle list
  std::vector<SubMesh> submeshes;        // each drawn with its material
  std::vector<Material> materials;
  std::array<glm::vec3, dataset::kLandmarkCount> landmarks{};  // 3D points on the surface, canonical frame

  // Radius of the bounding sphere around the origin (mm): used for near/far planes.
  float bounding_radius() const;
  // Recomputes smooth vertex normals from the triangles (area-weighted).
  void compute_normals();
  // Removes the vertices no triangle uses, renumbering the indices (landmarks are points, so they stay).
  void drop_unused_vertices();
  // Throws std::invalid_argument describing the first inconsistency (sizes, index ranges, materials).
  void validate() const;
};

}  // namespace synhead::renderer
