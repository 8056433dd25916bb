#include "synhead/inference/model_backend.h"

#include <fstream>

#include "backends.h"
#include "synhead/core/error.h"

namespace synhead::inference {

std::vector<std::string> available_backends() { return {"torch", "onnx"}; }

std::unique_ptr<ModelBackend> load_model_backend(const std::filesystem::path& model, const BackendOptions& options) {
  if (!std::filesystem::is_regular_file(model)) core::throw_user_error("{}: no such model file", model.string());
  std::string backend = options.backend;
  if (backend.empty()) backend = model.extension() == ".onnx" ? "onnx" : "torch";
  if (backend == "onnx") {
    if (options.device != "cpu" && !options.device.empty()) {
      core::throw_user_error("--device {}: the onnx backend (OpenCV dnn) runs on the CPU only", options.device);
    }
    return make_onnx_backend(model);
  }
  if (backend == "torch") {
    if (model.extension() == ".onnx") {
      core::throw_user_error("{}: an ONNX model needs --backend onnx", model.string());
    }
    return make_torch_backend(model, options);
  }
  core::throw_user_error("--backend '{}': unknown backend (expected torch or onnx)", backend);
}

}  // namespace synhead::inference
