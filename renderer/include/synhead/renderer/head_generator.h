#pragma once
// Built-in heads without downloads: the MakeHuman base mesh that Debian's assimp-testmodels installs, reshaped by
// smooth anatomical deformations and dressed in a procedural skin texture (tone, mottling, pores, freckles, lips,
// eyebrows, lash line, stubble, a short-hair cap) and a tinted iris.
//
//   HeadMesh head = make_builtin_head("female_03");                  // one of builtin_head_ids()
//   core::Rng rng(seed);
//   HeadMesh other = generate_head(random_head_params(rng), seed);   // a new person
//
// Shape parameters are offsets from the base mesh in millimetres or scale factors, measured in the canonical
// frame before the overall `size` is applied; each field documents its range (random_head_params stays inside it,
// generate_head accepts values outside it but the result is then no longer guaranteed to look human). Geometry
// depends on the parameters only; the seed drives the texture's noise. Same parameters and seed → bit-identical
// mesh and texture.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <glm/vec3.hpp>

#include "synhead/core/random.h"
#include "synhead/renderer/head_mesh.h"

namespace synhead::renderer {

enum class Sex { female, male };

struct HeadShape {
  double size = 1.0;              // [0.92, 1.08] uniform scale of the whole head
  // [-1, 1]: −1 strongly female-typical, +1 strongly male-typical. Scales the size by 1 + 0.08 · m for m > 0 (the
  // base mesh already has a female-typical size) and adds, at +1: face height ×1.025, brow ridge +3.5 mm, forehead
  // slope +4 mm, jaw width +5 mm, chin length +3 mm, chin protrusion +1 mm, nose length +2.5 mm, nose width
  // +1.5 mm, nose projection +1 mm, lip fullness −1.5 mm, eye size ×0.97, neck width ×1.06 (the opposite at −1),
  // on top of the fields below. 0 and every other field at its default give the base mesh.
  double masculinity = 0;
  double head_width = 1.0;        // [0.95, 1.1] x scale of the whole head
  double head_length_mm = 0;      // [-10, 10] back of the skull, + = longer (dolichocephalic)
  double head_height_mm = 0;      // [-10, 10] crown, + = taller vault
  double forehead_slope_mm = 0;   // [-6, 8] upper forehead, + = slopes back
  double brow_ridge_mm = 0;       // [-3, 5] glabella and brows, + = more prominent
  double face_width = 1.0;        // [0.93, 1.07] x scale of the mid and lower face
  double face_height = 1.0;       // [0.93, 1.08] vertical scale of the face below the eyes
  double cheekbones_mm = 0;       // [-4, 5] malar prominence, outward and forward
  double jaw_width_mm = 0;        // [-6, 6] each jaw angle, outward
  double chin_length_mm = 0;      // [-6, 8] chin downward
  double chin_protrusion_mm = 0;  // [-5, 6] chin forward
  double neck_width = 1.0;        // [0.92, 1.1] x and z scale of the neck
  double nose_length_mm = 0;      // [-5, 6] tip and columella downward
  double nose_width_mm = 0;       // [-3, 4] each ala, outward
  double nose_projection_mm = 0;  // [-5, 5] tip forward
  double nose_bridge_mm = 0;      // [-3, 3] dorsum forward (+ = high bridge)
  double lip_fullness_mm = 0;     // [-2, 3] both lips forward, and 0.8× that of red above and below
  double mouth_width_mm = 0;      // [-4, 5] each mouth corner, outward (the lips' width)
  double eye_spacing_mm = 0;      // [-3, 3] each eye with its socket, outward
  double eye_size = 1.0;          // [0.92, 1.08] eyeball and lid opening, a similarity (eyeballs stay undistorted)
  double ear_size = 1.0;          // [0.85, 1.15] pinna, scaled about its root
};

// Colours are sRGB in [0, 1] (as picked from photographs).
struct HeadLook {
  double skin_tone = 0.3;        // [0, 1] 0 = very light (Fitzpatrick I) … 1 = very dark (VI)
  double undertone = 0;          // [-1, 1] −1 pink/cool … +1 olive/golden
  double redness = 0.4;          // [0, 1] flush of cheeks, nose, ears and chin (masked by melanin on dark skin)
  double blotchiness = 0.3;      // [0, 1] low-frequency mottling of the tone
  double pores = 0.4;            // [0, 1] strength of the fine grain (pores, fine lines)
  double pore_scale_mm = 0.8;    // [0.5, 1.5] size of that grain
  double freckles = 0;           // [0, 1] density of freckles on nose, cheeks and forehead
  double lip_redness = 0.5;      // [0, 1] how much redder than the skin the lips are
  double lip_darkness = 0.2;     // [0, 1] how much darker than the skin the lips are
  glm::vec3 eyebrow_color{0.2f, 0.14f, 0.09f};
  double eyebrow_density = 0.7;  // [0, 1] 0 = sparse and faint, 1 = dense
  double eyebrow_thickness = 1;  // [0.7, 1.3] relative height of the brows
  glm::vec3 iris_color{0.3f, 0.18f, 0.08f};
  glm::vec3 hair_color{0.2f, 0.14f, 0.09f};
  double hair = 1;               // [0, 1] hair cap coverage: 0 = bald, 1 = dense short hair
  double hair_volume_mm = 5;     // [0, 10] how far the hair stands off the scalp
  double hairline_mm = 0;        // [0, 25] recession of the frontal hairline (temples recede most)
  double stubble = 0;            // [0, 1] beard shadow (0 = clean-shaven)
  double shine = 0.15;           // [0.05, 0.3] specular strength of the skin
};

struct HeadParams {
  Sex sex = Sex::female;  // what the person is meant to be; the shape's sex-typical part is shape.masculinity
  HeadShape shape;
  HeadLook look;
};

// The MakeHuman base mesh: $SYNHEAD_MAKEHUMAN_MESH, by default /usr/share/assimp/models/Collada/human.zae.
std::filesystem::path makehuman_mesh_path();
// Its sidecar: assets/heads/makehuman.yaml below the resource root (the repository, or $SYNHEAD_ROOT).
std::filesystem::path makehuman_sidecar_path();

// The base head every generated head starts from (loaded once, thread-safe): the MakeHuman mesh in the canonical
// frame with the sidecar's 68 landmarks, without the corneal shells (fully transparent), its neck cut closed by a
// "NeckCap" material and ambient occlusion baked into the vertex colours. Throws UserError when the mesh is
// missing (run tools/setup.sh: package assimp-testmodels).
const HeadMesh& makehuman_base_head();

// Deforms `base` (the base head, or a copy of it with other landmarks) by `shape`: one smooth spatial map applied
// to every vertex and landmark; each eyeball moves as a similarity with its socket. Normals are recomputed.
HeadMesh shape_head(const HeadMesh& base, const HeadShape& shape);

// "female_01".."female_05", "male_01".."male_05": ten fixed people, diverse in skin tone and shape.
std::vector<std::string> builtin_head_ids();
// The parameters and texture seed of a built-in head, read from assets/heads/<id>.yaml (head_presets.h); an unknown
// id is a UserError listing the valid ones.
HeadParams builtin_head_params(const std::string& id);
std::uint64_t builtin_head_seed(const std::string& id);
HeadMesh make_builtin_head(const std::string& id);

// A plausible random person; `sex` unset draws it with equal odds.
HeadParams random_head_params(core::Rng& rng, std::optional<Sex> sex = std::nullopt);
// Materials of a generated head: "DefaultSkin", "Eye_brown" (iris tinted), "NeckCap" and, unless bald, "Hair"
// (the scalp, with a dull sheen); skin, cap and hair share one 1024² painted texture. ~0.2 s.
HeadMesh generate_head(const HeadParams& params, std::uint64_t seed);

}  // namespace synhead::renderer
