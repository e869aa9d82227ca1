// Task stages: a task moves batches read -> stages -> write. Each stage has
// one job (take the reader's issues, convert types, null the columns a
// second pass sets, pace to --rate, and a dev clone's subset and masks) and sees the
// batch only through InFlight, so a stage is added to a task's list without
// touching the others. Rows a stage refuses leave the batch through the
// task's RowRejecter, which records them (reject file, counts, --max-rejects).
// A stage belongs to one task and runs on its writer thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/record_batch.h"
#include "core/status.h"
#include "plan/plan.h"

namespace ferry {

class RateLimiter;

// A batch between the reader and the writer.
struct InFlight {
  std::unique_ptr<RecordBatch> batch;
  // For each row still in the batch, its row number as read (rows leave as
  // rejects; a checkpoint names the key of the last row read up to a write).
  std::vector<uint32_t> origin;
  size_t read_rows = 0;
  size_t read_bytes = 0;
  // The task's resume key of each row as read and of the last row read
  // (the executor's), kept with the batch: a write the WriteStage replays
  // after later batches were read still names its own rows.
  std::shared_ptr<const RecordBatch> resume_keys;
  std::string last_key_json;

  explicit InFlight(std::unique_ptr<RecordBatch> b);
  // Keeps the rows whose `drop` is false, origin in step.
  void DropRows(const std::vector<bool>& drop);
};

// Where rows refused on the way go. `column` is the offending batch column
// or -1; `original` its value as read when the batch no longer holds it.
class RowRejecter {
 public:
  virtual ~RowRejecter() = default;
  virtual Status Reject(const RecordBatch& batch, size_t row, int column, const std::string& reason,
                        const std::string* original) = 0;
  // A value that arrived changed (NULL for what the target cannot hold).
  virtual void Note(const std::string& note) = 0;
};

class Stage {
 public:
  virtual ~Stage() = default;
  virtual std::string_view name() const = 0;
  virtual Status Process(InFlight* batch) = 0;
};

// Values the reader flagged (batch->issues()): kNulled ones are noted,
// kReject rows leave the batch through `rejecter`.
std::unique_ptr<Stage> MakeIssuesStage(RowRejecter* rejecter);
// Source types to the target's (convert.h); values it cannot convert
// exactly are rejected with their original text.
std::unique_ptr<Stage> MakeConvertStage(const std::vector<ColumnMapping>& columns, RowRejecter* rejecter);
// Sets `columns` to NULL (FK columns of a cycle, set by the second pass).
std::unique_ptr<Stage> MakeNullColumnsStage(std::vector<size_t> columns);
// Waits until the batch's rows fit in the run's --rate.
std::unique_ptr<Stage> MakePaceStage(RateLimiter* rate);

// Stages a run adds to its tasks (a dev clone's subset and masks,
// exec/dev_clone.h), made per task. Shared by every task's thread: For()
// must be thread-safe.
class ExtraStages {
 public:
  virtual ~ExtraStages() = default;
  // The stages for one task of `job` (none: empty); they see the batch as
  // read, before any conversion, so they work on source columns by name.
  virtual std::vector<std::unique_ptr<Stage>> For(const TableJob& job) const = 0;
};

// The stages of a copy task, in order; `rate` and `extra` may be null.
std::vector<std::unique_ptr<Stage>> CopyStages(const TableJob& job, const std::vector<size_t>& null_columns,
                                               RateLimiter* rate, RowRejecter* rejecter,
                                               const ExtraStages* extra = nullptr);

}  // namespace ferry
