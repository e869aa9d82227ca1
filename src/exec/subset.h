// Subsetting for dev clones (`--subset 'TABLE: condition'`, docs/backup.md
// "Dev clones"): which rows of each planned table a clone keeps so that no
// foreign key in it dangles.
//
// Why computed up front, in memory, from the source's TableReaders: it works
// the same for every source engine (archives included) with no SQL beyond
// the condition the user wrote, and a fixpoint over key sets is simple to
// get right. Only the key and FK columns are read, so memory grows with the
// rows of the copied tables times their key sizes; dev clones are the use.
//
// Rules: a listed table keeps the rows its condition matches plus the rows
// kept rows reference, through FKs, transitively (through unlisted tables
// too). Unlisted tables keep every row. Then any row whose non-NULL FK
// points at a row not kept (or at no row) is dropped, to a fixpoint, and
// counted. A listed table without a primary key keeps only the rows its
// condition matches (rows elsewhere that reference them by a unique key
// follow the same drop rule). Rows are told apart by their primary key; a
// table without one is decided row by row from its FK values.
//
// Built on the main thread; then read-only, shared by every task's stage.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/record_batch.h"
#include "core/result.h"
#include "engines/engine.h"
#include "exec/stage.h"
#include "plan/plan.h"

namespace ferry {

struct SubsetSpec {
  std::string table, condition;  // condition in the source's SQL
};

// Parses "TABLE: condition" (an exact table name, not a glob).
Result<SubsetSpec> ParseSubsetSpec(std::string_view text);

class Subset {
 public:
  // Reads the key and FK columns of every plain-table job of `plan` from
  // `source` and decides which rows stay. A spec naming no planned table is
  // kInvalidInput. Changes `plan`: a listed table without a primary key gets
  // its condition ANDed to its job's filter.
  static Result<std::unique_ptr<Subset>> Compute(const std::vector<SubsetSpec>& specs, Plan* plan,
                                                  Database* source, const BatchLimits& limits);
  ~Subset();

  // The stage that drops the rows of `job` not kept (null when every row
  // of it stays).
  std::unique_ptr<Stage> MakeStage(const TableJob& job) const;

  // Per table: "subset: orders keeps 120 of 500 rows; 3 row(s) dropped:
  // they reference rows outside the subset".
  std::vector<std::string> Notes() const;

  struct Table;  // subset.cc

 private:
  Subset() = default;
  // Reads one table's keys (a listed table's seeds first); a listed table
  // without a primary key gets its condition into `job`'s filter.
  Status Load(Database* source, TableJob* job, const BatchLimits& limits, Table* t);
  // Closes the listed tables' rows under references, then drops rows that
  // point at rows not kept, to a fixpoint.
  void Decide();
  std::vector<std::unique_ptr<Table>> tables_;
  std::map<std::string, size_t> by_name_;  // source table -> tables_ index
};

}  // namespace ferry
