#include "synhead/trainer/run_reuse.h"

#include <spdlog/spdlog.h>

#include "synhead/core/error.h"
#include "synhead/trainer/training.h"

namespace synhead::trainer {

namespace fs = std::filesystem;

double ensure_run(const TrainConfig& config, const fs::path& dir, const std::optional<fs::path>& init,
                  const std::string& label) {
  const std::int64_t done = completed_steps(dir);
  if (done == 0) {
    if (fs::exists(dir)) fs::remove_all(dir);  // killed before its first checkpoint: nothing worth keeping
    spdlog::info("training {} ({} steps) in {}", label, config.steps, dir.string());
    TrainOptions options{dir, init, false};
    return train(config, options).seconds;
  }
  resume_config(dir, config);  // refuses a run with another config, naming the key
  if (done > config.steps) {
    core::throw_user_error("{}: holds {} steps but {} asks for {}; remove it or change its steps", dir.string(), done,
                           label, config.steps);
  }
  if (done == config.steps) {
    spdlog::info("reusing {} ({} steps) from {}", label, done, dir.string());
    return 0;
  }
  spdlog::info("resuming {} at step {} of {} in {}", label, done, config.steps, dir.string());
  return train(config, TrainOptions{dir, std::nullopt, true}).seconds;
}

}  // namespace synhead::trainer
