#include "synhead/renderer/body.h"

#include <algorithm>
#include <cmath>

#include <glm/common.hpp>
#include <glm/exponential.hpp>
#include <glm/gtc/quaternion.hpp>

#include "head_generator_parts.h"
#include "synhead/core/error.h"
#include "synhead/core/resources.h"
#include "synhead/motion_tracks/rotation.h"
#include "synhead/renderer/head_generator.h"
#include "synhead/renderer/mesh_loader.h"

namespace synhead::renderer {

namespace {

constexpr double kShoulderHalfWidthMm = 185;  // arms beyond this |x| are cut off at the shoulder

glm::vec3 to_linear(const glm::vec3& srgb) { return glm::pow(glm::clamp(srgb, 0.0f, 1.0f), glm::vec3(kDisplayGamma)); }

glm::vec3 hsv_to_rgb(double h, double s, double v) {
  const double c = v * s, x = c * (1 - std::abs(std::fmod(h / 60.0, 2.0) - 1)), m = v - c;
  glm::dvec3 rgb;
  if (h < 60) rgb = {c, x, 0};
  else if (h < 120) rgb = {x, c, 0};
  else if (h < 180) rgb = {0, c, x};
  else if (h < 240) rgb = {0, x, c};
  else if (h < 300) rgb = {x, 0, c};
  else rgb = {c, 0, x};
  return glm::vec3(rgb + m);
}

// Clothes as people wear them in front of webcams: many greys, blacks, whites and muted colours, some vivid.
glm::vec3 cloth_color(core::Rng& rng) {
  if (rng.bernoulli(0.4)) return to_linear(glm::vec3(static_cast<float>(rng.uniform(0.08, 0.92))));
  return to_linear(hsv_to_rgb(rng.uniform(0, 360), rng.uniform(0.15, 0.8), rng.uniform(0.15, 0.9)));
}

HeadMesh load_body() {
  const auto path = makehuman_mesh_path();
  if (!std::filesystem::exists(path))
    core::throw_user_error("{}the MakeHuman base mesh for the body under the heads is missing: run tools/setup.sh (it installs the "
                           "Debian package assimp-testmodels), set SYNHEAD_MAKEHUMAN_MESH, or set body.enabled: false",
                           core::location_prefix(path.string()));
  HeadMesh mesh = load_head_mesh(path, LoadOptions{core::resolve_resource("assets/heads/makehuman_body.yaml"), false});
  const int skin = detail::find_base_materials(mesh).skin;
  SYNHEAD_CHECK(skin >= 0, "the MakeHuman mesh has no skin material");
  // The torso: skin below the head's neck cut (whose top ring the head's motion carries) and within the shoulders.
  std::vector<std::uint32_t> kept;
  for (const auto& sub : mesh.submeshes) {
    if (sub.material != skin) continue;
    for (std::uint32_t i = sub.first_index; i < sub.first_index + sub.index_count; i += 3) {
      const glm::vec3 centroid = (mesh.positions[mesh.indices[i]] + mesh.positions[mesh.indices[i + 1]] + mesh.positions[mesh.indices[i + 2]]) / 3.0f;
      if (centroid.y < kNeckBlendTopMm - 4 || std::abs(centroid.x) > kShoulderHalfWidthMm) continue;
      kept.insert(kept.end(), mesh.indices.begin() + i, mesh.indices.begin() + i + 3);
    }
  }
  Material material;
  material.name = "Body";
  material.diffuse = glm::vec3(1.0f);
  material.specular = 0.08f;
  material.shininess = 12;
  mesh.materials = {material};
  mesh.indices = std::move(kept);
  mesh.submeshes = {SubMesh{0, static_cast<std::uint32_t>(mesh.indices.size()), 0}};
  mesh.uvs.clear();
  mesh.colors.clear();
  mesh.drop_unused_vertices();
  mesh.landmarks = {};
  mesh.name = "makehuman-body";
  return mesh;
}

}  // namespace

BodyLook sample_body_look(const BodyConfig& config, core::Rng& rng) {
  BodyLook look;
  look.follow = rng.uniform(config.follow[0], config.follow[1]);
  look.rest_rotation = motion_tracks::rotation_from_euler({rng.uniform(config.rest_pitch_deg[0], config.rest_pitch_deg[1]),
                                                          rng.uniform(config.rest_yaw_deg[0], config.rest_yaw_deg[1]),
                                                          rng.uniform(config.rest_roll_deg[0], config.rest_roll_deg[1])});
  look.neckline_mm = rng.uniform(config.neckline_mm[0], config.neckline_mm[1]);
  look.v_neck_depth_mm = rng.bernoulli(config.v_neck_probability) ? rng.uniform(config.v_neck_depth_mm[0], config.v_neck_depth_mm[1]) : 0.0;
  const double total = config.pattern_weights[0] + config.pattern_weights[1] + config.pattern_weights[2];
  const double u = rng.uniform(0, total);
  look.pattern = u < config.pattern_weights[0]                                ? ClothPattern::kPlain
                 : u < config.pattern_weights[0] + config.pattern_weights[1] ? ClothPattern::kStripes
                                                                              : ClothPattern::kChecks;
  look.cloth_color = cloth_color(rng);
  look.cloth_color2 = cloth_color(rng);
  look.pattern_period_mm = rng.uniform(6, 40);
  look.pattern_angle_deg = rng.bernoulli(0.7) ? 0.0 : 90.0;
  return look;
}

dataset::Pose body_pose(const dataset::Pose& head, const BodyLook& look) {
  const glm::dquat rest = glm::quat_cast(look.rest_rotation), turned = glm::quat_cast(head.rotation);
  dataset::Pose body;
  body.rotation = glm::mat3_cast(motion_tracks::slerp_shortest(rest, turned, look.follow));
  body.translation_mm = head.to_camera(kNeckPivotMm) - body.rotation * kNeckPivotMm;
  return body;
}

const HeadMesh& body_mesh() {
  static const HeadMesh mesh = load_body();
  return mesh;
}

}  // namespace synhead::renderer
