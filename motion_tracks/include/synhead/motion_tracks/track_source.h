#pragma once
// Where a set of tracks comes from — generated, a folder of track CSVs, or a BIWI hpdb tree — and the one function
// that loads them. The `tracks` section of configs/synhead*.yaml and of the stream's dataset config.

#include <cstdint>
#include <string>
#include <vector>

#include "synhead/motion_tracks/biwi.h"
#include "synhead/motion_tracks/generator.h"
#include "synhead/motion_tracks/track.h"

namespace synhead::motion_tracks {

struct TrackSourceConfig {
  std::string source = "generate";  // generate | folder (track CSVs) | biwi (hpdb tree)
  std::string path;                 // folder or BIWI root, for folder / biwi
  int count = 70;                   // tracks to generate (the paper: 70)
  double smoothing_sigma_frames = 0;  // Gaussian smoothing of folder / biwi tracks (the paper smooths its tracks)
  GeneratorConfig generator = paper_scale_generator();

  // ≈ 730 frames per track: 70 tracks give the paper's ≈ 51k poses.
  static GeneratorConfig paper_scale_generator() {
    GeneratorConfig g;
    g.frames = 730;
    return g;
  }
};

template <class V>
void describe(V& v, TrackSourceConfig& c) {
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

// Generated tracks are track_000… drawn from `seed`; folder and BIWI paths are resolved against the resource root,
// BIWI frame numbers timed with `biwi`. UserError (naming tracks.path) when the folder or tree does not exist or
// holds no readable track. The one loader of `synhead tracks`, `synhead render` and the render stream.
std::vector<Track> load_tracks(const TrackSourceConfig& config, std::uint64_t seed, const BiwiImportConfig& biwi = {});

}  // namespace synhead::motion_tracks
