#pragma once
// Face boxes of recorded frames found by a face detector, for `synhead data boxes --rule detector` (boxes CSV of
// dataset/face_boxes.h). Every annotated frame gets a full-frame detection, calibrated as `synhead infer` calibrates
// it (box_calibration.h), so a row holds the landmark-like box the training crops are centred on. One face per frame:
//   - several faces: the one whose centre is nearest the box chosen on the previous frame; on a sequence's first frame
//     with a face, the one nearest the projected head centre when the source has a pose, else the highest score;
//   - no face: the last box found in the sequence, held (rule detector_held, score 0); frames before the first
//     detection get the first box found (also detector_held).
// A sequence in which the detector finds no face at all is an error naming it. The rows depend only on the frames,
// the detector and the calibration: the worker count changes nothing.
// Lives here, not in synhead::dataset, so that the dataset module stays free of the detectors.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <glm/vec2.hpp>

#include "synhead/dataset/face_boxes.h"
#include "synhead/deploy/model_card.h"
#include "synhead/inference/face_detector.h"

namespace synhead::inference {

struct DetectorBoxesOptions {
  std::string detector;                              // hog | haar; empty: the build's preferred (available_detectors)
  std::optional<std::filesystem::path> calibration;  // a JSON array of calibrations; else the shipped one
  int workers = 1;                                   // sequences detected in parallel, one detector each
};

// One annotated frame: its calibrated detections and, when the source has a pose, the projected head centre.
struct FrameCandidates {
  std::vector<Detection> faces;            // boxes already calibrated; the detector's score
  std::optional<glm::dvec2> head_centre;   // image pixels
};

// The rows of one sequence by the rules above (frames[i] ↔ candidates[i]); empty when no frame has a face.
std::vector<dataset::FaceBoxRow> choose_sequence_boxes(const std::string& sequence,
                                                       const std::vector<std::int64_t>& frames,
                                                       const std::vector<FrameCandidates>& candidates);

struct DetectorBoxes {
  std::vector<dataset::FaceBoxRow> rows;  // in the source's sequence and frame order
  std::string detector;
  deploy::BoxCalibration calibration;     // the one applied
  std::size_t detected = 0;               // frames with a face found (the others are held)
};

// Every annotated frame of `source`, with a progress bar. core::UserError for an unknown detector, a missing
// calibration, an unreadable frame, or a sequence without any face found (naming it).
DetectorBoxes detector_box_rows(const dataset::DataSource& source, const DetectorBoxesOptions& options);

}  // namespace synhead::inference
