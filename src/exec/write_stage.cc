#include "exec/write_stage.h"

namespace ferry {

WriteStage::WriteStage(TableWriter* writer, Task* task, JobStats* stats, RowRejecter* rejecter,
                       CheckpointFor checkpoint, int64_t commit_rows)
    : writer_(writer),
      task_(task),
      stats_(stats),
      rejecter_(rejecter),
      checkpoint_(std::move(checkpoint)),
      commit_rows_(commit_rows) {}

Status WriteStage::Write(const InFlight& b) {
  const size_t n = b.batch->num_rows();
  last_end_ = 0;
  if (n > 0) FERRY_RETURN_NOT_OK(WriteRows(b, 0, n));
  // When the batch's last rows were rejected (or all of them), no write
  // carried the checkpoint past them: a write of no rows does.
  if (checkpoint_ && b.read_rows > 0 && (n == 0 || last_end_ != n))
    FERRY_RETURN_NOT_OK(writer_->Write(*b.batch, 0, 0, checkpoint_(b, n, 0)));
  return MaybeCommit(n);
}

Status WriteStage::WriteRows(const InFlight& b, size_t begin, size_t end) {
  WriteCounts counts;
  const std::string checkpoint = checkpoint_ ? checkpoint_(b, end, end - begin) : std::string();
  Status st = writer_->Write(*b.batch, begin, end, checkpoint, &counts);
  if (st.ok()) {
    const auto n = static_cast<int64_t>(end - begin);
    stats_->rows_written += n;
    stats_->AddCounts(counts);
    task_->uncommitted.Add(counts);
    task_->rows += n;
    last_end_ = end;
    return st;
  }
  if (st.code() != StatusCode::kData) return st;
  if (end - begin == 1) return rejecter_->Reject(*b.batch, begin, -1, st.message(), nullptr);
  const size_t mid = begin + (end - begin) / 2;
  FERRY_RETURN_NOT_OK(WriteRows(b, begin, mid));
  return WriteRows(b, mid, end);
}

Status WriteStage::MaybeCommit(size_t rows) {
  const auto now = std::chrono::steady_clock::now();
  since_commit_ += static_cast<int64_t>(rows);
  if (since_commit_ < commit_rows_ && now - last_commit_ < std::chrono::seconds(10)) return Status::OK();
  last_commit_ = now;
  return Commit();
}

Status WriteStage::Commit() {
  since_commit_ = 0;
  FERRY_RETURN_NOT_OK(writer_->Commit());
  task_->Committed();
  return Status::OK();
}

Status WriteStage::Finish() {
  since_commit_ = 0;
  FERRY_RETURN_NOT_OK(writer_->Finish());
  task_->Committed();
  return Status::OK();
}

}  // namespace ferry
