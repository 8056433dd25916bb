#include "synhead/deploy/export_card.h"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "synhead/core/error.h"
#include "synhead/core/resources.h"
#include "synhead/trainer/face_crop.h"

namespace synhead::deploy {

ModelCard card_for_checkpoint(const trainer::TrainConfig& config, std::int64_t step,
                              const std::filesystem::path& checkpoint, std::vector<BoxCalibration> calibrations) {
  const trainer::ModelConfig& model = config.model;
  ModelCard card;
  card.synhead_version = SYNHEAD_VERSION;
  card.kind = model.variant;
  card.backbone = model.backbone;
  card.input_size = model.input_size;
  card.mean = trainer::kRgbMean;
  card.std = trainer::kRgbStd;
  card.pose = trainer::predicts_pose(model);
  card.landmarks = trainer::predicts_landmarks(model);
  if (model.variant == "rnn") card.state_shape = {1, model.fc_units};
  if (model.variant == "postrnn") card.state_shape = {1, model.postrnn_units};
  // The training crops' box (dataset/face_boxes.h): the tight box around the 68 landmarks, a square of head_box_mm
  // around the head centre, or boxes from a file (detector boxes, calibrated to the landmark box).
  const auto& crop = config.data.crop;
  card.box_source = crop.rule == "head_centre" ? fmt::format("head_centre_{:g}mm", crop.head_box_mm)
                    : crop.rule == "boxes"     ? "boxes_file"
                                               : "landmarks68";
  card.crop_margin = config.data.crop_margin;
  card.calibrations = std::move(calibrations);
  card.checkpoint = checkpoint.string();
  card.step = step;
  return card;
}

std::filesystem::path default_calibration_file() {
  return core::resolve_resource("assets/calibration/detectors.json");
}

std::vector<BoxCalibration> read_calibration_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) core::throw_user_error("{}: cannot read the detector calibration file", file.string());
  std::ostringstream text;
  text << in.rdbuf();
  return calibrations_from_json(text.str(), file.string());
}

}  // namespace synhead::deploy
