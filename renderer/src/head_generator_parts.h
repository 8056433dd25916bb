#pragma once
// Internals shared by the head generator's source files: what is measured on the base mesh, the deformation
// field, the hair cap's extent and the skin painter.

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include <glm/mat3x3.hpp>
#include <glm/vec2.hpp>
#include <glm/vec3.hpp>
#include <opencv2/core/mat.hpp>

#include "synhead/renderer/head_generator.h"
#include "synhead/renderer/head_mesh.h"

namespace synhead::renderer::detail {

inline float smoothstep(float edge0, float edge1, float x) {
  const float t = std::clamp((x - edge0) / (edge1 - edge0), 0.0f, 1.0f);
  return t * t * (3 - 2 * t);
}

// The base mesh's two materials, found by name.
struct BaseMaterials {
  int skin = -1;  // "DefaultSkin": untextured, with UVs
  int eyes = -1;  // "Eye_brown": textured eyeballs
};
BaseMaterials find_base_materials(const HeadMesh& mesh);

// Anatomical points measured on the base mesh (canonical mm). Paired features are given for the +x side; the
// other side is their mirror image (the base mesh is symmetric).
struct FaceAnchors {
  glm::vec3 eye{0};       // eyeball centre (least-squares sphere)
  float eye_radius = 0;   // reach of the eyeball's vertices from that centre
  glm::vec3 crown{0}, back{0};  // vertex of the vault; most posterior point of the skull
  // Midline profile, top to bottom: glabella, nasion, pronasale, subnasale, labrale superius, stomion,
  // labrale inferius, pogonion, menton.
  glm::vec3 glabella{0}, nasion{0}, nose_tip{0}, subnasale{0}, upper_lip{0}, stomion{0}, lower_lip{0}, chin{0},
      menton{0};
  glm::vec3 upper_vermilion{0}, lower_vermilion{0};  // midline borders of the lips' red (vermilion)
  glm::vec3 forehead{0};  // midline, 40 mm above the glabella
  glm::vec3 brow{0}, mouth_corner{0}, ala{0}, malar{0}, gonion{0};
  glm::vec3 ear_root{0};  // where the pinna leaves the skull (the ear is scaled about it)
  float skull_half_width = 0;
};

// Parts of the skin material's surface, which are painted differently.
enum class SkinRegion : std::uint8_t { skin, mouth_interior };

// The +x eye opening seen from the front: for points of the image plane (x, y), the distance in mm to the part
// of the eyeball visible between the lids (0 inside it). The lids' edges are where the lashes go.
class EyeOpening {
 public:
  EyeOpening() = default;
  EyeOpening(glm::vec2 origin, float cell_mm, cv::Mat distance_mm) : origin_(origin), cell_mm_(cell_mm), distance_mm_(std::move(distance_mm)) {}
  float distance_mm(glm::vec2 xy) const;

 private:
  glm::vec2 origin_{0.0f};
  float cell_mm_ = 1;
  cv::Mat distance_mm_;  // CV_32F, row = y, column = x
};

struct BaseAnalysis {
  FaceAnchors anchors;
  std::vector<SkinRegion> triangle_region;  // per triangle of the skin submesh
  EyeOpening eye_opening;
};
BaseAnalysis analyse_base(const HeadMesh& base);

// Amount of hair (0–1) at a point of the base head, without the texture's ragged edge: 1 on the scalp above the
// hairline, 0 on the face, the ears and the neck. `softness_mm` widens the transition.
float hair_cap_weight(const FaceAnchors& a, const HeadLook& look, const glm::vec3& p, float softness_mm);

// The spatial map base → shaped head: an optional stand-off of the hair cap, Gaussian-weighted displacement terms
// at the anchors, the ears scaled about their roots, the global scale, and the eyes moved as similarities that
// blend into the lids. Smooth and one-to-one for parameters inside their documented ranges. `hair` (when given)
// must outlive the warp.
class HeadWarp {
 public:
  HeadWarp(const FaceAnchors& anchors, const HeadShape& shape, const HeadLook* hair = nullptr);
  glm::vec3 operator()(const glm::vec3& p) const;

 private:
  struct Term {  // displacement w(p) · (translation + linear · (p − pivot)), w = Gaussian around centre
    glm::vec3 centre, sigma, translation;
    glm::mat3 linear{0.0f};
    glm::vec3 pivot{0.0f};
  };
  void add(const glm::vec3& centre, const glm::vec3& sigma, const glm::vec3& translation);
  void add_pair(const glm::vec3& centre, const glm::vec3& sigma, const glm::vec3& translation);  // and its mirror image
  void add_scaling(const glm::vec3& centre, const glm::vec3& sigma, const glm::vec3& factor, const glm::vec3& pivot);
  void add_skull(const FaceAnchors& a, const HeadShape& s);
  void add_face(const FaceAnchors& a, const HeadShape& s);
  void add_nose_and_mouth(const FaceAnchors& a, const HeadShape& s);
  glm::vec3 local(const glm::vec3& p) const;

  FaceAnchors anchors_;
  std::vector<Term> terms_;
  const HeadLook* hair_;
  float ear_scale_;
  float eye_scale_;
  std::array<glm::vec3, 2> eye_centre_, eye_moved_;
  glm::vec3 scale_;
  glm::vec3 offset_{0.0f};
};

struct PreparedBase {
  HeadMesh mesh;
  BaseAnalysis analysis;
};
// Loads the MakeHuman mesh (UserError when it is missing) and prepares it: corneas removed (the eye texture
// becomes plain BGR), the neck closed by a "NeckCap" material (a copy of the skin's), occlusion baked, anatomy
// measured.
PreparedBase prepare_base();

// Moves the skin triangles under the hair cap of `look` (judged on `base`, whose triangles `head` shares) to a
// "Hair" material: a copy of the skin's with a dull sheen.
void separate_hair(HeadMesh& head, const HeadMesh& base, const FaceAnchors& anchors, const HeadLook& look);

// Per-vertex ambient occlusion of the base head baked into its vertex colours (grey multipliers): the shader has
// no occlusion, and without it nostrils, eye corners, ears and the mouth's corners look flat.
void bake_ambient_occlusion(HeadMesh& mesh);

// For each vertex used by `material`, the lowest-numbered vertex at the same position (UV seams duplicate
// vertices); every other vertex maps to itself.
std::vector<std::uint32_t> weld_map(const HeadMesh& mesh, int material);
// `warp` applied to every vertex and landmark; normals recomputed and made to agree across the skin's UV seams.
HeadMesh warp_mesh(const HeadMesh& base, const HeadWarp& warp);

// The skin texture (8-bit BGR, `size`²) over the skin material's UVs, painted from each texel's position on the
// base head; `seed` drives every noise.
cv::Mat paint_skin(const HeadMesh& base, const BaseAnalysis& analysis, const HeadLook& look, std::uint64_t seed,
                   int size = 1024);
// The eye texture with its iris recoloured to `iris_srgb`, keeping the fibres' light and dark detail.
cv::Mat tint_iris(const cv::Mat& eye_texture, const glm::vec3& iris_srgb);

}  // namespace synhead::renderer::detail
