#pragma once
// The paper's toy problem (§3.1, Figure 2): a cursor moves along a sinusoid in 1D, the measurement is its position
// plus Gaussian noise, and the goal is the true position. A constant-acceleration Kalman filter (state = position,
// velocity, acceleration) is compared with an LSTM of 10 units trained with an l2 loss on 1000 sequences at
// sigma = 0.1 and tested at other noise levels too. Torch stays in toy_problem.cpp so the CLI compiles without it.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "synhead/core/random.h"

namespace synhead::trainer {

// §3.1 only says "a sinusoidal pattern"; amplitude, period and phase are drawn per sequence from these ranges
// (time in steps), so a model must infer them from the observations rather than memorise one curve.
struct ToyGeneratorConfig {
  int sequence_length = 100;
  double amplitude_min = 0.5;
  double amplitude_max = 1.5;
  double period_min = 30;  // steps per cycle
  double period_max = 80;
};

struct ToyTrainOptions {
  int epochs = 100;
  int batch_size = 25;
  double learning_rate = 1e-2;  // Adam, cosine-annealed to learning_rate / 20 over the epochs
};

struct ToyConfig {
  ToyGeneratorConfig generator;
  std::uint64_t seed = 1;
  int threads = 0;  // torch intra-op threads, 0 = every core
  int train_sequences = 1000;
  int test_sequences = 200;
  double train_sigma = 0.1;
  std::vector<double> test_sigmas = {0.05, 0.1, 0.2, 0.3};
  // The Kalman filter's process-noise variance is the grid value with the lowest RMSE on the training set.
  std::vector<double> kf_process_noise_grid = {1e-7, 1e-6, 3e-6, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 1e-2};
  int hidden_units = 10;
  ToyTrainOptions training;
};

// Throws UserError naming the offending setting.
void validate(const ToyConfig& config);

struct ToySequence {
  std::vector<double> truth;     // y_t
  std::vector<double> observed;  // x_t = y_t + N(0, sigma^2)
};

// One sinusoid A sin(2 pi t / P + phi), t = 0 … length − 1, with A, P, phi drawn from `rng`.
std::vector<double> sinusoid_truth(const ToyGeneratorConfig& generator, core::Rng& rng);
std::vector<double> add_observation_noise(const std::vector<double>& truth, double sigma, core::Rng& rng);
// `count` sequences, fully determined by (seed, stream): truths first, then noise, from one Rng(seed, stream).
std::vector<ToySequence> generate_toy_sequences(const ToyGeneratorConfig& generator, int count, double sigma,
                                                std::uint64_t seed, std::uint64_t stream);

// Root-mean-square difference over every step of every sequence.
double rmse(const std::vector<std::vector<double>>& estimates, const std::vector<ToySequence>& sequences);
double observation_rmse(const std::vector<ToySequence>& sequences);

// Causal constant-acceleration Kalman filter (estimation/kalman_filter.h: continuous white-noise jerk of spectral
// density process_noise, diffuse prior on velocity and acceleration), one step = one time unit; the measurement
// variance is measurement_sigma^2. Returns the filtered position for every step.
std::vector<double> kalman_filter_toy(const std::vector<double>& observed, double process_noise,
                                      double measurement_sigma);
std::vector<std::vector<double>> kalman_filter_toy(const std::vector<ToySequence>& sequences, double process_noise,
                                                   double measurement_sigma);
// The grid value whose filter has the lowest RMSE on `sequences` (observed with noise `sigma`).
double tune_process_noise(const std::vector<ToySequence>& sequences, double sigma, const std::vector<double>& grid);

// LSTM(1 → hidden_units) + linear readout, mapping x_1..t to an estimate of y_t at every step.
class ToyLstm {
 public:
  // `seed` fixes the initial weights and the batch order.
  ToyLstm(int hidden_units, std::uint64_t seed);
  ~ToyLstm();
  ToyLstm(const ToyLstm&) = delete;
  ToyLstm& operator=(const ToyLstm&) = delete;

  // Adam on the mean squared error over all steps; returns the mean training loss of each epoch.
  std::vector<double> train(const std::vector<ToySequence>& sequences, const ToyTrainOptions& options);
  std::vector<std::vector<double>> predict(const std::vector<ToySequence>& sequences) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Test sequence 0 at one noise level, as drawn in the Figure-2-style plot.
struct ToyExample {
  double sigma = 0;
  std::vector<double> truth;
  std::vector<double> observed;
  std::vector<double> kf;
  std::vector<double> lstm;
};

struct ToyTiming {
  double generate_s = 0;
  double kf_s = 0;  // tuning on the training set plus filtering every test set
  double train_s = 0;
  double evaluate_s = 0;
  double total_s = 0;
};

struct ToyResult {
  std::vector<double> sigma;
  std::vector<double> kf_rmse;
  std::vector<double> lstm_rmse;
  std::vector<double> observation_rmse;  // of the raw measurements: what doing nothing scores
  double kf_process_noise = 0;
  std::vector<double> epoch_loss;
  std::vector<ToyExample> examples;  // one per test sigma
  int threads = 0;
  ToyTiming timing;
};

// The whole experiment: generate, tune and run the KF, train and run the LSTM, score every test sigma.
ToyResult run_toy_problem(const ToyConfig& config);

// "| sigma | observations | KF | LSTM |" Markdown table of RMSE.
std::string toy_markdown_table(const ToyResult& result);
// DIR/toy.json (docs/conventions.md schema plus config, timing, KF tuning and the loss curve), DIR/toy_example.png
// (Figure 2: truth, observations, KF, LSTM for one test sequence at the training sigma and the largest test sigma)
// and DIR/toy_rmse.png (RMSE against test sigma).
void write_toy_outputs(const ToyResult& result, const ToyConfig& config, const std::filesystem::path& dir);

}  // namespace synhead::trainer
