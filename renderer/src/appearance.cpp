#include "synhead/renderer/appearance.h"

#include <algorithm>
#include <cmath>

#include "synhead/renderer/head_mesh.h"

namespace synhead::renderer {

glm::vec3 color_temperature(double kelvin) {
  // Piecewise fit of the Planckian locus in 8-bit sRGB, then linearised.
  const double t = kelvin / 100.0;
  double r, g, b;
  if (t <= 66) {
    r = 255;
    g = 99.4708025861 * std::log(t) - 161.1195681661;
    b = t <= 19 ? 0 : 138.5177312231 * std::log(t - 10) - 305.0447927307;
  } else {
    r = 329.698727446 * std::pow(t - 60, -0.1332047592);
    g = 288.1221695283 * std::pow(t - 60, -0.0755148492);
    b = 255;
  }
  auto linear = [](double c) { return static_cast<float>(std::pow(std::clamp(c, 0.0, 255.0) / 255.0, double{kDisplayGamma})); };
  glm::vec3 color(linear(r), linear(g), linear(b));
  return color / std::max({color.r, color.g, color.b});
}

Appearance sample_appearance(const AppearanceConfig& c, core::Rng& rng) {
  auto draw = [&](const std::array<double, 2>& range) { return rng.uniform(range[0], range[1]); };
  Appearance a;
  const double azimuth = draw(c.light_azimuth_deg) * M_PI / 180;
  const double elevation = draw(c.light_elevation_deg) * M_PI / 180;
  // Light travels into the scene (+z) from the side (x) and from above (−y in the camera frame).
  a.light_direction = glm::vec3(static_cast<float>(std::sin(azimuth) * std::cos(elevation)),
                                static_cast<float>(std::sin(elevation)),
                                static_cast<float>(std::cos(azimuth) * std::cos(elevation)));
  a.light_color = color_temperature(draw(c.light_temperature_k)) * static_cast<float>(draw(c.light_intensity));
  a.ambient = glm::vec3(static_cast<float>(draw(c.ambient))) * (0.5f * color_temperature(draw(c.light_temperature_k)) + 0.5f);
  a.specular_scale = static_cast<float>(draw(c.specular_scale));
  a.exposure = static_cast<float>(draw(c.exposure));
  a.shutter = draw(c.shutter);
  return a;
}

dataset::Intrinsics jitter_intrinsics(const dataset::Intrinsics& camera, const AppearanceConfig& c, core::Rng& rng) {
  dataset::Intrinsics j = camera;
  const double scale = std::max(0.5, 1.0 + rng.normal(0, c.focal_jitter));
  j.fx *= scale;
  j.fy *= scale;
  j.cx += rng.normal(0, c.principal_jitter_px);
  j.cy += rng.normal(0, c.principal_jitter_px);
  return j;
}

}  // namespace synhead::renderer
