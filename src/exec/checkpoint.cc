#include "exec/checkpoint.h"

#include <xxhash.h>

#include <cstdio>
#include <nlohmann/json.hpp>

namespace ferry {

namespace {

std::string Hex64(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

std::string Hash(const std::string& text) { return Hex64(XXH3_64bits(text.data(), text.size())); }

}  // namespace

Result<std::unique_ptr<CheckpointStore>> CheckpointStore::Open(Sink* target, const std::string& source_name,
                                                               const std::string& target_name,
                                                               std::string fingerprint) {
  switch (target->capabilities().resume) {
    case SinkCapabilities::Resume::kAfterDurableData:
      return OpenFileCheckpoints(target->CheckpointPath(), source_name, target_name, std::move(fingerprint));
    case SinkCapabilities::Resume::kInDataTransaction:
      if (Database* db = target->CheckpointDatabase())
        return OpenTableCheckpoints(db, source_name, target_name, std::move(fingerprint));
      break;
  }
  return Status::Internal(target->DisplayName() + " offers no place for checkpoints");
}

std::string CheckpointStore::RunKey(const std::string& source_name, const std::string& target_name) {
  return Hash(source_name + "\n" + target_name);
}

const char* RunPhaseName(RunPhase phase) {
  switch (phase) {
    case RunPhase::kSchema: return "schema";
    case RunPhase::kData: return "data";
    case RunPhase::kPost: return "post";
  }
  return "?";
}

RunPhase ParseRunPhase(std::string_view name) {
  return name == "post" ? RunPhase::kPost : name == "data" ? RunPhase::kData : RunPhase::kSchema;
}

std::vector<std::string> ResumeKey::ColumnNames() const {
  std::vector<std::string> names;
  for (const auto& c : columns) names.push_back(c.name);
  return names;
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
  if (job.from_query) return {};  // sorting a query's result to resume would cost more than a re-run
  const TableSchema& s = job.source_schema;
  auto try_key = [&](const std::vector<std::string>& cols) {
    ResumeKey key;
    for (const auto& name : cols) {
      const ColumnSchema* c = s.FindColumn(name);
      if (!c || c->nullable) return ResumeKey{};
      bool orderable = c->type.IsInteger() || c->type.id == TypeId::kText ||
                       (c->type.IsTemporal() && source_dialect.TemporalLiteral(*c, 0).has_value());
      if (!orderable) return ResumeKey{};
      size_t at = job.columns.size();
      for (size_t i = 0; i < job.columns.size(); ++i)
        if (job.columns[i].source_column == name) at = i;
      if (at == job.columns.size()) return ResumeKey{};
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
