#pragma once
// The `data.stream` section of configs/train_*.yaml (data.source stream | mix). Installed into the trainer's
// DataConfig by stream::install() (trainer/render_plugin.h).

#include <string>

#include "synhead/renderer/dataset_config.h"
#include "synhead/trainer/data_config.h"

namespace synhead::stream {

// data.source stream / mix: windows rendered while training runs (streaming_source.h). The `dataset` section is a
// `synhead render` config (configs/synhead*.yaml vocabulary): its heads, tracks, split and seed fix which heads and
// tracks exist and which are held out, exactly as `synhead render` would; its scene keys (renderer camera,
// appearance, background, nuisances) say how windows look. Its image/workers/encoders keys are not used here.
struct StreamConfig {
  int workers = 2;           // render threads, each with its own headless GL context (best on 2 cores with threads: 1)
  int queue_depth = 4;       // batches rendered ahead of the trainer (bounded queue)
  std::string render = "crop";  // crop: render S×S around the head | full: render the camera frame, then crop
  renderer::DatasetConfig dataset = default_dataset();

  // The paper's 10 heads (2 held out) and the BIWI-like 640×480 camera; 24 generated 10-second tracks (8 held out)
  // instead of 70 paper-length ones, so that start-up (generating the tracks) stays under a second.
  static renderer::DatasetConfig default_dataset() {
    renderer::DatasetConfig d;
    d.tracks.count = 24;
    d.tracks.generator.frames = 300;
    d.split.test_tracks = 8;
    return d;
  }
};

template <class V>
void describe(V& v, StreamConfig& c) {
  v.field("workers", c.workers);
  v.require(c.workers >= 1 && c.workers <= 64, "workers", "an integer in [1, 64]");
  v.field("queue_depth", c.queue_depth);
  v.require(c.queue_depth >= 1, "queue_depth", "an integer >= 1");
  v.field("render", c.render);
  v.require(c.render == "crop" || c.render == "full", "render", "crop or full");
  v.section("dataset", c.dataset);
}

// data.stream of a trainer config (stream::install() must have run before the config was made).
const StreamConfig& stream_config(const trainer::DataConfig& data);
StreamConfig& stream_config(trainer::DataConfig& data);

}  // namespace synhead::stream
