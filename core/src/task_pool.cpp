#include "synhead/core/task_pool.h"

#include "synhead/core/error.h"

namespace synhead::core {

TaskPool::TaskPool(std::size_t threads, std::size_t queue_capacity) : capacity_(queue_capacity) {
  SYNHEAD_CHECK(threads > 0 && queue_capacity > 0);
  for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
}

TaskPool::~TaskPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  not_empty_.notify_all();
  for (auto& t : threads_) t.join();
}

std::future<void> TaskPool::submit(std::function<void()> task) {
  std::packaged_task<void()> packaged(std::move(task));
  auto future = packaged.get_future();
  {
    std::unique_lock<std::mutex> lock(mutex_);
    not_full_.wait(lock, [this] { return queue_.size() < capacity_; });
    queue_.push_back(std::move(packaged));
  }
  not_empty_.notify_one();
  return future;
}

void TaskPool::run() {
  while (true) {
    std::packaged_task<void()> task;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      not_empty_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    not_full_.notify_one();
    task();
  }
}

}  // namespace synhead::core
