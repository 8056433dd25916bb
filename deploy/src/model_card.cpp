#include "synhead/deploy/model_card.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "synhead/core/error.h"

namespace synhead::deploy {
namespace {

using nlohmann::json;

json calibration_json(const BoxCalibration& c) {
  return json{{"detector", c.detector},
              {"dx", c.dx},
              {"dy", c.dy},
              {"scale", c.scale},
              {"median_centre_error", c.median_centre_error},
              {"median_scale_error", c.median_scale_error},
              {"detection_rate", c.detection_rate},
              {"frames", c.frames},
              {"fitted_on", c.fitted_on}};
}

BoxCalibration calibration_from(const json& j) {
  BoxCalibration c;
  c.detector = j.at("detector").get<std::string>();
  c.dx = j.at("dx").get<double>();
  c.dy = j.at("dy").get<double>();
  c.scale = j.at("scale").get<double>();
  c.median_centre_error = j.at("median_centre_error").get<double>();
  c.median_scale_error = j.at("median_scale_error").get<double>();
  c.detection_rate = j.at("detection_rate").get<double>();
  c.frames = j.at("frames").get<std::int64_t>();
  c.fitted_on = j.at("fitted_on").get<std::string>();
  return c;
}

std::string join(const std::array<float, 3>& v) { return fmt::format("{},{},{}", v[0], v[1], v[2]); }

}  // namespace

std::string calibrations_to_json(const std::vector<BoxCalibration>& calibrations) {
  json array = json::array();
  for (const auto& c : calibrations) array.push_back(calibration_json(c));
  return array.dump(2);
}

const BoxCalibration* ModelCard::calibration(const std::string& detector) const {
  for (const auto& c : calibrations) {
    if (c.detector == detector) return &c;
  }
  return nullptr;
}

std::string ModelCard::to_json() const {
  json calib = json::array();
  for (const auto& c : calibrations) calib.push_back(calibration_json(c));
  json j{{"card_version", card_version},
         {"synhead_version", synhead_version},
         {"kind", kind},
         {"backbone", backbone},
         {"input_size", input_size},
         {"mean", mean},
         {"std", std},
         {"pose", pose},
         {"landmarks", landmarks},
         {"state_shape", state_shape},
         {"box_source", box_source},
         {"crop_margin", crop_margin},
         {"calibrations", calib},
         {"checkpoint", checkpoint},
         {"step", step}};
  return j.dump(2);
}

ModelCard ModelCard::from_json(const std::string& text, const std::string& where) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& e) {
    throw core::UserError(fmt::format("{}: the model card is not valid JSON ({})", where, e.what()));
  }
  ModelCard card;
  try {
    card.card_version = j.at("card_version").get<int>();
    if (card.card_version != kCardVersion) {
      throw core::UserError(fmt::format("{}: model card version {} (this synhead reads version {})", where,
                                        card.card_version, kCardVersion));
    }
    card.synhead_version = j.at("synhead_version").get<std::string>();
    card.kind = j.at("kind").get<std::string>();
    card.backbone = j.at("backbone").get<std::string>();
    card.input_size = j.at("input_size").get<int>();
    card.mean = j.at("mean").get<std::array<float, 3>>();
    card.std = j.at("std").get<std::array<float, 3>>();
    card.pose = j.at("pose").get<bool>();
    card.landmarks = j.at("landmarks").get<bool>();
    card.state_shape = j.at("state_shape").get<std::vector<std::int64_t>>();
    card.box_source = j.at("box_source").get<std::string>();
    card.crop_margin = j.at("crop_margin").get<double>();
    for (const auto& c : j.at("calibrations")) card.calibrations.push_back(calibration_from(c));
    card.checkpoint = j.at("checkpoint").get<std::string>();
    card.step = j.at("step").get<std::int64_t>();
  } catch (const json::exception& e) {
    throw core::UserError(fmt::format("{}: malformed model card ({})", where, e.what()));
  }
  if (card.kind != "perframe" && card.kind != "rnn" && card.kind != "postrnn") {
    throw core::UserError(fmt::format("{}: model card kind '{}' (expected perframe, rnn or postrnn)", where, card.kind));
  }
  if (card.input_size <= 0) throw core::UserError(fmt::format("{}: model card input_size must be positive", where));
  if (!card.pose && !card.landmarks) {
    throw core::UserError(fmt::format("{}: model card says the model predicts neither pose nor landmarks", where));
  }
  if ((card.kind == "perframe") != card.state_shape.empty()) {
    throw core::UserError(fmt::format("{}: model card kind '{}' with state_shape of {} dimensions", where,
                                      card.kind, card.state_shape.size()));
  }
  return card;
}

std::map<std::string, std::string> ModelCard::to_metadata() const {
  std::map<std::string, std::string> m;
  m["synhead.card"] = to_json();
  m["synhead.version"] = synhead_version;
  m["synhead.kind"] = kind;
  m["synhead.input"] = fmt::format("{}: [N, 3, {}, {}] RGB planar, (value/255 - mean) / std, mean {}, std {}",
                                   kCropInput, input_size, input_size, join(mean), join(std));
  std::string outputs;
  if (pose) outputs += fmt::format("{}: [N, 3] pitch, yaw, roll in degrees", kPoseOutput);
  if (landmarks) {
    if (!outputs.empty()) outputs += "; ";
    outputs += fmt::format("{}: [N, 136] x_0..x_67, y_0..y_67 in pixels of the {}x{} crop", kLandmarksOutput,
                           input_size, input_size);
  }
  m["synhead.outputs"] = outputs;
  if (recurrent()) {
    m["synhead.state"] = fmt::format("{} -> {}: [{}], zeros at a sequence's first frame", kStateInput,
                                     kStateOutput, fmt::join(state_shape, ", "));
  }
  m["synhead.crop"] = fmt::format("square of side (1 + {}) x max(w, h) centred on the {} box", crop_margin,
                                  box_source);
  return m;
}

ModelCard ModelCard::from_metadata(const std::map<std::string, std::string>& metadata, const std::string& where) {
  auto it = metadata.find("synhead.card");
  if (it == metadata.end()) {
    throw core::UserError(
        fmt::format("{}: no 'synhead.card' metadata (not a model exported by synhead export)", where));
  }
  return from_json(it->second, where);
}

std::vector<BoxCalibration> calibrations_from_json(const std::string& text, const std::string& where) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& e) {
    throw core::UserError(fmt::format("{}: the detector calibrations are not valid JSON ({})", where, e.what()));
  }
  if (!j.is_array()) {
    throw core::UserError(fmt::format("{}: detector calibrations must be a JSON array of objects", where));
  }
  std::vector<BoxCalibration> calibrations;
  try {
    for (const auto& c : j) calibrations.push_back(calibration_from(c));
  } catch (const json::exception& e) {
    throw core::UserError(
        fmt::format("{}: malformed detector calibration {} ({})", where, calibrations.size(), e.what()));
  }
  return calibrations;
}

}  // namespace synhead::deploy
