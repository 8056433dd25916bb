#pragma once
// configs/synhead.yaml (paper scale) and configs/synhead_small.yaml (demo): what `synhead render` makes.
// The scene keys (renderer, appearance, background, nuisances) are those of configs/render.yaml.

#include <cstdint>
#include <string>
#include <vector>

#include "synhead/motion_tracks/generator.h"
#include "synhead/renderer/head_generator.h"
#include "synhead/renderer/head_source.h"
#include "synhead/renderer/scene_config.h"

namespace synhead::renderer {

struct DatasetTracksConfig {
  std::string source = "generate";  // generate | folder (track CSVs) | biwi (hpdb tree)
  std::string path;                 // folder or BIWI root, for folder / biwi
  int count = 70;                   // tracks to generate (the paper: 70)
  double smoothing_sigma_frames = 0;  // Gaussian smoothing of folder / biwi tracks (the paper smooths its tracks)
  motion_tracks::GeneratorConfig generator = paper_scale_generator();

  // ≈ 730 frames per track: 70 tracks give the paper's ≈ 51k poses.
  static motion_tracks::GeneratorConfig paper_scale_generator() {
    motion_tracks::GeneratorConfig g;
    g.frames = 730;
    return g;
  }
};

template <class V>
void describe(V& v, DatasetTracksConfig& c) {
  v.field("source", c.source);
  v.require(c.source == "generate" || c.source == "folder" || c.source == "biwi", "source", "generate, folder or biwi");
  v.field("path", c.path);
  v.require(c.source == "generate" || !c.path.empty(), "path", "the folder of track CSVs or the BIWI hpdb root");
  v.field("count", c.count);
  v.require(c.count >= 1, "count", "an integer >= 1");
  v.field("smoothing_sigma_frames", c.smoothing_sigma_frames);
  v.require(c.smoothing_sigma_frames >= 0, "smoothing_sigma_frames", "a number >= 0 (0 = no smoothing)");
  v.section("generator", c.generator);
}

struct DatasetImageConfig {
  std::string format = "jpg";  // png | jpg: JPEG q95 keeps the paper-scale set at ≈ 55 GB instead of ≈ 250 GB
  int jpeg_quality = 95;
};

template <class V>
void describe(V& v, DatasetImageConfig& c) {
  v.field("format", c.format);
  v.require(c.format == "png" || c.format == "jpg", "format", "png or jpg");
  v.field("jpeg_quality", c.jpeg_quality);
  v.require(c.jpeg_quality >= 1 && c.jpeg_quality <= 100, "jpeg_quality", "an integer in [1, 100]");
}

// The paper's protocol: disjoint heads and disjoint tracks between train and test; only same-split pairs are rendered.
struct DatasetSplitConfig {
  bool enabled = true;
  int test_heads = 2;
  int test_tracks = 24;
};

template <class V>
void describe(V& v, DatasetSplitConfig& c) {
  v.field("enabled", c.enabled);
  v.field("test_heads", c.test_heads);
  v.require(c.test_heads >= 1, "test_heads", "an integer >= 1");
  v.field("test_tracks", c.test_tracks);
  v.require(c.test_tracks >= 1, "test_tracks", "an integer >= 1");
}

struct DatasetConfig {
  std::uint64_t seed = 0;
  std::vector<std::string> heads = builtin_head_ids();
  DatasetTracksConfig tracks;
  DatasetImageConfig image;
  DatasetSplitConfig split;
  int workers = 1;  // render threads, each with its own GL context
  int encoders = 2;  // image-encoding threads
  SceneConfig scene;
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
