#include "surface_distance.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <glm/common.hpp>
#include <glm/geometric.hpp>
#include <glm/vec3.hpp>

namespace synhead::renderer::detail {

double point_triangle_distance(const glm::vec3& p, const glm::vec3& a, const glm::vec3& b, const glm::vec3& c) {
  const glm::dvec3 P(p), A(a), B(b), C(c);
  const glm::dvec3 ab = B - A, ac = C - A, ap = P - A;
  const auto segment = [&](const glm::dvec3& s, const glm::dvec3& e) {
    const glm::dvec3 d = e - s;
    const double len2 = glm::dot(d, d);
    const double t = len2 > 0 ? std::clamp(glm::dot(P - s, d) / len2, 0.0, 1.0) : 0.0;
    return glm::length(P - (s + t * d));
  };
  const glm::dvec3 n = glm::cross(ab, ac);
  const double n2 = glm::dot(n, n);
  if (n2 > 0) {
    // Barycentric coordinates of P's projection onto the plane: inside the triangle, the plane distance is it.
    const double v = glm::dot(glm::cross(ap, ac), n) / n2;
    const double w = glm::dot(glm::cross(ab, ap), n) / n2;
    if (v >= 0 && w >= 0 && v + w <= 1) return std::abs(glm::dot(ap, n)) / std::sqrt(n2);
  }
  return std::min({segment(A, B), segment(B, C), segment(C, A)});
}

std::size_t TriangleGrid::CellHash::operator()(const glm::ivec3& c) const {
  return (static_cast<std::size_t>(c.x) * 73856093u) ^ (static_cast<std::size_t>(c.y) * 19349663u) ^ (static_cast<std::size_t>(c.z) * 83492791u);
}

glm::ivec3 TriangleGrid::cell_of(const glm::vec3& p) const {
  return glm::ivec3(glm::floor(glm::dvec3(p) / cell_mm_));
}

TriangleGrid::TriangleGrid(const std::vector<glm::vec3>& positions, const std::vector<std::uint32_t>& indices, std::uint32_t first_index,
                           std::uint32_t index_count, double cell_mm)
    : positions_(positions), triangles_(indices.begin() + first_index, indices.begin() + first_index + index_count), cell_mm_(cell_mm) {
  glm::ivec3 lo(std::numeric_limits<int>::max()), hi(std::numeric_limits<int>::min());
  for (std::uint32_t t = 0; t * 3 + 2 < triangles_.size(); ++t) {
    const glm::vec3 &a = positions_[triangles_[t * 3]], &b = positions_[triangles_[t * 3 + 1]], &c = positions_[triangles_[t * 3 + 2]];
    const glm::ivec3 c0 = cell_of(glm::min(a, glm::min(b, c))), c1 = cell_of(glm::max(a, glm::max(b, c)));
    lo = glm::min(lo, c0);
    hi = glm::max(hi, c1);
    for (int x = c0.x; x <= c1.x; ++x)
      for (int y = c0.y; y <= c1.y; ++y)
        for (int z = c0.z; z <= c1.z; ++z) cells_[glm::ivec3(x, y, z)].push_back(t);
  }
  if (!cells_.empty()) {
    lo_ = lo;
    hi_ = hi;
  }
}

double TriangleGrid::distance(const glm::vec3& p) const {
  double best = std::numeric_limits<double>::infinity();
  if (cells_.empty()) return best;
  const glm::ivec3 centre = cell_of(p);
  const glm::ivec3 reach = glm::max(glm::abs(centre - lo_), glm::abs(hi_ - centre));
  // Ring r holds the cells at Chebyshev distance r from p's cell: every point in them is at least (r − 1) cells
  // from p, and beyond `reach` there are no cells at all.
  for (int ring = 0; ring <= std::max({reach.x, reach.y, reach.z}); ++ring) {
    if (best <= (ring - 1) * cell_mm_) break;
    for (int x = -ring; x <= ring; ++x)
      for (int y = -ring; y <= ring; ++y)
        for (int z = -ring; z <= ring; ++z) {
          if (std::max({std::abs(x), std::abs(y), std::abs(z)}) != ring) continue;
          const auto it = cells_.find(centre + glm::ivec3(x, y, z));
          if (it == cells_.end()) continue;
          for (const std::uint32_t t : it->second)
            best = std::min(best, point_triangle_distance(p, positions_[triangles_[t * 3]], positions_[triangles_[t * 3 + 1]],
                                                          positions_[triangles_[t * 3 + 2]]));
        }
  }
  return best;
}

}  // namespace synhead::renderer::detail
