#pragma once
// Which sequences a dataset holds: every (head, track) pair, split as in the paper — `test_heads` heads and
// `test_tracks` tracks drawn with the seed, only same-split pairs kept, so no head or track is in both splits.
// The plan fixes each sequence's index, on which everything random about the sequence depends: the render job and
// the render stream draw from it alike.

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "synhead/motion_tracks/track.h"
#include "synhead/motion_tracks/track_source.h"

namespace synhead::dataset {

struct SplitConfig {
  bool enabled = true;
  int test_heads = 2;
  int test_tracks = 24;
};

template <class V>
void describe(V& v, SplitConfig& c) {
  v.field("enabled", c.enabled);
  v.field("test_heads", c.test_heads);
  v.require(c.test_heads >= 1, "test_heads", "an integer >= 1");
  v.field("test_tracks", c.test_tracks);
  v.require(c.test_tracks >= 1, "test_tracks", "an integer >= 1");
}

// The keys of a dataset config that fix its sequences; the render config (renderer/dataset_config.h) adds how
// they look and are written.
struct PlanConfig {
  std::uint64_t seed = 0;
  std::vector<std::string> heads;  // built-in head ids or mesh paths; a sequence is named after the head's stem
  motion_tracks::TrackSourceConfig tracks;
  SplitConfig split;
};

struct SequencePlan {
  std::string id;  // "<head>__<track>"
  std::string head;
  std::size_t track = 0;  // index into DatasetPlan::tracks
  std::string split;      // train / test, empty without a split
  std::uint64_t index = 0;
};

struct DatasetPlan {
  std::vector<motion_tracks::Track> tracks;
  std::vector<SequencePlan> sequences;
  nlohmann::json splits;  // {"train": {"heads": [...], "tracks": [...]}, "test": {...}}
};

// Tracks loaded or generated, the split drawn, the sequences listed in a fixed order. UserError on bad inputs
// (missing folders, too few heads or tracks for the split) before anything is rendered. Heads are names here: the
// renderer checks that they exist.
DatasetPlan plan_dataset(const PlanConfig& config);

}  // namespace synhead::dataset
