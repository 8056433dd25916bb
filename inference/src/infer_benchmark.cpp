#include "synhead/inference/infer_benchmark.h"

#include <algorithm>
#include <chrono>

#include <opencv2/core.hpp>
#include <torch/torch.h>

#include "synhead/core/error.h"
#include "synhead/deploy/exporter.h"
#include "synhead/inference/face_detector.h"
#include "synhead/inference/frame_source.h"
#include "synhead/inference/inference.h"
#include "synhead/inference/model_backend.h"
#include "synhead/trainer/checkpoint.h"
#include "synhead/trainer/face_crop.h"
#include "synhead/trainer/models.h"
#include "synhead/trainer/torch_runtime.h"

namespace synhead::inference {
namespace {

using Clock = std::chrono::steady_clock;

double median_ms(std::vector<double> ms) {
  std::nth_element(ms.begin(), ms.begin() + static_cast<std::ptrdiff_t>(ms.size() / 2), ms.end());
  return ms[ms.size() / 2];
}

template <class F>
double time_ms(F&& f) {
  const auto start = Clock::now();
  f();
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::filesystem::path fresh_checkpoint(const InferBenchOptions& options) {
  trainer::CheckpointMeta meta;
  meta.config.model = options.model;
  torch::manual_seed(0);
  const auto model = trainer::make_model(options.model);
  const auto file = options.work_dir / "bench.ckpt";
  trainer::save_checkpoint(file, *model, nullptr, meta);
  return file;
}

// The model's time does not depend on the pixels: a few fixed random crops, the same for every backend.
std::vector<cv::Mat> model_inputs(int size) {
  std::vector<cv::Mat> crops;
  cv::RNG rng(7);
  for (int i = 0; i < 8; ++i) {
    cv::Mat crop(size, size, CV_32FC3);
    rng.fill(crop, cv::RNG::UNIFORM, 0.0, 1.0);
    crops.push_back(crop);
  }
  return crops;
}

double time_backend(ModelBackend& backend, int calls) {
  const auto crops = model_inputs(backend.card().input_size);
  ModelState state;
  for (int i = 0; i < 30; ++i) backend.step(crops[i % crops.size()], state);
  std::vector<double> ms;
  for (int i = 0; i < calls; ++i) {
    ms.push_back(time_ms([&] { backend.step(crops[i % crops.size()], state); }));
  }
  return median_ms(ms);
}

std::vector<cv::Mat> first_frames(const std::string& input, int count) {
  auto source = open_frame_source(input);
  std::vector<cv::Mat> frames;
  Frame frame;
  while (static_cast<int>(frames.size()) < count && source->next(frame)) frames.push_back(frame.image.clone());
  return frames;
}

}  // namespace

InferBenchResult run_infer_benchmark(const InferBenchOptions& options) {
  trainer::configure_torch_threads(1);
  cv::setNumThreads(1);
  std::filesystem::create_directories(options.work_dir);
  InferBenchResult result;

  deploy::ExportOptions exported;
  exported.checkpoint = options.checkpoint.empty() ? fresh_checkpoint(options) : options.checkpoint;
  exported.out_dir = options.work_dir / "export";
  exported.name = "bench";
  const deploy::ExportResult files = deploy::export_model(exported);
  const auto onnx = exported.out_dir / "bench.onnx";
  const auto torchscript = exported.out_dir / "bench.pt";

  BackendOptions torch_options;
  torch_options.backend = "torch";
  torch_options.threads = 1;
  {
    auto backend = load_model_backend(exported.checkpoint, torch_options);
    result.model_description = fmt::format("{} · {} @{}px", backend->card().kind, backend->card().backbone,
                                           backend->card().input_size);
    result.model_ms.emplace_back("torch", time_backend(*backend, options.model_calls));
  }
  {
    BackendOptions optimised = torch_options;
    optimised.optimize = true;
    auto backend = load_model_backend(torchscript, optimised);
    result.model_ms.emplace_back("torch_opt", time_backend(*backend, options.model_calls));
  }
  {
    BackendOptions onnx_options;
    onnx_options.backend = "onnx";
    auto backend = load_model_backend(onnx, onnx_options);
    result.model_ms.emplace_back("onnx_cvdnn", time_backend(*backend, options.model_calls));
  }

  const std::vector<cv::Mat> frames = first_frames(options.input, options.detect_frames);
  result.frame_width = frames.front().cols;
  result.frame_height = frames.front().rows;
  for (const auto& name : available_detectors()) {
    auto detector = make_face_detector(name);
    detector->detect(frames.front());
    std::vector<double> ms;
    std::vector<double> local_ms;
    for (const auto& frame : frames) {
      std::vector<Detection> found;
      ms.push_back(time_ms([&] { found = detector->detect(frame); }));
      if (!found.empty()) local_ms.push_back(time_ms([&] { detect_near(*detector, frame, found.front().box); }));
    }
    result.detect_ms.emplace_back(name, median_ms(ms));
    if (!local_ms.empty()) result.detect_local_ms.emplace_back(name, median_ms(local_ms));
  }

  {
    const int size = files.card.input_size;
    const dataset::Box face{frames.front().cols * 0.35, frames.front().rows * 0.25, frames.front().cols * 0.3,
                            frames.front().rows * 0.4};
    const dataset::Box window = trainer::crop_window(face, files.card.crop_margin);
    std::vector<float> chw(3 * static_cast<std::size_t>(size) * size);
    std::vector<double> ms;
    for (const auto& frame : frames) {
      ms.push_back(time_ms([&] { trainer::normalise_to_chw(trainer::crop_face(frame, window, size), chw.data()); }));
    }
    result.crop_ms = median_ms(ms);
  }

  InferOptions infer;
  infer.model = onnx;
  infer.input = options.input;
  infer.out = options.work_dir / "pipeline.csv";
  infer.max_frames = options.pipeline_frames;
  infer.detect_every = options.detect_every;
  infer.backend.threads = 1;
  const InferSummary summary = run_inference(infer);
  result.pipeline_fps = static_cast<double>(summary.frames) / summary.seconds;
  result.pipeline_frames = summary.frames;
  result.pipeline_frames_with_face = summary.frames_with_face;
  result.pipeline_backend = summary.backend;
  result.pipeline_detector = summary.detector;
  return result;
}

}  // namespace synhead::inference
