#pragma once
// A head ready for Renderer::upload: its mesh and its simplified levels. Building one costs ≈ 0.5 s of CPU for a
// built-in head (shape and skin texture, then the levels' simplification and error measurement); it needs no GL,
// so it is built once per process and off the render threads: PreparedHeads builds heads in the background
// (prefetch) while the renderers keep drawing, and every renderer uploads the same PreparedHead.

#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "synhead/renderer/head_mesh.h"
#include "synhead/renderer/mesh_levels.h"

namespace synhead::renderer {

struct PreparedHead {
  HeadMesh mesh;
  std::vector<MeshLevel> levels;  // build_mesh_levels(mesh)
};

// resolve_head(spec) (head_source.h) and its levels.
PreparedHead prepare_head(const std::string& spec);

// Prepared heads by spec, each built at most once. Thread-safe. A head that fails to build rethrows its error from
// get(), to every caller.
class PreparedHeads {
 public:
  // Starts building `spec` on a background thread unless it is built or being built.
  void prefetch(const std::string& spec);
  // The prepared head, waiting for (or doing) its build.
  std::shared_ptr<const PreparedHead> get(const std::string& spec);

 private:
  std::shared_future<std::shared_ptr<const PreparedHead>> entry(const std::string& spec, std::launch policy);
  std::mutex mutex_;
  std::map<std::string, std::shared_future<std::shared_ptr<const PreparedHead>>> heads_;
};

}  // namespace synhead::renderer
