#pragma once
// RUN/log.jsonl: one JSON object per line. Training lines {"step", "loss", "lr", "grad_norm", "samples_per_s",
// "data_wait_fraction", "sources"} average the steps since the previous line (samples = frames, B × T per step);
// "sources" has one {"samples_per_s", "data_wait_fraction"} per data source ("disk", "stream": a mix reports both,
// each source's wait and the frames it supplied over the same wall time); validation lines {"step", "validation": {"loss",
// "metric", "metric_name", …}}. A resumed run first drops lines past the checkpoint's step, so the log reads as if
// the run had never stopped. Torch-free.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "synhead/trainer/source_counters.h"

namespace synhead::trainer {

struct SourceRate {
  double samples_per_s = 0;
  double data_wait_fraction = 0;
};

struct StepStats {
  double loss = 0;
  double grad_norm = 0;
  double samples_per_s = 0;
  double data_wait_fraction = 0;  // share of wall time the trainer waited for data
  std::map<std::string, SourceRate> sources;  // per data source
};

// Averages per-step figures between two log lines.
class StepMeter {
 public:
  StepMeter();
  void add(double loss, double grad_norm, std::int64_t samples, double waited_s);
  // The averages since the last take(), then starts over; `sources` are the data sources' counters now (their
  // differences from the previous take() give the per-source figures).
  StepStats take(const std::vector<SourceCounters>& sources = {});

 private:
  std::chrono::steady_clock::time_point since_;
  std::map<std::string, SourceCounters> sources_at_since_;
  double loss_ = 0, grad_norm_ = 0, waited_ = 0;
  std::int64_t steps_ = 0, samples_ = 0;
};

class TrainingLog {
 public:
  // Keeps the existing lines with step <= resume_step (none for a fresh run).
  TrainingLog(std::filesystem::path path, std::int64_t resume_step);
  void train_line(std::int64_t step, double lr, const StepStats& stats);
  void validation_line(std::int64_t step, const nlohmann::json& validation);
  // Training loss and validation metric against step, from the log file.
  void plot(const std::filesystem::path& png) const;

 private:
  void append(const nlohmann::json& line);
  std::filesystem::path path_;
  std::ofstream out_;
};

}  // namespace synhead::trainer
