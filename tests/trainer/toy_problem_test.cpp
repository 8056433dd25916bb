#include "synhead/trainer/toy_problem.h"

#include <cmath>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "temp_dir.h"
#include "synhead/core/error.h"

namespace synhead::trainer {
namespace {

using testing::TempDir;

double mean_of(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return sum / static_cast<double>(v.size());
}

std::vector<double> residuals(const std::vector<ToySequence>& sequences) {
  std::vector<double> r;
  for (const auto& s : sequences)
    for (std::size_t t = 0; t < s.truth.size(); ++t) r.push_back(s.observed[t] - s.truth[t]);
  return r;
}

TEST(ToyGenerator, ObservationNoiseHasZeroMeanAndTheRequestedSigma) {
  for (double sigma : {0.05, 0.1, 0.3}) {
    const auto data = generate_toy_sequences(ToyGeneratorConfig{}, 200, sigma, 7, 0);
    const std::vector<double> r = residuals(data);  // 20,000 draws: the std error of the std is < 0.5 %
    const double mean = mean_of(r);
    double var = 0;
    for (double x : r) var += (x - mean) * (x - mean);
    const double std = std::sqrt(var / static_cast<double>(r.size() - 1));
    EXPECT_NEAR(mean, 0, 4 * sigma / std::sqrt(static_cast<double>(r.size()))) << "sigma " << sigma;
    EXPECT_NEAR(std / sigma, 1, 0.02) << "sigma " << sigma;
    EXPECT_NEAR(observation_rmse(data), sigma, 0.02 * sigma);
  }
}

TEST(ToyGenerator, TruthStaysWithinTheAmplitudeRangeAndReachesIt) {
  ToyGeneratorConfig g;
  g.amplitude_min = 0.5;
  g.amplitude_max = 1.5;
  const auto data = generate_toy_sequences(g, 300, 0.1, 3, 0);
  double lowest_peak = 1e9, highest_peak = 0;
  for (const auto& s : data) {
    ASSERT_EQ(s.truth.size(), static_cast<std::size_t>(g.sequence_length));
    ASSERT_EQ(s.observed.size(), s.truth.size());
    double peak = 0;
    for (double y : s.truth) peak = std::max(peak, std::abs(y));
    EXPECT_LE(peak, g.amplitude_max);
    // 100 steps cover more than one period (<= 80 steps), so the peak is close to the sequence's amplitude.
    EXPECT_GE(peak, 0.95 * g.amplitude_min);
    lowest_peak = std::min(lowest_peak, peak);
    highest_peak = std::max(highest_peak, peak);
  }
  EXPECT_LT(lowest_peak, 0.6);   // amplitudes are spread over the range …
  EXPECT_GT(highest_peak, 1.4);  // … not clustered in its middle
}

TEST(ToyGenerator, IsDeterministicPerSeedAndStream) {
  const ToyGeneratorConfig g;
  const auto a = generate_toy_sequences(g, 20, 0.1, 11, 0);
  const auto b = generate_toy_sequences(g, 20, 0.1, 11, 0);
  const auto other_seed = generate_toy_sequences(g, 20, 0.1, 12, 0);
  const auto other_stream = generate_toy_sequences(g, 20, 0.1, 11, 1);
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].truth, b[i].truth);
    EXPECT_EQ(a[i].observed, b[i].observed);
  }
  EXPECT_NE(a[0].truth, other_seed[0].truth);
  EXPECT_NE(a[0].truth, other_stream[0].truth);
}

TEST(ToyKalmanFilter, TracksAConstantAccelerationPathExactlyWithoutNoise) {
  std::vector<double> path;
  for (int t = 0; t < 50; ++t) path.push_back(0.01 * t * t - 0.2 * t + 1);
  const auto filtered = kalman_filter_toy(path, 1e-6, 1e-3);
  EXPECT_NEAR(filtered.back(), path.back(), 1e-3);
}

TEST(ToyKalmanFilter, TunedFilterBeatsTheRawObservations) {
  const double sigma = 0.1;
  const auto train = generate_toy_sequences(ToyGeneratorConfig{}, 100, sigma, 5, 0);
  const ToyConfig defaults;
  const double q = tune_process_noise(train, sigma, defaults.kf_process_noise_grid);
  const auto test = generate_toy_sequences(ToyGeneratorConfig{}, 100, sigma, 5, 1);
  const double kf = rmse(kalman_filter_toy(test, q, sigma), test);
  EXPECT_LT(kf, 0.9 * observation_rmse(test));
  EXPECT_LT(kf, sigma);
}

TEST(ToyKalmanFilter, TuningPicksTheBestGridValue) {
  const auto train = generate_toy_sequences(ToyGeneratorConfig{}, 50, 0.1, 5, 0);
  const std::vector<double> grid = {1e-9, 1e-4, 1.0};
  const double q = tune_process_noise(train, 0.1, grid);
  for (double other : grid) {
    EXPECT_LE(rmse(kalman_filter_toy(train, q, 0.1), train), rmse(kalman_filter_toy(train, other, 0.1), train));
  }
}

TEST(ToyLstm, ShortTrainingRunReducesTheLossClearly) {
  torch::set_num_threads(1);
  const auto train = generate_toy_sequences(ToyGeneratorConfig{}, 100, 0.1, 2, 0);
  ToyLstm lstm(10, 2);
  ToyTrainOptions options;
  options.epochs = 15;
  options.batch_size = 10;
  const std::vector<double> loss = lstm.train(train, options);
  ASSERT_EQ(loss.size(), 15u);
  EXPECT_LT(loss.back(), 0.2 * loss.front());
  const auto estimates = lstm.predict(train);
  ASSERT_EQ(estimates.size(), train.size());
  ASSERT_EQ(estimates[0].size(), train[0].truth.size());
  EXPECT_NEAR(rmse(estimates, train), std::sqrt(loss.back()), 0.5 * std::sqrt(loss.back()));
}

TEST(ToyLstm, SameSeedTrainsToTheSameWeights) {
  torch::set_num_threads(1);
  const auto train = generate_toy_sequences(ToyGeneratorConfig{}, 20, 0.1, 4, 0);
  ToyTrainOptions options;
  options.epochs = 2;
  options.batch_size = 5;
  ToyLstm a(4, 9), b(4, 9);
  EXPECT_EQ(a.train(train, options), b.train(train, options));
  EXPECT_EQ(a.predict(train), b.predict(train));
}

ToyConfig tiny_config() {
  ToyConfig c;
  c.threads = 1;
  c.train_sequences = 20;
  c.test_sequences = 5;
  c.generator.sequence_length = 30;
  c.hidden_units = 4;
  c.training.epochs = 2;
  c.training.batch_size = 10;
  return c;
}

TEST(ToyProblem, PipelineWritesTheConventionsJsonAndBothPlots) {
  TempDir dir;
  const ToyConfig config = tiny_config();
  const ToyResult result = run_toy_problem(config);
  write_toy_outputs(result, config, dir.path());

  std::ifstream in(dir / "toy.json");
  const nlohmann::json json = nlohmann::json::parse(in);
  for (const char* key : {"sigma", "kf_rmse", "lstm_rmse"}) {
    ASSERT_TRUE(json.contains(key)) << key;
    ASSERT_TRUE(json[key].is_array()) << key;
    EXPECT_EQ(json[key].size(), config.test_sigmas.size()) << key;
    for (const auto& v : json[key]) EXPECT_TRUE(v.is_number() && std::isfinite(v.get<double>())) << key;
  }
  EXPECT_EQ(json["sigma"].get<std::vector<double>>(), config.test_sigmas);
  EXPECT_EQ(json["config"]["train_sequences"], config.train_sequences);
  EXPECT_TRUE(json["timing"].contains("total_s"));
  for (const char* png : {"toy_example.png", "toy_rmse.png"}) {
    EXPECT_GT(std::filesystem::file_size(dir / png), 1000u) << png;
  }
  const std::string table = toy_markdown_table(result);
  EXPECT_NE(table.find("| 0.3 |"), std::string::npos) << table;
}

TEST(ToyProblem, RejectsInvalidSettings) {
  ToyConfig c = tiny_config();
  c.test_sigmas = {0.1, -0.2};
  EXPECT_THROW(validate(c), core::UserError);
  c = tiny_config();
  c.training.epochs = 0;
  EXPECT_THROW(validate(c), core::UserError);
}

}  // namespace
}  // namespace synhead::trainer
