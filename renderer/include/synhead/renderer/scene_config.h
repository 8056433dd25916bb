#pragma once
// The scene vocabulary shared by `synhead render-frame`, `synhead render` and the streaming source:
// camera and anti-aliasing, per-sequence appearance, the body under the head, backgrounds and per-frame nuisances
// (configs/render.yaml).

#include "synhead/renderer/appearance.h"
#include "synhead/renderer/background.h"
#include "synhead/renderer/body.h"
#include "synhead/renderer/nuisance.h"
#include "synhead/renderer/renderer.h"

namespace synhead::renderer {

struct SceneConfig {
  RendererConfig renderer;
  AppearanceConfig appearance;
  BodyConfig body;
  BackgroundConfig background;
  NuisanceConfig nuisances;
};

template <class V>
void describe(V& v, SceneConfig& c) {
  v.section("renderer", c.renderer);
  v.section("appearance", c.appearance);
  v.section("body", c.body);
  v.section("background", c.background);
  v.section("nuisances", c.nuisances);
}

}  // namespace synhead::renderer
