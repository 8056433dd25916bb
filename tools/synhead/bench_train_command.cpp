// synhead bench train: train-step time per backbone × variant in C++ and in Python PyTorch, as JSON
// (docs/conventions.md: keys carry their unit).

#include <iostream>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "bench_common.h"
#include "cli_common.h"
#include "synhead/core/atomic_file.h"
#include "synhead/core/resources.h"
#include "synhead/trainer/train_benchmark.h"

namespace synhead::tools {
namespace {

struct BenchTrainOptions {
  std::string out;
  std::string python = "/usr/bin/python3";
  int threads = 0;
  int steps = 5;
  int batch = 8;
  int window = 8;
  std::vector<std::string> backbones{"tiny", "resnet18", "vgg16"};
  std::vector<std::string> variants{"perframe", "rnn", "postrnn"};
  bool no_python = false;
  bool paper_vgg = false;
};

nlohmann::json optional_ms(const std::optional<double>& ms) { return ms ? nlohmann::json(*ms) : nlohmann::json(); }

nlohmann::json train_case_json(const trainer::TrainBenchResult& r, const trainer::TrainBenchOptions& o) {
  const trainer::ModelConfig& m = r.bench_case.model;
  return {{"backbone", m.backbone},
          {"variant", m.variant},
          {"setting", r.bench_case.setting},
          {"input_size", m.input_size},
          {"width", m.width},
          {"batch", o.batch},
          {"window", o.window},
          {"params", r.params},
          {"timed_steps", r.bench_case.timed_steps},
          {"step_ms_cpp", r.step_ms_cpp},
          {"step_ms_python", optional_ms(r.step_ms_python)},
          {"ratio_cpp_over_python", r.step_ms_python ? nlohmann::json(r.step_ms_cpp / *r.step_ms_python) : nlohmann::json()}};
}

void print_train_row(const trainer::TrainBenchResult& r) {
  const trainer::ModelConfig& m = r.bench_case.model;
  const std::string python = r.step_ms_python ? fmt::format("{:.1f}", *r.step_ms_python) : "–";
  const std::string ratio = r.step_ms_python ? fmt::format("{:.2f}", r.step_ms_cpp / *r.step_ms_python) : "–";
  std::cout << fmt::format("| {} ×{} @{} ({}) | {} | {} | {:.1f} | {} | {} |\n", m.backbone, m.width, m.input_size,
                           r.bench_case.setting, m.variant, r.params, r.step_ms_cpp, python, ratio)
            << std::flush;
}

void run_train(const BenchTrainOptions& o) {
  const auto cases = trainer::train_bench_cases(o.backbones, o.variants, o.steps, o.paper_vgg);
  trainer::TrainBenchOptions options;
  options.batch = o.batch;
  options.window = o.window;
  options.threads = o.threads;
  std::optional<trainer::PythonSide> python;
  if (!o.no_python) python = trainer::PythonSide{o.python, core::resolve_resource("tools/bench/train_step.py")};

  std::cout << fmt::format("Train step (batch {} × {} frames, Adam + soft clipping τ = {}), median ms:\n\n", o.batch,
                           o.window, options.optim.clip_tau)
            << "| backbone (setting) | variant | params | C++ ms/step | Python ms/step | C++ / Python |\n"
            << "|---|---|---|---|---|---|\n";
  const auto report = trainer::run_train_benchmark(cases, options, python, print_train_row);
  if (!report.python_note.empty()) std::cout << "\nPython: " << report.python_note << "\n";

  nlohmann::json result = {{"machine", bench_machine()},
                           {"date", bench_date()},
                           {"threads", report.threads},
                           {"cases", nlohmann::json::array()}};
  if (!report.python_note.empty()) result["python_note"] = report.python_note;
  for (const auto& r : report.results) {
    result["cases"].push_back(train_case_json(r, options));
    // The flat keys of docs/conventions.md describe the CPU default model: tiny, per-frame.
    if (r.bench_case.setting == "cpu-default" && r.bench_case.model.backbone == "tiny" &&
        r.bench_case.model.variant == "perframe") {
      result["step_ms_cpp"] = r.step_ms_cpp;
      result["step_ms_python"] = optional_ms(r.step_ms_python);
    }
  }
  if (!o.out.empty()) core::write_text_atomic(o.out, result.dump(2) + "\n");
}

}  // namespace

void register_bench_train_command(CLI::App& bench_command, Action& action) {
  auto* bench = &bench_command;
  auto* train = bench->add_subcommand(
      "train", "Train-step time per backbone × variant in C++ (libtorch) and in Python PyTorch, and their ratio");
  auto o = std::make_shared<BenchTrainOptions>();
  train->add_option("--out", o->out, "Write the figures as JSON");
  train->add_option("--threads", o->threads, "Torch intra-op threads on both sides (0 = every core)")->check(CLI::Range(0, 256));
  train->add_option("--steps", o->steps, "Timed steps per case (after 2 warm-up steps)")->check(CLI::Range(1, 10000));
  train->add_option("--batch", o->batch, "Sequences per batch")->check(CLI::Range(1, 1024));
  train->add_option("--window", o->window, "Frames per sequence")->check(CLI::Range(1, 1024));
  train->add_option("--backbones", o->backbones, "Backbones, each at its CPU default size")
      ->delimiter(',')->check(CLI::IsMember({"tiny", "resnet18", "vgg16"}));
  train->add_option("--variants", o->variants, "Model variants")
      ->delimiter(',')->check(CLI::IsMember({"perframe", "rnn", "postrnn"}));
  train->add_flag("--paper-vgg", o->paper_vgg, "Also the paper's VGG16 ×1 @224 (≈ 30 s a step on 2 cores; 1 warm-up + 1 timed step)");
  train->add_option("--python", o->python, "Python interpreter with torch for the comparison");
  train->add_flag("--no-python", o->no_python, "C++ only");
  train->callback([o, &action] { action = [o] { run_train(*o); }; });
}


}  // namespace synhead::tools
