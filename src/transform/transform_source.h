// TransformSource: the run's source database plus a plan's SQL entries
// (docs/plans.md, `sql:`). Each entry's query becomes a view in an embedded
// in-memory DuckDB and is presented to the planner and executor as one more
// source table, named after the entry, with the query's result columns and
// the entry's key as its primary key. Source tables reach the queries as
// src.<table> views over ferry_scan (source_scan.h), which stream them from
// the source engine's reader, so nothing is staged; only what a query
// itself holds (a join's build side, a sort) lives in DuckDB, under the
// memory limit and spill directory set here.
//
// A table several entries feed can also be read whole, as AllEntriesOf
// (plan/copy_planner.h): every entry's rows, columns matched by name; under
// merges one row per key (the first entry's when they skip, the last one's
// when they update). Verify compares with it.
//
// Reads of plain source tables go straight to the source: a plain copy
// never passes through DuckDB. The source is never written.
//
// Threads: opened and introspected on the main thread; OpenReader from any
// thread, as for every Database.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engines/engine.h"
#include "plan/copy_planner.h"
#include "transform/source_scan.h"

namespace ferry::transform {

struct TransformSettings {
  ConflictMode on_conflict = ConflictMode::kInsert;  // the plan's, for entries that set none
  std::string memory_limit = "1GB";  // DuckDB's limit for what queries hold; beyond it they spill
  std::string temp_directory;        // where they spill; "" = a fresh directory under $TMPDIR
  int threads = 2;
  BatchLimits limits;                // batches read from the source
};

class TransformSource : public Database {
 public:
  // Binds every entry's SQL against `catalog` (the source's, as
  // introspected): an error names the entry's file:line and DuckDB's message
  // before anything is read or written.
  static Result<std::unique_ptr<TransformSource>> Open(std::unique_ptr<Database> source, Catalog catalog,
                                                       const std::vector<TransformEntry>& entries,
                                                       const TransformSettings& settings);
  ~TransformSource() override;

  const Dialect& dialect() const override { return source_->dialect(); }
  std::string DisplayName() const override { return source_->DisplayName(); }
  // The source's tables, then one per entry (columns as the query yields them).
  Result<Catalog> Introspect() override { return combined_; }
  Result<std::string> PrepareSnapshot(size_t readers) override { return source_->PrepareSnapshot(readers); }
  Result<std::unique_ptr<TableReader>> OpenReader(const ReadSpec& spec) override;
  Result<std::unique_ptr<TableWriter>> OpenWriter(const WriteSpec& spec) override;
  Status Execute(const std::string& sql) override;
  Result<int64_t> CountRows(const std::string& table) override;
  Result<int64_t> QueryInt(const std::string& sql) override { return source_->QueryInt(sql); }
  Result<TextRows> QueryText(const std::string& sql) override { return source_->QueryText(sql); }
  Result<std::optional<std::pair<int64_t, int64_t>>> KeyBounds(const std::string& table,
                                                               const std::string& column) override;
  Result<std::string> ResetAutoIncrement(const TableSchema& table, const ColumnSchema& column) override;

  // Values the source's readers could not represent and handed to the
  // queries as NULL since the last call ("3 values of subscriber.
  // datetime_created read as NULL: zero date"), for the summary.
  std::vector<std::string> TakeNotes();

 private:
  struct State;
  explicit TransformSource(std::unique_ptr<State> state);
  bool IsQuery(const std::string& table) const;

  std::unique_ptr<State> state_;
  Database* source_;
  Catalog combined_;
};

}  // namespace ferry::transform
