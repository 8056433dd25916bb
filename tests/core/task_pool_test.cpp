#include "synhead/core/task_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

namespace synhead::core {
namespace {

TEST(TaskPool, RunsEveryTaskAndPropagatesExceptions) {
  std::atomic<int> sum{0};
  std::vector<std::future<void>> futures;
  {
    TaskPool pool(2, 3);
    for (int i = 1; i <= 100; ++i) futures.push_back(pool.submit([&sum, i] { sum += i; }));
    auto failing = pool.submit([] { throw std::runtime_error("encode failed"); });
    EXPECT_THROW(failing.get(), std::runtime_error);
  }
  for (auto& f : futures) f.get();
  EXPECT_EQ(sum.load(), 5050);
}

TEST(TaskPool, BoundedQueueMakesTheProducerWait) {
  std::atomic<int> peak_queued{0};
  std::atomic<int> submitted{0}, finished{0};
  TaskPool pool(1, 2);
  std::vector<std::future<void>> futures;
  for (int i = 0; i < 20; ++i) {
    futures.push_back(pool.submit([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      ++finished;
    }));
    ++submitted;
    // At most one running plus two queued: the producer is never more than three tasks ahead.
    peak_queued = std::max(peak_queued.load(), submitted.load() - finished.load());
  }
  for (auto& f : futures) f.get();
  EXPECT_LE(peak_queued.load(), 4);  // +1: a task may finish between submit returning and the count update
}

}  // namespace
}  // namespace synhead::core
