#include "synhead/trainer/train_benchmark.h"

#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "synhead/trainer/grad_clip.h"
#include "synhead/trainer/models.h"
#include "synhead/trainer/targets.h"
#include "synhead/trainer/torch_runtime.h"

namespace synhead::trainer {
namespace {

using Clock = std::chrono::steady_clock;

// train_step.py's exit statuses (see its docstring) and the shell's "not executable" / "not found".
constexpr int kExitParamMismatch = 3;
constexpr int kExitNoTorch = 4;
constexpr int kExitShellCannotExecute = 126;
constexpr int kExitShellNotFound = 127;

// The size each backbone trains at by default on a CPU (NOTES-machine.md: VGG16 ×1 @224 ≈ 30 s a step).
ModelConfig cpu_default_model(const std::string& backbone, const std::string& variant) {
  ModelConfig model;
  model.backbone = backbone;
  model.variant = variant;
  if (backbone == "tiny") {
    model.input_size = 64;
  } else if (backbone == "resnet18") {
    model.input_size = 112;
  } else if (backbone == "vgg16") {
    model.input_size = 112;
    model.width = 0.5;
  } else {
    core::throw_user_error("unknown backbone '{}' (expected tiny, resnet18 or vgg16)", backbone);
  }
  if (variant != "perframe" && variant != "rnn" && variant != "postrnn") {
    core::throw_user_error("unknown variant '{}' (expected perframe, rnn or postrnn)", variant);
  }
  return model;
}

double median(std::vector<double> values) {
  SYNHEAD_CHECK(!values.empty(), "a median of at least one value");
  std::sort(values.begin(), values.end());
  const std::size_t mid = values.size() / 2;
  return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

double clip_threshold(const OptimConfig& optim) {
  return optim.clip_tau > 0 ? optim.clip_tau : std::numeric_limits<double>::infinity();
}

std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string python_command(const PythonSide& python, const std::vector<TrainBenchCase>& cases,
                           const std::vector<std::int64_t>& expected_params, const TrainBenchOptions& o,
                           int threads) {
  // OPENBLAS_NUM_THREADS is read when OpenBLAS loads, so it has to be in the environment, not set by the script;
  // the malloc settings are glibc's environment spelling of what configure_torch_threads() sets in C++.
  std::string command = fmt::format(
      "OPENBLAS_NUM_THREADS=1 MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=2147483647 {} {} --threads {} --batch {} --window {} --lr {} --weight-decay {} --tau {} --seed {}",
      shell_quote(python.interpreter.string()), shell_quote(python.script.string()), threads, o.batch, o.window,
      o.optim.lr, o.optim.weight_decay, clip_threshold(o.optim), o.seed);
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const ModelConfig& m = cases[i].model;
    command += fmt::format(" --case backbone={},variant={},size={},width={},warmup={},steps={},params={}", m.backbone,
                           m.variant, m.input_size, m.width, cases[i].warmup_steps, cases[i].timed_steps,
                           expected_params[i]);
  }
  return command;
}

struct ProcessOutput {
  std::string stdout_text;
  int exit_status = 0;
};

// Runs `command` through the shell; its stderr stays ours, so the script's log lines and tracebacks show.
ProcessOutput run_capturing_stdout(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot start a shell for: " + command);
  ProcessOutput output;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0;) output.stdout_text.append(buffer, n);
  const int status = ::pclose(pipe);
  output.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return output;
}

// The script's one JSON line (the last non-empty line of its stdout), or null when there is none.
nlohmann::json last_json_line(const std::string& text) {
  std::istringstream lines(text);
  nlohmann::json last;
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) last = nlohmann::json::parse(line, nullptr, false);
  }
  return last.is_discarded() ? nlohmann::json() : last;
}

void check_runnable(const PythonSide& python) {
  if (!std::filesystem::exists(python.interpreter)) {
    throw PythonUnavailable(fmt::format("{} not found (Debian's python3 with python3-torch is expected there)",
                                        python.interpreter.string()));
  }
  if (!std::filesystem::exists(python.script)) {
    throw PythonUnavailable(fmt::format("{}: the Python mirror of the models is missing (set SYNHEAD_ROOT to the "
                                        "source tree)", python.script.string()));
  }
}

}  // namespace

std::vector<TrainBenchCase> train_bench_cases(const std::vector<std::string>& backbones,
                                              const std::vector<std::string>& variants, int timed_steps,
                                              bool paper_vgg) {
  std::vector<TrainBenchCase> cases;
  for (const std::string& backbone : backbones) {
    for (const std::string& variant : variants) {
      TrainBenchCase c{cpu_default_model(backbone, variant), "cpu-default"};
      c.timed_steps = timed_steps;
      cases.push_back(c);
    }
  }
  if (paper_vgg) {
    for (const std::string& variant : variants) {
      TrainBenchCase c{cpu_default_model("vgg16", variant), "paper", 1, 1};
      c.model.input_size = 224;
      c.model.width = 1.0;
      cases.push_back(c);
    }
  }
  return cases;
}

StepTiming time_cpp_train_step(const TrainBenchCase& c, const TrainBenchOptions& o) {
  SYNHEAD_CHECK(c.timed_steps >= 1 && c.warmup_steps >= 0 && o.batch >= 1 && o.window >= 1);
  torch::manual_seed(static_cast<std::uint64_t>(o.seed));
  const std::shared_ptr<SequenceModelImpl> model = make_model(c.model);
  model->train();
  const std::vector<torch::Tensor> parameters = trainable_parameters(*model);
  torch::optim::Adam optimizer(parameters, torch::optim::AdamOptions(o.optim.lr).weight_decay(o.optim.weight_decay));
  // One fixed batch: producing data is not part of the step being measured.
  const int size = c.model.input_size;
  const torch::Tensor frames = torch::randn({o.batch, o.window, 3, size, size});
  const torch::Tensor targets = torch::randn({o.batch, o.window, output_size(c.model)});
  const double tau = clip_threshold(o.optim);

  std::vector<double> times_ms;
  for (int step = 0; step < c.warmup_steps + c.timed_steps; ++step) {
    const auto start = Clock::now();
    const torch::Tensor loss = target_loss(model->forward(frames), targets, c.model, 1.0);
    optimizer.zero_grad();
    loss.backward();
    soft_clip_gradients(parameters, tau);
    optimizer.step();
    if (step >= c.warmup_steps) {
      times_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
  }
  return {parameter_count(*model), median(std::move(times_ms))};
}

std::vector<StepTiming> time_python_train_steps(const PythonSide& python, const std::vector<TrainBenchCase>& cases,
                                                const std::vector<std::int64_t>& expected_params,
                                                const TrainBenchOptions& options, int threads) {
  SYNHEAD_CHECK(cases.size() == expected_params.size(), "one expected parameter count per case");
  check_runnable(python);
  const ProcessOutput output = run_capturing_stdout(python_command(python, cases, expected_params, options, threads));
  const nlohmann::json reply = last_json_line(output.stdout_text);
  const std::string message = reply.is_object() ? reply.value("message", "") : "";
  if (output.exit_status == kExitNoTorch) throw PythonUnavailable(message);
  if (output.exit_status == kExitShellCannotExecute || output.exit_status == kExitShellNotFound) {
    throw PythonUnavailable(fmt::format("{} cannot be run", python.interpreter.string()));
  }
  if (output.exit_status == kExitParamMismatch) throw std::runtime_error(message);
  if (output.exit_status != 0 || !reply.is_object() || !reply.contains("cases")) {
    throw std::runtime_error(fmt::format("{} failed (exit status {}; its messages are above)",
                                         python.script.string(), output.exit_status));
  }

  std::vector<StepTiming> timings;
  for (const auto& result : reply.at("cases")) {
    timings.push_back({result.at("params").get<std::int64_t>(), result.at("step_ms").get<double>()});
  }
  SYNHEAD_CHECK(timings.size() == cases.size(), "train_step.py answers once per case");
  for (std::size_t i = 0; i < cases.size(); ++i) {
    if (timings[i].params != expected_params[i]) {
      throw std::runtime_error(fmt::format("{} {}: {} parameters in Python, {} in C++ (the mirror is out of date)",
                                           cases[i].model.variant, cases[i].model.backbone, timings[i].params,
                                           expected_params[i]));
    }
  }
  return timings;
}

TrainBenchReport run_train_benchmark(const std::vector<TrainBenchCase>& cases, const TrainBenchOptions& options,
                                     const std::optional<PythonSide>& python,
                                     const std::function<void(const TrainBenchResult&)>& on_result) {
  TrainBenchReport report;
  report.threads = configure_torch_threads(options.threads);
  bool python_usable = python.has_value();
  if (!python_usable) report.python_note = "not measured (--no-python)";
  for (const TrainBenchCase& c : cases) {
    const ModelConfig& m = c.model;
    spdlog::info("bench train: {} {} ×{} @{}px, batch {} × {} frames, {} + {} steps, {} threads", m.variant,
                 m.backbone, m.width, m.input_size, options.batch, options.window, c.warmup_steps, c.timed_steps,
                 report.threads);
    const StepTiming cpp = time_cpp_train_step(c, options);
    TrainBenchResult result{c, cpp.params, cpp.step_ms, std::nullopt};
    if (python_usable) {
      try {
        result.step_ms_python = time_python_train_steps(*python, {c}, {cpp.params}, options, report.threads)[0].step_ms;
      } catch (const PythonUnavailable& e) {
        spdlog::warn("bench train: Python figures skipped: {}", e.what());
        report.python_note = e.what();
        python_usable = false;
      }
    }
    on_result(result);
    report.results.push_back(std::move(result));
  }
  return report;
}

}  // namespace synhead::trainer
