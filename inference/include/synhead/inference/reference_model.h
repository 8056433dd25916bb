#pragma once
// The model `synhead infer` runs when none is given: the reference model shipped under assets/models/ (how it was
// trained: assets/models/README.md), and where results go when no --out is given.

#include <filesystem>
#include <string>

namespace synhead::inference {

// assets/models/reference.onnx, resolved as every shipped resource is (core/resources.h).
std::filesystem::path reference_model_path();

// "<input name>.synhead.csv" in the working directory: clip.mp4 → clip.synhead.csv, frames/ → frames.synhead.csv,
// camera:0 → camera0.synhead.csv.
std::filesystem::path default_results_path(const std::string& input);

}  // namespace synhead::inference
