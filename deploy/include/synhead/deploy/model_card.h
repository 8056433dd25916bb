#pragma once
// What a deployed model needs besides its weights, carried in every exported file (ONNX `metadata_props`, a
// TorchScript extra file) and read back by `synhead infer`: the network kind, the input it expects, the outputs and
// their units, the recurrent state, and the crop rule the training crops were made with — including how a face
// detector's box maps onto that rule. Torch-free: inference with an ONNX runtime needs no libtorch.
//
// Exported graphs (docs/conventions.md, "Exported models"):
//   inputs  crop       [N, 3, S, S]  RGB, (value/255 − mean) / std per channel, planar
//           state_in   state_shape   (recurrent kinds only; zeros at a sequence's first frame)
//   outputs pose_deg   [N, 3]        pitch, yaw, roll in degrees (when the model predicts pose)
//           landmarks  [N, 136]      x_0..x_67, y_0..y_67 in pixels of the S×S crop (when it predicts landmarks)
//           state_out  state_shape   (recurrent kinds only; feed back as the next frame's state_in)

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace synhead::deploy {

inline constexpr const char* kCropInput = "crop";
inline constexpr const char* kStateInput = "state_in";
inline constexpr const char* kPoseOutput = "pose_deg";
inline constexpr const char* kLandmarksOutput = "landmarks";
inline constexpr const char* kStateOutput = "state_out";
inline constexpr int kCardVersion = 1;

// A face detector's box → the box the training crops were centred on (the tight box around the 68 landmarks):
//   centre = detector centre + (dx, dy) × detector side,  side = scale × detector side.
// Fitted on rendered frames whose landmark boxes are known; the residuals say how far the mapped box still is from
// the true one on those frames (median over frames, relative to the true box's side).
struct BoxCalibration {
  std::string detector;          // "hog" (dlib) | "haar" (OpenCV cascade)
  double dx = 0;
  double dy = 0;
  double scale = 1;
  double median_centre_error = 0;  // |mapped centre − true centre| / true side
  double median_scale_error = 0;   // |mapped side / true side − 1|
  double detection_rate = 0;       // fraction of calibration frames where the detector found the face
  std::int64_t frames = 0;         // frames with a detection that the fit used
  std::string fitted_on;           // data the fit ran on (path or description)
};

// The inverse of calibrations_from_json (below): what `synhead infer --calibration-out` writes.
std::string calibrations_to_json(const std::vector<BoxCalibration>& calibrations);

struct ModelCard {
  int card_version = kCardVersion;
  std::string synhead_version;
  std::string kind;      // perframe | rnn | postrnn
  std::string backbone;  // tiny | resnet18 | vgg16
  int input_size = 0;    // S
  std::array<float, 3> mean{};  // RGB, on values in [0, 1]
  std::array<float, 3> std{};
  bool pose = false;
  bool landmarks = false;
  std::vector<std::int64_t> state_shape;  // with a leading batch dimension of 1; empty for perframe
  // The crop rule: a square of side (1 + crop_margin) × max(w, h) centred on the box named by box_source.
  std::string box_source = "landmarks68";
  double crop_margin = 0;
  std::vector<BoxCalibration> calibrations;
  std::string checkpoint;     // file the weights came from
  std::int64_t step = 0;      // its training step

  bool recurrent() const { return !state_shape.empty(); }
  const BoxCalibration* calibration(const std::string& detector) const;

  // ONNX metadata_props / TorchScript extra file: "synhead.card" holds the whole card as JSON; the other
  // "synhead.*" keys repeat the main facts for people reading the file with generic tools.
  std::map<std::string, std::string> to_metadata() const;
  // core::UserError naming `where` and the key when the card is missing, of another version, or malformed.
  static ModelCard from_metadata(const std::map<std::string, std::string>& metadata, const std::string& where);

  std::string to_json() const;
  static ModelCard from_json(const std::string& text, const std::string& where);
};

// A JSON array of BoxCalibration objects in the card's form (a detector calibration file, e.g.
// assets/calibration/detectors.json); core::UserError naming `where` and the key when malformed.
std::vector<BoxCalibration> calibrations_from_json(const std::string& text, const std::string& where);

}  // namespace synhead::deploy
