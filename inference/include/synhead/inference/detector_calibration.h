#pragma once
// Fits a detector's box calibration on a synhead dataset: runs the detector on its frames, pairs each frame's
// detection with the frame's landmark box (labels.csv bbox_*), and fits box_calibration.h's mapping.

#include <cstdint>
#include <filesystem>

#include "synhead/deploy/model_card.h"
#include "synhead/inference/face_detector.h"

namespace synhead::inference {

struct CalibrationOptions {
  std::filesystem::path dataset;     // a `synhead render` dataset
  std::int64_t max_frames = 0;       // 0 = every frame; else at most this many, spread evenly over the sequences
  double min_iou = 0.3;              // a detection counts as this frame's face from this IoU with the landmark box
};

deploy::BoxCalibration calibrate_detector(FaceDetector& detector, const CalibrationOptions& options);

}  // namespace synhead::inference
