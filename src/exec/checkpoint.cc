#include "exec/checkpoint.h"

#include <xxhash.h>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "plan/copy_planner.h"
#include "report/log.h"

namespace ferry {

namespace {



std::string Hex64(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

std::string Hash(const std::string& text) { return Hex64(XXH3_64bits(text.data(), text.size())); }

const char* PhaseName(RunPhase phase) {
  switch (phase) {
    case RunPhase::kSchema: return "schema";
    case RunPhase::kData: return "data";
    case RunPhase::kPost: return "post";
  }
  return "?";
}

std::optional<int64_t> ParseInt(const std::optional<std::string>& v) {
  if (!v) return std::nullopt;
  return static_cast<int64_t>(std::strtoll(v->c_str(), nullptr, 10));
}

std::string Literal(const std::optional<int64_t>& v) { return v ? std::to_string(*v) : "NULL"; }

}  // namespace

Result<std::unique_ptr<CheckpointStore>> CheckpointStore::Open(Database* target, const std::string& source_name,
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
  std::unique_ptr<CheckpointStore> store(
      new CheckpointStore(target, table, Hash(source_name + "\n" + target_name), std::move(fingerprint)));
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
      store->found_phase_ = phase == "post" ? RunPhase::kPost : phase == "data" ? RunPhase::kData : RunPhase::kSchema;
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
  return store;
}

std::string CheckpointStore::WhereRun() const { return " WHERE run_key = '" + run_key_ + "'"; }

Status CheckpointStore::Clear() { return target_->Execute("DELETE FROM " + table_ + WhereRun()); }

Status CheckpointStore::Start() {
  FERRY_RETURN_NOT_OK(Clear());
  const Dialect& d = target_->dialect();
  return target_->Execute("INSERT INTO " + table_ +
                          " (run_key, part, fingerprint, source_uri, target_uri, table_name, phase, range_lo,"
                          " range_hi, after_key, rows_done, done) VALUES ('" +
                          run_key_ + "', '', '" + fingerprint_ + "', " + d.QuoteString(source_name_) + ", " +
                          d.QuoteString(target_name_) + ", NULL, 'schema', NULL, NULL, NULL, 0, 0)");
}

Status CheckpointStore::Begin(const std::vector<PartCheckpoint>& parts) {
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

Status CheckpointStore::SetPhase(RunPhase phase) {
  return target_->Execute("UPDATE " + table_ + " SET phase = '" + PhaseName(phase) + "', rows_done = 0" +
                          WhereRun() + " AND part = ''");
}

Status CheckpointStore::SetPostSteps(int64_t steps) {
  return target_->Execute("UPDATE " + table_ + " SET rows_done = " + std::to_string(steps) + WhereRun() +
                          " AND part = ''");
}

Status CheckpointStore::MarkDone(size_t part, int64_t rows_done) {
  return target_->Execute("UPDATE " + table_ + " SET done = 1, rows_done = " + std::to_string(rows_done) +
                          WhereRun() + " AND part = '" + PartName(part) + "'");
}

Result<PartCheckpoint> CheckpointStore::ReadPart(size_t part) {
  FERRY_ASSIGN_OR_RETURN(TextRows rows, target_->QueryText("SELECT after_key, rows_done FROM " + table_ + WhereRun() +
                                                           " AND part = '" + PartName(part) + "'"));
  if (rows.size() != 1) return Status::Target("checkpoint of task " + PartName(part) + " is missing from " + table_);
  PartCheckpoint p;
  p.after_json = rows[0][0].value_or("");
  p.rows_done = ParseInt(rows[0][1]).value_or(0);
  return p;
}

std::string CheckpointStore::CheckpointSql(size_t part, const std::string& after_json, int64_t rows_done) const {
  return "UPDATE " + table_ + " SET after_key = " + target_->dialect().QuoteString(after_json) +
         ", rows_done = " + std::to_string(rows_done) + WhereRun() + " AND part = '" + PartName(part) + "'";
}

Status CheckpointStore::Finish() {
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

std::string PlanFingerprint(const Plan& plan) {
  nlohmann::json j;
  j["mode"] = static_cast<int>(plan.mode);
  j["truncate"] = plan.truncate;
  for (const auto& job : plan.jobs) {
    nlohmann::json t;
    t["source"] = job.source_table;
    t["target"] = job.target_table;
    t["where"] = job.where;
    t["limit"] = job.limit ? *job.limit : -1;
    t["on_conflict"] = std::string(ConflictModeName(job.on_conflict));
    t["key"] = job.conflict_key;
    for (const auto& c : job.columns)
      t["columns"].push_back({c.source_column, c.target_column, c.target_type.ToString(),
                              static_cast<int>(c.using_fn)});
    j["jobs"].push_back(std::move(t));
  }
  return Hash(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

ResumeKey ChooseResumeKey(const TableJob& job, const Dialect& source_dialect) {
  const TableSchema& s = job.source_schema;
  auto try_key = [&](const std::vector<std::string>& cols) {
    ResumeKey key;
    for (const auto& name : cols) {
      const ColumnSchema* c = s.FindColumn(name);
      if (!c || c->nullable) return ResumeKey{};
      bool orderable = c->type.IsInteger() || c->type.id == TypeId::kText ||
                       ((c->type.id == TypeId::kDate || c->type.id == TypeId::kTimestamp ||
                         c->type.id == TypeId::kTimestampTz) &&
                        source_dialect.TemporalLiteral(*c, 0).has_value());
      if (!orderable) return ResumeKey{};
      size_t at = job.columns.size();
      for (size_t i = 0; i < job.columns.size(); ++i)
        if (job.columns[i].source_column == name) at = i;
      if (at == job.columns.size()) return ResumeKey{};
      key.source_columns.push_back(name);
      key.batch_columns.push_back(at);
      key.columns.push_back(*c);
    }
    return key;
  };
  if (!s.primary_key.empty()) {
    ResumeKey k = try_key(s.primary_key);
    if (!k.empty()) return k;
  }
  for (const auto& idx : s.indexes) {
    if (!idx.unique || idx.columns.empty()) continue;
    ResumeKey k = try_key(idx.columns);
    if (!k.empty()) return k;
  }
  if (!s.primary_key.empty()) return ResumeKey{};
  for (const auto& idx : s.indexes)
    if (idx.unique) return ResumeKey{};  // a declared key that did not qualify: not a guess
  // (time, id).
  const ColumnSchema* time = nullptr;
  const ColumnSchema* id = nullptr;
  auto leads_index = [&](const std::string& name) {
    for (const auto& idx : s.indexes)
      if (!idx.columns.empty() && idx.columns[0] == name) return true;
    return false;
  };
  for (const auto& c : s.columns) {
    if (c.nullable) continue;
    bool is_time = c.type.id == TypeId::kTimestamp || c.type.id == TypeId::kTimestampTz;
    if (is_time && (!time || (!leads_index(time->name) && leads_index(c.name)))) time = &c;
    if (c.type.IsInteger() && c.auto_increment && !id) id = &c;
  }
  if (!time || !id) return ResumeKey{};
  return try_key({time->name, id->name});
}

std::string KeyJson(const ResumeKey& key, const RecordBatch& keys, size_t row) {
  nlohmann::json j = nlohmann::json::array();
  for (size_t i = 0; i < key.batch_columns.size(); ++i) {
    const Column& c = keys.column(i);
    if (key.columns[i].type.id == TypeId::kText) j.push_back(std::string(c.String(row)));
    else j.push_back(c.Int(row));  // integers; days or microseconds for dates and timestamps
  }
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<std::vector<std::string>> KeyLiterals(const std::string& json, const ResumeKey& key,
                                             const Dialect& source_dialect) {
  nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_array() || j.size() != key.columns.size())
    return Status::Target("checkpoint holds a key that is not a JSON array of " +
                          std::to_string(key.columns.size()) + " value(s): " + json.substr(0, 100));
  std::vector<std::string> out;
  for (size_t i = 0; i < key.columns.size(); ++i) {
    const nlohmann::json& v = j[i];
    const ColumnSchema& c = key.columns[i];
    std::optional<std::string> literal;
    if (c.type.id == TypeId::kText && v.is_string()) {
      literal = source_dialect.QuoteString(v.get<std::string>());
    } else if (c.type.id != TypeId::kText && v.is_number_integer()) {
      literal = c.type.IsInteger() ? std::to_string(v.get<int64_t>())
                                   : source_dialect.TemporalLiteral(c, v.get<int64_t>());
    }
    if (!literal) return Status::Target("checkpoint holds a key value ferry did not write: " + v.dump());
    out.push_back(*literal);
  }
  return out;
}

}  // namespace ferry
