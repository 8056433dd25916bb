#include "synhead/trainer/toy_problem.h"

#include <array>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include "synhead/core/atomic_file.h"
#include "synhead/core/error.h"
#include "synhead/core/plot.h"
#include "synhead/core/progress.h"
#include "synhead/estimation/kalman_filter.h"
#include "synhead/trainer/torch_runtime.h"

namespace synhead::trainer {
namespace {

constexpr double kPi = 3.14159265358979323846;

// Rng streams of one seed: the training set, the test truths, then one noise stream per test sigma, so the test
// sets share their sinusoids and differ only in noise.
constexpr std::uint64_t kTrainStream = 0;
constexpr std::uint64_t kTestTruthStream = 1;
constexpr std::uint64_t kFirstTestNoiseStream = 2;
// The LSTM's batch order, well clear of the per-sigma noise streams.
constexpr std::uint64_t kBatchOrderStream = 1000;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void require(bool ok, const char* setting, const std::string& expected) {
  if (!ok) core::throw_user_error("toy: {} must be {}", setting, expected);
}

}  // namespace

void validate(const ToyConfig& c) {
  const ToyGeneratorConfig& g = c.generator;
  require(g.sequence_length >= 2, "sequence length", "at least 2");
  require(g.amplitude_min > 0 && g.amplitude_min <= g.amplitude_max, "amplitude range", "0 < min <= max");
  require(g.period_min > 0 && g.period_min <= g.period_max, "period range", "0 < min <= max");
  require(c.threads >= 0, "--threads", "0 (every core) or more");
  require(c.train_sequences >= 1, "--train-sequences", "at least 1");
  require(c.test_sequences >= 1, "--test-sequences", "at least 1");
  require(c.train_sigma > 0, "the training sigma", "positive");
  require(!c.test_sigmas.empty(), "the test sigmas", "a non-empty list");
  for (double sigma : c.test_sigmas) require(sigma > 0, "every test sigma", "positive");
  require(!c.kf_process_noise_grid.empty(), "the KF process-noise grid", "a non-empty list");
  require(c.hidden_units >= 1, "--hidden-units", "at least 1");
  require(c.training.epochs >= 1, "--epochs", "at least 1");
  require(c.training.batch_size >= 1, "--batch-size", "at least 1");
  require(c.training.learning_rate > 0, "--lr", "positive");
}

// ---------------------------------------------------------------------------------------------------------------
// Data

std::vector<double> sinusoid_truth(const ToyGeneratorConfig& g, core::Rng& rng) {
  const double amplitude = rng.uniform(g.amplitude_min, g.amplitude_max);
  const double period = rng.uniform(g.period_min, g.period_max);
  const double phase = rng.uniform(0, 2 * kPi);
  std::vector<double> y(static_cast<std::size_t>(g.sequence_length));
  for (std::size_t t = 0; t < y.size(); ++t) {
    y[t] = amplitude * std::sin(2 * kPi * static_cast<double>(t) / period + phase);
  }
  return y;
}

std::vector<double> add_observation_noise(const std::vector<double>& truth, double sigma, core::Rng& rng) {
  std::vector<double> x(truth.size());
  for (std::size_t t = 0; t < truth.size(); ++t) x[t] = truth[t] + rng.normal(0, sigma);
  return x;
}

std::vector<ToySequence> generate_toy_sequences(const ToyGeneratorConfig& g, int count, double sigma,
                                                std::uint64_t seed, std::uint64_t stream) {
  core::Rng rng(seed, stream);
  std::vector<ToySequence> out(static_cast<std::size_t>(count));
  for (auto& s : out) s.truth = sinusoid_truth(g, rng);
  for (auto& s : out) s.observed = add_observation_noise(s.truth, sigma, rng);
  return out;
}

double rmse(const std::vector<std::vector<double>>& estimates, const std::vector<ToySequence>& sequences) {
  SYNHEAD_CHECK(estimates.size() == sequences.size());
  double sum = 0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < sequences.size(); ++i) {
    SYNHEAD_CHECK(estimates[i].size() == sequences[i].truth.size());
    for (std::size_t t = 0; t < estimates[i].size(); ++t) {
      const double e = estimates[i][t] - sequences[i].truth[t];
      sum += e * e;
    }
    n += estimates[i].size();
  }
  return std::sqrt(sum / static_cast<double>(std::max<std::size_t>(n, 1)));
}

double observation_rmse(const std::vector<ToySequence>& sequences) {
  std::vector<std::vector<double>> observed;
  observed.reserve(sequences.size());
  for (const auto& s : sequences) observed.push_back(s.observed);
  return rmse(observed, sequences);
}

// ---------------------------------------------------------------------------------------------------------------
// Kalman filter: state h = (position, velocity, acceleration), W = kinematic transition, V = (1 0 0) (§3, Eq. 1).

std::vector<double> kalman_filter_toy(const std::vector<double>& observed, double process_noise,
                                      double measurement_sigma) {
  std::vector<double> steps(observed.size());
  for (std::size_t t = 0; t < steps.size(); ++t) steps[t] = static_cast<double>(t);
  return estimation::kalman_filter(observed, steps, estimation::MotionModel::ConstantAcceleration,
                                   {process_noise, measurement_sigma * measurement_sigma});
}

std::vector<std::vector<double>> kalman_filter_toy(const std::vector<ToySequence>& sequences, double process_noise,
                                                   double measurement_sigma) {
  std::vector<std::vector<double>> out;
  out.reserve(sequences.size());
  for (const auto& s : sequences) out.push_back(kalman_filter_toy(s.observed, process_noise, measurement_sigma));
  return out;
}

double tune_process_noise(const std::vector<ToySequence>& sequences, double sigma, const std::vector<double>& grid) {
  SYNHEAD_CHECK(!grid.empty());
  double best = grid.front();
  double best_rmse = std::numeric_limits<double>::infinity();
  for (double q : grid) {
    const double e = rmse(kalman_filter_toy(sequences, q, sigma), sequences);
    spdlog::debug("toy: KF process noise {:g}: training RMSE {:.5f}", q, e);
    if (e < best_rmse) {
      best_rmse = e;
      best = q;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------------------------
// LSTM

namespace {

struct ToyLstmNetImpl : torch::nn::Module {
  explicit ToyLstmNetImpl(int hidden)
      : lstm(register_module("lstm", torch::nn::LSTM(torch::nn::LSTMOptions(1, hidden).batch_first(true)))),
        readout(register_module("readout", torch::nn::Linear(hidden, 1))) {}

  // x: [batch, time, 1] → estimates [batch, time, 1].
  torch::Tensor forward(const torch::Tensor& x) { return readout(std::get<0>(lstm(x))); }

  torch::nn::LSTM lstm;
  torch::nn::Linear readout;
};
TORCH_MODULE(ToyLstmNet);

// [count, time, 1] float tensor of the observations or of the truths.
torch::Tensor to_tensor(const std::vector<ToySequence>& sequences, bool truth) {
  const auto count = static_cast<std::int64_t>(sequences.size());
  const auto length = static_cast<std::int64_t>(sequences.empty() ? 0 : sequences.front().truth.size());
  torch::Tensor out = torch::empty({count, length, 1}, torch::kFloat32);
  auto a = out.accessor<float, 3>();
  for (std::int64_t i = 0; i < count; ++i) {
    const auto& v = truth ? sequences[i].truth : sequences[i].observed;
    SYNHEAD_CHECK(static_cast<std::int64_t>(v.size()) == length, "toy sequences must share one length");
    for (std::int64_t t = 0; t < length; ++t) a[i][t][0] = static_cast<float>(v[t]);
  }
  return out;
}

// Fisher–Yates with core::Rng, so the batch order is the same on every platform.
torch::Tensor shuffled_indices(std::int64_t n, core::Rng& rng) {
  std::vector<std::int64_t> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  for (std::int64_t i = n - 1; i > 0; --i) std::swap(order[i], order[rng.uniform_int(0, static_cast<int>(i))]);
  return torch::tensor(order, torch::kInt64);
}

double cosine_learning_rate(const ToyTrainOptions& o, int epoch) {
  const double floor = o.learning_rate / 20;
  return floor + 0.5 * (o.learning_rate - floor) * (1 + std::cos(kPi * epoch / o.epochs));
}

}  // namespace

struct ToyLstm::Impl {
  Impl(int hidden, std::uint64_t seed) : net(nullptr), rng(seed, kBatchOrderStream) {
    torch::manual_seed(seed);
    net = ToyLstmNet(hidden);
  }
  ToyLstmNet net;
  core::Rng rng;
};

ToyLstm::ToyLstm(int hidden_units, std::uint64_t seed) : impl_(std::make_unique<Impl>(hidden_units, seed)) {}
ToyLstm::~ToyLstm() = default;

std::vector<double> ToyLstm::train(const std::vector<ToySequence>& sequences, const ToyTrainOptions& options) {
  const torch::Tensor x = to_tensor(sequences, false);
  const torch::Tensor y = to_tensor(sequences, true);
  const std::int64_t n = x.size(0);
  const std::int64_t batches = (n + options.batch_size - 1) / options.batch_size;
  torch::optim::Adam optimizer(impl_->net->parameters(), torch::optim::AdamOptions(options.learning_rate));
  impl_->net->train();
  std::vector<double> epoch_loss;
  core::Progress progress("toy: LSTM training", static_cast<std::size_t>(options.epochs), "epochs");
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    for (auto& group : optimizer.param_groups()) {
      static_cast<torch::optim::AdamOptions&>(group.options()).lr(cosine_learning_rate(options, epoch));
    }
    const torch::Tensor order = shuffled_indices(n, impl_->rng);
    double sum = 0;
    for (std::int64_t b = 0; b < batches; ++b) {
      const torch::Tensor idx = order.slice(0, b * options.batch_size, std::min(n, (b + 1) * options.batch_size));
      optimizer.zero_grad();
      const torch::Tensor loss = torch::mse_loss(impl_->net->forward(x.index_select(0, idx)), y.index_select(0, idx));
      loss.backward();
      optimizer.step();
      sum += loss.item<double>() * static_cast<double>(idx.size(0));
    }
    epoch_loss.push_back(sum / static_cast<double>(n));
    spdlog::debug("toy: epoch {} loss {:.6f}", epoch + 1, epoch_loss.back());
    progress.advance();
  }
  progress.finish();
  return epoch_loss;
}

std::vector<std::vector<double>> ToyLstm::predict(const std::vector<ToySequence>& sequences) const {
  torch::NoGradGuard no_grad;
  impl_->net->eval();
  const torch::Tensor estimates = impl_->net->forward(to_tensor(sequences, false)).to(torch::kFloat64).contiguous();
  auto a = estimates.accessor<double, 3>();
  std::vector<std::vector<double>> out(sequences.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i].resize(static_cast<std::size_t>(estimates.size(1)));
    const auto row = a[static_cast<std::int64_t>(i)];
    for (std::size_t t = 0; t < out[i].size(); ++t) out[i][t] = row[static_cast<std::int64_t>(t)][0];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The experiment

namespace {

struct ToyData {
  std::vector<ToySequence> train;
  std::vector<std::vector<ToySequence>> test;  // one set per test sigma, same truths
};

ToyData generate_data(const ToyConfig& c) {
  ToyData data;
  data.train = generate_toy_sequences(c.generator, c.train_sequences, c.train_sigma, c.seed, kTrainStream);
  const std::vector<ToySequence> truths =
      generate_toy_sequences(c.generator, c.test_sequences, 0, c.seed, kTestTruthStream);
  for (std::size_t k = 0; k < c.test_sigmas.size(); ++k) {
    core::Rng noise(c.seed, kFirstTestNoiseStream + k);
    std::vector<ToySequence> set = truths;
    for (auto& s : set) s.observed = add_observation_noise(s.truth, c.test_sigmas[k], noise);
    data.test.push_back(std::move(set));
  }
  return data;
}

}  // namespace

ToyResult run_toy_problem(const ToyConfig& config) {
  validate(config);
  const auto start = std::chrono::steady_clock::now();
  ToyResult result;
  result.threads = configure_torch_threads(config.threads);

  auto phase = std::chrono::steady_clock::now();
  const ToyData data = generate_data(config);
  result.timing.generate_s = seconds_since(phase);

  // The KF is told each test set's true noise level (its measurement model, as in [23]); only its process noise is
  // fitted, on the training set. The LSTM, in contrast, only ever sees sigma = train_sigma.
  phase = std::chrono::steady_clock::now();
  result.kf_process_noise = tune_process_noise(data.train, config.train_sigma, config.kf_process_noise_grid);
  std::vector<std::vector<std::vector<double>>> kf;
  for (std::size_t k = 0; k < data.test.size(); ++k) {
    kf.push_back(kalman_filter_toy(data.test[k], result.kf_process_noise, config.test_sigmas[k]));
  }
  result.timing.kf_s = seconds_since(phase);
  spdlog::info("toy: KF process noise {:g} (best of {} on the training set)", result.kf_process_noise,
               config.kf_process_noise_grid.size());

  phase = std::chrono::steady_clock::now();
  ToyLstm lstm(config.hidden_units, config.seed);
  result.epoch_loss = lstm.train(data.train, config.training);
  result.timing.train_s = seconds_since(phase);

  phase = std::chrono::steady_clock::now();
  for (std::size_t k = 0; k < data.test.size(); ++k) {
    const auto& set = data.test[k];
    const auto estimates = lstm.predict(set);
    result.sigma.push_back(config.test_sigmas[k]);
    result.observation_rmse.push_back(observation_rmse(set));
    result.kf_rmse.push_back(rmse(kf[k], set));
    result.lstm_rmse.push_back(rmse(estimates, set));
    result.examples.push_back({config.test_sigmas[k], set[0].truth, set[0].observed, kf[k][0], estimates[0]});
  }
  result.timing.evaluate_s = seconds_since(phase);
  result.timing.total_s = seconds_since(start);
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Outputs

std::string toy_markdown_table(const ToyResult& r) {
  std::string table = "| test sigma | observations RMSE | KF RMSE | LSTM RMSE |\n|---|---|---|---|\n";
  for (std::size_t k = 0; k < r.sigma.size(); ++k) {
    table += fmt::format("| {:g} | {:.4f} | {:.4f} | {:.4f} |\n", r.sigma[k], r.observation_rmse[k], r.kf_rmse[k],
                         r.lstm_rmse[k]);
  }
  return table;
}

namespace {

nlohmann::json config_json(const ToyConfig& c) {
  const ToyGeneratorConfig& g = c.generator;
  return {{"seed", c.seed},
          {"threads", c.threads},
          {"sequence_length", g.sequence_length},
          {"amplitude_range", {g.amplitude_min, g.amplitude_max}},
          {"period_range_steps", {g.period_min, g.period_max}},
          {"train_sequences", c.train_sequences},
          {"test_sequences", c.test_sequences},
          {"train_sigma", c.train_sigma},
          {"test_sigmas", c.test_sigmas},
          {"kf_process_noise_grid", c.kf_process_noise_grid},
          {"hidden_units", c.hidden_units},
          {"epochs", c.training.epochs},
          {"batch_size", c.training.batch_size},
          {"learning_rate", c.training.learning_rate}};
}

nlohmann::json result_json(const ToyResult& r, const ToyConfig& c) {
  return {{"sigma", r.sigma},
          {"kf_rmse", r.kf_rmse},
          {"lstm_rmse", r.lstm_rmse},
          {"observation_rmse", r.observation_rmse},
          {"kf_process_noise", r.kf_process_noise},
          {"epoch_loss", r.epoch_loss},
          {"config", config_json(c)},
          {"timing", {{"generate_s", r.timing.generate_s},
                      {"kf_s", r.timing.kf_s},
                      {"train_s", r.timing.train_s},
                      {"evaluate_s", r.timing.evaluate_s},
                      {"total_s", r.timing.total_s},
                      {"threads", r.threads}}}};
}

// One panel per example, coloured as the paper's Figure 2: black circles = inputs, blue = targets, green = KF.
void plot_examples(const std::vector<const ToyExample*>& examples, const std::filesystem::path& png) {
  core::GnuplotScript script;
  script.add(fmt::format("set multiplot layout {},1", examples.size()));
  script.add("set grid; set key outside right; set xlabel 'step'; set ylabel 'position'");
  for (std::size_t e = 0; e < examples.size(); ++e) {
    const ToyExample& ex = *examples[e];
    std::vector<std::vector<double>> rows;
    for (std::size_t t = 0; t < ex.truth.size(); ++t) {
      rows.push_back({static_cast<double>(t), ex.truth[t], ex.observed[t], ex.kf[t], ex.lstm[t]});
    }
    const std::string name = fmt::format("example{}", e);
    script.add_data(name, rows);
    script.add(fmt::format("set title 'test sequence 0, sigma = {:g}'", ex.sigma));
    script.add(fmt::format(
        "plot ${0} using 1:3 with points pt 6 ps 0.8 lc rgb 'black' title 'observations x_t', "
        "${0} using 1:2 with lines lw 2 lc rgb 'blue' title 'ground truth y_t', "
        "${0} using 1:4 with lines lw 2 lc rgb '#009E00' title 'Kalman filter', "
        "${0} using 1:5 with lines lw 2 lc rgb 'red' title 'LSTM(10)'",
        name));
  }
  script.add("unset multiplot");
  script.render_png(png, 1100, 380 * static_cast<int>(examples.size()));
}

void plot_rmse(const ToyResult& r, double train_sigma, const std::filesystem::path& png) {
  std::vector<std::vector<double>> rows;
  for (std::size_t k = 0; k < r.sigma.size(); ++k) {
    rows.push_back({r.sigma[k], r.observation_rmse[k], r.kf_rmse[k], r.lstm_rmse[k]});
  }
  core::GnuplotScript script;
  script.add_data("rmse", rows);
  script.add("set grid; set key top left; set xlabel 'test noise sigma'; set ylabel 'RMSE'");
  script.add(fmt::format("set title 'toy problem: RMSE against test noise (LSTM trained at sigma = {:g})'",
                         train_sigma));
  script.add(fmt::format("set arrow from {0},graph 0 to {0},graph 1 nohead dt 2 lc rgb 'gray'", train_sigma));
  script.add(
      "plot $rmse using 1:2 with linespoints lw 2 pt 6 lc rgb 'black' title 'observations', "
      "$rmse using 1:3 with linespoints lw 2 pt 7 lc rgb '#009E00' title 'Kalman filter', "
      "$rmse using 1:4 with linespoints lw 2 pt 5 lc rgb 'red' title 'LSTM(10)'");
  script.render_png(png, 800, 550);
}

// The example at the training sigma and the one at the largest test sigma (or just one when they coincide).
std::vector<const ToyExample*> figure_examples(const ToyResult& r, double train_sigma) {
  const ToyExample* at_train = &r.examples.front();
  const ToyExample* largest = &r.examples.front();
  for (const auto& ex : r.examples) {
    if (std::abs(ex.sigma - train_sigma) < std::abs(at_train->sigma - train_sigma)) at_train = &ex;
    if (ex.sigma > largest->sigma) largest = &ex;
  }
  if (at_train == largest) return {at_train};
  return {at_train, largest};
}

}  // namespace

void write_toy_outputs(const ToyResult& result, const ToyConfig& config, const std::filesystem::path& dir) {
  SYNHEAD_CHECK(!result.examples.empty());
  std::filesystem::create_directories(dir);
  core::write_text_atomic(dir / "toy.json", result_json(result, config).dump(2) + "\n");
  plot_examples(figure_examples(result, config.train_sigma), dir / "toy_example.png");
  plot_rmse(result, config.train_sigma, dir / "toy_rmse.png");
}

}  // namespace synhead::trainer
