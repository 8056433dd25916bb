#include "synhead/inference/reference_model.h"

#include <algorithm>

#include "synhead/core/resources.h"

namespace synhead::inference {

std::filesystem::path reference_model_path() { return core::resolve_resource("assets/models/reference.onnx"); }

std::filesystem::path default_results_path(const std::string& input) {
  std::string name;
  if (input.rfind("camera:", 0) == 0) {
    name = "camera" + input.substr(7);
  } else {
    std::filesystem::path path(input);
    if (path.filename().empty()) path = path.parent_path();  // a directory given as "frames/"
    name = path.has_extension() ? path.stem().string() : path.filename().string();
  }
  std::replace_if(name.begin(), name.end(), [](char c) { return c == '/' || c == '\\' || c == ':'; }, '_');
  if (name.empty() || name == "." || name == "..") name = "input";
  return std::filesystem::path(name + ".synhead.csv");
}

}  // namespace synhead::inference
