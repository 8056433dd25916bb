#include "synhead/trainer/head_cache.h"


namespace synhead::trainer {

HeadCache::HeadCache(std::vector<std::string> specs)
    : specs_(std::move(specs)), slots_(std::make_unique<Slot[]>(specs_.size())) {}

const renderer::PreparedHead& HeadCache::get(std::size_t index) const {
  Slot& slot = slots_[index];
  std::call_once(slot.built, [&] { slot.head = renderer::prepare_head(specs_[index]); });
  return slot.head;
}

}  // namespace synhead::trainer
