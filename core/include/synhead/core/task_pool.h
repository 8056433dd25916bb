#pragma once
// A fixed set of threads running submitted tasks, with a bounded queue so that a fast producer (the renderer)
// waits instead of piling up encoded frames in memory. A task's exception reaches whoever waits on its future.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

namespace synhead::core {

class TaskPool {
 public:
  TaskPool(std::size_t threads, std::size_t queue_capacity);
  ~TaskPool();  // finishes the queued tasks, then joins
  TaskPool(const TaskPool&) = delete;
  TaskPool& operator=(const TaskPool&) = delete;

  // Blocks while the queue is full.
  std::future<void> submit(std::function<void()> task);

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable not_empty_, not_full_;
  std::deque<std::packaged_task<void()>> queue_;
  std::size_t capacity_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace synhead::core
