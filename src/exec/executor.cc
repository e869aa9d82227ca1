#include "exec/executor.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "core/batch_queue.h"
#include "core/crash_point.h"
#include "exec/convert.h"
#include "exec/read_stage.h"
#include "exec/stage.h"
#include "exec/task.h"
#include "exec/write_stage.h"
#include "plan/copy_planner.h"
#include "plan/load_order.h"
#include "plan/schema_steps.h"
#include "report/log.h"
#include "report/progress.h"

namespace ferry {

// What an interrupted run left that this one continues.
struct Executor::Resume {
  bool resuming = false;
  RunPhase phase = RunPhase::kData;
  int64_t post_steps = 0;
};

namespace {

// The job a checkpointed part belongs to, or plan.jobs.size(). Parts name
// their target table and come in task order. A table fed by several jobs
// (a plan's sql: entries, never split) has one part per job, in job order.
size_t JobOfPart(const Plan& plan, const std::vector<PartCheckpoint>& parts, size_t p) {
  size_t nth = 0;  // parts of the same table before p
  for (size_t q = 0; q < p; ++q) nth += parts[q].table == parts[p].table;
  std::vector<size_t> feeding;
  for (size_t j = 0; j < plan.jobs.size(); ++j)
    if (plan.jobs[j].target_table == parts[p].table) feeding.push_back(j);
  if (feeding.empty()) return plan.jobs.size();
  if (feeding.size() == 1) return feeding[0];
  return nth < feeding.size() ? feeding[nth] : plan.jobs.size();
}

}  // namespace

Executor::Executor(Database* source, Sink* target, ExecOptions options)
    : source_(source), target_(target), options_(std::move(options)), rejects_(options_.reject_path) {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  max_ranges_ = options_.jobs > 0 ? options_.jobs : std::max(1, cores / 2);
  if (options_.jobs <= 0) options_.jobs = cores;
  if (options_.rate > 0) {
    rate_ = std::make_unique<RateLimiter>(options_.rate);
    // Small batches keep the flow smooth: about ten per second.
    options_.limits.max_rows = std::clamp<size_t>(options_.rate / 10, 1, options_.limits.max_rows);
  }
}

Status Executor::CheckNewTables(const Plan& plan) {
  if (plan.mode != SchemaMode::kCreate || plan.existing_tables.empty() || plan.drop_existing) return Status::OK();
  std::string names;
  for (size_t i = 0; i < plan.existing_tables.size() && i < 12; ++i) names += (i ? ", " : "") + plan.existing_tables[i];
  if (plan.existing_tables.size() > 12) names += ", ... (" + std::to_string(plan.existing_tables.size()) + " in all)";
  return Status::InvalidInput("the target already has table(s) " + names +
                              ": use --data-only to load into them, --on-conflict to merge into them, or --drop "
                              "to replace them");
}

namespace {

std::string ModeName(SchemaMode mode) {
  switch (mode) {
    case SchemaMode::kCreate: return "create";
    case SchemaMode::kDataOnly: return "data-only";
    case SchemaMode::kSchemaOnly: return "schema-only";
  }
  return "?";
}

}  // namespace

Status Executor::Run(const Plan& plan, RunReport* report) {
  auto start = std::chrono::steady_clock::now();
  report->mode = ModeName(plan.mode);
  report->dry_run = options_.dry_run;
  report->reject_path = options_.reject_path;
  report->notes.insert(report->notes.end(), plan.notes.begin(), plan.notes.end());
  for (const auto& job : plan.jobs)
    if (job.on_conflict != ConflictMode::kInsert) report->on_conflict = std::string(ConflictModeName(job.on_conflict));
  for (const auto& job : plan.jobs) {
    auto stats = std::make_shared<JobStats>();
    stats->table = job.target_table;
    stats->source_table = job.source_table;
    stats->rows_expected = job.row_estimate;
    report->tables.push_back(stats);
  }
  auto finish = [&](Status st) {
    report->rows_rejected = rejected_.load();
    report->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    report->status = st;
    return st;
  };

  if (options_.dry_run) return finish(DryRun(plan, report));

  // Checkpoints: resume what an interrupted run of the same plan left, or
  // refuse to mix with a different plan's.
  Resume resume;
  const Plan* run_plan = &plan;
  Plan again;
  // Tables an interrupted run may have created are made again.
  auto replace_tables = [&] {
    if (plan.mode != SchemaMode::kCreate || plan.drop_existing) return;
    again = plan;
    again.drop_existing = true;
    again.pre_data = BuildSchemaSteps(again, target_->capabilities()).pre_data;
    run_plan = &again;
  };
  if (options_.checkpoints && plan.mode != SchemaMode::kSchemaOnly) {
    const std::string fingerprint = PlanFingerprint(plan);
    auto store = CheckpointStore::Open(target_, source_->DisplayName(), target_->DisplayName(), fingerprint);
    if (!store.ok()) return finish(store.status());
    checkpoints_ = std::move(*store);
    if (auto phase = checkpoints_->found_phase()) {
      if (options_.restart) {
        log::Info("target", "--restart: forgetting the checkpoints of an interrupted run");
        Status st = checkpoints_->Clear();
        if (!st.ok()) return finish(st);
        replace_tables();
      } else if (checkpoints_->found_fingerprint() != fingerprint) {
        return finish(Status::InvalidInput(
            "the target holds checkpoints of an interrupted run from " + source_->DisplayName() +
            " with a different plan (tables, columns, filters or --on-conflict differ). Nothing was written. "
            "Re-run with that run's options to resume it, or add --restart to start over"));
      } else if (*phase == RunPhase::kSchema) {
        // Interrupted while making the schema: nothing was loaded; make it
        // again (tables it may have created are replaced).
        log::Info("target", "an interrupted run stopped while creating the schema: starting over");
        replace_tables();
      } else {
        resume.resuming = true;
        // Rows after a checkpoint are read again; their rejects are on file.
        if (Status kept = rejects_.KeepExisting(); !kept.ok()) return finish(kept);
        resume.phase = *phase;
        resume.post_steps = checkpoints_->found_post_steps();
        int64_t done = 0, rows = 0;
        for (const auto& p : checkpoints_->found_parts()) {
          done += p.done;
          rows += p.rows_done;
          // Rows earlier sessions committed count as written by this run.
        }
        const auto& parts = checkpoints_->found_parts();
        for (size_t p = 0; p < parts.size(); ++p)
          if (size_t j = JobOfPart(plan, parts, p); j < plan.jobs.size()) {
            report->tables[j]->rows_written += parts[p].rows_done;
            report->tables[j]->rows_resumed += parts[p].rows_done;
          }
        const bool finished_before = *phase == RunPhase::kPost && done == static_cast<int64_t>(parts.size()) &&
                                     target_->capabilities().keeps_finished_checkpoint;
        if (finished_before) {
          log::Info("target", "this run finished before (" + target_->CheckpointPath() +
                                  "): nothing is sent again; --restart sends every row again");
        } else {
          log::Info("target", "resuming an interrupted run: " + std::to_string(done) + " of " +
                                  std::to_string(parts.size()) + " task(s) done, " + std::to_string(rows) +
                                  " row(s) already in the target" +
                                  (*phase == RunPhase::kPost ? "; the data is complete, creating keys and indexes" : ""));
        }
        report->notes.push_back("resumed an interrupted run (" + std::to_string(rows) +
                                " rows were already in the target)");
      }
    }
  }
  // A fresh run starts a fresh reject file; a resumed one adds to it.
  if (!resume.resuming) {
    std::error_code ec;
    std::filesystem::remove(options_.reject_path, ec);
  }
  return finish(RunPlan(*run_plan, report, resume));
}

Status Executor::DryRun(const Plan& plan, RunReport* report) {
  FERRY_RETURN_NOT_OK(CheckNewTables(plan));
  for (size_t j = 0; j < plan.jobs.size(); ++j) {
    auto n = source_->CountRows(plan.jobs[j].source_table);
    if (!n.ok()) return n.status().WithContext("counting " + plan.jobs[j].source_table);
    report->tables[j]->rows_expected = *n;
  }
  for (const auto* ops : {&plan.pre_data, &plan.post_data}) {
    for (const auto& op : *ops) {
      FERRY_ASSIGN_OR_RETURN(std::vector<std::string> lines, target_->Describe(op));
      report->ddl.insert(report->ddl.end(), lines.begin(), lines.end());
    }
    if (ops == &plan.pre_data) report->ddl_before_data = report->ddl.size();
  }
  return Status::OK();
}

Status Executor::ApplyOps(const std::vector<SchemaOp>& ops, size_t skip, bool resuming, bool count_steps,
                          RunReport* report) {
  for (size_t i = skip; i < ops.size(); ++i) {
    if (Cancelled()) return Status::Cancelled("interrupted");
    FERRY_ASSIGN_OR_RETURN(std::vector<std::string> lines, target_->Describe(ops[i]));
    for (const auto& line : lines) log::Debug("target", line);
    // Each op is counted in the checkpoint as it completes, so a resumed
    // run does not repeat the ones that ran.
    std::function<Status()> record;
    if (checkpoints_ && count_steps)
      record = [&, step = static_cast<int64_t>(i + 1)] {
        CrashPoint("after-post-ddl", step);
        return checkpoints_->SetPostSteps(step);
      };
    const bool may_be_done = resuming && i == skip;  // the interrupted run may have done it unrecorded
    if (may_be_done) log::Debug("target", "an interrupted run may have done this already: " + lines.front());
    FERRY_RETURN_NOT_OK(target_->Apply(ops[i], record, may_be_done));
    report->ddl.insert(report->ddl.end(), lines.begin(), lines.end());
  }
  return Status::OK();
}

Status Executor::RunPlan(const Plan& plan, RunReport* report, const Resume& resume) {
  const SinkCapabilities& caps = target_->capabilities();
  bool merging = false;
  for (const auto& job : plan.jobs) merging |= job.on_conflict != ConflictMode::kInsert;

  if (!resume.resuming) FERRY_RETURN_NOT_OK(CheckNewTables(plan));
  if (plan.mode == SchemaMode::kDataOnly && !plan.truncate && !merging && !resume.resuming) {
    Status st = CheckTargetEmpty(plan);
    if (!st.ok()) return st;
  }
  // The run is on record before the first op, so a crash from here on is
  // resumed, never met with "the tables exist". A resumed run finds the
  // schema ready: its interrupted self made it.
  if (checkpoints_ && !resume.resuming) FERRY_RETURN_NOT_OK(checkpoints_->Start());
  if (!resume.resuming && !plan.pre_data.empty()) {
    FERRY_RETURN_NOT_OK(ApplyOps(plan.pre_data, 0, false, /*count_steps=*/false, report)
                            .WithContext("creating the schema"));
    FERRY_RETURN_NOT_OK(target_->SettleSchema());
    log::Info("target", plan.mode == SchemaMode::kDataOnly
                            ? "emptied " + std::to_string(plan.jobs.size()) + " table(s) (--truncate)"
                            : "created " + std::to_string(plan.jobs.size()) + " " + caps.noun + "(s)");
  }

  if (plan.mode != SchemaMode::kSchemaOnly && !(resume.resuming && resume.phase == RunPhase::kPost)) {
    Status st = RunData(plan, report, resume.resuming);
    if (!st.ok()) return st;
    if (checkpoints_) FERRY_RETURN_NOT_OK(checkpoints_->SetPhase(RunPhase::kPost));
  }

  // Keys, indexes and FKs, each counted in the checkpoint as it completes.
  const bool resuming_post = resume.resuming && resume.phase == RunPhase::kPost;
  const size_t skip_post = resuming_post ? static_cast<size_t>(std::max<int64_t>(0, resume.post_steps)) : 0;
  if (plan.post_data.size() > skip_post) {
    auto t0 = std::chrono::steady_clock::now();
    // Orphans are found and named before a foreign key meets them; the
    // decision is the same on a resumed run (the rows have not changed).
    FERRY_ASSIGN_OR_RETURN(std::vector<SchemaOp> post_data, ForeignKeysOverOrphans(plan, report));
    FERRY_RETURN_NOT_OK(
        ApplyOps(post_data, skip_post, resuming_post, /*count_steps=*/true, report).WithContext("after the data"));
    for (auto& note : target_->TakeNotes()) report->notes.push_back(std::move(note));  // indexes made another way
    FERRY_RETURN_NOT_OK(target_->SettleSchema());
    log::Info("target", "created keys, indexes and foreign keys (" + std::to_string(post_data.size()) +
                            " statements) in " +
                            std::to_string(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()).substr(0, 4) + " s");
  }
  if (plan.mode != SchemaMode::kDataOnly) {
    for (const auto& job : plan.jobs)
      for (const auto& col : job.target_schema.columns) {
        if (!col.auto_increment) continue;
        auto sql = target_->ResetKeyCounter(job.target_schema, col);
        if (!sql.ok()) return sql.status().WithContext("resetting the key counter of " + job.target_table);
        if (!sql->empty()) report->ddl.push_back(*sql);
      }
  }

  // Foreign keys that nothing checked (MySQL writers turn FK checks off in
  // a data-only load; SQLite never checks them) are re-validated here. FKs
  // added after the data were validated by the engine as they were added.
  const bool unchecked = plan.mode == SchemaMode::kDataOnly
                             ? !caps.writers_check_foreign_keys
                             : caps.foreign_keys == SinkCapabilities::When::kInline && !caps.checks_inline_foreign_keys;
  if (plan.mode != SchemaMode::kSchemaOnly && unchecked) {
    Status st = CheckOrphans(plan, report);
    if (!st.ok()) return st;
  }

  // Count check: what the target holds must be what was written.
  // Several jobs may feed one table (a plan's sql: entries): their rows add
  // up. A merge keeps no exact tally across sessions, so a table any merge
  // fed is not checked.
  if (plan.mode == SchemaMode::kCreate && target_->capabilities().counts_rows) {
    std::map<std::string, int64_t> written;
    std::set<std::string> merged;
    for (size_t i = 0; i < plan.jobs.size(); ++i) {
      written[plan.jobs[i].target_table] += report->tables[i]->rows_written.load();
      if (plan.jobs[i].on_conflict != ConflictMode::kInsert) merged.insert(plan.jobs[i].target_table);
    }
    merged.insert(merged_on_resume_.begin(), merged_on_resume_.end());
    for (const auto& [table, rows] : written) {
      if (merged.count(table)) continue;
      // What the target reported storing, when it did for every task of
      // the table (a table this run made, filled in this session), is its
      // own count of the rows, without reading the table again.
      std::optional<int64_t> stored;
      if (!resume.resuming) stored = 0;
      for (size_t i = 0; i < plan.jobs.size() && stored; ++i) {
        if (plan.jobs[i].target_table != table) continue;
        if (report->tables[i]->stored_known) *stored += report->tables[i]->rows_stored.load();
        else stored.reset();
      }
      if (stored) {
        if (*stored != rows)
          return Status::Target("the target reported storing " + std::to_string(*stored) + " rows in table " +
                                table + " but " + std::to_string(rows) + " were written");
        continue;
      }
      auto n = target_->CountRows(table);
      if (!n.ok()) return n.status();
      if (*n != rows)
        return Status::Target("table " + table + " holds " + std::to_string(*n) + " rows after the copy but " +
                              std::to_string(rows) + " were written");
    }
  }
  FERRY_RETURN_NOT_OK(target_->Finish());
  // The run is complete: its checkpoints go, unless the sink keeps them so
  // the same run again sends nothing twice.
  if (checkpoints_ && !target_->capabilities().keeps_finished_checkpoint)
    FERRY_RETURN_NOT_OK(checkpoints_->Finish().WithContext("removing the run's checkpoints"));
  if (options_.max_rejects > 0 && rejected_.load() > options_.max_rejects)
    return Status::Cancelled("more than " + std::to_string(options_.max_rejects) + " rows rejected");
  return Status::OK();
}

namespace {

// "orders: 3 row(s) reference missing users rows (orders_user_fk), e.g. user_id=7, user_id=9".
std::string DescribeOrphans(const std::string& table, const ForeignKeySchema& fk, const Sink::Orphans& orphans) {
  std::string what = table + ": " + std::to_string(orphans.count) + " row(s) reference missing " + fk.ref_table +
                     " rows (" + fk.name + ")";
  for (size_t i = 0; i < orphans.sample.size(); ++i) what += (i ? "; " : ", e.g. ") + orphans.sample[i];
  return what;
}

constexpr size_t kOrphanSample = 5;

}  // namespace

Status Executor::CheckOrphans(const Plan& plan, RunReport* report) {
  std::vector<std::string> problems;
  int64_t orphaned = 0;
  for (const auto& job : plan.jobs) {
    for (const auto& fk : job.target_schema.foreign_keys) {
      if (fk.columns.empty() || fk.columns.size() != fk.ref_columns.size()) continue;
      auto orphans = target_->FindOrphans(job.target_schema, fk, kOrphanSample);
      if (!orphans.ok()) return orphans.status().WithContext("checking foreign key of " + job.target_table);
      if (orphans->count == 0) continue;
      problems.push_back(DescribeOrphans(job.target_table, fk, *orphans));
      orphaned += orphans->count;
    }
  }
  if (problems.empty()) return Status::OK();
  std::string all;
  for (const auto& p : problems) all += (all.empty() ? "" : "; ") + p;
  if (plan.mode == SchemaMode::kDataOnly)
    return Status::Target("foreign keys broken after the load: " + all);
  // A copy carries the source as it is; orphans there are the source's own.
  for (const auto& p : problems) report->notes.push_back("orphaned rows (as in the source): " + p);
  report->rows_orphaned += orphaned;
  return Status::OK();
}

Result<std::vector<SchemaOp>> Executor::ForeignKeysOverOrphans(const Plan& plan, RunReport* report) {
  std::vector<SchemaOp> ops;
  const SinkCapabilities& caps = target_->capabilities();
  for (const SchemaOp& op : plan.post_data) {
    if (op.kind != SchemaOp::Kind::kAddForeignKey) {
      ops.push_back(op);
      continue;
    }
    FERRY_ASSIGN_OR_RETURN(Sink::Orphans orphans, target_->FindOrphans(op.table, op.foreign_key, kOrphanSample));
    if (orphans.count == 0) {
      ops.push_back(op);
      continue;
    }
    // The source holds rows its own foreign key does not allow (MyISAM,
    // SQLite without foreign_keys=ON). They arrived as they were; the key
    // is kept where the target can hold it without checking them.
    report->rows_orphaned += orphans.count;
    std::string note = "orphaned rows (as in the source): " + DescribeOrphans(op.table.name, op.foreign_key, orphans);
    if (caps.unvalidated_foreign_keys) {
      ops.push_back(op);
      ops.back().validate = false;
      note += "; the foreign key is created NOT VALID (new rows are checked, these are not)";
    } else {
      note += "; the foreign key is left out (the target cannot hold it over these rows)";
    }
    log::Warn(op.table.name, note);
    report->notes.push_back(note);
  }
  return ops;
}

Result<std::vector<Task>> Executor::PlanTasks(const Plan& plan, bool resuming) {
  std::vector<Task> tasks;
  if (resuming) {
    // The interrupted run's tasks, as it split them.
    const auto& parts = checkpoints_->found_parts();
    for (size_t p = 0; p < parts.size(); ++p) {
      const size_t j = JobOfPart(plan, parts, p);
      if (j == plan.jobs.size())
        return Status::Target("the checkpoints name table " + parts[p].table +
                              ", which this plan does not load; start over with --restart");
      Task t;
      t.job_index = j;
      t.lo = parts[p].range_lo;
      t.hi = parts[p].range_hi;
      t.part = p;
      t.after_json = parts[p].after_json;
      t.rows_done = parts[p].rows_done;
      t.resumed = true;
      tasks.push_back(t);
    }
    return tasks;
  }
  // Whole tables, or key ranges of big ones.
  for (size_t i = 0; i < plan.jobs.size(); ++i) {
    const TableJob& job = plan.jobs[i];
    int parts = 1;
    if (!job.split_column.empty() && !job.limit && job.row_estimate >= options_.split_min_rows && max_ranges_ > 1)
      parts = static_cast<int>(std::min<int64_t>(max_ranges_, job.row_estimate / (options_.split_min_rows / 2)));
    if (parts > 1) {
      auto bounds = source_->KeyBounds(job.source_table, job.split_column);
      if (!bounds.ok()) return bounds.status();
      if (*bounds) {
        __int128 lo = (*bounds)->first, hi = static_cast<__int128>((*bounds)->second) + 1;
        __int128 span = hi - lo;
        if (span < parts) parts = 1;
        for (int p = 0; p < parts && parts > 1; ++p) {
          Task t;
          t.job_index = i;
          // The outer ranges are open so rows beyond the bounds seen now
          // still belong to a task.
          if (p > 0) t.lo = static_cast<int64_t>(lo + span * p / parts);
          if (p + 1 < parts) t.hi = static_cast<int64_t>(lo + span * (p + 1) / parts);
          tasks.push_back(t);
        }
        if (parts > 1) {
          log::Info(job.target_table, "reading in " + std::to_string(parts) + " key ranges of " + job.split_column);
          continue;
        }
      }
    }
    tasks.push_back(Task{i});
  }
  for (size_t p = 0; p < tasks.size(); ++p) tasks[p].part = p;
  if (checkpoints_) {
    std::vector<PartCheckpoint> parts;
    for (const auto& t : tasks) parts.push_back(PartCheckpoint{plan.jobs[t.job_index].target_table, t.lo, t.hi});
    FERRY_RETURN_NOT_OK(checkpoints_->Begin(parts).WithContext("recording the run's checkpoints"));
  }
  return tasks;
}

Status Executor::RunData(const Plan& plan, RunReport* report, bool resuming) {
  const SinkCapabilities& caps = target_->capabilities();
  // Loads must respect FK order when the target checks FKs as rows arrive;
  // FKs inside cycles are loaded NULL and set by a second pass.
  const bool checks = plan.mode == SchemaMode::kDataOnly
                          ? caps.writers_check_foreign_keys
                          : caps.foreign_keys == SinkCapabilities::When::kInline && caps.checks_inline_foreign_keys;
  // A copy into a sink that declares FKs only in CREATE TABLE (DuckDB)
  // holds the FKs plan/load_order.h classifies: its self-references load
  // NULL and are set by the second pass too.
  const bool inline_copy = plan.mode != SchemaMode::kDataOnly && checks;
  auto order = inline_copy ? Result<LoadOrder>(ComputeInlineLoadOrder(plan))
                           : ComputeLoadOrder(plan, checks, checks && plan.mode == SchemaMode::kDataOnly);
  if (!order.ok()) return order.status();
  const std::vector<int>& level = order->level;
  for (size_t i = 0; i < plan.jobs.size(); ++i)
    if (!order->deferred_columns[i].empty()) {
      std::string cols;
      for (const auto& c : order->deferred_columns[i]) cols += (cols.empty() ? "" : ", ") + c;
      log::Info(plan.jobs[i].target_table, "foreign keys in a cycle: " + cols +
                                               " load as NULL first and are set after all tables");
    }

  FERRY_ASSIGN_OR_RETURN(std::vector<Task> all_tasks, PlanTasks(plan, resuming));
  std::vector<Task> tasks;
  for (const auto& t : all_tasks)
    if (!checkpoints_ || !t.resumed || !checkpoints_->found_parts()[t.part].done) tasks.push_back(t);
  for (size_t j = 0; j < plan.jobs.size(); ++j) {
    // Tables an earlier session finished show as done.
    JobStats* stats = report->tables[j].get();
    bool any = false, open = false;
    for (const auto& t : all_tasks)
      if (t.job_index == j) {
        any = true;
        open |= std::any_of(tasks.begin(), tasks.end(), [&](const Task& o) { return o.part == t.part; });
      }
    if (any && !open) {
      stats->started = true;
      stats->start_time = stats->end_time = std::chrono::steady_clock::now();
      stats->finished = true;
    }
  }

  auto snapshot = source_->PrepareSnapshot(tasks.size());
  if (!snapshot.ok()) return snapshot.status().WithContext("preparing the source snapshot");
  if (!snapshot->empty()) log::Warn("source", *snapshot);

  const int workers = caps.concurrent_writers ? options_.jobs : 1;
  Progress progress(report->tables, options_.progress);
  progress.Start();
  Status first_error;
  std::mutex mu;
  // Jobs feeding one table (a plan's sql: entries) load one after another:
  // a merge's NOT EXISTS cannot see another writer's uncommitted rows.
  std::map<std::string, std::mutex> shared_target;
  for (const auto& job : plan.jobs)
    if (job.shares_target) shared_target.try_emplace(job.target_table);
  int max_level = level.empty() ? -1 : *std::max_element(level.begin(), level.end());  // no jobs: nothing to load
  for (int lv = 0; lv <= max_level && first_error.ok(); ++lv) {
    std::vector<const Task*> todo;
    for (const auto& t : tasks)
      if (level[t.job_index] == lv) todo.push_back(&t);
    std::atomic<size_t> next{0};
    auto worker = [&] {
      for (;;) {
        {
          std::lock_guard lock(mu);
          if (!first_error.ok()) return;
        }
        size_t k = next++;
        if (k >= todo.size()) return;
        const Task& task = *todo[k];
        JobStats* stats = report->tables[task.job_index].get();
        const TableJob& job = plan.jobs[task.job_index];
        std::unique_lock<std::mutex> one_writer;
        if (job.shares_target) one_writer = std::unique_lock<std::mutex>(shared_target.at(job.target_table));
        Status st = RunTask(job, stats, task, order->deferred_columns[task.job_index]);
        if (!st.ok()) {
          std::lock_guard lock(mu);
          if (first_error.ok()) first_error = st;
        }
      }
    };
    std::vector<std::thread> threads;
    int n = static_cast<int>(std::min<size_t>(workers, todo.size()));
    for (int w = 0; w < n; ++w) threads.emplace_back(worker);
    for (auto& th : threads) th.join();
  }
  progress.Stop();
  if (!first_error.ok()) return first_error;
  return CloseCycles(plan, order->deferred_columns, report);
}

Status Executor::CheckTargetEmpty(const Plan& plan) {
  std::string busy;
  for (const auto& job : plan.jobs) {
    auto n = target_->CountRows(job.target_table);
    if (!n.ok()) return n.status();
    if (*n > 0) busy += (busy.empty() ? "" : ", ") + job.target_table + " (" + std::to_string(*n) + " rows)";
  }
  if (busy.empty()) return Status::OK();
  return Status::InvalidInput("--data-only: target tables already hold rows: " + busy +
                              ". Nothing was written. Add --truncate to replace them (rows an "
                              "application seeded at its first start included), or --exclude those tables");
}

// The second pass: for each table with deferred FK columns, load (key,
// columns) from the source into a staging table next to it, set the
// columns with one UPDATE ... FROM, and drop the staging table.
Status Executor::CloseCycles(const Plan& plan, const std::vector<std::vector<std::string>>& deferred,
                             RunReport* report) {
  for (size_t i = 0; i < plan.jobs.size(); ++i) {
    if (deferred[i].empty()) continue;
    const TableJob& job = plan.jobs[i];
    const TableSchema& t = job.target_schema;
    if (t.primary_key.empty())
      return Status::Unsupported("table " + job.target_table +
                                 " is in a foreign-key cycle but has no primary key to set the deferred columns by");
    TableJob fix = job;
    fix.target_table = ("ferry_fix_" + job.target_table).substr(0, 60);
    fix.target_schema = TableSchema{};
    fix.target_schema.name = fix.target_table;
    fix.columns.clear();
    fix.split_column.clear();
    std::vector<std::string> wanted = t.primary_key;
    wanted.insert(wanted.end(), deferred[i].begin(), deferred[i].end());
    for (const auto& name : wanted) {
      const ColumnSchema* c = t.FindColumn(name);
      auto m = std::find_if(job.columns.begin(), job.columns.end(),
                            [&](const ColumnMapping& cm) { return cm.target_column == name; });
      if (!c || m == job.columns.end())
        return Status::Unsupported("table " + job.target_table + ": key column " + name +
                                   " is not loaded from the source; cannot close the FK cycle");
      ColumnSchema sc = *c;
      sc.auto_increment = false;
      sc.default_value = {};
      fix.target_schema.columns.push_back(sc);
      fix.columns.push_back(*m);
    }
    FERRY_RETURN_NOT_OK(target_->Apply(SchemaOp::DropTable(fix.target_table)));
    FERRY_RETURN_NOT_OK(target_->Apply(SchemaOp::CreateTable(fix.target_schema, false)));
    JobStats fix_stats;
    fix_stats.table = fix.target_table;
    Status st = RunTask(fix, &fix_stats, Task{i}, {});
    Result<Sink::ColumnsSet> set = st;
    if (st.ok()) set = target_->SetColumnsFrom(t, fix.target_table, deferred[i]);
    Status dropped = target_->Apply(SchemaOp::DropTable(fix.target_table));  // never leave it behind
    FERRY_RETURN_NOT_OK(set.status().WithContext("second pass of " + job.target_table));
    FERRY_RETURN_NOT_OK(dropped);
    report->ddl.insert(report->ddl.end(), set->sql.begin(), set->sql.end());
    log::Info(job.target_table, "set " + std::to_string(deferred[i].size()) + " deferred foreign-key column(s) on " +
                                    std::to_string(fix_stats.rows_written.load()) + " rows");
    if (set->rows_left > 0) NoteRowsLeftNull(job.target_table, deferred[i], *set, report);
  }
  return Status::OK();
}

// Rows the second pass could not set (DuckDB: a row pointing at itself, at
// a cycle of rows or at no row) keep NULL there: named, counted as rows
// that need attention (exit 3), never passed over.
void Executor::NoteRowsLeftNull(const std::string& table, const std::vector<std::string>& columns,
                                const Sink::ColumnsSet& set, RunReport* report) {
  std::string cols, keys;
  for (const auto& c : columns) cols += (cols.empty() ? "" : ", ") + c;
  for (const auto& k : set.sample_left) keys += (keys.empty() ? ", e.g. " : "; ") + k;
  std::string note = table + ": " + std::to_string(set.rows_left) + " row(s) keep NULL in " + cols +
                     ": they reference their own row, a cycle of rows or a missing row, which the target's "
                     "foreign key refuses to set after the load" + keys;
  log::Warn(table, note);
  report->notes.push_back(note);
  report->rows_orphaned += set.rows_left;
}

Status Executor::RunTask(const TableJob& job, JobStats* stats, Task task,
                         const std::vector<std::string>& null_columns) {
  if (!stats->started.exchange(true)) stats->start_time = std::chrono::steady_clock::now();
  stats->active_parts++;
  std::string tag = job.target_table;
  if (task.lo || task.hi)
    tag += " [" + (task.lo ? std::to_string(*task.lo) : std::string()) + "," +
           (task.hi ? std::to_string(*task.hi) : std::string()) + ")";
  Status st;
  // Only a checkpointed task knows what the target kept, so only it retries.
  const bool can_retry = checkpoints_ && task.part != Task::kNoPart;
  for (int attempt = 1;; ++attempt) {
    st = RunTaskOnce(job, stats, &task, null_columns);
    if (st.ok() || st.code() != StatusCode::kTarget || !can_retry || attempt > options_.retries || Cancelled())
      break;
    const int64_t counted = task.rows_done + task.rows;  // this task's share of rows_written
    // The target failed (connection lost, server restarting): wait, then go
    // on from what the target committed, which its checkpoint row says.
    // Rows this attempt counted but did not commit are taken back.
    Result<PartCheckpoint> part = st;
    for (;; ++attempt) {
      const int wait = std::min(30, 1 << std::min(attempt - 1, 5));
      log::Warn(tag, "target failed: " + st.message().substr(0, 300) + "; retry " + std::to_string(attempt) +
                         " of " + std::to_string(options_.retries) + " in " + std::to_string(wait) + " s");
      for (int s = 0; s < wait * 10 && !Cancelled(); ++s) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      part = checkpoints_->ReadPart(task.part);
      if (part.ok() || attempt >= options_.retries || Cancelled()) break;
      st = part.status();  // the target is still away
    }
    if (!part.ok()) {
      st = part.status();
      break;
    }
    task.after_json = part->after_json;
    task.resumed = true;
    // The rows after the checkpoint come again, and so would their rejects.
    if (Status kept = rejects_.KeepExisting(); !kept.ok()) {
      st = kept;
      break;
    }
    stats->rows_written += part->rows_done - counted;
    // What the failed attempt counted but never committed is taken back.
    stats->TakeBackCounts(task.uncommitted);
    task.uncommitted = {};
    task.rows_done = part->rows_done;
    task.rows = 0;
  }
  if (--stats->active_parts == 0 && st.ok()) {
    stats->end_time = std::chrono::steady_clock::now();
    stats->finished = true;
  }
  if (!st.ok()) return st.code() == StatusCode::kCancelled ? st : st.WithContext(tag);
  return Status::OK();
}

// The rows of one task refused on the way: to the run's reject file,
// counted in the table's stats.
class Executor::TaskRejecter : public RowRejecter {
 public:
  TaskRejecter(Executor* executor, const TableJob& job, JobStats* stats, Task* task)
      : executor_(executor), job_(job), stats_(stats), task_(task) {
    for (const auto& k : job.target_schema.primary_key)
      for (size_t i = 0; i < job.columns.size(); ++i)
        if (job.columns[i].target_column == k) key_columns_.push_back(i);
  }
  Status Reject(const RecordBatch& batch, size_t row, int column, const std::string& reason,
                const std::string* original) override {
    ++task_->rejected_uncommitted;
    return executor_->RejectRow(job_, stats_, key_columns_, batch, row, column, reason, original);
  }
  void Note(const std::string& note) override { stats_->AddNote(note); }

 private:
  Executor* executor_;
  const TableJob& job_;
  JobStats* stats_;
  Task* task_;
  std::vector<size_t> key_columns_;  // batch columns naming a row in the reject file
};

namespace {

// The resume key of each row as read, kept with the batch before the
// stages change it, so a checkpoint names the last source row a write covers.
class ResumePoint {
 public:
  ResumePoint(const ResumeKey& key, const std::vector<Field>& source_fields) : key_(key) {
    for (size_t c : key.batch_columns) fields_.push_back(source_fields[c]);
  }
  void Capture(InFlight* b) const {
    const RecordBatch& as_read = *b->batch;
    auto keys = std::make_shared<RecordBatch>(fields_);
    for (size_t i = 0; i < key_.batch_columns.size(); ++i) keys->column(i) = as_read.column(key_.batch_columns[i]);
    keys->SetRowCount(as_read.num_rows());
    if (as_read.num_rows() > 0) b->last_key_json = KeyJson(key_, *keys, as_read.num_rows() - 1);
    b->resume_keys = std::move(keys);
  }
  // The key of the last row read up to row `end` of the batch as it is now.
  std::string JsonAt(const InFlight& b, size_t end) const {
    return end == b.origin.size() ? b.last_key_json : KeyJson(key_, *b.resume_keys, b.origin[end - 1]);
  }

 private:
  const ResumeKey& key_;
  std::vector<Field> fields_;
};

// The task's batches from `read` through its stages into `write`, to the
// end of the table. When the target refuses a stream, `read_again` gives a
// reader after the last commit and the batches go on from there.
Status PumpRows(std::unique_ptr<ReadStage> read, std::vector<std::unique_ptr<Stage>>& stages, WriteStage* write,
                const std::function<void(InFlight*)>& capture,
                const std::function<Result<std::unique_ptr<ReadStage>>()>& read_again) {
  Status st;
  for (;;) {
    while (auto batch = read->Next()) {
      InFlight b(std::move(batch));
      capture(&b);
      for (auto& stage : stages) {
        st = stage->Process(&b);
        if (!st.ok()) break;
      }
      if (st.ok()) st = write->Write(std::move(b));
      if (!st.ok() || write->NeedsReread()) break;
    }
    if (!st.ok() || write->NeedsReread()) read->Abort(st.ok() ? Status::Cancelled("reading again") : st);
    Status read_status = read->Finish();
    if (!st.ok()) return st;
    if (!write->NeedsReread()) {
      FERRY_RETURN_NOT_OK(read_status);
      FERRY_RETURN_NOT_OK(write->Finish());
      if (!write->NeedsReread()) return Status::OK();
    }
    FERRY_ASSIGN_OR_RETURN(read, read_again());
  }
}

}  // namespace

ReadSpec Executor::TaskReadSpec(const TableJob& job, const Task& task) const {
  ReadSpec rspec;
  rspec.table = job.source_table;
  for (const auto& m : job.columns) rspec.columns.push_back(*job.source_schema.FindColumn(m.source_column));
  rspec.limits = options_.limits;
  rspec.where = job.where;
  rspec.limit = job.limit;
  if (task.lo || task.hi) {
    rspec.range_column = job.split_column;
    rspec.range_lo = task.lo;
    rspec.range_hi = task.hi;
  }
  return rspec;
}

Status Executor::PrepareResume(const TableJob& job, const ResumeKey& key, JobStats* stats, Task* task,
                               ReadSpec* rspec) {
  if (!key.empty()) {
    // Read in key order, after the last key committed.
    rspec->order_by = key.ColumnNames();
    if (!task->after_json.empty()) {
      FERRY_ASSIGN_OR_RETURN(rspec->after, KeyLiterals(task->after_json, key, source_->dialect()));
      if (rspec->limit) rspec->limit = std::max<int64_t>(0, *rspec->limit - task->rows_done);
    }
    return Status::OK();
  }
  if (!task->resumed) return Status::OK();
  // Rows an interrupted attempt committed cannot be told apart: take them
  // out again (the table held nothing of the run's before it), unless a
  // merge mode makes reloading them harmless. A query's rows are skipped by
  // its key instead: other entries may have loaded the same table.
  if (job.on_conflict == ConflictMode::kInsert && job.from_query && (job.shares_target || !job.query_key.empty())) {
    if (job.query_key.empty())
      return Status::InvalidInput("cannot resume " + job.source_table + " (into " + job.target_table +
                                  "): an sql: entry resumes by its key: give it key: (or rerun with --restart)");
    log::Info(job.target_table, job.source_table + ": reading the query again; rows already there are skipped");
    task->skip_existing = true;
    std::lock_guard<std::mutex> lock(merged_mu_);
    merged_on_resume_.insert(job.target_table);
  } else if (job.on_conflict == ConflictMode::kInsert) {
    log::Info(job.target_table, "no key to resume after: reloading the table from its start");
    FERRY_RETURN_NOT_OK(target_->Apply(SchemaOp::EmptyTables({job.target_table})));
  }
  // Every row comes again and is counted again.
  stats->rows_written -= task->rows_done;
  stats->TakeBackCounts(task->committed);
  task->committed = {};
  task->rows_done = 0;
  return Status::OK();
}

WriteSpec Executor::TaskWriteSpec(const TableJob& job, const Task& task, bool has_key) const {
  WriteSpec wspec;
  wspec.table = job.target_table;
  for (const auto& m : job.columns) wspec.columns.push_back(Field{m.target_column, m.target_type});
  wspec.on_conflict = job.on_conflict;
  wspec.key = job.conflict_key;
  if (task.skip_existing) {
    wspec.on_conflict = ConflictMode::kSkip;
    wspec.key = job.query_key;
  }
  // Primary key columns hold no NULL, whatever the schema a query gave says.
  const auto& pk = job.target_schema.primary_key;
  for (const auto& k : wspec.key)
    if (const ColumnSchema* c = job.target_schema.FindColumn(k);
        (!c || c->nullable) && std::find(pk.begin(), pk.end(), k) == pk.end())
      wspec.nullable_key.push_back(k);
  if (checkpoints_ && task.checkpointed() &&
      target_->capabilities().resume == SinkCapabilities::Resume::kAfterDurableData) {
    // A file target: its data goes back to what the checkpoint covers (all
    // of it again for a task without a key), and each commit records it.
    wspec.resume_bytes = has_key ? checkpoints_->DurableBytes(task.part).value_or(0) : 0;
    wspec.on_durable = [this](const std::string& record, int64_t bytes) {
      return checkpoints_->RecordDurable(record, bytes);
    };
  }
  if (rate_ && target_->capabilities().paces_sends)
    wspec.pace = [rate = rate_.get()](int64_t rows) { rate->Acquire(rows); };
  return wspec;
}

Status Executor::RunTaskOnce(const TableJob& job, JobStats* stats, Task* task,
                             const std::vector<std::string>& null_columns) {
  for (const auto& m : job.columns)
    if (!job.source_schema.FindColumn(m.source_column))
      return Status::Internal("plan names unknown column " + m.source_column);
  ReadSpec rspec = TaskReadSpec(job, *task);
  // Checkpointed tasks read in key order and resume after the last key
  // committed; a table without a usable key restarts from its beginning.
  const bool checkpointed = checkpoints_ && task->checkpointed();
  const ResumeKey key = checkpointed ? ChooseResumeKey(job, source_->dialect()) : ResumeKey{};
  if (checkpointed) FERRY_RETURN_NOT_OK(PrepareResume(job, key, stats, task, &rspec));
  std::vector<Field> source_fields;
  for (const auto& c : rspec.columns) source_fields.push_back(Field{c.name, c.type});

  auto reader = source_->OpenReader(rspec);
  if (!reader.ok()) return reader.status().WithContext("reading " + job.source_table);
  auto writer = target_->OpenWriter(TaskWriteSpec(job, *task, !key.empty()));
  if (!writer.ok()) return writer.status().WithContext("writing " + job.target_table);

  std::vector<size_t> null_out;  // FK columns of a cycle: set by the second pass
  for (const auto& name : null_columns)
    for (size_t i = 0; i < job.columns.size(); ++i)
      if (job.columns[i].target_column == name) null_out.push_back(i);
  TaskRejecter rejecter(this, job, stats, task);
  // A sink that paces its own sends gets the rate in its WriteSpec instead.
  const bool task_paces = rate_ && !target_->capabilities().paces_sends;
  auto stages = CopyStages(job, null_out, task_paces ? rate_.get() : nullptr, &rejecter, options_.extra_stages);

  ResumePoint resume_point(key, source_fields);
  WriteStage::CheckpointFor checkpoint;
  if (!key.empty())
    checkpoint = [&](const InFlight& b, size_t end, size_t rows) {
      return checkpoints_->CheckpointSql(task->part, resume_point.JsonAt(b, end),
                                         task->rows_done + task->rows + static_cast<int64_t>(rows));
    };
  const int64_t commit_rows =
      options_.commit_rows > 0 ? options_.commit_rows : target_->capabilities().default_commit_rows;
  WriteStage write(writer->get(), task, stats, &rejecter, checkpoint, commit_rows);
  // A task that can read again after its last commit keeps no batches for
  // a stream the target refuses.
  if (checkpointed && !key.empty()) write.RereadAfterRefusal(task->after_json);

  auto read = std::make_unique<ReadStage>(std::move(*reader), source_fields, job.source_table,
                                          options_.queue_depth, stats, options_.cancel);
  Status st = PumpRows(
      std::move(read), stages, &write,
      [&](InFlight* b) {
        if (!key.empty()) resume_point.Capture(b);
      },
      [&] { return ReadAgain(job, key, source_fields, stats, task, &write); });
  if (st.ok() && checkpointed) st = checkpoints_->MarkDone(task->part, task->rows_done + task->rows);
  if (st.ok()) {
    // Rows committed by an earlier attempt or session are not in this writer's report.
    const std::optional<int64_t> stored = (*writer)->RowsStored();
    if (stored && !task->resumed && task->rows_done == 0) stats->rows_stored += *stored;
    else stats->stored_known = false;
  }
  return st;
}

// The target refused a row of a stream and undid the stream back to the
// task's last commit: what was counted since is taken back (the rows come
// again, rejects included, whose lines the reject file keeps once) and a
// reader starts after the committed key.
Result<std::unique_ptr<ReadStage>> Executor::ReadAgain(const TableJob& job, const ResumeKey& key,
                                                       const std::vector<Field>& source_fields, JobStats* stats,
                                                       Task* task, WriteStage* write) {
  const WriteStage::Undone undone = write->Reread();
  stats->rows_read -= undone.read_rows;
  stats->bytes -= undone.read_bytes;
  if (task->rejected_uncommitted > 0) {
    stats->rows_rejected -= task->rejected_uncommitted;
    rejected_ -= task->rejected_uncommitted;
    FERRY_RETURN_NOT_OK(rejects_.TakeBack(task->rejected_uncommitted));
    task->rejected_uncommitted = 0;
  }
  ReadSpec rspec = TaskReadSpec(job, *task);
  rspec.order_by = key.ColumnNames();
  if (!write->RereadKey().empty()) {
    FERRY_ASSIGN_OR_RETURN(rspec.after, KeyLiterals(write->RereadKey(), key, source_->dialect()));
  }
  if (rspec.limit) rspec.limit = std::max<int64_t>(0, *rspec.limit - task->rows_done - task->rows);
  log::Debug(job.target_table, "the target refused a row of a stream: reading again after the last commit");
  auto reader = source_->OpenReader(rspec);
  if (!reader.ok()) return reader.status().WithContext("reading " + job.source_table + " again");
  return std::make_unique<ReadStage>(std::move(*reader), source_fields, job.source_table, options_.queue_depth,
                                     stats, options_.cancel);
}

Status Executor::RejectRow(const TableJob& job, JobStats* stats,
                           const std::vector<size_t>& key_columns, const RecordBatch& batch,
                           size_t row, int column, const std::string& reason,
                           const std::string* original) {
  stats->rows_rejected++;
  int64_t total = ++rejected_;
  FERRY_RETURN_NOT_OK(rejects_.Add(job.target_table, batch, row, key_columns, column, reason, original));
  if (total <= 5 || log::Enabled(log::Level::kDebug)) {
    std::string where = column >= 0 ? "column " + batch.fields()[column].name + ": " : "";
    log::Warn(job.target_table, "row rejected: " + where + reason.substr(0, 300));
  }
  if (options_.max_rejects > 0 && total > options_.max_rejects)
    return Status::Cancelled("more than " + std::to_string(options_.max_rejects) +
                             " rows rejected (--max-rejects); see " + rejects_.path());
  return Status::OK();
}

}  // namespace ferry
