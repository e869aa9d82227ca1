// Executor: runs a Plan from a source Database into a target Database.
// Phases: pre-data DDL (tables), data (one reader thread and one writer per
// task, joined by a bounded BatchQueue; up to `jobs` tasks at once; big
// integer-keyed tables split into key ranges), post-data DDL (keys, indexes,
// FKs, auto-increment counters), then a row-count check. Every bad row goes
// to the reject file and is counted; the rest of its batch still loads.
// One Executor per run, driven from the main thread.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "engines/engine.h"
#include "engines/sink.h"
#include "exec/checkpoint.h"
#include "exec/read_stage.h"
#include "exec/reject_file.h"
#include "exec/run_report.h"
#include "exec/write_stage.h"
#include "exec/rate_limiter.h"
#include "plan/plan.h"

namespace ferry {

struct Task;
class ExtraStages;

struct ExecOptions {
  // Behaviour.
  int64_t max_rejects = 0;  // 0: never stop early; >0: stop once exceeded
  std::string reject_path = "ferry-rejects.jsonl";
  bool dry_run = false;
  const std::atomic<bool>* cancel = nullptr;  // set by SIGINT/SIGTERM

  // Performance. Memory is about jobs x (queue_depth + 2) x batch bytes.
  int jobs = 0;            // 0 = number of cores
  size_t queue_depth = 4;  // batches waiting between a reader and its writer
  BatchLimits limits;
  int64_t split_min_rows = 1'000'000;  // tables estimated above this read in key ranges
  // Key ranges per table at most: `jobs` when it was given, else half the
  // cores. Each range costs a reader, a writer and usually a server backend:
  // on 2 cores one stream is faster (1M rows SQLite -> local PostgreSQL,
  // 3.2 s as one range against 3.7 s as two).
  // A writer commits (and checkpoints) at least every this many rows, and
  // every 10 s. 0: 100,000 for a database (bounded transactions); 1,000,000
  // for files, where each commit is an fsync and a checkpoint file rewrite.
  int64_t commit_rows = 0;
  bool progress = false;               // live progress line (TTY)
  int64_t rate = 0;                    // rows per second over the whole run; 0 = unlimited
  // Stages added to every task after the reader's issues (a dev clone's
  // subset and masks); not owned, outlives the run. Null: none.
  const ExtraStages* extra_stages = nullptr;

  // Trust.
  bool checkpoints = true;  // keep checkpoints in the target; resume an interrupted run
  bool restart = false;     // forget an interrupted run's checkpoints and start over
  int retries = 5;          // per task, when the target fails (connection lost); backoff 1, 2, 4 .. 30 s
};

class Executor {
 public:
  Executor(Database* source, Sink* target, ExecOptions options);

  // Runs the plan; fills `report` (always, also on failure) and returns the
  // first fatal error. Rejected rows are not fatal unless --max-rejects is
  // crossed.
  Status Run(const Plan& plan, RunReport* report);

  // Refuses a create-mode plan whose tables exist in the target (unless
  // --drop); a resumed run skips this: its interrupted self made them.
  static Status CheckNewTables(const Plan& plan);


 private:
  struct Resume;
  class TaskRejecter;
  // A dry run: source row counts and what each schema op would do, into
  // `report`; nothing is written.
  Status DryRun(const Plan& plan, RunReport* report);
  Status RunPlan(const Plan& plan, RunReport* report, const Resume& resume);
  // Applies ops[skip..]; with `count_steps` (post-data) each is counted in
  // the checkpoint as it completes. Every op's statements go to the report.
  Status ApplyOps(const std::vector<SchemaOp>& ops, size_t skip, bool resuming, bool count_steps,
                  RunReport* report);
  Status RunData(const Plan& plan, RunReport* report, bool resuming);
  // The data phase's tasks: the interrupted run's (resuming) or new ones, recorded.
  Result<std::vector<Task>> PlanTasks(const Plan& plan, bool resuming);
  // Foreign keys nothing checked during the load: orphans named, counted
  // (rows_orphaned), and an error in a data-only load.
  Status CheckOrphans(const Plan& plan, RunReport* report);
  // The post-data ops with each foreign key over orphan rows created
  // unvalidated where the sink can, else left out; each named in the notes.
  Result<std::vector<SchemaOp>> ForeignKeysOverOrphans(const Plan& plan, RunReport* report);
  // Runs one task to its end, retrying from its checkpoint when the target
  // fails; RunTaskOnce is one attempt.
  Status RunTask(const TableJob& job, JobStats* stats, Task task, const std::vector<std::string>& null_columns);
  Status RunTaskOnce(const TableJob& job, JobStats* stats, Task* task,
                     const std::vector<std::string>& null_columns);
  // RunTaskOnce's parts: what to read, where a resumed task goes on from
  // (or an unkeyed one starts over), what to write.
  ReadSpec TaskReadSpec(const TableJob& job, const Task& task) const;
  Status PrepareResume(const TableJob& job, const ResumeKey& key, JobStats* stats, Task* task, ReadSpec* rspec);
  WriteSpec TaskWriteSpec(const TableJob& job, const Task& task, bool has_key) const;
  // A reader after the task's last commit, once the target refused a stream.
  Result<std::unique_ptr<ReadStage>> ReadAgain(const TableJob& job, const ResumeKey& key,
                                               const std::vector<Field>& source_fields, JobStats* stats,
                                               Task* task, WriteStage* write);
  Status CheckTargetEmpty(const Plan& plan);
  void NoteRowsLeftNull(const std::string& table, const std::vector<std::string>& columns,
                        const Sink::ColumnsSet& set, RunReport* report);
  Status CloseCycles(const Plan& plan, const std::vector<std::vector<std::string>>& deferred,
                     RunReport* report);
  Status RejectRow(const TableJob& job, JobStats* stats, const std::vector<size_t>& key_columns,
                   const RecordBatch& batch, size_t row, int column, const std::string& reason,
                   const std::string* original);
  bool Cancelled() const { return options_.cancel && options_.cancel->load(); }

  Database* source_;
  Sink* target_;
  ExecOptions options_;
  int max_ranges_ = 1;  // key ranges per table at most (ExecOptions::jobs)
  RejectFile rejects_;
  std::atomic<int64_t> rejected_{0};
  // Tables a resumed query task merged into (Task::skip_existing): their
  // skipped rows make the post-run count check inexact.
  std::mutex merged_mu_;
  std::set<std::string> merged_on_resume_;
  std::unique_ptr<RateLimiter> rate_;
  std::unique_ptr<CheckpointStore> checkpoints_;  // null: --no-checkpoint, dry run, schema only
};

}  // namespace ferry
