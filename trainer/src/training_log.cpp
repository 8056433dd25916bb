#include "synhead/trainer/training_log.h"

#include <sstream>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "synhead/core/atomic_file.h"
#include "synhead/core/error.h"
#include "synhead/core/plot.h"

namespace synhead::trainer {
namespace {

std::vector<nlohmann::json> read_lines(const std::filesystem::path& path) {
  std::vector<nlohmann::json> lines;
  std::ifstream in(path);
  std::string text;
  int number = 0;
  while (std::getline(in, text)) {
    ++number;
    if (text.empty()) continue;
    try {
      lines.push_back(nlohmann::json::parse(text));
    } catch (const nlohmann::json::exception&) {
      core::throw_user_error("{}line is not JSON", core::location_prefix(path.string(), number));
    }
  }
  return lines;
}

}  // namespace

StepMeter::StepMeter() : since_(std::chrono::steady_clock::now()) {}

void StepMeter::add(double loss, double grad_norm, std::int64_t samples, double waited_s) {
  loss_ += loss;
  grad_norm_ += grad_norm;
  waited_ += waited_s;
  samples_ += samples;
  ++steps_;
}

StepStats StepMeter::take(const std::vector<SourceCounters>& sources) {
  const auto now = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(now - since_).count();
  StepStats stats;
  if (steps_ > 0) {
    stats.loss = loss_ / steps_;
    stats.grad_norm = grad_norm_ / steps_;
  }
  if (elapsed > 0) {
    stats.samples_per_s = samples_ / elapsed;
    stats.data_wait_fraction = waited_ / elapsed;
  }
  for (const auto& now_counters : sources) {
    const SourceCounters& before = sources_at_since_[now_counters.name];
    SourceRate& source = stats.sources[now_counters.name];
    if (elapsed > 0) {
      source.samples_per_s = static_cast<double>(now_counters.samples - before.samples) / elapsed;
      source.data_wait_fraction = (now_counters.wait_s - before.wait_s) / elapsed;
    }
  }
  *this = StepMeter();
  for (const auto& c : sources) sources_at_since_[c.name] = c;
  return stats;
}

TrainingLog::TrainingLog(std::filesystem::path path, std::int64_t resume_step) : path_(std::move(path)) {
  std::string kept;
  if (resume_step > 0 && std::filesystem::exists(path_)) {
    for (const auto& line : read_lines(path_)) {
      if (line.value("step", std::int64_t{0}) <= resume_step) kept += line.dump() + "\n";
    }
  }
  core::write_text_atomic(path_, kept);
  out_.open(path_, std::ios::app);
  if (!out_) core::throw_user_error("{}: cannot append to the training log", path_.string());
}

void TrainingLog::append(const nlohmann::json& line) {
  out_ << line.dump() << '\n';
  out_.flush();
}

void TrainingLog::train_line(std::int64_t step, double lr, const StepStats& s) {
  nlohmann::json line = {{"step", step},
                         {"loss", s.loss},
                         {"lr", lr},
                         {"grad_norm", s.grad_norm},
                         {"samples_per_s", s.samples_per_s},
                         {"data_wait_fraction", s.data_wait_fraction}};
  for (const auto& [name, source] : s.sources) {
    line["sources"][name] = {{"samples_per_s", source.samples_per_s}, {"data_wait_fraction", source.data_wait_fraction}};
  }
  append(line);
  spdlog::debug("train: step {} loss {:.5f} lr {:.2e} |g| {:.3f} {:.1f} samples/s data-wait {:.1f}%", step, s.loss, lr,
                s.grad_norm, s.samples_per_s, 100 * s.data_wait_fraction);
}

void TrainingLog::validation_line(std::int64_t step, const nlohmann::json& validation) {
  append({{"step", step}, {"validation", validation}});
  spdlog::info("train: step {} validation {} {:.4f} (loss {:.5f})", step, validation.value("metric_name", ""),
               validation.value("metric", 0.0), validation.value("loss", 0.0));
}

void TrainingLog::plot(const std::filesystem::path& png) const {
  std::vector<std::vector<double>> train, validation;
  for (const auto& line : read_lines(path_)) {
    const double step = line.value("step", 0.0);
    if (line.contains("validation")) {
      validation.push_back({step, line["validation"].value("loss", 0.0), line["validation"].value("metric", 0.0)});
    } else if (line.contains("loss")) {
      train.push_back({step, line.value("loss", 0.0)});
    }
  }
  if (train.empty()) return;
  core::GnuplotScript script;
  script.add_data("train", train);
  script.add("set multiplot layout 1,2");
  script.add("set xlabel 'step'; set logscale y; set grid; set key top right");
  script.add("set title 'loss'");
  std::string loss_plot = "plot $train using 1:2 with lines lw 2 title 'training'";
  if (!validation.empty()) {
    script.add_data("validation", validation);
    loss_plot += ", $validation using 1:2 with linespoints lw 2 title 'validation'";
  }
  script.add(loss_plot);
  if (!validation.empty()) {
    script.add("unset logscale y; set title 'validation metric'");
    script.add("plot $validation using 1:3 with linespoints lw 2 title 'metric'");
  }
  script.add("unset multiplot");
  try {
    script.render_png(png, 1200, 450);
  } catch (const std::exception& e) {
    spdlog::warn("train: no curves plot: {}", e.what());
  }
}

}  // namespace synhead::trainer
