#include "synhead/trainer/head_cache.h"

#include "synhead/renderer/head_source.h"

namespace synhead::trainer {

HeadCache::HeadCache(std::vector<std::string> specs)
    : specs_(std::move(specs)), slots_(std::make_unique<Slot[]>(specs_.size())) {}

const renderer::HeadMesh& HeadCache::get(std::size_t index) const {
  Slot& slot = slots_[index];
  std::call_once(slot.built, [&] { slot.mesh = renderer::resolve_head(specs_[index]); });
  return slot.mesh;
}

}  // namespace synhead::trainer
