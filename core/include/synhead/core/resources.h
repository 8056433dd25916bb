#pragma once
// Where synhead finds its own files (configs/, assets/): the source tree it was built from, or $SYNHEAD_ROOT
// for an installed or moved copy. Relative paths in configs resolve against it.

#include <filesystem>

namespace synhead::core {

std::filesystem::path resource_root();

// `path` unchanged when absolute, else resource_root() / path.
std::filesystem::path resolve_resource(const std::filesystem::path& path);

}  // namespace synhead::core
