#include "synhead/trainer/render_plugin.h"

#include <optional>
#include <utility>

namespace synhead::trainer {
namespace {

constexpr const char* kNoRenderer =
    "this synhead was built without the render stream (it needs SYNHEAD_BUILD_RENDERER and SYNHEAD_WITH_STREAM): "
    "train and evaluate from a dataset on disk (data.source: disk, --data DIR)";

std::optional<RenderPlugin>& installed() {
  static std::optional<RenderPlugin> plugin;
  return plugin;
}

}  // namespace

void install_render_plugin(RenderPlugin plugin) { installed() = std::move(plugin); }

const RenderPlugin* render_plugin() { return installed() ? &*installed() : nullptr; }

core::PluginSection stream_section_default() {
  return render_plugin() ? render_plugin()->stream_section() : core::PluginSection(kNoRenderer);
}

core::PluginSection dataset_section_default() {
  return render_plugin() ? render_plugin()->dataset_section() : core::PluginSection(kNoRenderer);
}

}  // namespace synhead::trainer
