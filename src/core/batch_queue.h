// BatchQueue: a bounded single-producer/single-consumer hand-off of batches
// between a reader thread and a writer thread. Push blocks while `capacity`
// batches wait, so memory per job is capacity x batch bytes, never the table.
// Either side may Close(status): the producer at end of data (OK) or on
// failure, the consumer when it stops early; the other side then sees the
// closed state and that first status. Thread-safe.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>

#include "core/record_batch.h"

namespace ferry {

class BatchQueue {
 public:
  explicit BatchQueue(size_t capacity) : capacity_(capacity) {}

  // Returns false (and drops `batch`) if the queue was closed by the consumer.
  bool Push(std::unique_ptr<RecordBatch> batch) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return closed_ || items_.size() < capacity_; });
    if (closed_) return false;
    items_.push_back(std::move(batch));
    not_empty_.notify_one();
    return true;
  }

  // Returns nullptr once the queue is closed and drained.
  std::unique_ptr<RecordBatch> Pop() {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return closed_ || !items_.empty(); });
    if (items_.empty()) return nullptr;
    auto batch = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return batch;
  }

  // The first close wins; its status is what status() reports.
  void Close(Status status = Status::OK()) {
    std::lock_guard lock(mu_);
    if (!closed_) {
      closed_ = true;
      status_ = std::move(status);
    }
    not_empty_.notify_all();
    not_full_.notify_all();
  }

  // Drops waiting batches too: used when the consumer gives up.
  void Abort(Status status) {
    std::lock_guard lock(mu_);
    items_.clear();
    if (!closed_) {
      closed_ = true;
      status_ = std::move(status);
    }
    not_empty_.notify_all();
    not_full_.notify_all();
  }

  Status status() const {
    std::lock_guard lock(mu_);
    return status_;
  }

 private:
  const size_t capacity_;
  mutable std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<std::unique_ptr<RecordBatch>> items_;
  bool closed_ = false;
  Status status_;
};

}  // namespace ferry
