#pragma once
// A model that `synhead infer` runs one frame at a time, behind one interface whatever the file:
//   torch  a synhead checkpoint (.ckpt), run with the trainer's models (step()), its card built from the
//          checkpoint's config; or an exported TorchScript module (.pt), its card in the extra file synhead.card.json
//   onnx   an exported one-step graph (.onnx) run with OpenCV's cv::dnn; its card is the file's metadata_props
// Both take the crop of trainer/face_crop.h and return what deploy/model_card.h promises: pose in degrees and
// landmarks in pixels of the crop. A recurrent model's hidden state travels in ModelState between frames.

#include <array>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "synhead/deploy/model_card.h"

namespace synhead::inference {

// The hidden state after the previous frame; empty at a sequence's first frame (the model starts from zeros).
struct ModelState {
  std::vector<float> values;
  void clear() { values.clear(); }
  bool empty() const { return values.empty(); }
};

struct ModelOutputs {
  bool has_pose = false;
  std::array<double, 3> pose_deg{};   // pitch, yaw, roll
  std::vector<double> landmarks;      // x_0..x_67, y_0..y_67 in pixels of the S×S crop; empty without landmarks
};

class ModelBackend {
 public:
  virtual ~ModelBackend() = default;
  virtual std::string name() const = 0;  // "torch" | "onnx"
  virtual const deploy::ModelCard& card() const = 0;
  // crop: card().input_size² CV_32FC3 RGB in [0, 1] (trainer::crop_face). Updates `state`.
  virtual ModelOutputs step(const cv::Mat& crop_rgb, ModelState& state) = 0;
};

struct BackendOptions {
  std::string backend;        // torch | onnx; "" = from the file (.onnx → onnx, else torch)
  std::string device = "cpu"; // torch: cpu | cuda | cuda:N
  int threads = 0;            // torch intra-op threads, 0 = every core
  // TorchScript (.pt) on the CPU: freeze and torch::jit::optimize_for_inference (folds batch norms, runs
  // convolutions through oneDNN where that pays). Same outputs up to float rounding.
  bool optimize = false;
};

// core::UserError naming the file when it is missing, corrupt, or a model of another kind.
std::unique_ptr<ModelBackend> load_model_backend(const std::filesystem::path& model, const BackendOptions& options);

// The backends this build has ("torch", "onnx").
std::vector<std::string> available_backends();

}  // namespace synhead::inference
