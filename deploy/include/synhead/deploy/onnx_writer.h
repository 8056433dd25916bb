#pragma once
// The step graph as an ONNX file. Written in C++ with the ONNX protobuf classes (Debian libonnx-dev) rather than
// by rebuilding the model in Python for torch.onnx.export: `synhead export` then needs no Python at run time, and
// the graph is exactly the step graph the TorchScript file runs (step_graph.h). The file has opset kOnnxOpset
// (OpenCV 4.6's importer and ONNX Runtime both read it), batch 1 (N = 1: cv::dnn 4.6 cannot import the GRU's
// products with a free batch dimension), the weights as initializers, producer "synhead" and the model card as
// metadata_props (ModelCard::to_metadata()). Written atomically.

#include <filesystem>

#include "synhead/deploy/model_card.h"
#include "synhead/deploy/step_graph.h"

namespace synhead::deploy {

inline constexpr int kOnnxOpset = 13;

// core::UserError naming `file` when it cannot be written.
void write_onnx(const StepGraph& graph, const ModelCard& card, const std::filesystem::path& file);

}  // namespace synhead::deploy
