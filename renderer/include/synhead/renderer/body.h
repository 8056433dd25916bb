#pragma once
// Neck, shoulders and upper chest under the head, so that face crops end in a neck and clothes as real crops do
// rather than in background. The body is the MakeHuman base mesh's torso (from just under the head's neck cut to
// the upper chest, arms cut at the shoulders), in the canonical head frame, drawn with the head in every frame:
//
//   - it turns with the head only by a fraction (`follow`) around a pivot low in the neck, from a per-sequence
//     rest orientation (the torso mostly stays put while the head moves); the neck's vertices blend from the head's
//     motion at its top to the torso's at its base, so the neck bends with pitch and roll;
//   - its skin takes the colour of the head's neck; the clothes start at a per-sequence neckline (crew or V) and
//     have a per-sequence colour and weave (plain, stripes, checks), shaded procedurally in the fragment shader.
//
// Labels never depend on it (pose, landmarks and box are the head's); a landmark the body hides (chin on chest) is
// flagged invisible by the depth test as with any occluder. The frame's mask covers head and body.

#include <array>
#include <optional>
#include <vector>

#include <glm/mat3x3.hpp>
#include <glm/vec3.hpp>

#include "synhead/core/random.h"
#include "synhead/dataset/camera.h"
#include "synhead/renderer/head_mesh.h"

namespace synhead::renderer {

struct BodyConfig {
  bool enabled = true;
  std::array<double, 2> follow{0.15, 0.4};         // fraction of the head's rotation the torso shares
  std::array<double, 2> rest_yaw_deg{-20, 20};     // the torso's own orientation, about the camera's vertical
  std::array<double, 2> rest_pitch_deg{-10, 10};
  std::array<double, 2> rest_roll_deg{-6, 6};
  std::array<double, 2> neckline_mm{135, 175};     // canonical y (below the ear line) where clothes begin
  double v_neck_probability = 0.3;
  std::array<double, 2> v_neck_depth_mm{25, 70};
  std::vector<double> pattern_weights{0.5, 0.3, 0.2};  // plain, stripes, checks
};

template <class V>
void describe(V& v, BodyConfig& c) {
  auto ordered = [](const std::array<double, 2>& r) { return r[0] <= r[1]; };
  v.field("enabled", c.enabled);
  v.field("follow", c.follow);
  v.require(ordered(c.follow) && c.follow[0] >= 0 && c.follow[1] <= 1, "follow", "[min, max] within [0, 1]");
  v.field("rest_yaw_deg", c.rest_yaw_deg);
  v.require(ordered(c.rest_yaw_deg) && c.rest_yaw_deg[0] >= -90 && c.rest_yaw_deg[1] <= 90, "rest_yaw_deg", "[min, max] within ±90°");
  v.field("rest_pitch_deg", c.rest_pitch_deg);
  v.require(ordered(c.rest_pitch_deg) && c.rest_pitch_deg[0] >= -45 && c.rest_pitch_deg[1] <= 45, "rest_pitch_deg", "[min, max] within ±45°");
  v.field("rest_roll_deg", c.rest_roll_deg);
  v.require(ordered(c.rest_roll_deg) && c.rest_roll_deg[0] >= -45 && c.rest_roll_deg[1] <= 45, "rest_roll_deg", "[min, max] within ±45°");
  v.field("neckline_mm", c.neckline_mm);
  v.require(ordered(c.neckline_mm) && c.neckline_mm[0] >= 120 && c.neckline_mm[1] <= 300, "neckline_mm", "[min, max] within [120, 300] mm");
  v.field("v_neck_probability", c.v_neck_probability);
  v.require(c.v_neck_probability >= 0 && c.v_neck_probability <= 1, "v_neck_probability", "a probability in [0, 1]");
  v.field("v_neck_depth_mm", c.v_neck_depth_mm);
  v.require(ordered(c.v_neck_depth_mm) && c.v_neck_depth_mm[0] >= 0 && c.v_neck_depth_mm[1] <= 150, "v_neck_depth_mm", "[min, max] within [0, 150] mm");
  v.field("pattern_weights", c.pattern_weights);
  v.require(c.pattern_weights.size() == 3 && c.pattern_weights[0] >= 0 && c.pattern_weights[1] >= 0 && c.pattern_weights[2] >= 0 &&
                c.pattern_weights[0] + c.pattern_weights[1] + c.pattern_weights[2] > 0,
            "pattern_weights", "three weights >= 0 (plain, stripes, checks), not all 0");
}

enum class ClothPattern { kPlain = 0, kStripes = 1, kChecks = 2 };

// One sequence's body.
struct BodyLook {
  double follow = 0.25;
  glm::dmat3 rest_rotation{1.0};  // the torso's orientation in the camera frame when it shares none of the head's
  double neckline_mm = 150;
  double v_neck_depth_mm = 0;
  ClothPattern pattern = ClothPattern::kPlain;
  glm::vec3 cloth_color{0.3f};   // linear RGB
  glm::vec3 cloth_color2{0.6f};  // the second colour of stripes and checks
  double pattern_period_mm = 20;
  double pattern_angle_deg = 0;
};

BodyLook sample_body_look(const BodyConfig& config, core::Rng& rng);

// The point of the neck (canonical head frame, mm) about which the head turns relative to the torso: both poses
// map it to the same camera point.
inline constexpr glm::dvec3 kNeckPivotMm{0, 90, 15};
// The neck blends from the head's motion (canonical y above the first) to the torso's (below the second).
inline constexpr double kNeckBlendTopMm = 118, kNeckBlendBottomMm = 175;

// The torso's pose for a head at `head`: rest orientation slerped towards the head's by `follow`, placed so that
// the neck pivot stays where the head's puts it.
dataset::Pose body_pose(const dataset::Pose& head, const BodyLook& look);

// The torso mesh (canonical head frame, one material, no texture), loaded from the MakeHuman base mesh once per
// process. Throws a user error naming the mesh when it is missing.
const HeadMesh& body_mesh();

}  // namespace synhead::renderer
