// synhead infer: a model on a video, an image directory or a camera → per-frame CSV (and an overlay video); with
// --calibrate, fits a face detector's box calibration on a rendered dataset instead.

#include <iostream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cli_common.h"
#include "synhead/core/error.h"
#include "synhead/inference/box_calibration.h"
#include "synhead/inference/detector_calibration.h"
#include "synhead/inference/inference.h"
#include "synhead/inference/reference_model.h"

namespace synhead::tools {
namespace {

using namespace synhead::inference;

struct InferCliOptions {
  InferOptions infer;
  std::string overlay;
  std::string calibration;
  bool no_smoothing = false;
  bool no_angle_smoothing = false;
  std::string calibrate;
  std::string calibration_out;
};

void calibrate(const InferCliOptions& o) {
  if (o.calibration_out.empty()) core::throw_user_error("--calibrate needs --calibration-out FILE");
  if (!o.infer.model.empty() || !o.infer.input.empty()) {
    core::throw_user_error("--calibrate fits a detector on a dataset: it takes no --model or --input");
  }
  const std::string name = o.infer.detector.empty() ? available_detectors().front() : o.infer.detector;
  auto detector = make_face_detector(name);
  CalibrationOptions options;
  options.dataset = o.calibrate;
  options.max_frames = o.infer.max_frames;
  const deploy::BoxCalibration c = calibrate_detector(*detector, options);
  store_calibration(o.calibration_out, c);
  std::cout << fmt::format(
      "detector {}: dx {:.4f}, dy {:.4f}, scale {:.4f} (× detector side)\n"
      "  detection rate {:.3f} ({} frames fitted); median centre error {:.4f}, median scale error {:.4f} (× face "
      "side)\n  → {}\n",
      c.detector, c.dx, c.dy, c.scale, c.detection_rate, c.frames, c.median_centre_error, c.median_scale_error,
      o.calibration_out);
}

void run(InferCliOptions o) {
  if (!o.calibrate.empty()) return calibrate(o);
  if (o.infer.input.empty()) core::throw_user_error("--input is required (VIDEO, IMAGE_DIR or camera:N)");
  if (o.infer.model.empty()) {
    o.infer.model = reference_model_path();
    if (!std::filesystem::exists(o.infer.model))
      core::throw_user_error("{}no --model given and the shipped reference model is missing: give --model (a checkpoint .ckpt or an "
                             "exported .onnx) or restore assets/models/ from the repository",
                             core::location_prefix(o.infer.model.string()));
  }
  if (o.infer.out.empty()) {
    o.infer.out = default_results_path(o.infer.input);
    spdlog::info("results go to {} (--out)", o.infer.out.string());
  }
  if (!o.overlay.empty()) o.infer.overlay = o.overlay;
  if (!o.calibration.empty()) o.infer.calibration = o.calibration;
  o.infer.smoother.enabled = !o.no_smoothing;
  o.infer.angle_smoother.enabled = !o.no_angle_smoothing;
  const InferSummary s = run_inference(o.infer);
  std::cout << fmt::format("{} frames, a face in {} ({} tracks); {} backend, {} detector; {:.1f} frames/s → {}\n",
                           s.frames, s.frames_with_face, s.tracks, s.backend, s.detector,
                           s.frames / std::max(s.seconds, 1e-9), o.infer.out.string());
}

}  // namespace

void register_infer_command(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand(
      "infer", "Run a model on a video, image directory or camera: face detection, tracking, crop, CSV, overlay");
  auto o = std::make_shared<InferCliOptions>();
  InferOptions& i = o->infer;
  cmd->add_option("--model", i.model,
                  "A checkpoint (.ckpt, torch backend) or an exported model (.onnx); default: the shipped reference model, "
                  "assets/models/reference.onnx");
  cmd->add_option("--input", i.input, "A video file, a directory of images (sorted by name) or camera:N");
  cmd->add_option("--out", i.out,
                  "Results CSV: frame,timestamp,confidence,success,face_*,pitch,yaw,roll[,x_*,y_*]; default: "
                  "<input name>.synhead.csv in the working directory");
  cmd->add_option("--overlay", o->overlay, "Video (.mp4 or .avi) with box, head axes and landmarks drawn");
  cmd->add_flag("--show", i.show, "Live window (only when a display exists; q or Esc stops)");
  cmd->add_option("--backend", i.backend.backend, "torch | onnx (default: from the model file)")
      ->check(CLI::IsMember({"torch", "onnx"}));
  cmd->add_option("--device", i.backend.device, "torch backend: cpu, cuda or cuda:N")->capture_default_str();
  cmd->add_option("--threads", i.backend.threads, "Torch intra-op threads, 0 = every core")->capture_default_str();
  cmd->add_flag("--optimize", i.backend.optimize,
                "TorchScript models on the CPU: freeze and optimise for inference (oneDNN convolutions)");
  cmd->add_option("--detector", i.detector,
                  "Face detector: " + fmt::format("{}", fmt::join(available_detectors(), " | ")) + " (default: " +
                      available_detectors().front() + ")");
  cmd->add_flag("--no-local-detection", [&i](std::int64_t) { i.local_detection = false; },
                "Between full-frame scans, coast on the last box instead of detecting near the followed face");
  cmd->add_option("--detect-every", i.detect_every,
                  "Scan the whole frame every k-th frame (always while no face); in between, detect near the face")
      ->capture_default_str();
  cmd->add_option("--max-misses", i.tracker.max_misses,
                  "Detection attempts without the face before the track (and the hidden state) is reset")
      ->capture_default_str();
  cmd->add_option("--calibration", o->calibration,
                  "Detector box calibrations (JSON array) to use instead of the model's or the shipped ones");
  cmd->add_flag("--no-smoothing", o->no_smoothing, "Crop from each frame's calibrated detection as is");
  cmd->add_flag("--no-angle-smoothing", o->no_angle_smoothing,
                "Write the model's angles as they come (default: a One Euro filter, 1 Hz still, faster when turning)");
  cmd->add_option("--max-frames", i.max_frames, "At most this many frames (0 = all; with --calibrate: frames fitted on)")
      ->capture_default_str();
  cmd->add_option("--fps", i.directory_fps, "Frame rate of an image directory (its timestamps)")->capture_default_str();
  cmd->add_option("--calibrate", o->calibrate,
                  "Instead of inference: fit the --detector's box calibration on this synhead dataset");
  cmd->add_option("--calibration-out", o->calibration_out,
                  "--calibrate: JSON file to store the calibration in (other detectors' entries are kept)");
  cmd->callback([o, &action] { action = [o] { run(*o); }; });
}

}  // namespace synhead::tools
