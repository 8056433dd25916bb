#pragma once
// What the render stream (stream/) adds to the trainer in a build that has both: batches rendered while training
// (data.source stream | mix), the `data.stream` and report `dataset` config sections, and rendering a report's
// dataset. The trainer links no renderer: stream::install() registers these at start-up, and without it the
// trainer trains, evaluates and reports from disk, and configs that ask for rendering fail naming the key.
// Torch-free.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "synhead/core/config.h"

namespace synhead::trainer {

class BatchSource;
struct DataConfig;
enum class Subset;

struct RenderPlugin {
  std::function<core::PluginSection()> stream_section;   // defaults of data.stream
  std::function<core::PluginSection()> dataset_section;  // defaults of a report's `dataset` (a render config)
  // Windows rendered from data.stream, as data.source stream does (Subset Train or Validation).
  std::function<std::unique_ptr<BatchSource>(const DataConfig& config, int input_size, Subset subset,
                                             std::uint64_t seed, std::int64_t first_batch)>
      stream_source;
  std::function<std::uint64_t(const DataConfig& config)> stream_dataset_seed;  // data.stream.dataset.seed
  // Renders `dataset` (a section made by dataset_section) into `out`, keeping complete sequences.
  std::function<void(const core::PluginSection& dataset, const std::filesystem::path& out,
                     const std::string& tool_version)>
      render_dataset;
};

void install_render_plugin(RenderPlugin plugin);
const RenderPlugin* render_plugin();  // null in a build without the render stream

// The section a config struct holds for `key` (data.stream, dataset): the plugin's default, or an unavailable
// section whose reason names what this build lacks.
core::PluginSection stream_section_default();
core::PluginSection dataset_section_default();

}  // namespace synhead::trainer
