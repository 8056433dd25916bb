#pragma once
// How a run starts from another run's weights (`synhead train --init CKPT`, config section `init`): fine-tuning
// (same variant: every tensor by name), or an rnn / postrnn from a per-frame run (paper §3.2: FC-RNN from the
// per-frame fc; Post-RNN over the frozen per-frame CNN); then the `reset` prefixes are re-drawn and the `freeze`
// prefixes fixed.

#include <filesystem>
#include <string>
#include <vector>

#include "synhead/trainer/models.h"
#include "synhead/trainer/train_config.h"

namespace synhead::trainer {

// UserError naming the checkpoint when its model cannot start `model` (another backbone, size or variant pair).
void initialise_from_checkpoint(SequenceModelImpl& model, const std::filesystem::path& checkpoint,
                                const InitConfig& init);

// requires_grad = false for parameters named by a prefix (equal, or followed by '.'); UserError for a prefix that
// names no parameter.
void apply_freeze(SequenceModelImpl& model, const std::vector<std::string>& prefixes);

// Puts every batch-normalisation layer in eval mode (running statistics used, not updated); call after train().
void freeze_batchnorm_statistics(torch::nn::Module& model);

// A model built from a checkpoint's own config with its weights (for evaluation, or as an --init source).
std::shared_ptr<SequenceModelImpl> load_model(const std::filesystem::path& checkpoint);

}  // namespace synhead::trainer
