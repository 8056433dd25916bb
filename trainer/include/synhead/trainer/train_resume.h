#pragma once
// The config `synhead train --resume` continues a run with, from what the command line gave. Torch-free.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "synhead/trainer/train_config.h"

namespace synhead::trainer {

// One `dotted.key=value` override and where it came from, for messages ("--steps 40"; empty: "--set <assignment>").
struct ConfigAssignment {
  std::string assignment;
  std::string origin;
};

// Without `config_file`: the run's own config (RUN/last.ckpt) with `assignments` applied, e.g. steps=N to extend
// it. With one: that file with `assignments` applied. Either way the result must match the run's config except for
// `steps`: otherwise a UserError names the first key that differs (resume_config in training.h).
TrainConfig resumed_train_config(const std::filesystem::path& run_dir,
                                 const std::optional<std::filesystem::path>& config_file,
                                 const std::vector<ConfigAssignment>& assignments);

}  // namespace synhead::trainer
