#include "exec/executor.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "core/batch_queue.h"
#include "exec/convert.h"
#include "plan/copy_planner.h"
#include "plan/load_order.h"
#include "report/log.h"
#include "report/progress.h"

namespace ferry {

struct Executor::Task {
  size_t job_index = 0;
  std::optional<int64_t> lo, hi;  // key range, both set or neither
};

Executor::Executor(Database* source, Database* target, ExecOptions options)
    : source_(source), target_(target), options_(std::move(options)), rejects_(options_.reject_path) {
  if (options_.jobs <= 0) options_.jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (options_.rate > 0) {
    rate_ = std::make_unique<RateLimiter>(options_.rate);
    // Small batches keep the flow smooth: about ten per second.
    options_.limits.max_rows = std::clamp<size_t>(options_.rate / 10, 1, options_.limits.max_rows);
  }
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

Result<std::vector<std::string>> Executor::PreDataSql(const Plan& plan, const Dialect& dialect,
                                                      std::vector<std::string>* notes) {
  std::vector<std::string> sql;
  if (plan.mode == SchemaMode::kDataOnly) {
    if (!plan.truncate) return sql;
    std::vector<std::string> children_first;
    for (auto it = plan.jobs.rbegin(); it != plan.jobs.rend(); ++it) children_first.push_back(it->target_table);
    return dialect.EmptyTablesSql(children_first);
  }
  if (plan.drop_existing)
    for (auto it = plan.jobs.rbegin(); it != plan.jobs.rend(); ++it)
      sql.push_back(dialect.DropTableSql(it->target_table));
  const bool keys_inline = !dialect.PrimaryKeyAfterData() || !dialect.ForeignKeysAfterData();
  // FKs inside a cycle cannot be declared inline where the engine checks
  // the referenced table exists at CREATE time and enforces on insert.
  const bool drop_cycles = !dialect.ForeignKeysAfterData() && dialect.EnforcesInlineForeignKeys();
  const auto in_cycle = ForeignKeysInCycles(plan);
  for (size_t j = 0; j < plan.jobs.size(); ++j) {
    TableSchema t = plan.jobs[j].target_schema;
    if (drop_cycles) {
      std::vector<ForeignKeySchema> kept;
      for (size_t f = 0; f < t.foreign_keys.size(); ++f) {
        if (!in_cycle[j][f]) {
          kept.push_back(t.foreign_keys[f]);
        } else if (notes) {
          notes->push_back(t.name + ": foreign key " + t.foreign_keys[f].name + " to " + t.foreign_keys[f].ref_table +
                           " not created: it closes a cycle, which " + std::string(dialect.name()) + " cannot load");
        }
      }
      t.foreign_keys = std::move(kept);
    }
    FERRY_ASSIGN_OR_RETURN(auto stmts, dialect.CreateTableSql(t, keys_inline));
    sql.insert(sql.end(), stmts.begin(), stmts.end());
  }
  return sql;
}

std::vector<std::string> Executor::PostDataSql(const Plan& plan, const Dialect& dialect) {
  std::vector<std::string> sql;
  if (plan.mode == SchemaMode::kDataOnly) return sql;
  std::set<std::string> index_names;
  for (const auto& job : plan.jobs) {
    const TableSchema& t = job.target_schema;
    if (dialect.PrimaryKeyAfterData() && !t.primary_key.empty()) sql.push_back(dialect.AddPrimaryKeySql(t));
    for (IndexSchema idx : t.indexes) {
      if (idx.unique && idx.columns == t.primary_key) continue;
      // Index names are per schema in most engines but per table in MySQL:
      // make them unique across the copy.
      if (idx.name.empty()) idx.name = t.name + "_idx";
      if (index_names.count(idx.name)) idx.name = t.name + "_" + idx.name;
      for (int n = 2; index_names.count(idx.name); ++n) idx.name += "_" + std::to_string(n);
      index_names.insert(idx.name);
      sql.push_back(dialect.CreateIndexSql(t, idx));
    }
  }
  if (dialect.ForeignKeysAfterData())
    for (const auto& job : plan.jobs)
      for (const auto& fk : job.target_schema.foreign_keys)
        sql.push_back(dialect.AddForeignKeySql(job.target_schema, fk));
  return sql;
}

Status Executor::Run(const Plan& plan, RunReport* report) {
  auto start = std::chrono::steady_clock::now();
  report->mode = ModeName(plan.mode);
  report->dry_run = options_.dry_run;
  report->reject_path = options_.reject_path;
  report->notes.insert(report->notes.end(), plan.notes.begin(), plan.notes.end());
  for (const auto& job : plan.jobs) {
    auto stats = std::make_shared<JobStats>();
    stats->table = job.target_table;
    stats->rows_expected = job.row_estimate;
    report->tables.push_back(stats);
  }
  const Dialect& dialect = target_->dialect();
  auto finish = [&](Status st) {
    report->rows_rejected = rejected_.load();
    report->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    report->status = st;
    return st;
  };

  auto pre = PreDataSql(plan, dialect, &report->notes);
  if (!pre.ok()) return finish(pre.status());
  std::vector<std::string> post = PostDataSql(plan, dialect);
  if (options_.dry_run) {
    report->ddl = *pre;
    report->ddl.insert(report->ddl.end(), post.begin(), post.end());
    return finish(Status::OK());
  }

  if (plan.mode == SchemaMode::kDataOnly && !plan.truncate) {
    Status st = CheckTargetEmpty(plan);
    if (!st.ok()) return finish(st);
  }
  for (const auto& sql : *pre) {
    log::Debug("target", sql);
    Status st = target_->Execute(sql);
    if (!st.ok()) return finish(st.WithContext("creating the schema"));
    report->ddl.push_back(sql);
  }
  if (!pre->empty())
    log::Info("target", plan.mode == SchemaMode::kDataOnly
                            ? "emptied " + std::to_string(plan.jobs.size()) + " table(s) (--truncate)"
                            : "created " + std::to_string(plan.jobs.size()) + " table(s)");

  if (plan.mode != SchemaMode::kSchemaOnly) {
    Status st = RunData(plan, report);
    if (!st.ok()) return finish(st);
  }

  if (!post.empty()) {
    auto t0 = std::chrono::steady_clock::now();
    for (const auto& sql : post) {
      if (Cancelled()) return finish(Status::Cancelled("interrupted"));
      log::Debug("target", sql);
      Status st = target_->Execute(sql);
      if (!st.ok()) return finish(st.WithContext("after the data"));
      report->ddl.push_back(sql);
    }
    log::Info("target", "created keys, indexes and foreign keys (" + std::to_string(post.size()) +
                            " statements) in " +
                            std::to_string(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()).substr(0, 4) + " s");
  }
  if (plan.mode != SchemaMode::kDataOnly) {
    for (const auto& job : plan.jobs)
      for (const auto& col : job.target_schema.columns) {
        if (!col.auto_increment) continue;
        auto sql = target_->ResetAutoIncrement(job.target_schema, col);
        if (!sql.ok()) return finish(sql.status().WithContext("resetting the key counter of " + job.target_table));
        if (!sql->empty()) report->ddl.push_back(*sql);
      }
  }

  // Foreign keys that nothing checked (MySQL writers turn FK checks off in
  // a data-only load; SQLite never checks them) are re-validated here. FKs
  // added after the data were validated by the engine as they were added.
  const Dialect& d = target_->dialect();
  const bool unchecked = plan.mode == SchemaMode::kDataOnly
                             ? !d.WritersCheckForeignKeys()
                             : !d.ForeignKeysAfterData() && !d.EnforcesInlineForeignKeys();
  if (plan.mode != SchemaMode::kSchemaOnly && unchecked) {
    Status st = CheckOrphans(plan, report);
    if (!st.ok()) return finish(st);
  }

  // Count check: what the target holds must be what was written.
  if (plan.mode == SchemaMode::kCreate) {
    for (size_t i = 0; i < plan.jobs.size(); ++i) {
      auto n = target_->CountRows(plan.jobs[i].target_table);
      if (!n.ok()) return finish(n.status());
      int64_t written = report->tables[i]->rows_written.load();
      if (*n != written)
        return finish(Status::Target("table " + plan.jobs[i].target_table + " holds " +
                                     std::to_string(*n) + " rows after the copy but " +
                                     std::to_string(written) + " were written"));
    }
  }
  if (options_.max_rejects > 0 && rejected_.load() > options_.max_rejects)
    return finish(Status::Cancelled("more than " + std::to_string(options_.max_rejects) + " rows rejected"));
  return finish(Status::OK());
}

Status Executor::CheckOrphans(const Plan& plan, RunReport* report) {
  const Dialect& d = target_->dialect();
  std::vector<std::string> problems;
  for (const auto& job : plan.jobs) {
    for (const auto& fk : job.target_schema.foreign_keys) {
      if (fk.columns.empty() || fk.columns.size() != fk.ref_columns.size()) continue;
      std::string sql = "SELECT count(*) FROM " + d.QuoteIdent(job.target_table) + " c WHERE ";
      for (const auto& col : fk.columns) sql += "c." + d.QuoteIdent(col) + " IS NOT NULL AND ";
      sql += "NOT EXISTS (SELECT 1 FROM " + d.QuoteIdent(fk.ref_table) + " p WHERE ";
      for (size_t i = 0; i < fk.columns.size(); ++i)
        sql += (i ? " AND p." : "p.") + d.QuoteIdent(fk.ref_columns[i]) + " = c." + d.QuoteIdent(fk.columns[i]);
      sql += ")";
      auto orphans = target_->QueryInt(sql);
      if (!orphans.ok()) return orphans.status().WithContext("checking foreign key of " + job.target_table);
      if (*orphans == 0) continue;
      std::string what = job.target_table + ": " + std::to_string(*orphans) + " row(s) reference missing " +
                         fk.ref_table + " rows (" + (fk.name.empty() ? "foreign key" : fk.name) + ")";
      problems.push_back(what);
    }
  }
  if (problems.empty()) return Status::OK();
  std::string all;
  for (const auto& p : problems) all += (all.empty() ? "" : "; ") + p;
  if (plan.mode == SchemaMode::kDataOnly)
    return Status::Target("foreign keys broken after the load: " + all);
  // A copy carries the source as it is; orphans there are the source's own.
  for (const auto& p : problems) report->notes.push_back("orphaned rows (as in the source): " + p);
  return Status::OK();
}

Status Executor::RunData(const Plan& plan, RunReport* report) {
  const Dialect& dialect = target_->dialect();
  // Loads must respect FK order when the target checks FKs as rows arrive;
  // FKs inside cycles are loaded NULL and set by a second pass.
  const bool checks = plan.mode == SchemaMode::kDataOnly
                          ? dialect.WritersCheckForeignKeys()
                          : !dialect.ForeignKeysAfterData() && dialect.EnforcesInlineForeignKeys();
  auto order = ComputeLoadOrder(plan, checks, checks && plan.mode == SchemaMode::kDataOnly);
  if (!order.ok()) return order.status();
  const std::vector<int>& level = order->level;
  for (size_t i = 0; i < plan.jobs.size(); ++i)
    if (!order->deferred_columns[i].empty()) {
      std::string cols;
      for (const auto& c : order->deferred_columns[i]) cols += (cols.empty() ? "" : ", ") + c;
      log::Info(plan.jobs[i].target_table, "foreign keys in a cycle: " + cols +
                                               " load as NULL first and are set after all tables");
    }

  // Tasks: whole tables, or key ranges of big ones.
  std::vector<Task> tasks;
  for (size_t i = 0; i < plan.jobs.size(); ++i) {
    const TableJob& job = plan.jobs[i];
    int parts = 1;
    if (!job.split_column.empty() && !job.limit && job.row_estimate >= options_.split_min_rows && options_.jobs > 1 &&
        dialect.SupportsConcurrentWriters())
      parts = static_cast<int>(std::min<int64_t>(options_.jobs, job.row_estimate / (options_.split_min_rows / 2)));
    if (parts > 1) {
      auto bounds = source_->KeyBounds(job.source_table, job.split_column);
      if (!bounds.ok()) return bounds.status();
      if (*bounds) {
        __int128 lo = (*bounds)->first, hi = static_cast<__int128>((*bounds)->second) + 1;
        __int128 span = hi - lo;
        if (span < parts) parts = 1;
        for (int p = 0; p < parts && parts > 1; ++p) {
          Task t{i, static_cast<int64_t>(lo + span * p / parts), static_cast<int64_t>(lo + span * (p + 1) / parts)};
          tasks.push_back(t);
        }
        if (parts > 1) {
          log::Info(job.target_table, "reading in " + std::to_string(parts) + " key ranges of " + job.split_column);
          continue;
        }
      }
    }
    tasks.push_back(Task{i, std::nullopt, std::nullopt});
  }

  auto snapshot = source_->PrepareSnapshot(tasks.size());
  if (!snapshot.ok()) return snapshot.status().WithContext("preparing the source snapshot");
  if (!snapshot->empty()) log::Warn("source", *snapshot);

  const int workers = dialect.SupportsConcurrentWriters() ? options_.jobs : 1;
  Progress progress(report->tables, options_.progress);
  progress.Start();
  Status first_error;
  std::mutex mu;
  int max_level = *std::max_element(level.begin(), level.end());
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
        Status st = RunTask(plan.jobs[task.job_index], stats, task, order->deferred_columns[task.job_index]);
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
  const Dialect& d = target_->dialect();
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
    FERRY_RETURN_NOT_OK(target_->Execute(d.DropTableSql(fix.target_table)));
    FERRY_ASSIGN_OR_RETURN(auto create, d.CreateTableSql(fix.target_schema, false));
    for (const auto& sql : create) FERRY_RETURN_NOT_OK(target_->Execute(sql));
    JobStats fix_stats;
    fix_stats.table = fix.target_table;
    Status st = RunTask(fix, &fix_stats, Task{i, std::nullopt, std::nullopt}, {});
    if (st.ok()) st = target_->Execute(d.UpdateFromSql(job.target_table, fix.target_table, t.primary_key, deferred[i]));
    Status dropped = target_->Execute(d.DropTableSql(fix.target_table));  // never leave it behind
    FERRY_RETURN_NOT_OK(st.WithContext("second pass of " + job.target_table));
    FERRY_RETURN_NOT_OK(dropped);
    report->ddl.push_back(d.UpdateFromSql(job.target_table, fix.target_table, t.primary_key, deferred[i]));
    log::Info(job.target_table, "set " + std::to_string(deferred[i].size()) + " deferred foreign-key column(s) on " +
                                    std::to_string(fix_stats.rows_written.load()) + " rows");
  }
  return Status::OK();
}

Status Executor::RunTask(const TableJob& job, JobStats* stats, const Task& task,
                         const std::vector<std::string>& null_columns) {
  if (!stats->started.exchange(true)) stats->start_time = std::chrono::steady_clock::now();
  stats->active_parts++;
  std::string tag = job.target_table;
  if (task.lo) tag += " [" + std::to_string(*task.lo) + "," + std::to_string(*task.hi) + ")";

  ReadSpec rspec;
  rspec.table = job.source_table;
  for (const auto& m : job.columns) {
    const ColumnSchema* c = job.source_schema.FindColumn(m.source_column);
    if (!c) return Status::Internal("plan names unknown column " + m.source_column);
    rspec.columns.push_back(*c);
  }
  rspec.limits = options_.limits;
  rspec.where = job.where;
  rspec.limit = job.limit;
  if (task.lo) {
    rspec.range_column = job.split_column;
    rspec.range_lo = task.lo;
    rspec.range_hi = task.hi;
  }
  std::vector<Field> source_fields;
  for (const auto& c : rspec.columns) source_fields.push_back(Field{c.name, c.type});

  WriteSpec wspec;
  wspec.table = job.target_table;
  for (const auto& m : job.columns) wspec.columns.push_back(Field{m.target_column, m.target_type});

  std::vector<size_t> null_out;  // FK columns of a cycle: set by the second pass
  for (const auto& name : null_columns)
    for (size_t i = 0; i < job.columns.size(); ++i)
      if (job.columns[i].target_column == name) null_out.push_back(i);

  std::vector<size_t> key_columns;
  for (const auto& k : job.target_schema.primary_key)
    for (size_t i = 0; i < job.columns.size(); ++i)
      if (job.columns[i].target_column == k) key_columns.push_back(i);

  auto reader = source_->OpenReader(rspec);
  if (!reader.ok()) return reader.status().WithContext("reading " + job.source_table);
  auto writer = target_->OpenWriter(wspec);
  if (!writer.ok()) return writer.status().WithContext("writing " + job.target_table);

  BatchQueue queue(options_.queue_depth);
  std::thread reader_thread([&] {
    for (;;) {
      if (Cancelled()) {
        queue.Close(Status::Cancelled("interrupted"));
        return;
      }
      auto batch = std::make_unique<RecordBatch>(source_fields);
      auto more = (*reader)->Next(batch.get());
      if (!more.ok()) {
        queue.Close(more.status().WithContext("reading " + job.source_table));
        return;
      }
      if (!*more) break;
      stats->rows_read += static_cast<int64_t>(batch->num_rows());
      stats->bytes += static_cast<int64_t>(batch->ByteSize());
      if (!queue.Push(std::move(batch))) return;
    }
    queue.Close(Status::OK());
  });

  Status st;
  int64_t since_commit = 0;
  while (auto batch = queue.Pop()) {
    // Values the reader could not represent: rejected rows leave the batch,
    // nulled values are counted.
    auto take_issues = [&](RecordBatch* b) -> Status {
      if (b->issues().empty()) return Status::OK();
      std::vector<bool> drop(b->num_rows(), false);
      for (const auto& issue : b->issues()) {
        if (issue.kind == RowIssue::Kind::kNulled) {
          stats->AddNote(b->fields()[issue.column].name + ": " + issue.reason);
          continue;
        }
        if (drop[issue.row]) continue;
        drop[issue.row] = true;
        FERRY_RETURN_NOT_OK(RejectRow(job, stats, key_columns, *b, issue.row,
                                      static_cast<int>(issue.column), issue.reason, &issue.original));
      }
      b->issues().clear();
      if (std::find(drop.begin(), drop.end(), true) == drop.end()) return Status::OK();
      RecordBatch kept(b->fields());
      size_t r = 0;
      while (r < b->num_rows()) {
        if (drop[r]) { ++r; continue; }
        size_t s = r;
        while (r < b->num_rows() && !drop[r]) ++r;
        kept.AppendRows(*b, s, r);
      }
      *b = std::move(kept);
      return Status::OK();
    };
    st = take_issues(batch.get());
    if (st.ok()) {
      ConvertBatch(job.columns, batch.get());
      st = take_issues(batch.get());
    }
    for (size_t c : null_out) {
      Column nulls(batch->fields()[c].type);
      for (size_t r = 0; r < batch->num_rows(); ++r) nulls.AppendNull();
      batch->ReplaceColumn(c, batch->fields()[c], std::move(nulls));
    }
    if (st.ok() && rate_) rate_->Acquire(static_cast<int64_t>(batch->num_rows()));
    if (st.ok() && batch->num_rows() > 0)
      st = WriteRows(writer->get(), job, stats, key_columns, *batch, 0, batch->num_rows());
    if (st.ok() && (since_commit += batch->num_rows()) >= options_.commit_rows) {
      st = (*writer)->Commit();
      since_commit = 0;
    }
    if (!st.ok()) {
      queue.Abort(st);
      break;
    }
  }
  reader_thread.join();
  if (st.ok()) st = queue.status();
  if (st.ok()) st = (*writer)->Commit();
  if (--stats->active_parts == 0 && st.ok()) {
    stats->end_time = std::chrono::steady_clock::now();
    stats->finished = true;
  }
  if (!st.ok()) return st.code() == StatusCode::kCancelled ? st : st.WithContext(tag);
  return Status::OK();
}

Status Executor::WriteRows(TableWriter* writer, const TableJob& job, JobStats* stats,
                           const std::vector<size_t>& key_columns, const RecordBatch& batch,
                           size_t begin, size_t end) {
  Status st = writer->Write(batch, begin, end);
  if (st.ok()) {
    stats->rows_written += static_cast<int64_t>(end - begin);
    return st;
  }
  if (st.code() != StatusCode::kData) return st;
  // The target refused something in [begin, end): halve until the row is
  // found, so every good row still arrives (pgloader's batch retry).
  if (end - begin == 1) return RejectRow(job, stats, key_columns, batch, begin, -1, st.message(), nullptr);
  size_t mid = begin + (end - begin) / 2;
  FERRY_RETURN_NOT_OK(WriteRows(writer, job, stats, key_columns, batch, begin, mid));
  return WriteRows(writer, job, stats, key_columns, batch, mid, end);
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
