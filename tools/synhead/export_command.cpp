// synhead export: a checkpoint → the one-step model as ONNX and/or TorchScript, with its model card; --verify
// runs it in cv::dnn, ONNX Runtime and TorchScript against libtorch (deploy/exporter.h does the work).

#include <iostream>
#include <stdexcept>

#include <fmt/format.h>

#include "cli_common.h"
#include "synhead/deploy/exporter.h"

namespace synhead::tools {
namespace {

void run(const deploy::ExportOptions& options) {
  const deploy::ExportResult result = deploy::export_model(options);
  for (const auto& file : result.files) std::cout << "wrote " << file.string() << "\n";
  std::cout << fmt::format("model: {} · {} @{}px · {}{}{} · crop margin {} around {} · {} detector calibration(s)\n",
                           result.card.kind, result.card.backbone, result.card.input_size,
                           result.card.pose ? "pose_deg" : "", result.card.pose && result.card.landmarks ? " + " : "",
                           result.card.landmarks ? "landmarks" : "", result.card.crop_margin, result.card.box_source,
                           result.card.calibrations.size());
  if (result.verify) {
    std::cout << result.verify->table << std::flush;
    if (!result.verify->passed) {
      throw std::runtime_error(fmt::format("export --verify: the exported model differs from libtorch by up to {:.3g}",
                                           result.verify->max_abs_diff));
    }
  }
  std::cout << std::flush;
}

}  // namespace

void register_export_command(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand(
      "export", "Export a checkpoint as a one-step model (ONNX and/or TorchScript) carrying its model card");
  auto o = std::make_shared<deploy::ExportOptions>();
  cmd->add_option("--checkpoint", o->checkpoint, "A checkpoint of synhead train (best.ckpt or last.ckpt)")->required();
  cmd->add_option("--out", o->out_dir, "Output directory: <name>.onnx, <name>.pt")->required();
  cmd->add_option("--format", o->format, "onnx, torchscript or all")
      ->check(CLI::IsMember({"onnx", "torchscript", "all"}))
      ->capture_default_str();
  cmd->add_option("--name", o->name, "File stem of the outputs (default: the checkpoint's stem)");
  cmd->add_option("--calibration", o->calibration,
                  "Detector box calibrations to embed (JSON array; default: assets/calibration/detectors.json if "
                  "present)");
  cmd->add_flag("--verify", o->verify,
                "Run the exported files over a sequence in cv::dnn, onnxruntime-node and TorchScript; exit 1 if any "
                "output differs from libtorch by more than 1e-4");
  cmd->add_option("--verify-frames", o->verify_frames, "Frames of the verification sequence")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  cmd->add_option("--seed", o->seed, "Seed of the verification crops")->capture_default_str();
  cmd->callback([o, &action] { action = [o] { run(*o); }; });
}

}  // namespace synhead::tools
