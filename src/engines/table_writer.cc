// The engine-neutral half of writing: argument checks around every
// TableWriter::DoWrite, and the merge statements the conflict modes share.
#include <algorithm>

#include "engines/engine.h"

namespace ferry {

std::string_view ConflictModeName(ConflictMode mode) {
  switch (mode) {
    case ConflictMode::kInsert: return "insert";
    case ConflictMode::kSkip: return "skip";
    case ConflictMode::kUpdate: return "update";
    case ConflictMode::kReplace: return "replace";
    case ConflictMode::kError: return "error";
  }
  return "?";
}

Status TableWriter::Write(const RecordBatch& batch, size_t begin, size_t end,
                          const std::string& checkpoint, WriteCounts* counts) {
  if (end > batch.num_rows() || begin > end)
    return Status::Internal("writer: rows [" + std::to_string(begin) + ", " + std::to_string(end) +
                            ") out of a batch of " + std::to_string(batch.num_rows()));
  WriteCounts ignored;
  if (!counts) counts = &ignored;
  if (begin == end && checkpoint.empty()) return Status::OK();
  return DoWrite(batch, begin, end, checkpoint, counts);
}

Status TableWriter::AfterRows(const WriteSpec& spec, const std::vector<MergeStep>& merge,
                              const std::string& staging, size_t rows, const std::string& checkpoint,
                              const std::function<Result<int64_t>(const std::string&)>& exec, WriteCounts* done) {
  if (merge.empty()) {
    done->inserted += static_cast<int64_t>(rows);
  } else {
    int64_t inserted = 0, updated = 0;
    for (const auto& step : merge) {
      FERRY_ASSIGN_OR_RETURN(int64_t n, exec(step.sql));
      (step.counts == MergeStep::Counts::kInserted ? inserted : updated) += n;
    }
    const int64_t existing = static_cast<int64_t>(rows) - inserted - updated;
    if (spec.on_conflict == ConflictMode::kError && existing > 0) {
      std::string key;
      for (const auto& k : spec.key) key += (key.empty() ? "" : ", ") + k;
      return Status::Conflict("table " + spec.table + ": " + std::to_string(existing) +
                              " row(s) of this batch have a key (" + key +
                              ") the target already holds (--on-conflict error)");
    }
    done->inserted += inserted;
    done->updated += updated;
    done->skipped += std::max<int64_t>(0, existing);
    FERRY_RETURN_NOT_OK(exec("DELETE FROM " + staging).status());
  }
  if (!checkpoint.empty()) FERRY_RETURN_NOT_OK(exec(checkpoint).status());
  return Status::OK();
}

std::vector<MergeStep> MergeSql(const Dialect& d, const WriteSpec& spec, const std::string& staging) {
  std::vector<MergeStep> steps;
  if (spec.on_conflict == ConflictMode::kInsert) return steps;
  std::vector<std::string> others;  // the columns a matching row gets set
  std::string cols;
  for (const auto& f : spec.columns) {
    cols += (cols.empty() ? "" : ", ") + d.QuoteIdent(f.name);
    if (std::find(spec.key.begin(), spec.key.end(), f.name) == spec.key.end()) others.push_back(f.name);
  }
  const bool overwrite = spec.on_conflict == ConflictMode::kUpdate || spec.on_conflict == ConflictMode::kReplace;
  // Updates first: the rows inserted next need no comparing.
  if (overwrite && !others.empty())
    steps.push_back({d.UpdateFromSql(spec.table, staging, spec.key, others,
                                     spec.on_conflict == ConflictMode::kUpdate),
                     MergeStep::Counts::kUpdated});
  std::string match;
  for (const auto& k : spec.key) {
    const std::string t = "ferry_t." + d.QuoteIdent(k), s = "ferry_s." + d.QuoteIdent(k);
    const bool nullable = std::find(spec.nullable_key.begin(), spec.nullable_key.end(), k) != spec.nullable_key.end();
    match += (match.empty() ? "" : " AND ") +
             (nullable ? "(" + t + " = " + s + " OR (" + t + " IS NULL AND " + s + " IS NULL))" : t + " = " + s);
  }
  steps.push_back({"INSERT INTO " + d.QuoteIdent(spec.table) + " (" + cols + ") SELECT " + cols + " FROM " +
                       d.QuoteIdent(staging) + " AS ferry_s WHERE NOT EXISTS (SELECT 1 FROM " +
                       d.QuoteIdent(spec.table) + " AS ferry_t WHERE " + match + ")",
                   MergeStep::Counts::kInserted});
  return steps;
}

}  // namespace ferry
