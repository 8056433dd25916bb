// Simplified mesh levels: ordered, closed where the mesh is closed, borders kept, deterministic, chosen by the
// error they would show on screen.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <glm/geometric.hpp>

#include "gl_skip.h"
#include "synhead/renderer/head_source.h"
#include "synhead/renderer/mesh_levels.h"
#include "test_meshes.h"

namespace synhead::renderer {
namespace {

// Vertex ids with duplicates of one position (UV seams, poles) merged: the mesh's shape, not its attributes.
std::vector<std::uint32_t> welded_ids(const HeadMesh& mesh) {
  std::map<std::tuple<float, float, float>, std::uint32_t> first;
  std::vector<std::uint32_t> id(mesh.positions.size());
  for (std::uint32_t v = 0; v < mesh.positions.size(); ++v) {
    const auto& p = mesh.positions[v];
    id[v] = first.emplace(std::make_tuple(p.x, p.y, p.z), v).first->second;
  }
  return id;
}

// How many triangles use each undirected edge of the welded mesh (degenerate triangles skipped).
std::map<std::pair<std::uint32_t, std::uint32_t>, int> edge_uses(const std::vector<std::uint32_t>& indices,
                                                                 const std::vector<std::uint32_t>& id) {
  std::map<std::pair<std::uint32_t, std::uint32_t>, int> uses;
  for (std::size_t t = 0; t + 2 < indices.size(); t += 3) {
    const std::uint32_t v[3] = {id[indices[t]], id[indices[t + 1]], id[indices[t + 2]]};
    if (v[0] == v[1] || v[1] == v[2] || v[0] == v[2]) continue;
    for (int e = 0; e < 3; ++e) ++uses[std::minmax(v[e], v[(e + 1) % 3])];
  }
  return uses;
}

TEST(MeshLevels, LevelZeroIsTheMeshAndLaterLevelsAreSmallerWithGrowingError) {
  const HeadMesh sphere = testing::make_test_sphere(100);
  const auto levels = build_mesh_levels(sphere);
  ASSERT_GE(levels.size(), 4u) << "a 9,216-triangle sphere of radius 100 mm should simplify in several steps";
  EXPECT_EQ(levels[0].indices, sphere.indices);
  EXPECT_EQ(levels[0].error_mm, 0.0);
  for (std::size_t i = 1; i < levels.size(); ++i) {
    EXPECT_LE(levels[i].triangle_count(), 0.9 * static_cast<double>(levels[i - 1].triangle_count())) << "level " << i;
    EXPECT_GT(levels[i].error_mm, levels[i - 1].error_mm) << "level " << i;
    EXPECT_TRUE(std::isfinite(levels[i].error_mm)) << "level " << i;
    for (auto index : levels[i].indices) ASSERT_LT(index, sphere.positions.size());
  }
}

TEST(MeshLevels, TheSurfaceMovesNoFurtherThanTheReportedError) {
  // Every simplified vertex is an original one, on the sphere; the surface between them sags inward. The deepest
  // sag is at a triangle's centroid at most, and its depth is what the level's error must bound.
  const float radius = 100;
  const HeadMesh sphere = testing::make_test_sphere(radius);
  const auto levels = build_mesh_levels(sphere);
  for (std::size_t i = 1; i < levels.size(); ++i) {
    double deepest = 0;
    const auto& idx = levels[i].indices;
    for (std::size_t t = 0; t + 2 < idx.size(); t += 3) {
      const glm::vec3 centroid = (sphere.positions[idx[t]] + sphere.positions[idx[t + 1]] + sphere.positions[idx[t + 2]]) / 3.0f;
      deepest = std::max(deepest, static_cast<double>(radius - glm::length(centroid)));
    }
    EXPECT_LE(deepest, 1.5 * levels[i].error_mm + 0.01) << "level " << i << " reports " << levels[i].error_mm << " mm";
    EXPECT_GT(deepest, 0.5 * levels[i].error_mm) << "level " << i << ": the measured error should not be far above the real one";
  }
}

TEST(MeshLevels, AClosedMeshStaysClosedAcrossItsSeam) {
  // The sphere repeats its first column of vertices at phi = 2π (a UV-style seam) and its poles: merged by
  // position, every edge of every level must still join exactly two triangles.
  const HeadMesh sphere = testing::make_test_sphere(100, 30);
  const auto id = welded_ids(sphere);
  for (const auto& level : build_mesh_levels(sphere)) {
    for (const auto& [edge, uses] : edge_uses(level.indices, id))
      ASSERT_EQ(uses, 2) << "edge " << edge.first << "–" << edge.second << " at error " << level.error_mm << " mm";
  }
}

TEST(MeshLevels, BordersBetweenMaterialsStayWhereTheyWere) {
  // The sphere's upper and lower halves as two materials: the equator is each submesh's border. It must keep every
  // edge in both halves in every level (so they cannot open a crack), and each level keeps both submeshes and materials.
  HeadMesh mesh = testing::make_test_sphere(100);
  mesh.materials.push_back(mesh.materials.front());
  const auto half = static_cast<std::uint32_t>(mesh.indices.size() / 2);
  mesh.submeshes = {{0, half, 0}, {half, half, 1}};
  const auto id = welded_ids(mesh);
  std::set<std::pair<std::uint32_t, std::uint32_t>> equator;
  {
    const std::vector<std::uint32_t> upper(mesh.indices.begin(), mesh.indices.begin() + half);
    for (const auto& [edge, uses] : edge_uses(upper, id))
      if (uses == 1) equator.insert(edge);
  }
  ASSERT_EQ(equator.size(), 96u) << "the test sphere has 96 segments around its equator";
  const auto levels = build_mesh_levels(mesh);
  ASSERT_GE(levels.size(), 3u);
  for (const auto& level : levels) {
    ASSERT_EQ(level.submeshes.size(), 2u);
    EXPECT_EQ(level.submeshes[0].material, 0);
    EXPECT_EQ(level.submeshes[1].material, 1);
    EXPECT_EQ(level.submeshes[0].index_count + level.submeshes[1].index_count, level.indices.size());
    const std::vector<std::uint32_t> upper(level.indices.begin(), level.indices.begin() + level.submeshes[0].index_count);
    const std::vector<std::uint32_t> lower(level.indices.begin() + level.submeshes[1].first_index, level.indices.end());
    const auto upper_uses = edge_uses(upper, id), lower_uses = edge_uses(lower, id);
    for (const auto& edge : equator) {
      ASSERT_EQ(upper_uses.count(edge), 1u) << "equator edge lost by the upper half at error " << level.error_mm << " mm";
      ASSERT_EQ(lower_uses.count(edge), 1u) << "equator edge lost by the lower half at error " << level.error_mm << " mm";
    }
  }
}

TEST(MeshLevels, AreAPureFunctionOfTheMesh) {
  const HeadMesh sphere = testing::make_test_sphere(100, 30);
  const auto a = build_mesh_levels(sphere), b = build_mesh_levels(sphere);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].indices, b[i].indices);
    EXPECT_EQ(a[i].error_mm, b[i].error_mm);
  }
}

TEST(MeshLevels, TheChosenLevelIsTheCoarsestWithinTheTolerance) {
  const std::vector<double> errors = {0.0, 0.1, 0.2, 0.4, 0.8};
  EXPECT_EQ(choose_mesh_level(errors, 2.0, 0.0), 0u);     // tolerance 0: always the full mesh
  EXPECT_EQ(choose_mesh_level(errors, 2.0, 0.5), 2u);     // 0.2 mm × 2 px/mm = 0.4 px ≤ 0.5 < 0.8 px
  EXPECT_EQ(choose_mesh_level(errors, 0.25, 0.5), 4u);    // small on screen: the coarsest
  EXPECT_EQ(choose_mesh_level(errors, 100.0, 0.5), 0u);   // close up: none is good enough
  EXPECT_EQ(choose_mesh_level({0.0}, 1.0, 8.0), 0u);      // a mesh with no simplified level
}

TEST(MeshLevels, TheBuiltInHeadSimplifiesManyFold) {
  SYNHEAD_SKIP_WITHOUT_MAKEHUMAN();
  const HeadMesh head = resolve_head(named_head_ids().front());
  const auto levels = build_mesh_levels(head);
  ASSERT_GE(levels.size(), 4u);
  EXPECT_LT(static_cast<double>(levels.back().triangle_count()), 0.2 * static_cast<double>(levels[0].triangle_count()));
}

}  // namespace
}  // namespace synhead::renderer
