#include "exec/write_stage.h"

namespace ferry {

WriteStage::WriteStage(TableWriter* writer, Task* task, JobStats* stats, RowRejecter* rejecter,
                       CheckpointFor checkpoint, int64_t commit_rows, size_t max_pending_bytes)
    : writer_(writer),
      task_(task),
      stats_(stats),
      rejecter_(rejecter),
      checkpoint_(std::move(checkpoint)),
      commit_rows_(commit_rows),
      max_pending_bytes_(max_pending_bytes) {}

void WriteStage::RereadAfterRefusal(std::string start_key) {
  reread_mode_ = true;
  committed_key_ = last_key_ = std::move(start_key);
}

Status WriteStage::Write(InFlight&& b) {
  const size_t n = b.batch->num_rows();
  if (reread_mode_ && b.read_rows > 0) {
    read_rows_since_commit_ += static_cast<int64_t>(b.read_rows);
    read_bytes_since_commit_ += static_cast<int64_t>(b.read_bytes);
    last_key_ = b.last_key_json;
  }
  if (writer_->Streams() && atomic_rows_left_ <= 0) {
    FERRY_RETURN_NOT_OK(Stream(std::move(b)));
    if (reread_needed_) return Status::OK();
    if (!reread_mode_ && pending_bytes_ >= max_pending_bytes_) FERRY_RETURN_NOT_OK(Flush());
  } else {
    const auto read = static_cast<int64_t>(b.read_rows);
    FERRY_RETURN_NOT_OK(WriteAtomic(b));
    // The rows read again are in up to the refused batch: commit, so the
    // next stream starts where a re-read would start.
    if (atomic_rows_left_ > 0 && (atomic_rows_left_ -= read) <= 0) return Commit();
  }
  if (reread_needed_) return Status::OK();
  return MaybeCommit(n);
}

WriteStage::Undone WriteStage::Reread() {
  Undone undone{read_rows_since_commit_, read_bytes_since_commit_};
  read_rows_since_commit_ = read_bytes_since_commit_ = 0;
  reread_needed_ = false;
  last_key_ = committed_key_;
  return undone;
}

// One batch in atomic writes: all of it, or halves down to a refused row.
Status WriteStage::WriteAtomic(const InFlight& b) {
  const size_t n = b.batch->num_rows();
  last_end_ = 0;
  if (n > 0) FERRY_RETURN_NOT_OK(WriteRows(b, 0, n));
  // When the batch's last rows were rejected (or all of them), no write
  // carried the checkpoint past them: a write of no rows does.
  if (checkpoint_ && b.read_rows > 0 && (n == 0 || last_end_ != n))
    FERRY_RETURN_NOT_OK(writer_->Write(*b.batch, 0, 0, checkpoint_(b, n, 0)));
  return Status::OK();
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

// The whole batch into the writer's open stream, its checkpoint covering
// it; counted ahead (taken back by a replay).
Status WriteStage::Stream(InFlight&& b) {
  const auto n = static_cast<int64_t>(b.batch->num_rows());
  const std::string checkpoint =
      checkpoint_ && b.read_rows > 0 ? checkpoint_(b, b.batch->num_rows(), b.batch->num_rows()) : std::string();
  Status st = writer_->WriteStreamed(*b.batch, checkpoint);
  ++streamed_batches_;
  if (!reread_mode_) {
    pending_bytes_ += b.batch->ByteSize();
    pending_.push_back(std::move(b));
  }
  if (st.code() == StatusCode::kData) return reread_mode_ ? Refused() : Replay();  // counted nothing of this batch yet
  FERRY_RETURN_NOT_OK(st);
  pending_rows_ += n;
  task_->rows += n;
  stats_->rows_written += n;
  return Status::OK();
}

// Ends the writer's stream; what it held is certain from here.
Status WriteStage::Flush() {
  if (streamed_batches_ == 0) return Status::OK();
  Status st = writer_->Flush();
  if (st.code() == StatusCode::kData) return reread_mode_ ? Refused() : Replay();
  FERRY_RETURN_NOT_OK(st);
  WriteCounts counts;
  counts.inserted = pending_rows_;
  stats_->AddCounts(counts);
  task_->uncommitted.Add(counts);
  pending_.clear();
  pending_rows_ = 0;
  pending_bytes_ = 0;
  streamed_batches_ = 0;
  return Status::OK();
}

// The target refused a row in the stream and undid it back to the last
// commit (a stream in re-read mode starts at one): its rows are taken back
// and read again, atomically up to and including the refused batch.
Status WriteStage::Refused() {
  task_->rows -= pending_rows_;
  stats_->rows_written -= pending_rows_;
  pending_rows_ = 0;
  streamed_batches_ = 0;
  atomic_rows_left_ = read_rows_since_commit_;
  reread_needed_ = true;
  return Status::OK();
}

// The target refused a row somewhere in the stream and the writer undid all
// of it: the kept batches go again in atomic writes, which find the row.
Status WriteStage::Replay() {
  task_->rows -= pending_rows_;
  stats_->rows_written -= pending_rows_;
  std::vector<InFlight> again = std::move(pending_);
  pending_.clear();
  pending_rows_ = 0;
  pending_bytes_ = 0;
  streamed_batches_ = 0;
  for (const InFlight& b : again) FERRY_RETURN_NOT_OK(WriteAtomic(b));
  return Status::OK();
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
  FERRY_RETURN_NOT_OK(Flush());  // the checkpoint must not claim rows the target may still refuse
  if (reread_needed_) return Status::OK();
  FERRY_RETURN_NOT_OK(writer_->Commit());
  Committed();
  return Status::OK();
}

void WriteStage::Committed() {
  task_->Committed();
  committed_key_ = last_key_;
  read_rows_since_commit_ = read_bytes_since_commit_ = 0;
}

Status WriteStage::Finish() {
  since_commit_ = 0;
  // As Commit: what the stream holds is settled (a refused row replayed
  // down to) before the writer's last commit.
  FERRY_RETURN_NOT_OK(Flush());
  if (reread_needed_) return Status::OK();
  FERRY_RETURN_NOT_OK(writer_->Finish());
  Committed();
  return Status::OK();
}

}  // namespace ferry
