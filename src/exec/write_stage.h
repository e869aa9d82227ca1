// WriteStage: the end of a task. Each batch goes to the target's
// TableWriter in one write that carries the task's checkpoint (so the
// checkpoint commits with the rows it covers). A write the target refuses
// for a row (kData) is halved until the row is found and rejected, so every
// good row still arrives (pgloader's batch retry). Commits every
// `commit_rows` rows or 10 s, and at Finish(). Advances the task's and the
// table's counters only for rows the writer took.
// With a streaming writer (TableWriter::Streams) batches go into one bulk
// statement that stays open across writes; the stage keeps them until the
// writer flushes (at each commit, or when they hold `max_pending_bytes`),
// and when the flush reports a refused row it writes them again one by one
// with the atomic Write() and halving above. Memory: up to
// `max_pending_bytes` of batches more per task.
// A task that can read its rows again after its last commit (a checkpointed
// task with a resume key) keeps no batches: its stream stays open up to each
// commit, and a refused stream is undone back to that commit. The stage
// then asks for a re-read (NeedsReread) and writes the rows read again
// atomically, up to and including the refused batch, then commits and
// streams on. One COPY per commit instead of one per 16 MB: PostgreSQL
// stalls the pipeline at the end of each COPY (1M rows of 413 bytes, SQLite
// -> PostgreSQL: 3.65 s against 4.15 s with 27 COPYs).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engines/engine.h"
#include "exec/job_stats.h"
#include "exec/stage.h"
#include "exec/task.h"

namespace ferry {

class WriteStage {
 public:
  // The checkpoint statement for a write of `rows` rows ending at row `end`
  // of the batch; "" when the task keeps no checkpoint.
  using CheckpointFor = std::function<std::string(const InFlight& batch, size_t end, size_t rows)>;

  // Batches kept for a replay before the stream is flushed anyway (tasks
  // that cannot re-read: no resume key). Each MB
  // kept costs about 2 MB of peak RSS per task (batches as read, plus the
  // allocator's slack); 16 MB ends a COPY every ~35k rows of 400 bytes
  // (1M rows: ~30 COPYs instead of 100; measured RSS 165 MB against 120 MB
  // with --jobs 2, PostgreSQL's CPU per 1M rows 3.1-4.1 s with one COPY
  // against 4.4-4.5 s with 100).
  static constexpr size_t kMaxPendingBytes = 16 << 20;

  WriteStage(TableWriter* writer, Task* task, JobStats* stats, RowRejecter* rejecter, CheckpointFor checkpoint,
             int64_t commit_rows, size_t max_pending_bytes = kMaxPendingBytes);

  // Replays a refused stream by re-reading instead of keeping its batches.
  // Each batch's last_key_json must be set; `start_key` is the key the
  // task's reading starts after ("" = its start).
  void RereadAfterRefusal(std::string start_key);

  Status Write(InFlight&& batch);
  // The last commit. With NeedsReread() afterwards, the task is not done.
  Status Finish();

  // A refused stream was undone back to the last commit: the caller stops
  // reading, calls Reread() and reads again after RereadKey().
  bool NeedsReread() const { return reread_needed_; }
  const std::string& RereadKey() const { return committed_key_; }
  // Rows and bytes read since the last commit, to take back from the
  // stats (the rejects since it are the Task's rejected_uncommitted);
  // clears NeedsReread().
  struct Undone {
    int64_t read_rows = 0, read_bytes = 0;
  };
  Undone Reread();

 private:
  Status WriteAtomic(const InFlight& batch);
  Status WriteRows(const InFlight& batch, size_t begin, size_t end);
  Status Stream(InFlight&& batch);
  Status Flush();
  Status Replay();
  Status Refused();
  Status MaybeCommit(size_t rows);
  Status Commit();
  void Committed();

  TableWriter* writer_;
  Task* task_;
  JobStats* stats_;
  RowRejecter* rejecter_;
  CheckpointFor checkpoint_;
  int64_t commit_rows_;
  size_t max_pending_bytes_;
  int64_t since_commit_ = 0;
  std::chrono::steady_clock::time_point last_commit_ = std::chrono::steady_clock::now();
  size_t last_end_ = 0;  // end row of the last write the target took in the current batch
  // Streamed and not yet flushed: the batches (for a replay), their rows
  // (counted in task_->rows and stats_->rows_written ahead of the flush, so
  // checkpoints and progress run on) and bytes.
  std::vector<InFlight> pending_;
  int64_t pending_rows_ = 0;
  size_t pending_bytes_ = 0;
  size_t streamed_batches_ = 0;  // since the last flush
  // Re-read mode: the key after the last batch written and after the last
  // commit; rows and bytes read since that commit; rows still to write
  // atomically after a re-read.
  bool reread_mode_ = false;
  bool reread_needed_ = false;
  std::string last_key_, committed_key_;
  int64_t read_rows_since_commit_ = 0, read_bytes_since_commit_ = 0;
  int64_t atomic_rows_left_ = 0;
};

}  // namespace ferry
