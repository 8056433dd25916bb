#pragma once
// One face followed through a video between detections: the detection that overlaps the current box most (IoU)
// continues the track; without one the track coasts on its last box for up to `max_misses` detection attempts, then
// is lost. A new track starts from the most confident detection, and the caller resets everything that belongs to
// the old one (crop smoothing, the model's hidden state).

#include <cstdint>
#include <vector>

#include "synhead/inference/face_detector.h"

namespace synhead::inference {

struct TrackerOptions {
  double min_iou = 0.3;   // IoU with the current box for a detection to continue the track
  int max_misses = 5;     // detection attempts without a match a track survives
};

struct TrackedFace {
  bool active = false;       // a face is being followed (false: no face this frame)
  bool started = false;      // the track began at this frame (a new face, or the old one found again after loss)
  bool measured = false;     // a detection updated the box at this frame
  dataset::Box box;          // detector box (the last matched one while coasting)
  double confidence = 0;     // the detection's; decays while coasting
  int misses = 0;            // consecutive detection attempts without a match
  std::int64_t track_id = -1;  // 0, 1, … one per started track
};

class FaceTracker {
 public:
  explicit FaceTracker(TrackerOptions options = {}) : options_(options) {}

  // One frame: `detections` of this frame when the detector ran (`detected` true), else nothing new.
  const TrackedFace& update(const std::vector<Detection>& detections, bool detected);
  const TrackedFace& face() const { return face_; }

 private:
  TrackerOptions options_;
  TrackedFace face_;
  std::int64_t next_id_ = 0;
};

}  // namespace synhead::inference
