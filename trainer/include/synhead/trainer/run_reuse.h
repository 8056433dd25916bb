#pragma once
// Training runs that commands like `synhead report` own: started, resumed or reused by their run directory.
// Torch-free.

#include <filesystem>
#include <optional>
#include <string>

#include "synhead/trainer/train_config.h"

namespace synhead::trainer {

// Trains `config` into `dir`, or resumes it there, or reuses it when it already ran its steps with this config; a
// run with another config is refused (UserError naming the key). Returns the training seconds of this call (0 when
// reused). `label` names the run in the log.
double ensure_run(const TrainConfig& config, const std::filesystem::path& dir,
                  const std::optional<std::filesystem::path>& init, const std::string& label);

}  // namespace synhead::trainer
