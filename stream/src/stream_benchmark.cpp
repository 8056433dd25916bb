#include "synhead/stream/stream_benchmark.h"

#include <chrono>
#include <limits>

#include <torch/torch.h>

#include "synhead/trainer/grad_clip.h"
#include "synhead/trainer/models.h"
#include "synhead/stream/streaming_source.h"
#include "synhead/trainer/targets.h"
#include "synhead/trainer/torch_runtime.h"

namespace synhead::stream {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// The optimisation step of training.cpp (forward, ℓ2 loss, backward, soft clipping, Adam).
class TrainStep {
 public:
  explicit TrainStep(const trainer::TrainConfig& config)
      : config_(config),
        model_(trainer::make_model(config.model)),
        parameters_(trainer::trainable_parameters(*model_)),
        optimizer_(parameters_, torch::optim::AdamOptions(config.optim.lr).weight_decay(config.optim.weight_decay)) {
    model_->train();
  }

  void operator()(const trainer::Batch& batch) {
    const auto outputs = model_->forward(batch.frames);
    const auto loss = trainer::target_loss(outputs, trainer::encode_targets(batch, config_.model), config_.model, config_.landmark_weight);
    optimizer_.zero_grad();
    loss.backward();
    const double tau = config_.optim.clip_tau > 0 ? config_.optim.clip_tau : std::numeric_limits<double>::infinity();
    trainer::soft_clip_gradients(parameters_, tau);
    optimizer_.step();
  }

 private:
  trainer::TrainConfig config_;
  std::shared_ptr<trainer::SequenceModelImpl> model_;
  std::vector<torch::Tensor> parameters_;
  torch::optim::Adam optimizer_;
};

trainer::DataConfig with_workers(trainer::DataConfig data, int workers) {
  stream_config(data).workers = workers;
  return data;
}

StreamBenchRow produce(const StreamBenchOptions& o, int workers) {
  StreamingSource source(with_workers(o.config.data, workers), o.config.model.input_size, trainer::Subset::Train, o.config.seed);
  for (int b = 0; b < o.warmup_batches; ++b) source.next();
  const auto start = Clock::now();
  std::int64_t samples = 0;
  for (int b = 0; b < o.batches; ++b) {
    const trainer::Batch batch = source.next();
    samples += batch.size() * batch.steps();
  }
  return {"produce", workers, 0, static_cast<double>(samples) / seconds_since(start), 0};
}

StreamBenchRow consume(const StreamBenchOptions& o, int threads, const trainer::Batch& batch) {
  trainer::configure_torch_threads(threads);
  TrainStep step(o.config);
  for (int b = 0; b < o.warmup_batches; ++b) step(batch);
  const auto start = Clock::now();
  for (int b = 0; b < o.batches; ++b) step(batch);
  const double samples = static_cast<double>(o.batches) * static_cast<double>(batch.size() * batch.steps());
  return {"consume", 0, threads, samples / seconds_since(start), 0};
}

StreamBenchRow train(const StreamBenchOptions& o, int workers, int threads) {
  trainer::configure_torch_threads(threads);
  TrainStep step(o.config);
  StreamingSource source(with_workers(o.config.data, workers), o.config.model.input_size, trainer::Subset::Train, o.config.seed);
  for (int b = 0; b < o.warmup_batches + stream_config(o.config.data).queue_depth; ++b) step(source.next());
  const double wait_before = source.wait_seconds();
  const auto start = Clock::now();
  std::int64_t samples = 0;
  for (int b = 0; b < o.batches; ++b) {
    const trainer::Batch batch = source.next();
    step(batch);
    samples += batch.size() * batch.steps();
  }
  const double seconds = seconds_since(start);
  return {"train", workers, threads, static_cast<double>(samples) / seconds, (source.wait_seconds() - wait_before) / seconds};
}

}  // namespace

std::vector<StreamBenchRow> run_stream_benchmark(const StreamBenchOptions& options,
                                                 const std::function<void(const StreamBenchRow&)>& on_row) {
  std::vector<StreamBenchRow> rows;
  auto report = [&](StreamBenchRow row) {
    on_row(row);
    rows.push_back(std::move(row));
  };
  for (const int workers : options.workers) report(produce(options, workers));
  const trainer::Batch batch = StreamingSource(with_workers(options.config.data, 1), options.config.model.input_size,
                                      trainer::Subset::Train, options.config.seed)
                          .next();
  for (const int threads : options.threads) report(consume(options, threads, batch));
  for (const int workers : options.workers) {
    for (const int threads : options.threads) report(train(options, workers, threads));
  }
  return rows;
}

}  // namespace synhead::stream
