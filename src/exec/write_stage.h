// WriteStage: the end of a task. Each batch goes to the target's
// TableWriter in one write that carries the task's checkpoint (so the
// checkpoint commits with the rows it covers). A write the target refuses
// for a row (kData) is halved until the row is found and rejected, so every
// good row still arrives (pgloader's batch retry). Commits every
// `commit_rows` rows or 10 s, and at Finish(). Advances the task's and the
// table's counters only for rows the writer took.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

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

  WriteStage(TableWriter* writer, Task* task, JobStats* stats, RowRejecter* rejecter, CheckpointFor checkpoint,
             int64_t commit_rows);

  Status Write(const InFlight& batch);
  // The last commit.
  Status Finish();

 private:
  Status WriteRows(const InFlight& batch, size_t begin, size_t end);
  Status MaybeCommit(size_t rows);
  Status Commit();

  TableWriter* writer_;
  Task* task_;
  JobStats* stats_;
  RowRejecter* rejecter_;
  CheckpointFor checkpoint_;
  int64_t commit_rows_;
  int64_t since_commit_ = 0;
  std::chrono::steady_clock::time_point last_commit_ = std::chrono::steady_clock::now();
  size_t last_end_ = 0;  // end row of the last write the target took in the current batch
};

}  // namespace ferry
