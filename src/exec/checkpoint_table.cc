#include <algorithm>
#include <cstdlib>

#include "exec/checkpoint.h"
#include "plan/copy_planner.h"
#include "report/log.h"

namespace ferry {

namespace {

std::optional<int64_t> ParseInt(const std::optional<std::string>& v) {
  if (!v) return std::nullopt;
  return static_cast<int64_t>(std::strtoll(v->c_str(), nullptr, 10));
}

std::string Literal(const std::optional<int64_t>& v) { return v ? std::to_string(*v) : "NULL"; }

// Checkpoints in table ferry_checkpoint of the target (schema "ferry" where
// the engine has schemas). One row per run (part "") and per task
// (part "#<n>"), keyed by the run's key.
class TableCheckpointStore final : public CheckpointStore {
 public:
  TableCheckpointStore(Database* target, std::string table, std::string run_key, std::string fingerprint)
      : target_(target), table_(std::move(table)), run_key_(std::move(run_key)),
        fingerprint_(std::move(fingerprint)) {}

  Status Clear() override;
  Status Start() override;
  Status Begin(const std::vector<PartCheckpoint>& parts) override;
  Status SetPhase(RunPhase phase) override;
  Status SetPostSteps(int64_t steps) override;
  Status MarkDone(size_t part, int64_t rows_done) override;
  Result<PartCheckpoint> ReadPart(size_t part) override;
  std::string CheckpointSql(size_t part, const std::string& after_json, int64_t rows_done) const override;
  Status Finish() override;

 private:
  friend Result<std::unique_ptr<CheckpointStore>> ferry::OpenTableCheckpoints(Database*, const std::string&,
                                                                              const std::string&, std::string);
  std::string PartName(size_t part) const { return "#" + std::to_string(part); }
  std::string WhereRun() const;

  Database* target_;
  std::string table_;  // quoted, qualified
  std::string schema_;
  std::string source_name_, target_name_;
  std::string run_key_;
  std::string fingerprint_;
};

}  // namespace

Result<std::unique_ptr<CheckpointStore>> OpenTableCheckpoints(Database* target, const std::string& source_name,
                                                              const std::string& target_name,
                                                              std::string fingerprint) {
  const Dialect& d = target->dialect();
  std::string schema = d.FerrySchema();
  if (!schema.empty()) {
    Status made = target->Execute("CREATE SCHEMA IF NOT EXISTS " + d.QuoteIdent(schema));
    if (!made.ok()) {
      // No right to create schemas: keep the table next to the data instead.
      log::Warn("target", "cannot create schema " + schema + " for checkpoints (" + made.message() +
                              "); keeping them in table " + kCheckpointTable + " of the target schema");
      schema.clear();
    }
  }
  std::string table = (schema.empty() ? "" : d.QuoteIdent(schema) + ".") + d.QuoteIdent(kCheckpointTable);
  FERRY_RETURN_NOT_OK(target
                          ->Execute("CREATE TABLE IF NOT EXISTS " + table +
                                    " (run_key varchar(64) NOT NULL, part varchar(64) NOT NULL,"
                                    " fingerprint varchar(64) NOT NULL, source_uri varchar(2000),"
                                    " target_uri varchar(2000), table_name varchar(1000), phase varchar(16),"
                                    " range_lo bigint, range_hi bigint, after_key text,"
                                    " rows_done bigint NOT NULL, done smallint NOT NULL,"
                                    " PRIMARY KEY (run_key, part))")
                          .WithContext("creating the checkpoint table"));
  if (!d.SettleDdlSql().empty()) FERRY_RETURN_NOT_OK(target->Execute(d.SettleDdlSql()));
  std::unique_ptr<TableCheckpointStore> store(
      new TableCheckpointStore(target, table, CheckpointStore::RunKey(source_name, target_name), std::move(fingerprint)));
  store->schema_ = schema;
  store->source_name_ = source_name;
  store->target_name_ = target_name;
  FERRY_ASSIGN_OR_RETURN(TextRows rows,
                         target->QueryText("SELECT part, fingerprint, phase, table_name, range_lo, range_hi, "
                                           "after_key, rows_done, done FROM " +
                                           table + store->WhereRun() + " ORDER BY part"));
  std::vector<std::pair<size_t, PartCheckpoint>> parts;
  for (const auto& r : rows) {
    const std::string part = r[0].value_or("");
    if (part.empty()) {
      store->found_fingerprint_ = r[1].value_or("");
      const std::string phase = r[2].value_or("");
      store->found_phase_ = ParseRunPhase(phase);
      store->found_post_steps_ = ParseInt(r[7]).value_or(0);
      continue;
    }
    PartCheckpoint p;
    p.table = r[3].value_or("");
    p.range_lo = ParseInt(r[4]);
    p.range_hi = ParseInt(r[5]);
    p.after_json = r[6].value_or("");
    p.rows_done = ParseInt(r[7]).value_or(0);
    p.done = ParseInt(r[8]).value_or(0) != 0;
    parts.emplace_back(static_cast<size_t>(std::strtoull(part.c_str() + 1, nullptr, 10)), std::move(p));
  }
  std::sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].first != i)
      return Status::Target("checkpoint table " + table + " is inconsistent (task #" + std::to_string(i) +
                            " missing); start over with --restart");
    store->found_parts_.push_back(std::move(parts[i].second));
  }
  if (!store->found_phase_ && !store->found_parts_.empty())
    return Status::Target("checkpoint table " + table + " holds tasks without their run; start over with --restart");
  return std::unique_ptr<CheckpointStore>(std::move(store));
}

std::string TableCheckpointStore::WhereRun() const { return " WHERE run_key = '" + run_key_ + "'"; }

Status TableCheckpointStore::Clear() { return target_->Execute("DELETE FROM " + table_ + WhereRun()); }

Status TableCheckpointStore::Start() {
  FERRY_RETURN_NOT_OK(Clear());
  const Dialect& d = target_->dialect();
  return target_->Execute("INSERT INTO " + table_ +
                          " (run_key, part, fingerprint, source_uri, target_uri, table_name, phase, range_lo,"
                          " range_hi, after_key, rows_done, done) VALUES ('" +
                          run_key_ + "', '', '" + fingerprint_ + "', " + d.QuoteString(source_name_) + ", " +
                          d.QuoteString(target_name_) + ", NULL, 'schema', NULL, NULL, NULL, 0, 0)");
}

Status TableCheckpointStore::Begin(const std::vector<PartCheckpoint>& parts) {
  const Dialect& d = target_->dialect();
  // Tasks first, then the phase: a crash in between leaves phase kSchema,
  // which starts over, never kData without its tasks.
  FERRY_RETURN_NOT_OK(target_->Execute("DELETE FROM " + table_ + WhereRun() + " AND part <> ''"));
  const std::string head = "INSERT INTO " + table_ +
                           " (run_key, part, fingerprint, source_uri, target_uri, table_name, phase, range_lo,"
                           " range_hi, after_key, rows_done, done) VALUES ";
  const std::string common = "'" + run_key_ + "', ";
  // Several tasks per statement: a big plan still starts in a few round trips.
  std::string values;
  for (size_t i = 0; i < parts.size(); ++i) {
    const PartCheckpoint& p = parts[i];
    values += std::string(values.empty() ? "" : ", ") + "(" + common + "'" + PartName(i) + "', '" + fingerprint_ +
              "', NULL, NULL, " + d.QuoteString(p.table) + ", NULL, " + Literal(p.range_lo) + ", " +
              Literal(p.range_hi) + ", NULL, 0, 0)";
    if ((i + 1) % 200 == 0 || i + 1 == parts.size()) {
      FERRY_RETURN_NOT_OK(target_->Execute(head + values));
      values.clear();
    }
  }
  return SetPhase(RunPhase::kData);
}

Status TableCheckpointStore::SetPhase(RunPhase phase) {
  return target_->Execute("UPDATE " + table_ + " SET phase = '" + RunPhaseName(phase) + "', rows_done = 0" +
                          WhereRun() + " AND part = ''");
}

Status TableCheckpointStore::SetPostSteps(int64_t steps) {
  return target_->Execute("UPDATE " + table_ + " SET rows_done = " + std::to_string(steps) + WhereRun() +
                          " AND part = ''");
}

Status TableCheckpointStore::MarkDone(size_t part, int64_t rows_done) {
  return target_->Execute("UPDATE " + table_ + " SET done = 1, rows_done = " + std::to_string(rows_done) +
                          WhereRun() + " AND part = '" + PartName(part) + "'");
}

Result<PartCheckpoint> TableCheckpointStore::ReadPart(size_t part) {
  FERRY_ASSIGN_OR_RETURN(TextRows rows, target_->QueryText("SELECT after_key, rows_done FROM " + table_ + WhereRun() +
                                                           " AND part = '" + PartName(part) + "'"));
  if (rows.size() != 1) return Status::Target("checkpoint of task " + PartName(part) + " is missing from " + table_);
  PartCheckpoint p;
  p.after_json = rows[0][0].value_or("");
  p.rows_done = ParseInt(rows[0][1]).value_or(0);
  return p;
}

std::string TableCheckpointStore::CheckpointSql(size_t part, const std::string& after_json, int64_t rows_done) const {
  return "UPDATE " + table_ + " SET after_key = " + target_->dialect().QuoteString(after_json) +
         ", rows_done = " + std::to_string(rows_done) + WhereRun() + " AND part = '" + PartName(part) + "'";
}

Status TableCheckpointStore::Finish() {
  FERRY_RETURN_NOT_OK(Clear());
  FERRY_ASSIGN_OR_RETURN(int64_t left, target_->QueryInt("SELECT count(*) FROM " + table_));
  if (left > 0) return Status::OK();  // another run's checkpoints
  FERRY_RETURN_NOT_OK(target_->Execute("DROP TABLE " + table_));
  // ferry's schema goes too when nothing else is in it; an error only means
  // it is not empty.
  if (!schema_.empty()) (void)target_->Execute("DROP SCHEMA " + target_->dialect().QuoteIdent(schema_));
  if (!target_->dialect().SettleDdlSql().empty()) FERRY_RETURN_NOT_OK(target_->Execute(target_->dialect().SettleDdlSql()));
  return Status::OK();
}

}  // namespace ferry
