#include "synhead/trainer/ordered_batches.h"

#include <chrono>

#include "synhead/core/error.h"

namespace synhead::trainer {

OrderedBatches::OrderedBatches(int workers, int lookahead, std::int64_t first, std::int64_t end, WorkerSetup setup)
    : lookahead_(lookahead), end_(end), next_claim_(first), next_out_(first) {
  SYNHEAD_CHECK(workers >= 1 && lookahead >= 1 && first >= 0);
  for (int i = 0; i < workers; ++i) workers_.emplace_back([this, setup] { work(setup); });
}

OrderedBatches::~OrderedBatches() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  space_.notify_all();
  for (auto& worker : workers_) worker.join();
}

void OrderedBatches::work(const WorkerSetup& setup) {
  Builder build;
  try {
    build = setup();
  } catch (...) {
    std::lock_guard lock(mutex_);
    if (!fatal_) fatal_ = std::current_exception();
    produced_.notify_all();
    return;
  }
  for (;;) {
    std::int64_t k = 0;
    {
      std::unique_lock lock(mutex_);
      space_.wait(lock, [&] { return stopping_ || (next_claim_ < end_ && next_claim_ < next_out_ + lookahead_); });
      if (stopping_) return;
      k = next_claim_++;
    }
    Result result;
    try {
      result.batch = build(k, stopping_);
    } catch (...) {
      result.error = std::current_exception();
    }
    if (stopping_) return;
    {
      std::lock_guard lock(mutex_);
      ready_.emplace(k, std::move(result));
    }
    produced_.notify_all();
  }
}

Batch OrderedBatches::next() {
  std::unique_lock lock(mutex_);
  SYNHEAD_CHECK(next_out_ < end_, "next() called after the last batch");
  const auto start = std::chrono::steady_clock::now();
  produced_.wait(lock, [&] { return fatal_ || ready_.count(next_out_) > 0; });
  wait_s_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (fatal_) std::rethrow_exception(fatal_);
  auto it = ready_.find(next_out_);
  if (it->second.error) std::rethrow_exception(it->second.error);
  Batch batch = std::move(it->second.batch);
  ready_.erase(it);
  ++next_out_;
  frames_ += batch.size() * batch.steps();
  lock.unlock();
  space_.notify_all();
  return batch;
}

bool OrderedBatches::done() const {
  std::lock_guard lock(mutex_);
  return next_out_ >= end_;
}

std::int64_t OrderedBatches::next_index() const {
  std::lock_guard lock(mutex_);
  return next_out_;
}

double OrderedBatches::wait_seconds() const {
  std::lock_guard lock(mutex_);
  return wait_s_;
}

std::int64_t OrderedBatches::frames_handed_out() const {
  std::lock_guard lock(mutex_);
  return frames_;
}

}  // namespace synhead::trainer
