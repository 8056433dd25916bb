#include "synhead/stream/install.h"

#include <memory>

#include "synhead/core/config.h"
#include "synhead/renderer/render_job.h"
#include "synhead/stream/stream_config.h"
#include "synhead/stream/streaming_source.h"
#include "synhead/trainer/render_plugin.h"

namespace synhead::stream {

const StreamConfig& stream_config(const trainer::DataConfig& data) { return data.stream.get<StreamConfig>(); }
StreamConfig& stream_config(trainer::DataConfig& data) { return data.stream.get<StreamConfig>(); }

void install() {
  trainer::RenderPlugin plugin;
  plugin.stream_section = [] { return core::PluginSection::of(StreamConfig{}); };
  plugin.dataset_section = [] { return core::PluginSection::of(renderer::DatasetConfig{}); };
  plugin.stream_source = [](const trainer::DataConfig& config, int input_size, trainer::Subset subset,
                            std::uint64_t seed, std::int64_t first_batch) -> std::unique_ptr<trainer::BatchSource> {
    return std::make_unique<StreamingSource>(config, input_size, subset, seed, first_batch);
  };
  plugin.stream_dataset_seed = [](const trainer::DataConfig& config) { return stream_config(config).dataset.seed; };
  plugin.render_dataset = [](const core::PluginSection& section, const std::filesystem::path& out,
                             const std::string& tool_version) {
    const auto& config = section.get<renderer::DatasetConfig>();
    renderer::RenderRunOptions options;
    options.out = out;
    options.tool_version = tool_version;
    renderer::render_dataset(config, core::node_to_json(core::config_to_node(config)), options);
  };
  trainer::install_render_plugin(std::move(plugin));
}

}  // namespace synhead::stream
