#pragma once
// The plan's heads with their mesh levels (renderer/prepared_head.h), built once per stream and shared by its render
// workers (a built-in head costs ≈ 0.5 s of CPU to build; each worker still uploads it into its own GL context). Thread-safe: the first worker to ask
// for a head builds it while others asking for the same head wait; a head that fails to load throws to every
// worker that asks (and is retried by the next). Torch-free.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "synhead/renderer/prepared_head.h"

namespace synhead::trainer {

class HeadCache {
 public:
  explicit HeadCache(std::vector<std::string> specs);
  const renderer::PreparedHead& get(std::size_t index) const;
  std::size_t size() const { return specs_.size(); }

 private:
  struct Slot {
    std::once_flag built;
    renderer::PreparedHead head;
  };
  std::vector<std::string> specs_;
  std::unique_ptr<Slot[]> slots_;
};

}  // namespace synhead::trainer
