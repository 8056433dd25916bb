#include "synhead/trainer/train_resume.h"

#include "synhead/core/config.h"
#include "synhead/trainer/training.h"

namespace synhead::trainer {

TrainConfig resumed_train_config(const std::filesystem::path& run_dir,
                                 const std::optional<std::filesystem::path>& config_file,
                                 const std::vector<ConfigAssignment>& assignments) {
  // The run's config goes through the same document as a file would, so overrides are validated and named alike.
  core::ConfigDocument document =
      config_file ? core::ConfigDocument::from_file(*config_file)
                  : core::ConfigDocument::from_string(core::config_to_yaml(resume_config(run_dir, std::nullopt)),
                                                      run_dir.string() + " (the run's config)");
  for (const auto& a : assignments) document.apply_override(a.assignment, a.origin);
  return resume_config(run_dir, core::load_config<TrainConfig>(document));
}

}  // namespace synhead::trainer
