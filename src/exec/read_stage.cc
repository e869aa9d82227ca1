#include "exec/read_stage.h"

namespace ferry {

ReadStage::ReadStage(std::unique_ptr<TableReader> reader, std::vector<Field> fields, std::string table,
                     size_t depth, JobStats* stats, const std::atomic<bool>* cancel)
    : reader_(std::move(reader)),
      fields_(std::move(fields)),
      table_(std::move(table)),
      queue_(depth),
      stats_(stats),
      cancel_(cancel),
      thread_([this] { Run(); }) {}

ReadStage::~ReadStage() {
  if (thread_.joinable()) {
    queue_.Abort(Status::Cancelled("task ended"));
    thread_.join();
  }
}

void ReadStage::Run() {
  for (;;) {
    if (cancel_ && cancel_->load()) {
      queue_.Close(Status::Cancelled("interrupted"));
      return;
    }
    std::unique_ptr<RecordBatch> batch;
    {
      std::lock_guard lock(free_mu_);
      if (!free_.empty()) {
        batch = std::move(free_.back());
        free_.pop_back();
      }
    }
    if (!batch) batch = std::make_unique<RecordBatch>(fields_);
    auto more = reader_->Next(batch.get());
    if (!more.ok()) {
      queue_.Close(more.status().WithContext("reading " + table_));
      return;
    }
    if (!*more) break;
    if (!queue_.Push(std::move(batch))) return;  // the consumer stopped
  }
  queue_.Close(Status::OK());
}

std::unique_ptr<RecordBatch> ReadStage::Next() {
  auto batch = queue_.Pop();
  if (batch) {
    stats_->rows_read += static_cast<int64_t>(batch->num_rows());
    stats_->bytes += static_cast<int64_t>(batch->ByteSize());
  }
  return batch;
}

void ReadStage::Recycle(std::unique_ptr<RecordBatch> batch) {
  std::lock_guard lock(free_mu_);
  free_.push_back(std::move(batch));
}

Status ReadStage::Finish() {
  if (thread_.joinable()) thread_.join();
  return queue_.status();
}

}  // namespace ferry
