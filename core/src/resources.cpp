#include "synhead/core/resources.h"

#include <cstdlib>

namespace synhead::core {

std::filesystem::path resource_root() {
  if (const char* root = std::getenv("SYNHEAD_ROOT"); root && *root) return root;
  return SYNHEAD_RESOURCE_ROOT;
}

std::filesystem::path resolve_resource(const std::filesystem::path& path) {
  return path.is_absolute() ? path : resource_root() / path;
}

}  // namespace synhead::core
