#include "synhead/deploy/export_verify.h"

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <limits>
#include <stdexcept>

#include <ATen/CPUGeneratorImpl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <opencv2/dnn.hpp>
#include <torch/script.h>
#include <torch/torch.h>

#include "synhead/core/resources.h"
#include "synhead/deploy/torchscript_writer.h"
#include "synhead/trainer/models.h"
#include "synhead/trainer/targets.h"

namespace synhead::deploy {
namespace {

std::vector<std::string> output_names(const ModelCard& card) {
  std::vector<std::string> names;
  if (card.pose) names.emplace_back(kPoseOutput);
  if (card.landmarks) names.emplace_back(kLandmarksOutput);
  if (card.recurrent()) names.emplace_back(kStateOutput);
  return names;
}

torch::Tensor zero_state(const ModelCard& card) { return torch::zeros(card.state_shape); }

// Per-frame rows [1, width] stacked into [T, width].
SequenceOutputs stack(std::map<std::string, std::vector<torch::Tensor>>& rows) {
  SequenceOutputs outputs;
  for (auto& [name, list] : rows) outputs[name] = torch::cat(list, 0);
  return outputs;
}

torch::Tensor row_from(const cv::Mat& mat) {
  return torch::from_blob(const_cast<float*>(mat.ptr<float>()), {1, static_cast<std::int64_t>(mat.total())},
                          torch::kFloat32)
      .clone();
}

cv::Mat blob_from(const torch::Tensor& tensor) {
  const torch::Tensor t = tensor.contiguous();
  std::vector<int> sizes(t.sizes().begin(), t.sizes().end());
  return cv::Mat(static_cast<int>(sizes.size()), sizes.data(), CV_32F, t.data_ptr<float>()).clone();
}

void write_raw(const std::filesystem::path& file, const torch::Tensor& tensor) {
  const torch::Tensor t = tensor.contiguous();
  std::ofstream out(file, std::ios::binary);
  out.write(reinterpret_cast<const char*>(t.data_ptr<float>()), static_cast<std::streamsize>(t.numel() * sizeof(float)));
  if (!out) throw std::runtime_error(fmt::format("{}: cannot write the verification input", file.string()));
}

torch::Tensor read_raw(const std::filesystem::path& file, std::int64_t rows, std::int64_t columns) {
  torch::Tensor t = torch::empty({rows, columns}, torch::kFloat32);
  std::ifstream in(file, std::ios::binary);
  in.read(reinterpret_cast<char*>(t.data_ptr<float>()), static_cast<std::streamsize>(t.numel() * sizeof(float)));
  if (!in || in.peek() != std::char_traits<char>::eof()) {
    throw std::runtime_error(fmt::format("{}: onnxruntime-node wrote no output of {}×{} floats", file.string(), rows,
                                         columns));
  }
  return t;
}

std::string quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

torch::Tensor verification_crops(const ModelCard& card, std::int64_t frames, std::uint64_t seed) {
  auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  // An 8×8 random field per channel, upsampled: smooth like a face crop, pixel values around 0.5 ± 0.2 in [0, 1].
  const torch::Tensor field = torch::randn({frames, 3, 8, 8}, generator, torch::kFloat32);
  namespace F = torch::nn::functional;
  const torch::Tensor rgb =
      (F::interpolate(field, F::InterpolateFuncOptions()
                                 .size(std::vector<std::int64_t>{card.input_size, card.input_size})
                                 .mode(torch::kBilinear)
                                 .align_corners(false)) *
           0.2 +
       0.5)
          .clamp(0, 1);
  const torch::Tensor mean = torch::tensor(std::vector<float>(card.mean.begin(), card.mean.end())).view({1, 3, 1, 1});
  const torch::Tensor std = torch::tensor(std::vector<float>(card.std.begin(), card.std.end())).view({1, 3, 1, 1});
  return ((rgb - mean) / std).unsqueeze(1).contiguous();
}

SequenceOutputs run_libtorch(trainer::SequenceModelImpl& model, const ModelCard& card, const torch::Tensor& crops) {
  model.eval();
  torch::NoGradGuard no_grad;
  std::map<std::string, std::vector<torch::Tensor>> rows;
  torch::Tensor state;
  for (std::int64_t t = 0; t < crops.size(0); ++t) {
    trainer::ChunkOutput out = model.step(crops[t], state);
    state = out.state;
    const trainer::DecodedOutputs decoded = trainer::decode_outputs(out.outputs, model.config());
    if (card.pose) rows[kPoseOutput].push_back(decoded.pose_deg);
    if (card.landmarks) rows[kLandmarksOutput].push_back(decoded.landmarks * static_cast<double>(card.input_size));
    // rnn keeps f_t as [1, units]; the GRU keeps [layers = 1, 1, units]: both are [1, units] in the export.
    if (card.recurrent()) rows[kStateOutput].push_back(state.reshape({1, -1}));
  }
  return stack(rows);
}

SequenceOutputs run_cvdnn(const std::filesystem::path& onnx, const ModelCard& card, const torch::Tensor& crops) {
  cv::dnn::Net net;
  try {
    net = cv::dnn::readNetFromONNX(onnx.string());
  } catch (const cv::Exception& e) {
    throw std::runtime_error(fmt::format("{}: cv::dnn cannot load the model: {}", onnx.string(), e.what()));
  }
  net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
  net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
  const std::vector<std::string> names = output_names(card);
  std::vector<cv::String> cv_names(names.begin(), names.end());
  std::map<std::string, std::vector<torch::Tensor>> rows;
  cv::Mat state = card.recurrent() ? blob_from(zero_state(card)) : cv::Mat();
  for (std::int64_t t = 0; t < crops.size(0); ++t) {
    net.setInput(blob_from(crops[t]), kCropInput);
    if (card.recurrent()) net.setInput(state, kStateInput);
    std::vector<cv::Mat> outs;
    net.forward(outs, cv_names);
    for (std::size_t i = 0; i < names.size(); ++i) rows[names[i]].push_back(row_from(outs[i]));
    if (card.recurrent()) state = outs.back().clone().reshape(1, {1, static_cast<int>(outs.back().total())});
  }
  return stack(rows);
}

SequenceOutputs run_torchscript(const std::filesystem::path& file, const ModelCard& card, const torch::Tensor& crops) {
  torch::jit::ExtraFilesMap extra{{kTorchScriptCardFile, ""}};
  torch::jit::Module module = torch::jit::load(file.string(), torch::kCPU, extra);
  if (extra[kTorchScriptCardFile].empty()) {
    throw std::runtime_error(fmt::format("{}: no {} extra file", file.string(), kTorchScriptCardFile));
  }
  module.eval();
  torch::NoGradGuard no_grad;
  std::map<std::string, std::vector<torch::Tensor>> rows;
  torch::Tensor state = zero_state(card);
  for (std::int64_t t = 0; t < crops.size(0); ++t) {
    std::vector<torch::jit::IValue> inputs{crops[t]};
    if (card.recurrent()) inputs.emplace_back(state);
    const c10::Dict<c10::IValue, c10::IValue> outputs = module.forward(inputs).toGenericDict();
    for (const auto& name : output_names(card)) rows[name].push_back(outputs.at(name).toTensor());
    if (card.recurrent()) state = outputs.at(kStateOutput).toTensor();
  }
  return stack(rows);
}

std::filesystem::path onnx_verify_script() { return core::resolve_resource("tools/onnx_verify/verify.mjs"); }

std::string onnxruntime_node_missing() {
  const std::filesystem::path script = onnx_verify_script();
  const std::string install = fmt::format(
      "install it with: cd {} && ONNXRUNTIME_NODE_INSTALL=skip npm ci (or tools/setup.sh)",
      script.parent_path().string());
  if (std::system("command -v node >/dev/null 2>&1") != 0) return "node (Node.js) is not on PATH; " + install;
  if (!std::filesystem::is_regular_file(script)) return script.string() + " is missing";
  if (!std::filesystem::is_directory(script.parent_path() / "node_modules" / "onnxruntime-node")) {
    return "the npm package onnxruntime-node is not installed; " + install;
  }
  return "";
}

SequenceOutputs run_onnxruntime_node(const std::filesystem::path& onnx, const ModelCard& card,
                                     const torch::Tensor& crops, const std::filesystem::path& work_dir) {
  if (const std::string missing = onnxruntime_node_missing(); !missing.empty()) {
    throw std::runtime_error("ONNX Runtime check impossible: " + missing);
  }
  std::filesystem::create_directories(work_dir);
  write_raw(work_dir / "crop.f32", crops);
  const std::vector<std::string> names = output_names(card);
  nlohmann::json request{{"model", std::filesystem::absolute(onnx).string()},
                         {"frames", crops.size(0)},
                         {"crop_shape", {1, 3, card.input_size, card.input_size}},
                         {"state_shape", card.state_shape},
                         {"outputs", names}};
  std::ofstream(work_dir / "request.json") << request.dump(2);
  const std::string command =
      fmt::format("node {} {}", quoted(onnx_verify_script().string()), quoted(work_dir.string()));
  const int status = std::system(command.c_str());
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error(fmt::format("onnxruntime-node failed on {} (command: {})", onnx.string(), command));
  }
  SequenceOutputs outputs;
  for (const auto& name : names) {
    const std::int64_t width = name == kPoseOutput ? 3 : name == kLandmarksOutput ? 136 : card.state_shape.back();
    outputs[name] = read_raw(work_dir / (name + ".f32"), crops.size(0), width);
  }
  return outputs;
}

bool VerifyReport::passed() const {
  if (differences.empty()) return false;
  for (const auto& d : differences) {
    if (!(d.max_abs_diff <= tolerance)) return false;  // NaN fails too
  }
  return true;
}

std::string VerifyReport::table() const {
  std::string text = fmt::format(
      "verify: {} frames, state carried; max |difference| from libtorch step() in network units (degrees/90, "
      "crop pixels/(S/2), state), tolerance {:g}; in exported units\n",
      frames, tolerance);
  for (const auto& d : differences) {
    text += fmt::format("  {:<12} {:<10} {:<9.3g} {:<9.3g} (max |libtorch| {:.3g}){}\n", d.runtime, d.output,
                        d.max_abs_diff, d.max_abs_diff_exported, d.max_abs_reference,
                        d.max_abs_diff <= tolerance ? "" : "  FAIL");
  }
  return text;
}

double network_unit(const std::string& name, std::int64_t input_size) {
  if (name == kPoseOutput) return trainer::kAngleScaleDeg;
  if (name == kLandmarksOutput) return static_cast<double>(input_size) / 2.0;
  return 1.0;
}

void add_differences(VerifyReport& report, const std::string& runtime, std::int64_t input_size,
                     const SequenceOutputs& reference, const SequenceOutputs& actual) {
  for (const auto& [name, expected] : reference) {
    const auto found = actual.find(name);
    double difference = std::numeric_limits<double>::infinity();
    if (found != actual.end() && found->second.sizes() == expected.sizes()) {
      difference = (found->second - expected).abs().max().item<double>();
    }
    report.differences.push_back({runtime, name, difference / network_unit(name, input_size), difference,
                                  expected.abs().max().item<double>()});
  }
}

VerifyReport verify_export(trainer::SequenceModelImpl& model, const ModelCard& card, const VerifyOptions& options) {
  VerifyReport report;
  report.frames = options.frames;
  report.tolerance = options.tolerance;
  const torch::Tensor crops = verification_crops(card, options.frames, options.seed);
  const SequenceOutputs reference = run_libtorch(model, card, crops);
  if (!options.onnx.empty()) {
    add_differences(report, "cv::dnn", card.input_size, reference, run_cvdnn(options.onnx, card, crops));
    add_differences(report, "onnxruntime", card.input_size, reference,
                    run_onnxruntime_node(options.onnx, card, crops, options.work_dir));
  }
  if (!options.torchscript.empty()) {
    add_differences(report, "torchscript", card.input_size, reference,
                    run_torchscript(options.torchscript, card, crops));
  }
  return report;
}

}  // namespace synhead::deploy
