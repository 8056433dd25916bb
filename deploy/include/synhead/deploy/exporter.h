#pragma once
// `synhead export`: a checkpoint → DIR/<name>.onnx and/or DIR/<name>.pt (the one-step graph, step_graph.h) with
// the model card in each, optionally verified in independent runtimes (export_verify.h). Torch-free header: the
// CLI only fills ExportOptions.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "synhead/deploy/model_card.h"

namespace synhead::deploy {

struct ExportOptions {
  std::filesystem::path checkpoint;
  std::filesystem::path out_dir;
  std::string format = "all";        // onnx | torchscript | all
  std::string name;                  // file stem; "" = the checkpoint's stem ("model" if it has none)
  std::filesystem::path calibration;  // detector calibrations (JSON array); "" = default_calibration_file() if present
  bool verify = false;
  std::int64_t verify_frames = 12;
  std::uint64_t seed = 0;             // of the verification crops
};

struct VerifySummary {
  bool passed = false;
  double max_abs_diff = 0;  // over every runtime and output
  std::string table;        // VerifyReport::table()
};

struct ExportResult {
  ModelCard card;
  std::vector<std::filesystem::path> files;  // written, in order onnx, torchscript
  std::optional<VerifySummary> verify;
};

// core::UserError (exit 2) for a missing or corrupt checkpoint or calibration file, an unknown format or an
// output directory that cannot be written; std::runtime_error when --verify cannot run a runtime.
ExportResult export_model(const ExportOptions& options);

}  // namespace synhead::deploy
