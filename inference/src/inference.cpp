#include "synhead/inference/inference.h"

#include <chrono>
#include <cstdlib>

#include <opencv2/highgui.hpp>
#include <opencv2/videoio.hpp>
#include <spdlog/spdlog.h>

#include "synhead/core/error.h"
#include "synhead/core/progress.h"
#include "synhead/inference/box_calibration.h"
#include "synhead/inference/face_detector.h"
#include "synhead/inference/frame_source.h"
#include "synhead/inference/infer_csv.h"
#include "synhead/inference/overlay.h"
#include "synhead/trainer/face_crop.h"

namespace synhead::inference {
namespace {

bool display_available() {
  const char* x = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  return (x && *x) || (wayland && *wayland);
}

cv::VideoWriter open_overlay(const std::filesystem::path& file, double fps, cv::Size size) {
  const std::string ext = file.extension().string();
  const int fourcc = ext == ".avi" ? cv::VideoWriter::fourcc('M', 'J', 'P', 'G') : cv::VideoWriter::fourcc('m', 'p', '4', 'v');
  cv::VideoWriter writer(file.string(), fourcc, fps, size);
  if (!writer.isOpened()) {
    core::throw_user_error("--overlay {}: OpenCV cannot write this video (use .mp4 or .avi)", file.string());
  }
  return writer;
}

}  // namespace

deploy::BoxCalibration choose_calibration(const deploy::ModelCard& card, const std::string& detector,
                                          const std::optional<std::filesystem::path>& calibration_file) {
  if (calibration_file) {
    for (const auto& c : read_calibrations(*calibration_file)) {
      if (c.detector == detector) return c;
    }
    core::throw_user_error("{}: no calibration for the {} detector", calibration_file->string(), detector);
  }
  if (const deploy::BoxCalibration* c = card.calibration(detector)) return *c;
  const std::filesystem::path shipped = shipped_calibrations_file();
  if (std::filesystem::exists(shipped)) {
    for (const auto& c : read_calibrations(shipped)) {
      if (c.detector == detector) return c;
    }
  }
  core::throw_user_error("no box calibration for the {} detector: neither the model's card nor {} has one (fit one "
                         "with synhead infer --calibrate DATASET --detector {} --calibration-out FILE)",
                         detector, shipped.string(), detector);
}

InferSummary run_inference(const InferOptions& options) {
  if (options.detect_every < 1) core::throw_user_error("--detect-every {}: expected an integer >= 1", options.detect_every);
  // Inputs are checked before the model loads, so a bad path fails fast.
  std::unique_ptr<FrameSource> source = open_frame_source(options.input, options.directory_fps);
  std::unique_ptr<ModelBackend> model = load_model_backend(options.model, options.backend);
  const deploy::ModelCard& card = model->card();
  const std::string detector_name = options.detector.empty() ? available_detectors().front() : options.detector;
  std::unique_ptr<FaceDetector> detector = make_face_detector(detector_name);

  InferSummary summary;
  summary.backend = model->name();
  summary.detector = detector_name;
  summary.calibration = choose_calibration(card, detector_name, options.calibration);
  spdlog::info("infer: {} model ({} · {} @{} px) with the {} backend; {} detector (calibration fitted on {}: centre "
               "error {:.3f}, scale error {:.3f} × face side); input {}",
               card.kind, card.backbone, card.pose ? (card.landmarks ? "pose + landmarks" : "pose") : "landmarks",
               card.input_size, model->name(), detector_name, summary.calibration.fitted_on,
               summary.calibration.median_centre_error, summary.calibration.median_scale_error, options.input);

  if (card.box_source != "landmarks68")
    spdlog::warn("infer: the model was trained on crops around '{}' boxes, but the detector's calibration targets the "
                 "68-landmark box: its crops are placed and sized differently from those it learnt on",
                 card.box_source);
  InferCsvWriter csv(options.out, card.landmarks);
  cv::VideoWriter overlay;
  bool show = options.show;
  if (show && !display_available()) {
    spdlog::warn("--show: no display (DISPLAY / WAYLAND_DISPLAY unset); running without a live window");
    show = false;
  }

  FaceTracker tracker(options.tracker);
  CropSmoother smoother(options.smoother);
  AngleSmoother angles(options.angle_smoother);
  ModelState state;
  std::optional<std::size_t> total = source->frame_count();
  if (total && options.max_frames > 0) total = std::min<std::size_t>(*total, static_cast<std::size_t>(options.max_frames));
  core::Progress progress("infer", total.value_or(0), "frames");
  const auto start = std::chrono::steady_clock::now();
  Frame frame;
  while ((options.max_frames <= 0 || summary.frames < options.max_frames) && source->next(frame)) {
    const bool full_scan = !tracker.face().active || frame.index % options.detect_every == 0;
    const bool detect = full_scan || options.local_detection;
    std::vector<Detection> detections;
    if (full_scan) {
      detections = detector->detect(frame.image);
    } else if (options.local_detection) {
      detections = detect_near(*detector, frame.image, tracker.face().box);
    }
    const TrackedFace& face = tracker.update(detections, detect);

    FrameResult result;
    result.frame = frame.index;
    result.timestamp_s = frame.timestamp_s;
    if (face.started || !face.active) {
      // A new face (or none): its hidden state and crop history start afresh.
      state.clear();
      smoother.reset();
      angles.reset();
    }
    if (face.active) {
      summary.tracks += face.started ? 1 : 0;
      const dataset::Box calibrated = apply_calibration(summary.calibration, face.box);
      result.face = face.measured ? smoother.update(calibrated) : smoother.predict();
      result.crop = trainer::crop_window(result.face, card.crop_margin);
      const cv::Mat crop = trainer::crop_face(frame.image, result.crop, card.input_size);
      const ModelOutputs out = model->step(crop, state);
      result.success = true;
      result.confidence = face.confidence;
      result.has_pose = out.has_pose;
      result.pose_deg = out.has_pose ? angles.update(out.pose_deg, frame.timestamp_s) : out.pose_deg;
      if (!out.landmarks.empty()) {
        // Pixels of the S×S crop → image pixels.
        const double to_image = result.crop.w / card.input_size;
        result.landmarks.resize(136);
        for (int i = 0; i < 68; ++i) {
          result.landmarks[i] = result.crop.x + out.landmarks[i] * to_image;
          result.landmarks[68 + i] = result.crop.y + out.landmarks[68 + i] * to_image;
        }
      }
      ++summary.frames_with_face;
    }
    csv.write(result);
    if (options.overlay || show) {
      cv::Mat drawn = frame.image.clone();
      draw_overlay(drawn, result);
      if (options.overlay) {
        if (!overlay.isOpened()) overlay = open_overlay(*options.overlay, source->fps(), drawn.size());
        overlay.write(drawn);
      }
      if (show) {
        cv::imshow("synhead infer", drawn);
        const int key = cv::waitKey(1);
        if (key == 'q' || key == 27) break;
      }
    }
    ++summary.frames;
    progress.advance();
  }
  progress.finish();
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  csv.commit();
  if (overlay.isOpened()) overlay.release();
  spdlog::info("infer: {} frames, a face in {} ({} tracks), {:.1f} frames/s → {}", summary.frames,
               summary.frames_with_face, summary.tracks, summary.frames / std::max(summary.seconds, 1e-9),
               options.out.string());
  return summary;
}

}  // namespace synhead::inference
