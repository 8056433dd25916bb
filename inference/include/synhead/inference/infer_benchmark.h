#pragma once
// `synhead bench infer`: where the time of `synhead infer` goes, on one core. Per frame: the model alone at batch 1
// in each backend (libtorch on the checkpoint, TorchScript frozen and optimised for inference — oneDNN convolutions
// where they pay —, OpenCV cv::dnn on the exported ONNX graph), each face detector on the input's frames, the crop
// (sampling + normalisation), and the whole pipeline (decode, detect, track, crop, model, CSV) in frames/s.
// Medians over the timed calls, after untimed warm-up calls.

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "synhead/trainer/model_config.h"

namespace synhead::inference {

struct InferBenchOptions {
  // A synhead checkpoint; empty = a freshly initialised model of `model` (timings do not depend on the weights).
  std::filesystem::path checkpoint;
  trainer::ModelConfig model;
  std::string input;               // video or image directory of frames showing one face (detection, pipeline)
  std::filesystem::path work_dir;  // the checkpoint (when made here) and the exported models go here
  int model_calls = 300;           // timed model steps per backend (after 30 warm-up steps)
  int detect_frames = 60;          // timed detector calls per detector, on the input's first frames
  std::int64_t pipeline_frames = 0;  // 0 = every input frame
  int detect_every = 10;           // the pipeline's full-frame scan cadence (infer --detect-every)
};

struct InferBenchResult {
  std::string model_description;                           // e.g. "rnn · tiny ×1 @64px · pose (3) · …"
  std::vector<std::pair<std::string, double>> model_ms;    // backend (torch, torch_opt, onnx_cvdnn) → ms/frame
  std::vector<std::pair<std::string, double>> detect_ms;   // detector → ms/frame, whole frame
  std::vector<std::pair<std::string, double>> detect_local_ms;  // detector → ms/frame near a found face (detect_near)
  double crop_ms = 0;
  int frame_width = 0;
  int frame_height = 0;
  double pipeline_fps = 0;
  std::int64_t pipeline_frames = 0;
  std::int64_t pipeline_frames_with_face = 0;
  std::string pipeline_backend;   // the backend and detector the pipeline ran with
  std::string pipeline_detector;
};

// Runs on one thread (torch intra-op threads and OpenCV's both set to 1). core::UserError for a bad checkpoint or
// input (as `synhead infer`).
InferBenchResult run_infer_benchmark(const InferBenchOptions& options);

}  // namespace synhead::inference
