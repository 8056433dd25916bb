#pragma once
// The producer side every batch source shares: worker threads build batches by index, at most `lookahead` ahead of
// the consumer, and next() hands them out strictly in index order — so what batch k holds never depends on thread
// count or timing. A batch that failed to build is reported when the consumer reaches it, and stays failed (no data
// is skipped silently); a worker that cannot even start fails every next() from then on.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <limits>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "synhead/trainer/batch.h"

namespace synhead::trainer {

class OrderedBatches {
 public:
  // Builds batch `index`; returns early (any value) once `stopping` is set. May throw.
  using Builder = std::function<Batch(std::int64_t index, const std::atomic<bool>& stopping)>;
  // Runs on each worker thread before it builds anything (e.g. to create the thread's GL context) and returns
  // that thread's builder. May throw: the error is reported by next().
  using WorkerSetup = std::function<Builder()>;

  static constexpr std::int64_t kEndless = std::numeric_limits<std::int64_t>::max();

  OrderedBatches(int workers, int lookahead, std::int64_t first, std::int64_t end, WorkerSetup setup);
  ~OrderedBatches();  // stops the workers without draining, and joins them
  OrderedBatches(const OrderedBatches&) = delete;
  OrderedBatches& operator=(const OrderedBatches&) = delete;

  Batch next();                        // blocks until the next batch in order is built; rethrows its error
  bool done() const;                   // every batch up to `end` was handed out
  std::int64_t next_index() const;
  double wait_seconds() const;         // cumulative time next() blocked
  std::int64_t frames_handed_out() const;  // Σ B × T of the batches next() returned

 private:
  struct Result {
    Batch batch;
    std::exception_ptr error;
  };
  void work(const WorkerSetup& setup);

  const int lookahead_;
  const std::int64_t end_;
  mutable std::mutex mutex_;
  std::condition_variable space_;     // workers: a claim became possible, or stopping
  std::condition_variable produced_;  // consumer: a batch arrived, or a worker could not start
  std::int64_t next_claim_;
  std::int64_t next_out_;
  std::map<std::int64_t, Result> ready_;
  std::exception_ptr fatal_;
  std::atomic<bool> stopping_ = false;
  double wait_s_ = 0;
  std::int64_t frames_ = 0;
  std::vector<std::thread> workers_;  // last: started once everything above exists, joined first
};

}  // namespace synhead::trainer
