// Measuring the base mesh: anatomical anchors from its geometry (midline profile, extremes, the UV islands), so
// nothing depends on vertex numbers or on the sidecar's landmarks being present.

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

#include <glm/common.hpp>
#include <glm/geometric.hpp>
#include <glm/mat4x4.hpp>
#include <glm/matrix.hpp>
#include <glm/trigonometric.hpp>
#include <glm/vec2.hpp>

#include <opencv2/imgproc.hpp>

#include "head_generator_parts.h"
#include "synhead/core/error.h"

namespace synhead::renderer::detail {

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

std::vector<glm::vec3> submesh_vertices(const HeadMesh& mesh, int material) {
  std::vector<char> used(mesh.positions.size(), 0);
  for (const auto& sub : mesh.submeshes)
    if (sub.material == material)
      for (std::uint32_t i = sub.first_index; i < sub.first_index + sub.index_count; ++i) used[mesh.indices[i]] = 1;
  std::vector<glm::vec3> out;
  for (std::size_t v = 0; v < used.size(); ++v)
    if (used[v]) out.push_back(mesh.positions[v]);
  return out;
}

const SubMesh& submesh_of(const HeadMesh& mesh, int material) {
  const auto it = std::find_if(mesh.submeshes.begin(), mesh.submeshes.end(), [&](const SubMesh& s) { return s.material == material; });
  SYNHEAD_CHECK(it != mesh.submeshes.end(), "the base mesh has one submesh per material");
  return *it;
}

using Triangle = std::array<glm::vec3, 3>;

std::vector<Triangle> submesh_triangles(const HeadMesh& mesh, int material) {
  std::vector<Triangle> out;
  for (const auto& sub : mesh.submeshes)
    if (sub.material == material)
      for (std::uint32_t i = sub.first_index; i < sub.first_index + sub.index_count; i += 3)
        out.push_back({mesh.positions[mesh.indices[i]], mesh.positions[mesh.indices[i + 1]], mesh.positions[mesh.indices[i + 2]]});
  return out;
}

// Depth (z) where a ray along +z through (x, y) first meets `surface`, or +inf.
float first_hit_z(const std::vector<Triangle>& surface, float x, float y) {
  float best = kInf;
  const glm::vec2 p(x, y);
  for (const auto& t : surface) {
    const glm::vec2 a(t[0]), b(t[1]), c(t[2]);
    const float area = (b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y);
    if (area == 0) continue;
    const float u = ((c.x - b.x) * (p.y - b.y) - (p.x - b.x) * (c.y - b.y)) / area;
    const float v = ((a.x - c.x) * (p.y - c.y) - (p.x - c.x) * (a.y - c.y)) / area;
    if (u >= 0 && v >= 0 && u + v <= 1) best = std::min(best, u * t[0].z + v * t[1].z + (1 - u - v) * t[2].z);
  }
  return best;
}

// The face's surface point in front of (x, y): how anchors are placed from 2D proportions.
glm::vec3 front_surface(const std::vector<Triangle>& surface, float x, float y) {
  const float z = first_hit_z(surface, x, y);
  SYNHEAD_CHECK(z < kInf, "the base mesh's face covers its anchors");
  return {x, y, z};
}

// The face's outline seen from the side, sampled every 0.5 mm of height just beside the midline (whose edges
// the mirror-symmetric mesh has exactly at x = 0).
class MidlineProfile {
 public:
  MidlineProfile(const std::vector<Triangle>& surface, float y0, float y1) {
    for (float y = y0; y <= y1; y += 0.5f) {
      const float z = first_hit_z(surface, 1e-3f, y);
      if (z < 0) points_.emplace_back(0, y, z);
    }
  }
  // Most forward (min z) and most recessed (max z) profile points with y in [y0, y1].
  glm::vec3 most_forward(float y0, float y1) const { return extreme(y0, y1, -1); }
  glm::vec3 most_recessed(float y0, float y1) const { return extreme(y0, y1, +1); }
  // The lowest profile point still within `depth` mm of `z_front`: where the chin turns under into the neck.
  glm::vec3 lowest_within(float z_front, float depth, float y0, float y1) const {
    glm::vec3 best(0, -kInf, 0);
    for (const auto& p : points_)
      if (p.y >= y0 && p.y <= y1 && p.z < z_front + depth && p.y > best.y) best = p;
    SYNHEAD_CHECK(best.y > -kInf, "the base mesh's midline profile has a chin");
    return best;
  }

 private:
  glm::vec3 extreme(float y0, float y1, float sign) const {
    glm::vec3 best(0);
    float best_key = -kInf;
    for (const auto& p : points_)
      if (p.y >= y0 && p.y <= y1 && sign * p.z > best_key) {
        best_key = sign * p.z;
        best = p;
      }
    SYNHEAD_CHECK(best_key > -kInf, "the base mesh's midline profile covers the face");
    return best;
  }
  std::vector<glm::vec3> points_;
};

// The eyeball's centre as the least-squares sphere through its vertices (|p|² = 2 c·p + k is linear in c, k).
void measure_eye(const std::vector<glm::vec3>& eyeball, FaceAnchors& a) {
  SYNHEAD_CHECK(eyeball.size() >= 4, "the base mesh has a +x eyeball");
  glm::dmat4 normal(0.0);
  glm::dvec4 rhs(0.0);
  for (const auto& p : eyeball) {
    const glm::dvec4 row(2.0 * p.x, 2.0 * p.y, 2.0 * p.z, 1.0);
    normal += glm::outerProduct(row, row);
    rhs += row * static_cast<double>(glm::dot(p, p));
  }
  a.eye = glm::vec3(glm::inverse(normal) * rhs);
  a.eye_radius = 0;
  for (const auto& p : eyeball) a.eye_radius = std::max(a.eye_radius, glm::length(p - a.eye));
}

// UV islands of the skin submesh (triangles connected through shared vertex indices; seams split them).
std::vector<int> uv_islands(const HeadMesh& mesh, const SubMesh& skin) {
  std::vector<std::uint32_t> parent(mesh.positions.size());
  std::iota(parent.begin(), parent.end(), 0u);
  auto find = [&](std::uint32_t v) {
    while (parent[v] != v) v = parent[v] = parent[parent[v]];
    return v;
  };
  for (std::uint32_t i = skin.first_index; i < skin.first_index + skin.index_count; i += 3)
    for (std::uint32_t k = 1; k < 3; ++k) parent[find(mesh.indices[i])] = find(mesh.indices[i + k]);
  std::vector<int> island;
  for (std::uint32_t i = skin.first_index; i < skin.first_index + skin.index_count; i += 3) island.push_back(static_cast<int>(find(mesh.indices[i])));
  return island;
}

// The mouth's lining is a separate UV island, well inside the head behind the lips.
std::vector<SkinRegion> classify_islands(const HeadMesh& mesh, const SubMesh& skin, const std::vector<int>& island, const FaceAnchors& a) {
  std::map<int, glm::dvec3> sum;
  std::map<int, int> count;
  for (std::size_t t = 0; t < island.size(); ++t) {
    const std::uint32_t i = skin.first_index + 3 * static_cast<std::uint32_t>(t);
    sum[island[t]] += glm::dvec3(mesh.positions[mesh.indices[i]] + mesh.positions[mesh.indices[i + 1]] + mesh.positions[mesh.indices[i + 2]]) / 3.0;
    ++count[island[t]];
  }
  std::map<int, SkinRegion> region;
  for (const auto& [id, s] : sum) {
    const glm::vec3 c(s / static_cast<double>(count[id]));
    const bool mouth = std::abs(c.x) < 5 && c.y > a.nose_tip.y && c.y < a.nose_tip.y + 50 && c.z > a.nose_tip.z + 40;
    region[id] = mouth ? SkinRegion::mouth_interior : SkinRegion::skin;
  }
  std::vector<SkinRegion> out;
  for (int id : island) out.push_back(region[id]);
  return out;
}

std::vector<Triangle> outer_skin(const HeadMesh& mesh, const SubMesh& skin, const std::vector<SkinRegion>& region) {
  std::vector<Triangle> out;
  for (std::size_t t = 0; t < region.size(); ++t) {
    if (region[t] != SkinRegion::skin) continue;
    const std::uint32_t i = skin.first_index + 3 * static_cast<std::uint32_t>(t);
    out.push_back({mesh.positions[mesh.indices[i]], mesh.positions[mesh.indices[i + 1]], mesh.positions[mesh.indices[i + 2]]});
  }
  return out;
}

// Vertices on edges that only one outer-skin triangle uses: UV seams (among them the lips' inner margin, where
// the mouth's lining begins), the eye openings and the neck hem.
std::vector<glm::vec3> open_edge_vertices(const HeadMesh& mesh, const SubMesh& skin, const std::vector<SkinRegion>& region) {
  std::map<std::pair<std::uint32_t, std::uint32_t>, int> uses;
  for (std::size_t t = 0; t < region.size(); ++t) {
    if (region[t] != SkinRegion::skin) continue;
    const std::uint32_t i = skin.first_index + 3 * static_cast<std::uint32_t>(t);
    for (std::uint32_t k = 0; k < 3; ++k) {
      const auto a = mesh.indices[i + k], b = mesh.indices[i + (k + 1) % 3];
      ++uses[{std::min(a, b), std::max(a, b)}];
    }
  }
  std::vector<glm::vec3> out;
  for (const auto& [edge, n] : uses)
    if (n == 1) out.insert(out.end(), {mesh.positions[edge.first], mesh.positions[edge.second]});
  return out;
}

void measure_profile(const std::vector<Triangle>& surface, FaceAnchors& a) {
  const MidlineProfile profile(surface, a.crown.y, a.nose_tip.y + 120);
  a.nasion = profile.most_recessed(a.eye.y - 15, a.nose_tip.y - 15);
  a.glabella = profile.most_forward(a.nasion.y - 35, a.nasion.y);
  a.subnasale = profile.most_recessed(a.nose_tip.y + 5, a.nose_tip.y + 25);
  a.upper_lip = profile.most_forward(a.subnasale.y, a.subnasale.y + 15);
  a.stomion = profile.most_recessed(a.upper_lip.y, a.upper_lip.y + 15);
  a.lower_lip = profile.most_forward(a.stomion.y, a.stomion.y + 15);
  // The vermilion borders sit where the lips' curvature turns into the philtrum and the chin: about 3 mm above
  // labrale superius and 4.5 mm below labrale inferius on this mesh.
  a.upper_vermilion = profile.most_forward(a.upper_lip.y - 3.25f, a.upper_lip.y - 2.75f);
  a.lower_vermilion = profile.most_forward(a.lower_lip.y + 4.25f, a.lower_lip.y + 4.75f);
  const glm::vec3 labiomental = profile.most_recessed(a.lower_lip.y, a.lower_lip.y + 15);
  a.chin = profile.most_forward(labiomental.y, labiomental.y + 20);
  a.menton = profile.lowest_within(a.chin.z, 12, a.chin.y, a.chin.y + 30);
  a.forehead = front_surface(surface, 0, a.glabella.y - 40);
}

// Lateral anchors: the skull's width above the ears, the back of the skull, the ear (what sticks out of the
// skull's width at ear height), the jaw angle (widest point of the mandible, 15–45 mm in front of the ear axis),
// and proportions for the brow, the ala and the cheekbone.
void measure_lateral(const std::vector<glm::vec3>& skin, const std::vector<Triangle>& surface, FaceAnchors& a) {
  a.back = glm::vec3(0, 0, -kInf);
  a.skull_half_width = 0;
  for (const auto& p : skin) {
    if (std::abs(p.x) < 0.5f && p.y > a.eye.y - 60 && p.y < a.eye.y && p.z > a.back.z) a.back = p;
    if (p.y > a.eye.y - 40 && p.y < a.eye.y - 20) a.skull_half_width = std::max(a.skull_half_width, p.x);
  }
  glm::vec3 lo(kInf), hi(-kInf);
  for (const auto& p : skin)
    if (p.x > a.skull_half_width + 1) {
      lo = glm::min(lo, p);
      hi = glm::max(hi, p);
    }
  SYNHEAD_CHECK(lo.x < kInf, "the base mesh has ears");
  a.ear_root = {a.skull_half_width - 1, 0.5f * (lo.y + hi.y), 0.5f * (lo.z + hi.z)};
  a.gonion = glm::vec3(-kInf, 0, 0);
  for (const auto& p : skin)
    if (p.y > a.stomion.y + 5 && p.y < a.stomion.y + 15 && p.z > -45 && p.z < -15 && p.x > a.gonion.x) a.gonion = p;
  a.brow = front_surface(surface, a.eye.x, a.eye.y - 17);
  a.ala = front_surface(surface, 0.75f * a.mouth_corner.x, 0.5f * (a.nose_tip.y + a.subnasale.y) - 1);
  a.malar = front_surface(surface, 1.55f * a.eye.x, a.eye.y + 18);
}

// Orthographic z-buffer of skin and eyeball along +z on a fine grid around the +x eye; the cells where the
// eyeball is in front form the visible opening, and a distance transform gives every other cell's distance to it.
EyeOpening measure_eye_opening(const std::vector<Triangle>& skin, const std::vector<Triangle>& eyeball, const FaceAnchors& a) {
  constexpr float kCell = 0.2f;
  const float half = a.eye_radius + 8;
  const glm::vec2 origin(a.eye.x - half, a.eye.y - half);
  const int n = static_cast<int>(std::ceil(2 * half / kCell));
  cv::Mat depth(n, n, CV_32F, cv::Scalar(kInf));
  cv::Mat not_eye(n, n, CV_8U, cv::Scalar(255));
  auto draw = [&](const Triangle& t, bool is_eye) {
    glm::vec2 c[3];
    for (int k = 0; k < 3; ++k) c[k] = (glm::vec2(t[static_cast<std::size_t>(k)]) - origin) / kCell;
    const float area = (c[1].x - c[0].x) * (c[2].y - c[0].y) - (c[2].x - c[0].x) * (c[1].y - c[0].y);
    if (area == 0) return;
    const glm::vec2 lo = glm::min(c[0], glm::min(c[1], c[2])), hi = glm::max(c[0], glm::max(c[1], c[2]));
    for (int y = std::max(0, static_cast<int>(lo.y)); y <= std::min(n - 1, static_cast<int>(hi.y)); ++y)
      for (int x = std::max(0, static_cast<int>(lo.x)); x <= std::min(n - 1, static_cast<int>(hi.x)); ++x) {
        const glm::vec2 p(x + 0.5f, y + 0.5f);
        const float u = ((c[2].x - c[1].x) * (p.y - c[1].y) - (p.x - c[1].x) * (c[2].y - c[1].y)) / area;
        const float v = ((c[0].x - c[2].x) * (p.y - c[2].y) - (p.x - c[2].x) * (c[0].y - c[2].y)) / area;
        if (u < 0 || v < 0 || u + v > 1) continue;
        const float z = u * t[0].z + v * t[1].z + (1 - u - v) * t[2].z;
        if (z >= depth.at<float>(y, x)) continue;
        depth.at<float>(y, x) = z;
        not_eye.at<std::uint8_t>(y, x) = is_eye ? 0 : 255;
      }
  };
  for (const auto& t : skin) draw(t, false);
  for (const auto& t : eyeball)
    if (t[0].x > 0) draw(t, true);
  cv::Mat distance;
  cv::distanceTransform(not_eye, distance, cv::DIST_L2, cv::DIST_MASK_PRECISE);
  return {origin, kCell, distance * kCell};
}

}  // namespace

float EyeOpening::distance_mm(glm::vec2 xy) const {
  const glm::ivec2 cell((xy - origin_) / cell_mm_);
  if (cell.x < 0 || cell.y < 0 || cell.x >= distance_mm_.cols || cell.y >= distance_mm_.rows) return kInf;
  return distance_mm_.at<float>(cell.y, cell.x);
}

float hair_cap_weight(const FaceAnchors& a, const HeadLook& look, const glm::vec3& p, float softness_mm) {
  if (look.hair <= 0) return 0;
  // Hairline height around the head, by azimuth (0° = front, 90° = over the ear, 180° = nape), relative to the
  // glabella: forehead, temples, sideburn in front of the ear, around the ear, down to the nape.
  static constexpr std::array<std::array<float, 2>, 9> kHairline{{
      {0, -47}, {25, -46}, {45, -38}, {60, -22}, {68, 8}, {73, 40}, {120, 40}, {150, 75}, {180, 85}}};
  const float azimuth = glm::degrees(std::atan2(std::abs(p.x), -p.z));
  auto segment = std::upper_bound(kHairline.begin(), kHairline.end(), azimuth, [](float v, const auto& k) { return v < k[0]; });
  segment = std::clamp(segment, kHairline.begin() + 1, kHairline.end() - 1);
  const auto& k0 = *(segment - 1);
  const auto& k1 = *segment;
  const float t = std::clamp((azimuth - k0[0]) / (k1[0] - k0[0]), 0.0f, 1.0f);
  // A receding hairline goes back most at the temples (the M shape), and not at all from the sideburns on.
  const float recession = static_cast<float>(look.hairline_mm) * (0.7f + 0.3f * std::exp(-std::pow((azimuth - 30) / 15, 2.0f))) *
                          (1 - smoothstep(45, 65, azimuth));
  const float hairline_y = a.glabella.y + k0[1] + t * (k1[1] - k0[1]) - recession;
  float w = 1 - smoothstep(hairline_y - softness_mm, hairline_y + softness_mm, p.y);
  // The pinna and a clearance around it stay bare.
  const glm::vec2 around_ear((p.y - a.ear_root.y) / 30, (p.z - a.ear_root.z) / 20);
  if (std::abs(p.x) > 40) w *= smoothstep(1 - softness_mm / 25, 1 + softness_mm / 25, glm::length(around_ear));
  return w;
}

BaseMaterials find_base_materials(const HeadMesh& mesh) {
  BaseMaterials m;
  for (std::size_t i = 0; i < mesh.materials.size(); ++i) {
    if (mesh.materials[i].name == "DefaultSkin") m.skin = static_cast<int>(i);
    if (mesh.materials[i].name.rfind("Eye", 0) == 0 && !mesh.materials[i].texture.empty()) m.eyes = static_cast<int>(i);
  }
  if (m.skin < 0 || m.eyes < 0)
    core::throw_user_error("head '{}' is not the MakeHuman base mesh: the generator needs its 'DefaultSkin' and textured 'Eye…' materials",
                           mesh.name);
  return m;
}

BaseAnalysis analyse_base(const HeadMesh& base) {
  const BaseMaterials materials = find_base_materials(base);
  const std::vector<glm::vec3> skin = submesh_vertices(base, materials.skin);
  BaseAnalysis out;
  FaceAnchors& a = out.anchors;
  std::vector<glm::vec3> eyeball;
  for (const auto& p : submesh_vertices(base, materials.eyes))
    if (p.x > 0) eyeball.push_back(p);
  measure_eye(eyeball, a);
  a.nose_tip = *std::min_element(skin.begin(), skin.end(), [](const glm::vec3& p, const glm::vec3& q) { return p.z < q.z; });
  a.crown = *std::min_element(skin.begin(), skin.end(), [](const glm::vec3& p, const glm::vec3& q) { return p.y < q.y; });

  const SubMesh& skin_sub = submesh_of(base, materials.skin);
  out.triangle_region = classify_islands(base, skin_sub, uv_islands(base, skin_sub), a);
  const std::vector<Triangle> surface = outer_skin(base, skin_sub, out.triangle_region);
  measure_profile(surface, a);
  a.mouth_corner = glm::vec3(-kInf, 0, 0);
  for (const auto& p : open_edge_vertices(base, skin_sub, out.triangle_region))
    if (std::abs(p.y - a.stomion.y) < 8 && p.z < a.stomion.z + 20 && p.x > a.mouth_corner.x) a.mouth_corner = p;
  SYNHEAD_CHECK(a.mouth_corner.x > 0, "the base mesh has an open mouth");
  measure_lateral(skin, surface, a);
  out.eye_opening = measure_eye_opening(surface, submesh_triangles(base, materials.eyes), a);
  return out;
}

}  // namespace synhead::renderer::detail
