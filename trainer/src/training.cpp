#include "synhead/trainer/training.h"

#include <chrono>
#include <fstream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include "synhead/core/atomic_file.h"
#include "synhead/core/config.h"
#include "synhead/core/error.h"
#include "synhead/core/progress.h"
#include "synhead/trainer/checkpoint.h"
#include "synhead/trainer/batch_source.h"
#include "synhead/trainer/device.h"
#include "synhead/trainer/grad_clip.h"
#include "synhead/trainer/model_init.h"
#include "synhead/trainer/models.h"
#include "synhead/trainer/targets.h"
#include "synhead/trainer/torch_runtime.h"
#include "synhead/trainer/training_log.h"
#include "synhead/trainer/validation.h"

namespace synhead::trainer {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::unique_ptr<torch::optim::Optimizer> make_optimizer(const OptimConfig& c, std::vector<torch::Tensor> parameters) {
  if (c.optimizer == "sgd") {
    return std::make_unique<torch::optim::SGD>(
        std::move(parameters), torch::optim::SGDOptions(c.lr).momentum(c.momentum).weight_decay(c.weight_decay));
  }
  return std::make_unique<torch::optim::Adam>(std::move(parameters),
                                              torch::optim::AdamOptions(c.lr).weight_decay(c.weight_decay));
}

void set_learning_rate(torch::optim::Optimizer& optimizer, double lr) {
  for (auto& group : optimizer.param_groups()) group.options().set_lr(lr);
}

// Dropout masks and any other torch draw of step s come from (seed, s): a resumed run draws what it would have.
void seed_step(std::uint64_t seed, std::int64_t step) {
  torch::manual_seed(seed * 0x9E3779B97F4A7C15ULL + static_cast<std::uint64_t>(step) * 0xBF58476D1CE4E5B9ULL + 1);
}


std::filesystem::path last_checkpoint(const std::filesystem::path& run) { return run / "last.ckpt"; }
std::filesystem::path best_checkpoint(const std::filesystem::path& run) { return run / "best.ckpt"; }

void refuse_existing_run(const TrainOptions& options) {
  if (!options.resume && std::filesystem::exists(last_checkpoint(options.out))) {
    core::throw_user_error("{}: already holds a run (last.ckpt); pass --resume to continue it or choose another --out",
                           options.out.string());
  }
}

// Targets a source does not label would be zeros that the loss pulls the network towards.
void check_targets(const TrainConfig& config, const BatchSource& source) {
  if (predicts_landmarks(config.model) && !source.has_landmarks())
    core::throw_user_error("data.path '{}' labels head pose only (no landmarks): set model.outputs: pose",
                           config.data.path);
  if (predicts_pose(config.model) && !source.has_pose())
    core::throw_user_error("data.path '{}' labels landmarks only (no head pose): set model.outputs: landmarks",
                           config.data.path);
}

// Written once the weights and the data have been opened, so a mistaken path or checkpoint leaves no run behind.
void write_run_config(const TrainConfig& config, const TrainOptions& options) {
  std::filesystem::create_directories(options.out);
  core::write_text_atomic(options.out / "config.yaml", core::config_to_yaml(config));
}

}  // namespace

std::int64_t completed_steps(const std::filesystem::path& run_dir) {
  const auto file = last_checkpoint(run_dir);
  return std::filesystem::exists(file) ? read_checkpoint_meta(file).step : 0;
}

TrainConfig resume_config(const std::filesystem::path& run_dir, const std::optional<TrainConfig>& requested) {
  const auto file = last_checkpoint(run_dir);
  if (!std::filesystem::exists(file)) {
    core::throw_user_error("{}: nothing to resume (no last.ckpt)", run_dir.string());
  }
  TrainConfig config = read_checkpoint_meta(file).config;
  if (!requested) return config;
  TrainConfig extended = config;
  extended.steps = requested->steps;
  // Where the run continues and how it is evaluated leave what it learns alone (bit-exactness holds per device).
  extended.device = requested->device;
  extended.eval_chunk_frames = requested->eval_chunk_frames;
  const auto stored = core::node_to_json(core::config_to_node(extended));
  const auto wanted = core::node_to_json(core::config_to_node(*requested));
  if (const auto key = core::first_difference(stored, wanted)) {
    core::throw_user_error("{}: --resume with a different config: '{}' differs from the run's (only 'steps', 'device' and "
                           "'eval_chunk_frames' may change)",
                           file.string(), *key);
  }
  return extended;
}

TrainSummary train(const TrainConfig& config, const TrainOptions& options) {
  const auto start = Clock::now();
  const int threads = configure_torch_threads(config.threads);
  const torch::Device device = resolve_device(config.device, "device");
  refuse_existing_run(options);

  torch::manual_seed(config.seed);  // initial weights
  auto model = make_model(config.model);
  std::int64_t step = 0;
  double best = std::numeric_limits<double>::infinity();
  if (options.init && !options.resume) initialise_from_checkpoint(*model, *options.init, config.init);
  apply_freeze(*model, config.init.freeze);
  model->to(device);  // weights are drawn and loaded on the CPU: the same start on every device
  auto optimizer = make_optimizer(config.optim, trainable_parameters(*model));
  if (options.resume) {
    const auto file = last_checkpoint(options.out);
    const auto meta = read_checkpoint_meta(file);
    load_model_state(file, *model);
    load_optimizer_state(file, *optimizer, device);
    step = meta.step;
    best = meta.best_metric;
    spdlog::info("train: resuming {} at step {}", options.out.string(), step);
  }
  spdlog::info("train: {} · {} threads · {}{}", describe_model(*model), threads, device.str(),
               config.amp ? " (bf16 autocast)" : "");

  const std::unique_ptr<BatchSource> source = make_training_source(config.data, config.model.input_size, config.seed, step);
  spdlog::info("train: data from {}", source->description());
  check_targets(config, *source);
  Validator validator(config);
  spdlog::info("train: {} validation windows ({})", validator.window_count(),
               config.data.path.empty() ? "held-out stream tracks, rendered once" : config.data.path);
  write_run_config(config, options);

  TrainingLog log(options.out / "log.jsonl", step);
  const auto parameters = trainable_parameters(*model);
  core::Progress progress("train", static_cast<std::size_t>(config.steps), "steps");
  progress.advance(static_cast<std::size_t>(step));
  const std::string metric_name = validation_metric_name(config.model);

  auto save = [&](const std::filesystem::path& file, bool with_optimizer) {
    save_checkpoint(file, *model, with_optimizer ? optimizer.get() : nullptr,
                    CheckpointMeta{config, step, best, metric_name});
  };

  auto validate = [&] {
    const ValidationResult result = validator.run(*model);
    log.validation_line(step, result.details);
    if (result.metric < best) {
      best = result.metric;
      save(best_checkpoint(options.out), false);
    }
  };
  // A run started from other weights is measured before it trains, so best.ckpt is never worse than its start
  // (fine-tuning can first lose accuracy, e.g. while FC-RNN's dropout and W_hh settle).
  if (options.init && step == 0) validate();

  StepMeter meter;
  const double wait_at_start = source->wait_seconds();
  while (step < config.steps) {
    const double lr = learning_rate_at(config.optim, static_cast<int>(step), config.steps);
    set_learning_rate(*optimizer, lr);
    seed_step(config.seed, step);
    model->train();
    if (config.init.freeze_batchnorm) freeze_batchnorm_statistics(*model);

    const double wait_before = source->wait_seconds();
    const Batch batch = source->next();
    const double waited = source->wait_seconds() - wait_before;

    const Batch on_device = to_device(batch, device);
    torch::Tensor loss;
    {
      const CudaAutocast autocast(config.amp);
      const auto outputs = model->forward(on_device.frames);
      loss = target_loss(outputs, encode_targets(on_device, config.model), config.model, config.landmark_weight);
    }
    if (!std::isfinite(loss.item<double>())) {
      throw std::runtime_error(fmt::format(
          "train: the loss is not finite at step {} (diverged): lower optim.lr or keep optim.clip_tau > 0; "
          "{} holds the last checkpoint",
          step + 1, last_checkpoint(options.out).string()));
    }
    optimizer->zero_grad();
    loss.backward();
    const double tau = config.optim.clip_tau > 0 ? config.optim.clip_tau : std::numeric_limits<double>::infinity();
    const double grad_norm = soft_clip_gradients(parameters, tau);
    optimizer->step();
    ++step;
    progress.advance();
    meter.add(loss.item<double>(), grad_norm, batch.size() * batch.steps(), waited);

    if (step % config.log_every == 0 || step == config.steps) log.train_line(step, lr, meter.take(source->counters()));
    const bool validate_now =
        step == config.steps || (config.validate_every > 0 && step % config.validate_every == 0);
    if (validate_now) validate();
    if (step % config.checkpoint_every == 0 || step == config.steps) save(last_checkpoint(options.out), true);
  }
  progress.finish();
  log.plot(options.out / "curves.png");

  TrainSummary summary;
  summary.steps = step;
  summary.best_metric = best;
  summary.metric_name = metric_name;
  summary.seconds = seconds_since(start);
  summary.data_wait_fraction = summary.seconds > 0 ? (source->wait_seconds() - wait_at_start) / summary.seconds : 0;
  return summary;
}

}  // namespace synhead::trainer
