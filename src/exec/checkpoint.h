// Checkpoints: how far each part of a run has reached the target, so a run
// killed at any moment resumes with nothing lost and nothing twice.
//
// A run is identified by its source and target (redacted URIs) and checked
// against a fingerprint of its plan: an interrupted run is resumed only by
// a run with the same plan, never silently by a different one. It records
// its phase, how many post-data statements ran, and per task (a table, or
// one key range of it) the last key committed (`after`), rows committed,
// and whether it is done.
//
// Two stores, chosen by the sink's capabilities (SinkCapabilities::resume):
//  - a database keeps them in its own table ferry_checkpoint (checkpoint_table.cc);
//    a task's checkpoint advances inside the transaction of the write it
//    covers (CheckpointSql goes to TableWriter::Write);
//  - a target without transactions (files) keeps them in a JSON file
//    replaced atomically (write temp, fsync, rename; checkpoint_file.cc). Its
//    writer makes its rows durable first and then hands the task's last
//    checkpoint and the data's durable size to RecordDurable; a resumed
//    writer cuts the data back to that size (DurableBytes).
// A finished run removes its checkpoints.
//
// Used from the main thread, except CheckpointSql and RecordDurable (any
// thread).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/record_batch.h"
#include "engines/engine.h"
#include "engines/sink.h"
#include "plan/plan.h"

namespace ferry {

// Where a run stands.
enum class RunPhase {
  kSchema,  // the target schema is being made (tables, or emptying them)
  kData,    // target schema ready, rows moving
  kPost,  // rows all in; keys, indexes, FKs being created
};
const char* RunPhaseName(RunPhase phase);
// RunPhaseName's inverse; anything else reads as kSchema (start over).
RunPhase ParseRunPhase(std::string_view name);

// One task's resumable state.
struct PartCheckpoint {
  std::string table;                    // target table
  std::optional<int64_t> range_lo, range_hi;  // the key range, if split
  std::string after_json;               // JSON array of the last committed key; "" = none yet
  int64_t rows_done = 0;                // rows committed by earlier sessions
  bool done = false;
  int64_t bytes = 0;                    // file targets: the data file's durable size
};

class CheckpointStore {
 public:
  virtual ~CheckpointStore() = default;
  // Opens the target's store (creating it if needed) and reads what an
  // earlier run of `source_name` into `target_name` left there.
  static Result<std::unique_ptr<CheckpointStore>> Open(Sink* target, const std::string& source_name,
                                                       const std::string& target_name,
                                                       std::string fingerprint);

  // What an interrupted run left (nullopt: nothing; start afresh).
  std::optional<RunPhase> found_phase() const { return found_phase_; }
  const std::string& found_fingerprint() const { return found_fingerprint_; }
  const std::vector<PartCheckpoint>& found_parts() const { return found_parts_; }
  int64_t found_post_steps() const { return found_post_steps_; }

  // Forgets an earlier run (--restart, or a fresh start).
  virtual Status Clear() = 0;
  // Records a fresh run, in phase kSchema.
  virtual Status Start() = 0;
  // Records the run's tasks, then moves it to phase kData.
  virtual Status Begin(const std::vector<PartCheckpoint>& parts) = 0;
  virtual Status SetPhase(RunPhase phase) = 0;
  // Post-data statements run so far (resume skips them).
  virtual Status SetPostSteps(int64_t steps) = 0;
  virtual Status MarkDone(size_t part, int64_t rows_done) = 0;
  // What the target holds for task `part` now (after a failed attempt).
  virtual Result<PartCheckpoint> ReadPart(size_t part) = 0;
  // What moves task `part` to `after_json` and `rows_done`, for
  // TableWriter::Write: a statement run in the writer's transaction, or for
  // a file store a record the writer passes to RecordDurable.
  virtual std::string CheckpointSql(size_t part, const std::string& after_json, int64_t rows_done) const = 0;
  // The run finished: its checkpoints go, and the store with them when empty.
  virtual Status Finish() = 0;

  // File stores: whether writers must report durable rows (RecordDurable)
  // rather than run CheckpointSql in a transaction.
  virtual bool SeparateFromData() const { return false; }
  // File stores: `record` (CheckpointSql's output) is durable in the target
  // along with `bytes` bytes of its table's data file.
  virtual Status RecordDurable(const std::string& record, int64_t bytes) { return Status::OK(); }
  // File stores: the durable size of task `part`'s data (nullopt: none).
  virtual std::optional<int64_t> DurableBytes(size_t part) const { return std::nullopt; }

  // The run's identity in a store: a hash of its source and target.
  static std::string RunKey(const std::string& source_name, const std::string& target_name);

 protected:
  std::optional<RunPhase> found_phase_;
  std::string found_fingerprint_;
  std::vector<PartCheckpoint> found_parts_;
  int64_t found_post_steps_ = 0;
};

// The store of a database target (table ferry_checkpoint) and of a target
// whose Sink resumes after durable data (Sink::CheckpointPath()).
Result<std::unique_ptr<CheckpointStore>> OpenTableCheckpoints(Database* target, const std::string& source_name,
                                                              const std::string& target_name,
                                                              std::string fingerprint);
Result<std::unique_ptr<CheckpointStore>> OpenFileCheckpoints(const std::string& path, const std::string& source_name,
                                                             const std::string& target_name,
                                                             std::string fingerprint);

// The plan's fingerprint: everything that decides which rows a task reads
// and how they land (tables, columns, types, filters, mode, conflict mode
// and keys), not how fast (jobs, batch sizes). Hex string.
std::string PlanFingerprint(const Plan& plan);

// The key a task can resume after, in order of preference: the source
// table's primary key; a unique index of NOT NULL columns; and for a table
// with neither, a (time, id) pair: a NOT NULL timestamp column (one that
// leads an index, if any does) and a NOT NULL auto-increment integer, unique
// together as long as the sequence is (Homer's hep_proto_* tables have no
// key but create_date and a bigserial id). Every key column must be read by
// the job and be an integer, text, or a date/timestamp the source dialect
// writes exact literals for (Dialect::TemporalLiteral). Empty: the table has
// no such key and a resumed task reloads it from the start.
struct ResumeKey {
  std::vector<ColumnSchema> columns;   // the key's source columns, in ORDER BY order
  std::vector<size_t> batch_columns;  // their positions in the read batch
  bool empty() const { return columns.empty(); }
  std::vector<std::string> ColumnNames() const;
};
ResumeKey ChooseResumeKey(const TableJob& job, const Dialect& source_dialect);

// JSON array of row `row`'s key values (columns `key.batch_columns` of
// `keys`, a batch holding just those columns in order).
std::string KeyJson(const ResumeKey& key, const RecordBatch& keys, size_t row);
// SQL literals (for ReadSpec::after) from KeyJson's output.
Result<std::vector<std::string>> KeyLiterals(const std::string& json, const ResumeKey& key,
                                             const Dialect& source_dialect);

}  // namespace ferry
