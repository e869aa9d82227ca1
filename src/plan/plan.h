// Plan: the single model of work. Every command that moves rows (copy now;
// run, homer, ser, restore later) builds a Plan; one Executor runs it. A
// Plan is a plain value, made on the main thread and read-only afterwards.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/schema.h"
#include "engines/engine.h"
#include "engines/sink.h"
#include "plan/cast_rules.h"

namespace ferry {

enum class SchemaMode {
  kCreate,      // create target tables, load, then keys/indexes/FKs/sequences
  kDataOnly,    // load into the tables the application already created
  kSchemaOnly,  // create tables, keys, indexes, FKs; no rows
};

// How one source column reaches one target column.
struct ColumnMapping {
  std::string source_column;
  std::string target_column;
  LogicalType source_type;  // what the reader produces
  LogicalType target_type;  // what the writer receives; the executor converts
  CastFunction using_fn = CastFunction::kNone;
};

struct TableJob {
  std::string source_table;
  std::string target_table;
  std::vector<ColumnMapping> columns;
  TableSchema source_schema;  // as introspected: what the reader reads
  TableSchema target_schema;  // to create (kCreate) or as found (kDataOnly)
  // An integer single-column key the executor may split the table on (empty
  // when the sink cannot take several writers on one table).
  std::string split_column;
  int64_t row_estimate = -1;
  // Row filter in the source's SQL (--where, --since/--until) and --limit.
  std::string where;
  std::optional<int64_t> limit;
  // Rows whose natural key (target columns) exists in the target: see
  // ConflictMode. The key is the target's primary key unless --key names one.
  ConflictMode on_conflict = ConflictMode::kInsert;
  std::vector<std::string> conflict_key;
  // The rows come from a query (a plan's sql: entry), not a table: read in
  // whatever order the query yields (no key ranges, no ordered resume). A
  // resumed task reads all of it again and skips the rows already in the
  // target by `query_key` (target columns; the entry's key), so another
  // entry's rows in the same table stay.
  bool from_query = false;
  std::vector<std::string> query_key;
  bool shares_target = false;  // another job feeds the same target table
};

struct Plan {
  SchemaMode mode = SchemaMode::kCreate;
  bool drop_existing = false;  // kCreate: DROP TABLE IF EXISTS first
  bool truncate = false;       // kDataOnly: empty the target tables first
  std::vector<TableJob> jobs;  // in FK dependency order: parents first
  // kCreate: target tables that exist already. The executor refuses them
  // unless drop_existing, or an interrupted run of this plan created them.
  std::vector<std::string> existing_tables;
  // The schema operations around the data for the planned sink
  // (plan/schema_steps.h): tables before it, keys/indexes/FKs after it.
  std::vector<SchemaOp> pre_data;
  std::vector<SchemaOp> post_data;
  // Things the user must hear about: tables skipped, FKs not expressible,
  // defaults dropped. Printed before the run and in the summary.
  std::vector<std::string> notes;
};

}  // namespace ferry
