#include "synhead/trainer/checkpoint.h"

#include <algorithm>
#include <map>

#include <torch/torch.h>

#include "synhead/core/atomic_file.h"
#include "synhead/core/config.h"
#include "synhead/core/error.h"

namespace synhead::trainer {
namespace {

std::map<std::string, torch::Tensor> named_state(const torch::nn::Module& module) {
  std::map<std::string, torch::Tensor> state;
  for (const auto& item : module.named_parameters(true)) state[item.key()] = item.value();
  for (const auto& item : module.named_buffers(true)) state[item.key()] = item.value();
  return state;
}

// Tensors are mapped onto `device` as they load, so a checkpoint written on any device reads on this one.
torch::serialize::InputArchive open_archive(const std::filesystem::path& file,
                                            const torch::Device& device = torch::Device(torch::kCPU)) {
  if (!std::filesystem::is_regular_file(file)) core::throw_user_error("{}: no such checkpoint file", file.string());
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(file.string(), device);
  } catch (const c10::Error&) {
    core::throw_user_error("{}: not a synhead checkpoint (cannot be read as a libtorch archive)", file.string());
  }
  c10::IValue format;
  if (!archive.try_read("format", format) || !format.isString() || format.toStringRef() != kCheckpointFormat) {
    core::throw_user_error("{}: not a synhead checkpoint (expected format \"{}\")", file.string(), kCheckpointFormat);
  }
  return archive;
}

c10::IValue read_key(torch::serialize::InputArchive& archive, const std::filesystem::path& file, const char* key) {
  c10::IValue value;
  if (!archive.try_read(key, value)) core::throw_user_error("{}: checkpoint has no '{}'", file.string(), key);
  return value;
}

std::string shape_text(const torch::Tensor& t) {
  std::string text = "[";
  for (std::int64_t d = 0; d < t.dim(); ++d) text += (d ? ", " : "") + std::to_string(t.size(d));
  return text + "]";
}

}  // namespace

void save_checkpoint(const std::filesystem::path& file, const torch::nn::Module& model,
                     const torch::optim::Optimizer* optimizer, const CheckpointMeta& meta) {
  torch::serialize::OutputArchive archive;
  archive.write("format", c10::IValue(std::string(kCheckpointFormat)));
  archive.write("version", c10::IValue(kCheckpointVersion));
  archive.write("config", c10::IValue(core::config_to_yaml(meta.config)));
  archive.write("step", c10::IValue(meta.step));
  archive.write("best_metric", c10::IValue(meta.best_metric));
  archive.write("metric_name", c10::IValue(meta.metric_name));
  c10::Dict<std::string, at::Tensor> tensors;
  for (const auto& [name, tensor] : named_state(model)) tensors.insert(name, tensor.detach().cpu().clone());
  archive.write("model", c10::IValue(tensors));
  if (optimizer) {
    torch::serialize::OutputArchive optimizer_archive;
    optimizer->save(optimizer_archive);
    archive.write("optimizer", optimizer_archive);
  }
  std::filesystem::create_directories(file.parent_path().empty() ? "." : file.parent_path());
  const auto temp = core::temp_sibling(file);
  try {
    archive.save_to(temp.string());
    std::filesystem::rename(temp, file);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    throw;
  }
}

CheckpointMeta read_checkpoint_meta(const std::filesystem::path& file) {
  auto archive = open_archive(file);
  const auto version = read_key(archive, file, "version");
  if (!version.isInt() || version.toInt() != kCheckpointVersion) {
    core::throw_user_error("{}: checkpoint version {} is not supported (this build reads version {})", file.string(),
                           version.isInt() ? std::to_string(version.toInt()) : "?", kCheckpointVersion);
  }
  CheckpointMeta meta;
  const auto config = read_key(archive, file, "config");
  meta.config = core::load_config<TrainConfig>(
      core::ConfigDocument::from_string(config.toStringRef(), file.string() + " (embedded config)"));
  meta.step = read_key(archive, file, "step").toInt();
  meta.best_metric = read_key(archive, file, "best_metric").toDouble();
  meta.metric_name = read_key(archive, file, "metric_name").toStringRef();
  return meta;
}

std::vector<std::pair<std::string, torch::Tensor>> read_model_tensors(const std::filesystem::path& file) {
  auto archive = open_archive(file);
  const auto value = read_key(archive, file, "model");
  std::vector<std::pair<std::string, torch::Tensor>> tensors;
  for (const auto& entry : value.toGenericDict()) {
    tensors.emplace_back(entry.key().toStringRef(), entry.value().toTensor());
  }
  return tensors;
}

bool tensor_named_by(const std::string& name, const std::string& prefix) {
  return name == prefix || (name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0 &&
                            name[prefix.size()] == '.');
}

void load_model_state(const std::filesystem::path& file, torch::nn::Module& model, bool allow_extra,
                      const std::vector<std::string>& skip) {
  auto skipped = [&](const std::string& name) {
    return std::any_of(skip.begin(), skip.end(), [&](const std::string& prefix) { return tensor_named_by(name, prefix); });
  };
  std::map<std::string, torch::Tensor> stored;
  for (auto& [name, tensor] : read_model_tensors(file))
    if (!skipped(name)) stored.emplace(name, tensor);
  torch::NoGradGuard no_grad;
  for (auto& [name, target] : named_state(model)) {
    if (skipped(name)) continue;
    const auto found = stored.find(name);
    if (found == stored.end()) {
      core::throw_user_error("{}: checkpoint has no tensor '{}' (was it written by another model or variant?)",
                             file.string(), name);
    }
    if (!found->second.sizes().equals(target.sizes())) {
      core::throw_user_error("{}: tensor '{}' has shape {} in the checkpoint, the model expects {}", file.string(),
                             name, shape_text(found->second), shape_text(target));
    }
    target.copy_(found->second);
    stored.erase(found);
  }
  if (!allow_extra && !stored.empty()) {
    core::throw_user_error("{}: checkpoint has tensor '{}' that the model does not (another model or variant?)",
                           file.string(), stored.begin()->first);
  }
}

void load_optimizer_state(const std::filesystem::path& file, torch::optim::Optimizer& optimizer,
                          const torch::Device& device) {
  auto archive = open_archive(file, device);
  torch::serialize::InputArchive optimizer_archive;
  if (!archive.try_read("optimizer", optimizer_archive)) {
    core::throw_user_error("{}: checkpoint has no optimiser state (a weights-only checkpoint cannot be resumed)",
                           file.string());
  }
  optimizer.load(optimizer_archive);
}

}  // namespace synhead::trainer
