#pragma once
// configs/synhead.yaml (paper scale) and configs/synhead_small.yaml (demo): what `synhead render` makes.
// The scene keys (renderer, appearance, background, nuisances) are those of configs/render.yaml.

#include <cstdint>
#include <string>
#include <vector>

#include "synhead/dataset/layout.h"
#include "synhead/dataset/plan.h"
#include "synhead/renderer/head_generator.h"
#include "synhead/renderer/head_source.h"
#include "synhead/renderer/scene_config.h"

namespace synhead::renderer {

// The plan's keys (seed, heads, tracks, split) and how the sequences look (scene) and are written (image, threads).
struct DatasetConfig : dataset::PlanConfig {
  dataset::DatasetImageConfig image;
  int workers = 1;  // render threads, each with its own GL context
  int encoders = 2;  // image-encoding threads
  SceneConfig scene;

  DatasetConfig() { heads = builtin_head_ids(); }
};

template <class V>
void describe(V& v, DatasetConfig& c) {
  v.field("seed", c.seed);
  v.field("heads", c.heads);
  v.require(!c.heads.empty(), "heads", "at least one head (built-in id, makehuman or mesh path)");
  v.section("tracks", c.tracks);
  v.section("image", c.image);
  v.section("split", c.split);
  v.require(!c.split.enabled || c.split.test_heads < static_cast<int>(c.heads.size()), "split",
            "fewer test heads than heads (train needs at least one)");
  v.require(!c.split.enabled || c.tracks.source != "generate" || c.split.test_tracks < c.tracks.count, "split",
            "fewer test tracks than tracks (train needs at least one)");
  v.field("workers", c.workers);
  v.require(c.workers >= 1 && c.workers <= 64, "workers", "an integer in [1, 64]");
  v.field("encoders", c.encoders);
  v.require(c.encoders >= 1 && c.encoders <= 64, "encoders", "an integer in [1, 64]");
  describe(v, c.scene);  // renderer, appearance, background, nuisances at the top level, as in render.yaml
}

}  // namespace synhead::renderer
