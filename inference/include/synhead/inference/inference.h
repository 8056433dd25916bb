#pragma once
// `synhead infer`: frames → face detection → tracking → calibrated, smoothed crop (the training crop rule) → model
// step with the hidden state carried → CSV, overlay video, live window.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "synhead/inference/angle_smoother.h"
#include "synhead/inference/crop_smoother.h"
#include "synhead/inference/face_tracker.h"
#include "synhead/inference/model_backend.h"

namespace synhead::inference {

struct InferOptions {
  std::filesystem::path model;          // .ckpt (torch) or .onnx
  std::string input;                    // video file, image directory or camera:N
  std::filesystem::path out;            // CSV
  std::optional<std::filesystem::path> overlay;  // video with the overlay drawn
  bool show = false;                    // live window, when a display exists
  BackendOptions backend;
  std::string detector;                 // "" = the first of available_detectors()
  int detect_every = 10;                // full-frame detection every k-th frame (and on every frame without a face)
  bool local_detection = true;          // in between, detection near the followed face (detect_near); else coast
  TrackerOptions tracker;
  SmootherOptions smoother;
  AngleSmootherOptions angle_smoother;  // the CSV's angles; landmarks are the model's as they come
  std::optional<std::filesystem::path> calibration;  // detector calibrations (JSON array) overriding the model's
  std::int64_t max_frames = 0;          // 0 = all
  double directory_fps = 30;            // time axis of an image directory
};

struct InferSummary {
  std::int64_t frames = 0;
  std::int64_t frames_with_face = 0;
  std::int64_t tracks = 0;              // tracks started (each one a fresh hidden state)
  std::string backend;
  std::string detector;
  deploy::BoxCalibration calibration;
  double seconds = 0;
};

InferSummary run_inference(const InferOptions& options);

// The calibration `run_inference` uses for `detector`: from --calibration, else the model's card, else the shipped
// file; core::UserError naming where it looked when none has the detector.
deploy::BoxCalibration choose_calibration(const deploy::ModelCard& card, const std::string& detector,
                                          const std::optional<std::filesystem::path>& calibration_file);

}  // namespace synhead::inference
