// The random draw of new people (the built-in ones are data: head_presets.cpp).

#include <algorithm>
#include <array>

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

HeadParams random_head_params(core::Rng& rng, std::optional<Sex> sex) {
  HeadParams p;
  p.sex = sex ? *sex : (rng.bernoulli(0.5) ? Sex::male : Sex::female);
  draw_shape(rng, p.sex == Sex::male, p.shape);
  draw_look(rng, p.sex == Sex::male, p.look);
  return p;
}

}  // namespace synhead::renderer
