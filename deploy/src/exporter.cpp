#include "synhead/deploy/exporter.h"

#include <algorithm>

#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include "synhead/core/atomic_file.h"
#include "synhead/core/error.h"
#include "synhead/deploy/export_card.h"
#include "synhead/deploy/export_verify.h"
#include "synhead/deploy/onnx_writer.h"
#include "synhead/deploy/step_graph.h"
#include "synhead/deploy/torchscript_writer.h"
#include "synhead/trainer/checkpoint.h"
#include "synhead/trainer/model_init.h"

namespace synhead::deploy {
namespace {

std::vector<BoxCalibration> calibrations_for(const std::filesystem::path& requested) {
  if (!requested.empty()) return read_calibration_file(requested);
  const std::filesystem::path shipped = default_calibration_file();
  if (!std::filesystem::exists(shipped)) {
    spdlog::info("export: no detector calibration ({} absent, no --calibration): the card carries none",
                 shipped.string());
    return {};
  }
  return read_calibration_file(shipped);
}

// Fails early, naming the directory, rather than after the model has been built.
void check_writable(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) {
    core::throw_user_error("{}: cannot create the output directory{}", dir.string(), ec ? ": " + ec.message() : "");
  }
  core::write_text_atomic(dir / ".synhead_export_probe", "");
  std::filesystem::remove(dir / ".synhead_export_probe", ec);
}

}  // namespace

ExportResult export_model(const ExportOptions& options) {
  if (options.format != "onnx" && options.format != "torchscript" && options.format != "all") {
    core::throw_user_error("--format: unknown format '{}' (expected onnx, torchscript or all)", options.format);
  }
  const trainer::CheckpointMeta meta = trainer::read_checkpoint_meta(options.checkpoint);
  std::vector<BoxCalibration> calibrations = calibrations_for(options.calibration);
  check_writable(options.out_dir);
  // --verify needs every runtime: say so before writing anything rather than after.
  if (options.verify) {
    if (const std::string missing = onnxruntime_node_missing(); !missing.empty()) {
      throw std::runtime_error("--verify: ONNX Runtime check impossible: " + missing);
    }
  }
  const std::shared_ptr<trainer::SequenceModelImpl> model = trainer::load_model(options.checkpoint);
  model->eval();

  ExportResult result;
  result.card = card_for_checkpoint(meta.config, meta.step, options.checkpoint, std::move(calibrations));
  const StepGraph graph = build_step_graph(*model);
  std::string name = options.name.empty() ? options.checkpoint.stem().string() : options.name;
  if (name.empty()) name = "model";

  VerifyOptions verify;
  if (options.format != "torchscript") {
    verify.onnx = options.out_dir / (name + ".onnx");
    write_onnx(graph, result.card, verify.onnx);
    result.files.push_back(verify.onnx);
  }
  if (options.format != "onnx") {
    verify.torchscript = options.out_dir / (name + ".pt");
    write_torchscript(graph, result.card, verify.torchscript);
    result.files.push_back(verify.torchscript);
  }
  if (options.verify) {
    verify.frames = options.verify_frames;
    verify.seed = options.seed;
    verify.work_dir = core::temp_sibling(options.out_dir / (name + ".verify"));
    VerifyReport report;
    try {
      report = verify_export(*model, result.card, verify);
    } catch (...) {
      std::error_code ec;
      std::filesystem::remove_all(verify.work_dir, ec);
      throw;
    }
    std::error_code ec;
    std::filesystem::remove_all(verify.work_dir, ec);
    VerifySummary summary{report.passed(), 0, report.table()};
    for (const auto& d : report.differences) summary.max_abs_diff = std::max(summary.max_abs_diff, d.max_abs_diff);
    result.verify = summary;
  }
  return result;
}

}  // namespace synhead::deploy
