#pragma once
// Per-track appearance: lighting, skin reflectance and a slight camera jitter, drawn once per sequence from
// configured ranges (frame-to-frame variation is the job of the nuisances).

#include <array>
#include <cstdint>

#include <glm/vec3.hpp>

#include "synhead/core/random.h"
#include "synhead/dataset/camera.h"

namespace synhead::renderer {

struct Appearance {
  glm::vec3 light_direction{-0.3f, 0.4f, 1.0f};  // camera frame, from the light into the scene: here from upper right
  glm::vec3 light_color{1.0f};                   // linear RGB, includes intensity
  glm::vec3 ambient{0.35f};
  float specular_scale = 1.0f;                   // multiplies each material's specular strength
  float exposure = 1.0f;
  double shutter = 0.5;                          // exposure time as a fraction of the frame interval (motion blur)
};

struct AppearanceConfig {
  std::array<double, 2> light_azimuth_deg{-60, 60};    // around the camera's y axis; 0 = from the camera, > 0 = from image left
  std::array<double, 2> light_elevation_deg{-10, 50};  // > 0 = light from above
  std::array<double, 2> light_intensity{0.7, 1.2};
  std::array<double, 2> light_temperature_k{3500, 7000};  // warm (tungsten) to cool (overcast)
  std::array<double, 2> ambient{0.2, 0.5};
  std::array<double, 2> specular_scale{0.5, 1.5};
  std::array<double, 2> exposure{0.9, 1.1};
  std::array<double, 2> shutter{0.2, 0.7};        // fraction of the frame interval; 0 = no motion blur
  double focal_jitter = 0.03;       // relative std of fx, fy per track
  double principal_jitter_px = 4;   // std of cx, cy per track
};

template <class V>
void describe(V& v, AppearanceConfig& c) {
  auto ordered = [](const std::array<double, 2>& r) { return r[0] <= r[1]; };
  v.field("light_azimuth_deg", c.light_azimuth_deg);
  v.require(ordered(c.light_azimuth_deg) && c.light_azimuth_deg[0] >= -180 && c.light_azimuth_deg[1] <= 180, "light_azimuth_deg", "[min, max] within ±180°");
  v.field("light_elevation_deg", c.light_elevation_deg);
  v.require(ordered(c.light_elevation_deg) && c.light_elevation_deg[0] >= -90 && c.light_elevation_deg[1] <= 90, "light_elevation_deg", "[min, max] within ±90°");
  v.field("light_intensity", c.light_intensity);
  v.require(ordered(c.light_intensity) && c.light_intensity[0] >= 0, "light_intensity", "[min, max] with 0 <= min <= max");
  v.field("light_temperature_k", c.light_temperature_k);
  v.require(ordered(c.light_temperature_k) && c.light_temperature_k[0] >= 1500 && c.light_temperature_k[1] <= 15000, "light_temperature_k", "[min, max] kelvin within [1500, 15000]");
  v.field("ambient", c.ambient);
  v.require(ordered(c.ambient) && c.ambient[0] >= 0, "ambient", "[min, max] with 0 <= min <= max");
  v.field("specular_scale", c.specular_scale);
  v.require(ordered(c.specular_scale) && c.specular_scale[0] >= 0, "specular_scale", "[min, max] with 0 <= min <= max");
  v.field("exposure", c.exposure);
  v.require(ordered(c.exposure) && c.exposure[0] > 0, "exposure", "[min, max] with 0 < min <= max");
  v.field("shutter", c.shutter);
  v.require(ordered(c.shutter) && c.shutter[0] >= 0 && c.shutter[1] <= 1, "shutter", "[min, max] within [0, 1]");
  v.field("focal_jitter", c.focal_jitter);
  v.require(c.focal_jitter >= 0 && c.focal_jitter < 0.5, "focal_jitter", "a relative std in [0, 0.5)");
  v.field("principal_jitter_px", c.principal_jitter_px);
  v.require(c.principal_jitter_px >= 0, "principal_jitter_px", "a number >= 0");
}

Appearance sample_appearance(const AppearanceConfig& config, core::Rng& rng);
dataset::Intrinsics jitter_intrinsics(const dataset::Intrinsics& camera, const AppearanceConfig& config, core::Rng& rng);

// Linear-RGB colour of a black body at `kelvin`, normalised to a maximum of 1 (Tanner Helland's fit).
glm::vec3 color_temperature(double kelvin);

}  // namespace synhead::renderer
