// The ten built-in people and the random draw of new ones.

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "synhead/core/error.h"
#include "synhead/renderer/head_generator.h"

namespace synhead::renderer {

namespace {

// sRGB colours as they appear in photographs.
namespace hair {
constexpr glm::vec3 black{0.05f, 0.045f, 0.04f};
constexpr glm::vec3 dark_brown{0.13f, 0.085f, 0.055f};
constexpr glm::vec3 brown{0.26f, 0.17f, 0.1f};
constexpr glm::vec3 light_brown{0.42f, 0.3f, 0.18f};
constexpr glm::vec3 blond{0.62f, 0.5f, 0.32f};
constexpr glm::vec3 auburn{0.42f, 0.18f, 0.09f};
constexpr glm::vec3 grey{0.56f, 0.55f, 0.53f};
}  // namespace hair

namespace iris {
constexpr glm::vec3 dark_brown{0.16f, 0.09f, 0.05f};
constexpr glm::vec3 brown{0.3f, 0.18f, 0.08f};
constexpr glm::vec3 hazel{0.42f, 0.33f, 0.16f};
constexpr glm::vec3 green{0.3f, 0.4f, 0.22f};
constexpr glm::vec3 blue{0.34f, 0.45f, 0.57f};
constexpr glm::vec3 grey_blue{0.45f, 0.5f, 0.55f};
}  // namespace iris

// Sex-typical defaults of a preset: women's lips are usually redder than the surrounding skin, men's brows
// heavier.
HeadParams person(Sex sex, double masculinity) {
  HeadParams p;
  p.sex = sex;
  p.shape.masculinity = masculinity;
  p.look.lip_redness = sex == Sex::female ? 0.6 : 0.3;
  p.look.eyebrow_thickness = sex == Sex::female ? 0.9 : 1.15;
  return p;
}

struct Preset {
  const char* id;
  std::uint64_t seed;
  HeadParams params;
};

// Light, freckled, auburn hair, green eyes; small straight nose, narrow face.
HeadParams female_01() {
  HeadParams p = person(Sex::female, -0.8);
  p.shape.size = 0.98;
  p.shape.head_length_mm = -4;
  p.shape.head_height_mm = 3;
  p.shape.face_height = 0.97;
  p.shape.face_width = 0.96;
  p.shape.chin_length_mm = -2;
  p.shape.jaw_width_mm = -2;
  p.shape.nose_width_mm = -1;
  p.shape.nose_projection_mm = 1;
  p.shape.chin_protrusion_mm = 1;
  p.look.skin_tone = 0.06;
  p.look.undertone = -0.4;
  p.look.redness = 0.55;
  p.look.freckles = 0.65;
  p.look.hair_color = p.look.eyebrow_color = hair::auburn;
  p.look.eyebrow_density = 0.55;
  p.look.iris_color = iris::green;
  p.look.hair_volume_mm = 7;
  return p;
}

// Mediterranean: olive, dark brown hair, brown eyes, high nose bridge.
HeadParams female_02() {
  HeadParams p = person(Sex::female, -0.6);
  p.shape.head_length_mm = 2;
  p.shape.head_height_mm = -5;
  p.shape.head_width = 1.04;
  p.shape.face_height = 1.02;
  p.shape.nose_bridge_mm = 2;
  p.shape.nose_length_mm = 2;
  p.shape.chin_protrusion_mm = 2;
  p.shape.cheekbones_mm = -1;
  p.shape.forehead_slope_mm = 3;
  p.shape.lip_fullness_mm = 0.5;
  p.look.skin_tone = 0.36;
  p.look.undertone = 0.6;
  p.look.redness = 0.3;
  p.look.hair_color = p.look.eyebrow_color = hair::dark_brown;
  p.look.eyebrow_density = 0.85;
  p.look.eyebrow_thickness = 1.1;
  p.look.iris_color = iris::brown;
  p.look.lip_redness = 0.55;
  return p;
}

// West African: dark skin, broad nose, full lips, black hair.
HeadParams female_03() {
  HeadParams p = person(Sex::female, -0.7);
  p.shape.head_length_mm = 8;
  p.shape.head_height_mm = -2;
  p.shape.forehead_slope_mm = -2;
  p.shape.nose_width_mm = 3.5;
  p.shape.nose_bridge_mm = -1.5;
  p.shape.nose_projection_mm = -1.5;
  p.shape.lip_fullness_mm = 2.5;
  p.shape.mouth_width_mm = 3;
  p.shape.cheekbones_mm = 2.5;
  p.shape.chin_protrusion_mm = 1.5;
  p.shape.face_height = 1.02;
  p.shape.jaw_width_mm = -1;
  p.look.skin_tone = 0.86;
  p.look.undertone = 0.2;
  p.look.redness = 0.2;
  p.look.lip_redness = 0.2;
  p.look.lip_darkness = 0.35;
  p.look.hair_color = p.look.eyebrow_color = hair::black;
  p.look.iris_color = iris::dark_brown;
  p.look.hair_volume_mm = 8;
  p.look.shine = 0.14;
  return p;
}

// East Asian: light golden skin, low nose bridge, broad cheekbones, black hair.
HeadParams female_04() {
  HeadParams p = person(Sex::female, -0.7);
  p.shape.head_length_mm = -8;
  p.shape.head_width = 1.06;
  p.shape.face_width = 1.05;
  p.shape.cheekbones_mm = 3.5;
  p.shape.nose_bridge_mm = -2.5;
  p.shape.nose_projection_mm = -2.5;
  p.shape.nose_width_mm = 1;
  p.shape.eye_size = 0.95;
  p.shape.brow_ridge_mm = -2;
  p.shape.face_height = 0.98;
  p.shape.chin_length_mm = -1;
  p.look.skin_tone = 0.24;
  p.look.undertone = 0.55;
  p.look.redness = 0.35;
  p.look.hair_color = p.look.eyebrow_color = hair::black;
  p.look.eyebrow_density = 0.6;
  p.look.eyebrow_thickness = 0.85;
  p.look.iris_color = iris::dark_brown;
  return p;
}

// South Asian: brown skin, long face, long nose, dense brows.
HeadParams female_05() {
  HeadParams p = person(Sex::female, -0.5);
  p.shape.head_length_mm = -5;
  p.shape.head_height_mm = 5;
  p.shape.head_width = 0.97;
  p.shape.face_width = 0.97;
  p.shape.face_height = 1.05;
  p.shape.nose_length_mm = 3;
  p.shape.nose_projection_mm = 1.5;
  p.shape.chin_length_mm = 3;
  p.shape.jaw_width_mm = -3;
  p.shape.lip_fullness_mm = 1;
  p.look.skin_tone = 0.6;
  p.look.undertone = 0.3;
  p.look.redness = 0.25;
  p.look.lip_darkness = 0.3;
  p.look.hair_color = p.look.eyebrow_color = hair::black;
  p.look.eyebrow_density = 0.95;
  p.look.iris_color = iris::dark_brown;
  return p;
}

// Northern European: fair, light brown hair, blue eyes, strong jaw, light stubble.
HeadParams male_01() {
  HeadParams p = person(Sex::male, 0.8);
  p.shape.head_length_mm = 5;
  p.shape.head_height_mm = 5;
  p.shape.jaw_width_mm = 4;
  p.shape.chin_length_mm = 3;
  p.shape.chin_protrusion_mm = 2;
  p.shape.nose_projection_mm = 2.5;
  p.shape.face_width = 0.98;
  p.shape.head_width = 1.02;
  p.shape.brow_ridge_mm = 1;
  p.look.skin_tone = 0.12;
  p.look.undertone = -0.2;
  p.look.redness = 0.5;
  p.look.hair_color = hair::light_brown;
  p.look.eyebrow_color = hair::brown;
  p.look.iris_color = iris::blue;
  p.look.stubble = 0.4;
  p.look.hairline_mm = 6;
  p.look.hair_volume_mm = 5;
  return p;
}

// Latin American / Middle Eastern: tan, black hair, heavy stubble, long nose, strong brows.
HeadParams male_02() {
  HeadParams p = person(Sex::male, 0.9);
  p.shape.face_width = 1.04;
  p.shape.jaw_width_mm = 2;
  p.shape.nose_length_mm = 3.5;
  p.shape.nose_bridge_mm = 2.5;
  p.shape.brow_ridge_mm = 2.5;
  p.shape.head_width = 1.02;
  p.shape.head_length_mm = -3;
  p.shape.lip_fullness_mm = 0.5;
  p.shape.neck_width = 1.04;
  p.look.skin_tone = 0.46;
  p.look.undertone = 0.4;
  p.look.redness = 0.3;
  p.look.hair_color = p.look.eyebrow_color = hair::black;
  p.look.eyebrow_density = 0.95;
  p.look.eyebrow_thickness = 1.2;
  p.look.iris_color = iris::brown;
  p.look.stubble = 0.8;
  p.look.hair_volume_mm = 5;
  return p;
}

// Very dark skin, buzz cut, broad nose, full lips.
HeadParams male_03() {
  HeadParams p = person(Sex::male, 0.7);
  p.shape.size = 1.03;
  p.shape.head_length_mm = 6;
  p.shape.head_height_mm = 2;
  p.shape.nose_width_mm = 3.5;
  p.shape.nose_projection_mm = -1;
  p.shape.lip_fullness_mm = 2;
  p.shape.mouth_width_mm = 3;
  p.shape.chin_protrusion_mm = 2;
  p.shape.cheekbones_mm = 2;
  p.shape.face_height = 1.03;
  p.look.skin_tone = 0.96;
  p.look.undertone = 0.1;
  p.look.redness = 0.15;
  p.look.lip_redness = 0.15;
  p.look.lip_darkness = 0.3;
  p.look.hair_color = p.look.eyebrow_color = hair::black;
  p.look.hair = 0.45;
  p.look.hair_volume_mm = 1;
  p.look.iris_color = iris::dark_brown;
  p.look.stubble = 0.3;
  p.look.shine = 0.14;
  return p;
}

// East Asian: golden skin, flat nose bridge, wide face and jaw.
HeadParams male_04() {
  HeadParams p = person(Sex::male, 0.6);
  p.shape.head_length_mm = -7;
  p.shape.head_width = 1.04;
  p.shape.face_width = 1.06;
  p.shape.jaw_width_mm = 3;
  p.shape.cheekbones_mm = 3;
  p.shape.nose_bridge_mm = -2;
  p.shape.nose_projection_mm = -2;
  p.shape.nose_width_mm = 1;
  p.shape.eye_size = 0.95;
  p.shape.brow_ridge_mm = -1.5;
  p.shape.face_height = 0.97;
  p.look.skin_tone = 0.3;
  p.look.undertone = 0.55;
  p.look.redness = 0.3;
  p.look.hair_color = p.look.eyebrow_color = hair::black;
  p.look.iris_color = iris::dark_brown;
  p.look.stubble = 0.15;
  p.look.hair_volume_mm = 6;
  return p;
}

// Older man: grey receding hair, ruddy blotchy skin, long nose, larger ears (they keep growing with age).
HeadParams male_05() {
  HeadParams p = person(Sex::male, 0.75);
  p.shape.size = 1.02;
  p.shape.head_length_mm = 4;
  p.shape.head_height_mm = -3;
  p.shape.nose_length_mm = 4;
  p.shape.nose_projection_mm = 2;
  p.shape.ear_size = 1.12;
  p.shape.face_height = 1.04;
  p.shape.lip_fullness_mm = -1.5;
  p.shape.jaw_width_mm = -1;
  p.shape.chin_length_mm = -1;
  p.shape.cheekbones_mm = -2;
  p.shape.neck_width = 0.98;
  p.look.skin_tone = 0.2;
  p.look.undertone = -0.1;
  p.look.redness = 0.65;
  p.look.blotchiness = 0.65;
  p.look.pores = 0.75;
  p.look.hair_color = hair::grey;
  p.look.eyebrow_color = {0.4f, 0.38f, 0.35f};
  p.look.hair = 0.8;
  p.look.hairline_mm = 18;
  p.look.hair_volume_mm = 3;
  p.look.iris_color = iris::grey_blue;
  p.look.stubble = 0.25;
  return p;
}

const std::vector<Preset>& presets() {
  static const std::vector<Preset> all{
      {"female_01", 101, female_01()}, {"female_02", 102, female_02()}, {"female_03", 103, female_03()},
      {"female_04", 104, female_04()}, {"female_05", 105, female_05()}, {"male_01", 201, male_01()},
      {"male_02", 202, male_02()},     {"male_03", 203, male_03()},     {"male_04", 204, male_04()},
      {"male_05", 205, male_05()}};
  return all;
}

const Preset& preset(const std::string& id) {
  const auto& all = presets();
  const auto it = std::find_if(all.begin(), all.end(), [&](const Preset& p) { return id == p.id; });
  if (it == all.end()) core::throw_user_error("unknown built-in head '{}': valid ids are {}", id, fmt::join(builtin_head_ids(), ", "));
  return *it;
}

// A normal draw around the middle of [lo, hi] (±2σ spans it), clamped to it.
double draw(core::Rng& rng, double lo, double hi) { return std::clamp(rng.normal(0.5 * (lo + hi), 0.25 * (hi - lo)), lo, hi); }

template <std::size_t N>
glm::vec3 pick(core::Rng& rng, const std::array<glm::vec3, N>& options) {
  return options[static_cast<std::size_t>(rng.uniform_int(0, static_cast<int>(N) - 1))];
}

void draw_shape(core::Rng& rng, bool male, HeadShape& s) {
  s.masculinity = (male ? 1 : -1) * rng.uniform(0.3, 1.0);
  s.size = draw(rng, 0.97, 1.03);
  // The base skull is narrow (141 mm across; adults average ~145–155): widths are drawn around +3 %.
  s.head_width = draw(rng, 0.97, 1.09);
  s.head_length_mm = draw(rng, -8, 8);
  s.head_height_mm = draw(rng, -8, 8);
  s.forehead_slope_mm = draw(rng, -5, 6);
  s.brow_ridge_mm = draw(rng, -2, 3);
  s.face_width = draw(rng, 0.95, 1.05);
  s.face_height = draw(rng, 0.96, 1.05);
  s.cheekbones_mm = draw(rng, -3, 4);
  s.jaw_width_mm = draw(rng, -4, 4);
  s.chin_length_mm = draw(rng, -4, 5);
  s.chin_protrusion_mm = draw(rng, -4, 4);
  s.neck_width = draw(rng, 0.94, 1.06);
  s.nose_length_mm = draw(rng, -4, 5);
  s.nose_width_mm = draw(rng, -2, 3.5);
  s.nose_projection_mm = draw(rng, -4, 4);
  s.nose_bridge_mm = draw(rng, -2.5, 2.5);
  s.lip_fullness_mm = draw(rng, -1.5, 2.5);
  s.mouth_width_mm = draw(rng, -3, 4);
  s.eye_spacing_mm = draw(rng, -2.5, 2.5);
  s.eye_size = draw(rng, 0.94, 1.06);
  s.ear_size = draw(rng, 0.88, 1.12);
}

// Hair and eye colours follow skin tone loosely: light hair and eyes are common only on light skin.
void draw_look(core::Rng& rng, bool male, HeadLook& l) {
  l.skin_tone = rng.uniform(0, 1);
  l.undertone = draw(rng, -0.8, 0.8);
  l.redness = rng.uniform(0.1, 0.7);
  l.blotchiness = rng.uniform(0.1, 0.6);
  l.pores = rng.uniform(0.2, 0.7);
  l.pore_scale_mm = rng.uniform(0.6, 1.2);
  const bool light = l.skin_tone < 0.3;
  l.freckles = light && rng.bernoulli(0.3) ? rng.uniform(0.2, 0.8) : 0;
  l.lip_redness = male ? rng.uniform(0.1, 0.45) : rng.uniform(0.35, 0.75);
  l.lip_darkness = rng.uniform(0.05, 0.2) + 0.25 * l.skin_tone;
  static constexpr std::array kLightHair{hair::black, hair::dark_brown, hair::brown, hair::light_brown, hair::blond, hair::auburn};
  static constexpr std::array kDarkHair{hair::black, hair::black, hair::dark_brown};
  l.hair_color = light ? pick(rng, kLightHair) : pick(rng, kDarkHair);
  const bool grey = rng.bernoulli(0.1);
  if (grey) l.hair_color = hair::grey;
  l.eyebrow_color = grey ? glm::vec3(0.4f, 0.38f, 0.35f) : l.hair_color * 0.85f;
  l.eyebrow_density = rng.uniform(0.45, 1.0);
  l.eyebrow_thickness = draw(rng, 0.8, 1.25) + (male ? 0.05 : -0.05);
  static constexpr std::array kLightEyes{iris::brown, iris::hazel, iris::green, iris::blue, iris::grey_blue, iris::dark_brown};
  static constexpr std::array kDarkEyes{iris::dark_brown, iris::dark_brown, iris::brown};
  l.iris_color = light ? pick(rng, kLightEyes) : pick(rng, kDarkEyes);
  l.hair = male && rng.bernoulli(0.1) ? 0.0 : rng.uniform(male ? 0.5 : 0.85, 1.0);
  l.hair_volume_mm = male ? rng.uniform(1, 8) : rng.uniform(4, 10);
  l.hairline_mm = male && rng.bernoulli(0.35) ? rng.uniform(3, 22) : rng.uniform(0, 3);
  l.stubble = male && rng.bernoulli(0.6) ? rng.uniform(0.15, 0.9) : 0;
  l.shine = rng.uniform(0.08, 0.25);
}

}  // namespace

std::vector<std::string> builtin_head_ids() {
  std::vector<std::string> ids;
  for (const auto& p : presets()) ids.emplace_back(p.id);
  return ids;
}

HeadParams builtin_head_params(const std::string& id) { return preset(id).params; }

std::uint64_t builtin_head_seed(const std::string& id) { return preset(id).seed; }

HeadParams random_head_params(core::Rng& rng, std::optional<Sex> sex) {
  HeadParams p;
  p.sex = sex ? *sex : (rng.bernoulli(0.5) ? Sex::male : Sex::female);
  draw_shape(rng, p.sex == Sex::male, p.shape);
  draw_look(rng, p.sex == Sex::male, p.look);
  return p;
}

}  // namespace synhead::renderer
