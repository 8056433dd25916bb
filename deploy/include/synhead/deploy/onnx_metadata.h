#pragma once
// An ONNX file's metadata_props, without running it (cv::dnn does not expose them): what `synhead infer` reads the
// model card from (ModelCard::from_metadata). Torch-free.

#include <filesystem>
#include <map>
#include <string>

namespace synhead::deploy {

// core::UserError naming `file` when it is missing or not an ONNX model.
std::map<std::string, std::string> read_onnx_metadata(const std::filesystem::path& file);

}  // namespace synhead::deploy
