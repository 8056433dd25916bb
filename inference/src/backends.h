#pragma once
// The concrete backends behind load_model_backend().

#include <filesystem>
#include <memory>

#include "synhead/inference/model_backend.h"

namespace synhead::inference {

// A checkpoint (.ckpt) or an exported TorchScript module (.pt).
std::unique_ptr<ModelBackend> make_torch_backend(const std::filesystem::path& model, const BackendOptions& options);
std::unique_ptr<ModelBackend> make_onnx_backend(const std::filesystem::path& model);

}  // namespace synhead::inference
