#pragma once
// Distance from points to a triangle mesh, for measuring how far a simplified mesh strays from the original.

#include <cstdint>
#include <unordered_map>
#include <vector>

#include <glm/vec3.hpp>

namespace synhead::renderer::detail {

// The distance from `p` to the triangle (a, b, c), degenerate triangles included.
double point_triangle_distance(const glm::vec3& p, const glm::vec3& a, const glm::vec3& b, const glm::vec3& c);

// Triangles binned on a uniform grid, so a query looks only at the cells around its point.
class TriangleGrid {
 public:
  TriangleGrid(const std::vector<glm::vec3>& positions, const std::vector<std::uint32_t>& indices, std::uint32_t first_index,
               std::uint32_t index_count, double cell_mm);
  // The distance from `p` to the nearest triangle (infinity when there are none).
  double distance(const glm::vec3& p) const;

 private:
  struct CellHash {
    std::size_t operator()(const glm::ivec3& c) const;
  };
  glm::ivec3 cell_of(const glm::vec3& p) const;
  const std::vector<glm::vec3>& positions_;
  std::vector<std::uint32_t> triangles_;  // corner indices, three per triangle
  double cell_mm_;
  std::unordered_map<glm::ivec3, std::vector<std::uint32_t>, CellHash> cells_;  // triangle numbers per cell
  glm::ivec3 lo_{0}, hi_{-1};  // the occupied cells' bounds
};

}  // namespace synhead::renderer::detail
