#include "synhead/trainer/train_config.h"

#include <algorithm>
#include <cmath>

namespace synhead::trainer {

bool is_device_name(const std::string& name) {
  if (name == "cpu" || name == "cuda") return true;
  const std::string prefix = "cuda:";
  if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0 || name.size() > prefix.size() + 3) {
    return false;
  }
  return std::all_of(name.begin() + static_cast<std::ptrdiff_t>(prefix.size()), name.end(),
                     [](char c) { return c >= '0' && c <= '9'; });
}

double learning_rate_at(const OptimConfig& optim, int step, int total_steps) {
  if (step < optim.warmup_steps) return optim.lr * static_cast<double>(step + 1) / (optim.warmup_steps + 1);
  if (optim.schedule == "constant") return optim.lr;
  if (optim.schedule == "step") return optim.lr * std::pow(optim.step_gamma, step / optim.step_every);
  const int span = std::max(1, total_steps - optim.warmup_steps - 1);
  const double progress = std::min(1.0, static_cast<double>(step - optim.warmup_steps) / span);
  const double floor = optim.min_lr_fraction * optim.lr;
  return floor + (optim.lr - floor) * 0.5 * (1.0 + std::cos(M_PI * progress));
}

}  // namespace synhead::trainer
