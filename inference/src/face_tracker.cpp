#include "synhead/inference/face_tracker.h"

#include <algorithm>

namespace synhead::inference {

const TrackedFace& FaceTracker::update(const std::vector<Detection>& detections, bool detected) {
  face_.started = false;
  face_.measured = false;
  if (!detected) return face_;  // between detections the box stays where it was; the smoother moves the crop

  if (face_.active) {
    const Detection* best = nullptr;
    double best_iou = options_.min_iou;
    for (const auto& d : detections) {
      const double iou = intersection_over_union(d.box, face_.box);
      if (iou >= best_iou) {
        best_iou = iou;
        best = &d;
      }
    }
    if (best) {
      face_.box = best->box;
      face_.confidence = best->confidence;
      face_.misses = 0;
      face_.measured = true;
      return face_;
    }
    ++face_.misses;
    // A coasting box is worth less with every miss.
    face_.confidence *= 0.5;
    if (face_.misses <= options_.max_misses) return face_;
    face_.active = false;
  }

  if (detections.empty()) {
    face_ = TrackedFace{};
    return face_;
  }
  const auto best = std::max_element(detections.begin(), detections.end(), [](const Detection& a, const Detection& b) {
    return a.confidence * a.box.w * a.box.h < b.confidence * b.box.w * b.box.h;
  });
  face_ = TrackedFace{};
  face_.active = true;
  face_.started = true;
  face_.measured = true;
  face_.box = best->box;
  face_.confidence = best->confidence;
  face_.track_id = next_id_++;
  return face_;
}

}  // namespace synhead::inference
