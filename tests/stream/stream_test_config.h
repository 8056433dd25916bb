#pragma once
// A render stream small enough for tests: 3 heads (1 held out), 6 short tracks (2 held out, 1 of the other 4 for
// validation), a 160×120 camera, procedural backgrounds (no photo assets needed), 32-px crops, windows of 3 frames.

#include "synhead/stream/stream_config.h"

namespace synhead::testing {

inline trainer::DataConfig tiny_stream_config() {
  trainer::DataConfig d;
  d.source = "stream";
  d.window = 3;
  d.batch_size = 2;
  d.validation_fraction = 0.25;
  stream::StreamConfig& stream = stream::stream_config(d);
  stream.workers = 2;
  stream.queue_depth = 2;
  renderer::DatasetConfig& ds = stream.dataset;
  ds.seed = 3;
  ds.heads = {"female_01", "male_01", "female_02"};
  ds.split.test_heads = 1;
  ds.tracks.count = 6;
  ds.tracks.generator.frames = 40;
  ds.split.test_tracks = 2;
  ds.scene.renderer.camera = {160, 120, 129.4, 129.4, 80, 60};
  ds.scene.background.source = "procedural";
  return d;
}

}  // namespace synhead::testing
