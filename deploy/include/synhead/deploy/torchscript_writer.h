#pragma once
// The step graph as a TorchScript file for C++ (torch::jit::load) and Python (torch.jit.load) users who have no
// synhead headers: a scripted module built in C++ (weights as buffers, forward() defined from the step graph's
// operations, so it computes what the ONNX file computes). forward(crop[, state_in]) returns a Dict[str, Tensor]
// keyed by the ONNX output names (pose_deg, landmarks, state_out); the model card is the extra file
// kTorchScriptCardFile. Written atomically.

#include <filesystem>

#include "synhead/deploy/model_card.h"
#include "synhead/deploy/step_graph.h"

namespace synhead::deploy {

inline constexpr const char* kTorchScriptCardFile = "synhead.card.json";

// core::UserError naming `file` when it cannot be written.
void write_torchscript(const StepGraph& graph, const ModelCard& card, const std::filesystem::path& file);

}  // namespace synhead::deploy
