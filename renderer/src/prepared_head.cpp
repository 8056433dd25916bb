#include "synhead/renderer/prepared_head.h"

#include "synhead/renderer/head_source.h"

namespace synhead::renderer {

PreparedHead prepare_head(const std::string& spec) {
  PreparedHead head{resolve_head(spec), {}};
  head.levels = build_mesh_levels(head.mesh);
  return head;
}

std::shared_future<std::shared_ptr<const PreparedHead>> PreparedHeads::entry(const std::string& spec, std::launch policy) {
  std::lock_guard lock(mutex_);
  auto it = heads_.find(spec);
  if (it == heads_.end()) {
    auto build = [spec] { return std::make_shared<const PreparedHead>(prepare_head(spec)); };
    it = heads_.emplace(spec, std::async(policy, build).share()).first;
  }
  return it->second;
}

void PreparedHeads::prefetch(const std::string& spec) { entry(spec, std::launch::async); }

std::shared_ptr<const PreparedHead> PreparedHeads::get(const std::string& spec) {
  // Deferred when nobody prefetched it: the first caller builds it on its own thread, later ones wait.
  return entry(spec, std::launch::deferred).get();
}

}  // namespace synhead::renderer
