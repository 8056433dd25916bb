#pragma once
// The model card of a checkpoint: what `synhead export` writes into every exported file. Torch-free.

#include <cstdint>
#include <filesystem>
#include <vector>

#include "synhead/deploy/model_card.h"
#include "synhead/trainer/train_config.h"

namespace synhead::deploy {

// Kind, backbone, input size and outputs from config.model; mean/std of face_crop.h's normalisation; the state
// shape of the step graph ([1, fc_units] for rnn, [1, postrnn_units] for postrnn); the crop rule from
// config.data.crop_margin around the landmarks68 box; this build's version. `calibrations` are kept as given.
ModelCard card_for_checkpoint(const trainer::TrainConfig& config, std::int64_t step,
                              const std::filesystem::path& checkpoint, std::vector<BoxCalibration> calibrations);

// The detector calibrations shipped with synhead (assets/calibration/detectors.json under the resource root),
// used when `synhead export` gets no --calibration; may not exist.
std::filesystem::path default_calibration_file();

// A JSON array of BoxCalibration objects; core::UserError naming the file when missing or malformed.
std::vector<BoxCalibration> read_calibration_file(const std::filesystem::path& file);

}  // namespace synhead::deploy
