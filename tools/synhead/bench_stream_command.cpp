// synhead bench stream: samples/s the render stream produces per worker count, what the default CPU model's
// training step consumes per torch thread count, and both together with the trainer's data-wait (JSON keys carry
// their unit, docs/conventions.md).

#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bench_common.h"
#include "cli_common.h"
#include "synhead/core/atomic_file.h"
#include "synhead/core/progress.h"
#include "synhead/stream/stream_benchmark.h"
#include "synhead/stream/stream_config.h"

namespace synhead::tools {
namespace {

struct BenchStreamOptions {
  ConfigOptions config;
  std::string out;
  std::vector<int> workers{1, 2};
  std::vector<int> threads{1, 2};
  int batches = 30;
};

void run(const BenchStreamOptions& o) {
  const auto config = o.config.load<trainer::TrainConfig>();
  if (!config) return;
  stream::StreamBenchOptions options;
  options.config = *config;
  options.workers = o.workers;
  options.threads = o.threads;
  options.batches = o.batches;
  const auto& m = config->model;
  std::cout << fmt::format("Render stream vs training step: {} {} @{} px, batch {} × {} frames, {} render, frames/s:\n\n",
                           m.backbone, m.variant, m.input_size, config->data.batch_size, config->data.window,
                           stream::stream_config(config->data).render)
            << "| measurement | render workers K | torch threads n | samples/s | data-wait |\n|---|---|---|---|---|\n";
  nlohmann::json result = {{"machine", bench_machine()}, {"date", bench_date()}, {"rows", nlohmann::json::array()}};
  double best_samples = 0;
  core::Progress progress("bench stream", o.workers.size() * (1 + o.threads.size()) + o.threads.size(), "cases");
  stream::run_stream_benchmark(options, [&](const stream::StreamBenchRow& r) {
    const std::string wait = r.kind == "train" ? fmt::format("{:.1f} %", 100 * r.data_wait_fraction) : "–";
    std::cout << fmt::format("| {} | {} | {} | {:.0f} | {} |\n", r.kind, r.workers > 0 ? std::to_string(r.workers) : "–",
                             r.threads > 0 ? std::to_string(r.threads) : "–", r.samples_per_s, wait)
              << std::flush;
    result["rows"].push_back({{"kind", r.kind},
                              {"workers", r.workers},
                              {"threads", r.threads},
                              {"samples_per_s", r.samples_per_s},
                              {"data_wait_fraction", r.data_wait_fraction}});
    if (r.kind == "produce") result[fmt::format("samples_per_s_stream_{}_workers", r.workers)] = r.samples_per_s;
    if (r.kind == "consume") result[fmt::format("samples_per_s_trainer_{}_threads", r.threads)] = r.samples_per_s;
    // The flat keys describe the best split of the cores: the most samples/s trained.
    if (r.kind == "train" && r.samples_per_s > best_samples) {
      best_samples = r.samples_per_s;
      result["samples_per_s_train"] = r.samples_per_s;
      result["data_wait_fraction"] = r.data_wait_fraction;
      result["best_split"] = {{"workers", r.workers}, {"threads", r.threads}};
    }
    progress.advance();
  });
  progress.finish();
  result["machine"]["load_average_after"] = bench_machine()["load_average"];
  if (!o.out.empty()) core::write_text_atomic(o.out, result.dump(2) + "\n");
}

}  // namespace

void register_bench_stream_command(CLI::App& bench, Action& action) {
  auto* stream = bench.add_subcommand(
      "stream", "Render-stream samples/s per worker count vs the training step's, and data-wait when both share the cores");
  auto o = std::make_shared<BenchStreamOptions>();
  o->config.add_to(stream, "configs/train_perframe_stream.yaml");
  stream->add_option("--out", o->out, "Write the figures as JSON");
  stream->add_option("--workers", o->workers, "Render worker counts K to measure")->delimiter(',')->check(CLI::Range(1, 64));
  stream->add_option("--threads", o->threads, "Torch thread counts n to measure")->delimiter(',')->check(CLI::Range(1, 256));
  stream->add_option("--batches", o->batches, "Timed batches per measurement (after 3 warm-up batches)")->check(CLI::Range(1, 100000));
  stream->callback([o, &action] { action = [o] { run(*o); }; });
}

}  // namespace synhead::tools
