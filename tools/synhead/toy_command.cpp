// synhead toy: the paper's toy problem (§3.1, Figure 2) end to end — sinusoid data, Kalman filter, LSTM(10) —
// with the RMSE table on stdout and toy.json plus the plots in --out.

#include <iostream>

#include <spdlog/spdlog.h>

#include "cli_common.h"
#include "synhead/trainer/toy_problem.h"

namespace synhead::tools {
namespace {

struct ToyCliOptions {
  std::string out;
  trainer::ToyConfig config;
};

void run(const ToyCliOptions& o) {
  const trainer::ToyResult result = trainer::run_toy_problem(o.config);
  trainer::write_toy_outputs(result, o.config, o.out);
  std::cout << trainer::toy_markdown_table(result) << std::flush;
  spdlog::info("toy: {:.1f} s on {} threads (LSTM training {:.1f} s); toy.json, toy_example.png, toy_rmse.png in {}",
               result.timing.total_s, result.threads, result.timing.train_s, o.out);
}

}  // namespace

void register_toy_command(CLI::App& app, Action& action) {
  auto* cmd =
      app.add_subcommand("toy", "The toy problem of §3.1: Kalman filter vs LSTM(10) tracking a noisy sinusoid");
  auto o = std::make_shared<ToyCliOptions>();
  trainer::ToyConfig& c = o->config;
  cmd->add_option("--out", o->out, "Output directory: toy.json, toy_example.png, toy_rmse.png")->required();
  cmd->add_option("--seed", c.seed, "Seed of data, LSTM weights and batch order")->capture_default_str();
  cmd->add_option("--threads", c.threads, "Torch intra-op threads, 0 = every core")->capture_default_str();
  cmd->add_option("--train-sequences", c.train_sequences, "Training sequences (noise sigma = --train-sigma)")
      ->capture_default_str();
  cmd->add_option("--test-sequences", c.test_sequences, "Test sequences per test sigma")->capture_default_str();
  cmd->add_option("--length", c.generator.sequence_length, "Steps per sequence")->capture_default_str();
  cmd->add_option("--train-sigma", c.train_sigma, "Observation noise of the training set")->capture_default_str();
  cmd->add_option("--test-sigmas", c.test_sigmas, "Observation noise levels to test at")->capture_default_str();
  cmd->add_option("--hidden-units", c.hidden_units, "LSTM units (the paper: 10)")->capture_default_str();
  cmd->add_option("--epochs", c.training.epochs, "LSTM training epochs")->capture_default_str();
  cmd->add_option("--batch-size", c.training.batch_size, "Sequences per Adam step")->capture_default_str();
  cmd->add_option("--lr", c.training.learning_rate, "Initial Adam learning rate (cosine-annealed to lr/20)")
      ->capture_default_str();
  cmd->callback([o, &action] {
    trainer::validate(o->config);
    action = [o] { run(*o); };
  });
}

}  // namespace synhead::tools
