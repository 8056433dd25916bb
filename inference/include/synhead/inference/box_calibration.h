#pragma once
// A detector's box → the box the training crops are centred on (the tight box around the 68 landmarks), with the
// mapping of deploy::BoxCalibration: centre = detector centre + (dx, dy) × detector side, side = scale × detector
// side, where a detector's side is max(w, h). Fitted robustly (medians) on rendered frames whose landmark boxes are
// known, and the error it leaves measured on the same frames.

#include <filesystem>
#include <string>
#include <vector>

#include "synhead/dataset/box.h"
#include "synhead/deploy/model_card.h"

namespace synhead::inference {

// The calibrated box: a square of side scale × detector side (the crop rule only uses the box's centre and its
// larger side, so the square is all a crop needs).
dataset::Box apply_calibration(const deploy::BoxCalibration& calibration, const dataset::Box& detector_box);

struct CalibrationSample {
  dataset::Box detected;  // the detector's box
  dataset::Box truth;     // the landmark box of the same frame
};

// Medians of the per-frame offsets and scales, then the medians of the residuals they leave. `frames_seen` counts
// every frame the detector ran on (detection_rate = samples / frames_seen). core::UserError when there is no sample.
deploy::BoxCalibration fit_box_calibration(const std::vector<CalibrationSample>& samples, const std::string& detector,
                                           std::int64_t frames_seen, const std::string& fitted_on);

// assets/calibration/detectors.json: the calibrations synhead ships, fitted on rendered frames (docs/conventions.md).
std::filesystem::path shipped_calibrations_file();

std::vector<deploy::BoxCalibration> read_calibrations(const std::filesystem::path& file);
// Writes `calibration` into `file` (atomically), replacing an entry for the same detector and keeping the others.
void store_calibration(const std::filesystem::path& file, const deploy::BoxCalibration& calibration);

}  // namespace synhead::inference
