#pragma once
// configs/tracks.yaml read into one struct: the `synhead tracks` verbs take their defaults from here.

#include "synhead/motion_tracks/biwi.h"
#include "synhead/motion_tracks/generator.h"
#include "synhead/motion_tracks/smoothing.h"
#include "synhead/motion_tracks/track_csv.h"

namespace synhead::motion_tracks {

struct TracksConfig {
  std::uint64_t seed = 0;
  int count = 10;
  GeneratorConfig generator;
  SmoothingConfig smoothing;
  BiwiImportConfig biwi;
  TrackCsvOptions csv;
};

template <class V>
void describe(V& v, TrackCsvOptions& c) {
  v.field("max_gap_s", c.max_gap_s);
  v.require(c.max_gap_s > 0, "max_gap_s", "a positive number of seconds");
}

template <class V>
void describe(V& v, TracksConfig& c) {
  v.field("seed", c.seed);
  v.field("count", c.count);
  v.require(c.count >= 1, "count", "an integer >= 1");
  v.section("generator", c.generator);
  v.section("smoothing", c.smoothing);
  v.section("biwi", c.biwi);
  v.section("csv", c.csv);
}

}  // namespace synhead::motion_tracks
