// Checkpoints: how far each part of a run has reached the target, kept in
// the target itself (table ferry_checkpoint, in schema "ferry" where the
// engine has schemas) so that a crash can never separate rows from the
// checkpoint that covers them.
//
// A run is identified by its source and target (redacted URIs) and checked
// against a fingerprint of its plan: an interrupted run is resumed only by
// a run with the same plan, never silently by a different one. Rows:
//   part ""          the run: its phase and how many post-data statements ran
//   part "<t>#<n>"   one task (a table, or one key range of it): the last key
//                    committed (`after`), rows committed, done.
// A task's checkpoint advances inside the transaction of the write it
// covers (CheckpointSql goes to TableWriter::Write). Everything else here
// runs on the target Database's own connection, outside the data's
// transactions. A finished run deletes its rows and, when no other run has
// any, drops the table.
//
// Used from the main thread, except CheckpointSql (const, any thread).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/record_batch.h"
#include "engines/engine.h"
#include "plan/plan.h"

namespace ferry {

// Where a run stands; stored in the run's row.
enum class RunPhase {
  kSchema,  // the target schema is being made (tables, or emptying them)
  kData,    // target schema ready, rows moving
  kPost,  // rows all in; keys, indexes, FKs being created
};

// One task's resumable state.
struct PartCheckpoint {
  std::string table;                    // target table
  std::optional<int64_t> range_lo, range_hi;  // the key range, if split
  std::string after_json;               // JSON array of the last committed key; "" = none yet
  int64_t rows_done = 0;                // rows committed by earlier sessions
  bool done = false;
};

class CheckpointStore {
 public:
  // Opens (creating if needed) ferry's checkpoint table on `target` and reads
  // what an earlier run of `source_name` into `target_name` left there.
  static Result<std::unique_ptr<CheckpointStore>> Open(Database* target, const std::string& source_name,
                                                       const std::string& target_name,
                                                       std::string fingerprint);

  // What an interrupted run left (nullopt: nothing; start afresh).
  std::optional<RunPhase> found_phase() const { return found_phase_; }
  const std::string& found_fingerprint() const { return found_fingerprint_; }
  const std::vector<PartCheckpoint>& found_parts() const { return found_parts_; }
  int64_t found_post_steps() const { return found_post_steps_; }

  // Forgets an earlier run (--restart, or a fresh start).
  Status Clear();
  // Records a fresh run, in phase kSchema.
  Status Start();
  // Records the run's tasks, then moves it to phase kData.
  Status Begin(const std::vector<PartCheckpoint>& parts);
  Status SetPhase(RunPhase phase);
  // Post-data statements run so far (resume skips them).
  Status SetPostSteps(int64_t steps);
  Status MarkDone(size_t part, int64_t rows_done);
  // What the target holds for task `part` now (after a failed attempt).
  Result<PartCheckpoint> ReadPart(size_t part);
  // The statement that records `after_json` and `rows_done` for task `part`;
  // runs inside the writer's transaction.
  std::string CheckpointSql(size_t part, const std::string& after_json, int64_t rows_done) const;
  // The run finished: its rows go, and the table with them when empty.
  Status Finish();

  // The qualified table name, for messages and tests.
  const std::string& table() const { return table_; }

 private:
  CheckpointStore(Database* target, std::string table, std::string run_key, std::string fingerprint)
      : target_(target), table_(std::move(table)), run_key_(std::move(run_key)),
        fingerprint_(std::move(fingerprint)) {}
  std::string PartName(size_t part) const { return "#" + std::to_string(part); }
  std::string WhereRun() const;

  Database* target_;
  std::string table_;  // quoted, qualified
  std::string schema_;
  std::string source_name_, target_name_;
  std::string run_key_;
  std::string fingerprint_;
  std::optional<RunPhase> found_phase_;
  std::string found_fingerprint_;
  std::vector<PartCheckpoint> found_parts_;
  int64_t found_post_steps_ = 0;
};

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
  std::vector<std::string> source_columns;  // ORDER BY on the source
  std::vector<size_t> batch_columns;        // their positions in the read batch
  std::vector<ColumnSchema> columns;        // their source definitions
  bool empty() const { return source_columns.empty(); }
};
ResumeKey ChooseResumeKey(const TableJob& job, const Dialect& source_dialect);

// JSON array of row `row`'s key values (columns `key.batch_columns` of
// `keys`, a batch holding just those columns in order).
std::string KeyJson(const ResumeKey& key, const RecordBatch& keys, size_t row);
// SQL literals (for ReadSpec::after) from KeyJson's output.
Result<std::vector<std::string>> KeyLiterals(const std::string& json, const ResumeKey& key,
                                             const Dialect& source_dialect);

}  // namespace ferry
