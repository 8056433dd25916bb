// The ten built-in people, read from their YAML files.

#include "synhead/renderer/head_presets.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "synhead/core/config.h"
#include "synhead/core/error.h"
#include "synhead/core/resources.h"

namespace synhead::renderer {

namespace {

// A colour is a glm::vec3 in the struct and [r, g, b] in the file. For the files' short decimals float(double(text))
// is the float nearest the text, as a float literal would be.
template <class V>
void colour(V& v, const char* key, glm::vec3& c) {
  std::vector<double> rgb{c.r, c.g, c.b};
  v.field(key, rgb);
  v.require(rgb.size() == 3 && std::all_of(rgb.begin(), rgb.end(), [](double x) { return x >= 0 && x <= 1; }), key,
            "[r, g, b] with each in [0, 1]");
  c = glm::vec3(static_cast<float>(rgb[0]), static_cast<float>(rgb[1]), static_cast<float>(rgb[2]));
}

}  // namespace

template <class V>
void describe(V& v, HeadShape& s) {
  v.field("size", s.size);
  v.field("masculinity", s.masculinity);
  v.field("head_width", s.head_width);
  v.field("head_length_mm", s.head_length_mm);
  v.field("head_height_mm", s.head_height_mm);
  v.field("forehead_slope_mm", s.forehead_slope_mm);
  v.field("brow_ridge_mm", s.brow_ridge_mm);
  v.field("face_width", s.face_width);
  v.field("face_height", s.face_height);
  v.field("cheekbones_mm", s.cheekbones_mm);
  v.field("jaw_width_mm", s.jaw_width_mm);
  v.field("chin_length_mm", s.chin_length_mm);
  v.field("chin_protrusion_mm", s.chin_protrusion_mm);
  v.field("neck_width", s.neck_width);
  v.field("nose_length_mm", s.nose_length_mm);
  v.field("nose_width_mm", s.nose_width_mm);
  v.field("nose_projection_mm", s.nose_projection_mm);
  v.field("nose_bridge_mm", s.nose_bridge_mm);
  v.field("lip_fullness_mm", s.lip_fullness_mm);
  v.field("mouth_width_mm", s.mouth_width_mm);
  v.field("eye_spacing_mm", s.eye_spacing_mm);
  v.field("eye_size", s.eye_size);
  v.field("ear_size", s.ear_size);
  v.require(s.size > 0, "size", "a positive scale");
}

template <class V>
void describe(V& v, HeadLook& l) {
  v.field("skin_tone", l.skin_tone);
  v.field("undertone", l.undertone);
  v.field("redness", l.redness);
  v.field("blotchiness", l.blotchiness);
  v.field("pores", l.pores);
  v.field("pore_scale_mm", l.pore_scale_mm);
  v.field("freckles", l.freckles);
  v.field("lip_redness", l.lip_redness);
  v.field("lip_darkness", l.lip_darkness);
  colour(v, "eyebrow_color", l.eyebrow_color);
  v.field("eyebrow_density", l.eyebrow_density);
  v.field("eyebrow_thickness", l.eyebrow_thickness);
  colour(v, "iris_color", l.iris_color);
  colour(v, "hair_color", l.hair_color);
  v.field("hair", l.hair);
  v.field("hair_volume_mm", l.hair_volume_mm);
  v.field("hairline_mm", l.hairline_mm);
  v.field("stubble", l.stubble);
  v.field("shine", l.shine);
  v.require(l.pore_scale_mm > 0, "pore_scale_mm", "a positive size");
}

template <class V>
void describe(V& v, HeadPreset& p) {
  v.field("seed", p.seed);
  std::string sex = p.params.sex == Sex::male ? "male" : "female";
  v.field("sex", sex);
  v.require(sex == "female" || sex == "male", "sex", "female or male");
  p.params.sex = sex == "male" ? Sex::male : Sex::female;
  v.section("shape", p.params.shape);
  v.section("look", p.params.look);
}

HeadPreset load_head_preset(const std::filesystem::path& file) {
  return core::load_config<HeadPreset>(core::ConfigDocument::from_file(file));
}

// Fixed here rather than found in the folder: datasets assign heads by this order, and assets/heads/ also holds
// the base mesh's sidecar.
std::vector<std::string> builtin_head_ids() {
  return {"female_01", "female_02", "female_03", "female_04", "female_05",
          "male_01",   "male_02",   "male_03",   "male_04",   "male_05"};
}

std::filesystem::path builtin_head_preset_path(const std::string& id) {
  const auto ids = builtin_head_ids();
  if (std::find(ids.begin(), ids.end(), id) == ids.end())
    core::throw_user_error("unknown built-in head '{}': valid ids are {}", id, fmt::join(ids, ", "));
  return core::resolve_resource("assets/heads/" + id + ".yaml");
}

HeadParams builtin_head_params(const std::string& id) { return load_head_preset(builtin_head_preset_path(id)).params; }

std::uint64_t builtin_head_seed(const std::string& id) { return load_head_preset(builtin_head_preset_path(id)).seed; }

}  // namespace synhead::renderer
