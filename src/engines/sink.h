// Sink: where a run writes. The executor and the planner know a target only
// through this interface: what it can do (one SinkCapabilities value), the
// schema operations it is asked for as typed values (SchemaOp: a table, a
// key, an index, a foreign key; never SQL text), and table writers.
//
// SQL databases are one kind of sink (SqlSink: each op becomes its
// dialect's DDL); a folder of data files is another (FilesSink: an op
// makes, empties or removes a file). A socket that replays rows, or an
// archive folder, is a Sink too, with the capabilities it has.
//
// Threads: created and planned with on the main thread; OpenWriter and
// CountRows may then be called from worker threads (each writer is used by
// one thread at a time); schema operations run on the main thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/schema.h"
#include "engines/capabilities.h"
#include "engines/engine.h"

namespace ferry {

// One schema operation, as a value. Built by the planner from a Plan
// (plan/schema_steps.h), printed by a dry run through Sink::Describe and
// carried out by Sink::Apply.
struct SchemaOp {
  enum class Kind {
    kDropTable,     // table.name, if it exists
    kCreateTable,   // table; keys (and FKs) inline when `keys_inline`
    kEmptyTables,   // tables, children first
    kAddPrimaryKey, // table.primary_key
    kCreateIndex,   // index on table
    kAddForeignKey, // fk of table
  };
  Kind kind = Kind::kCreateTable;
  TableSchema table;              // the table acted on (its name at least)
  bool keys_inline = false;       // kCreateTable
  IndexSchema index;              // kCreateIndex
  // kCreateIndex: forms tried in order when `index` fails (an index over
  // md5() where a value is too large for a key), and whether the index may
  // then be left out (a non-unique index holds no rule over the data);
  // either outcome is a note (Sink::TakeNotes).
  std::vector<IndexSchema> index_fallbacks;
  bool index_optional = false;
  ForeignKeySchema foreign_key;   // kAddForeignKey
  bool validate = true;           // kAddForeignKey: false = NOT VALID (rows already there unchecked)
  std::vector<std::string> tables;  // kEmptyTables

  static SchemaOp DropTable(const std::string& name);
  static SchemaOp CreateTable(TableSchema table, bool keys_inline);
  static SchemaOp EmptyTables(std::vector<std::string> children_first);
  static SchemaOp AddPrimaryKey(const TableSchema& table);
  static SchemaOp CreateIndex(const TableSchema& table, IndexSchema index);
  static SchemaOp AddForeignKey(const TableSchema& table, ForeignKeySchema fk);
};

class Sink {
 public:
  virtual ~Sink() = default;
  // The location as it may be printed (no password).
  virtual std::string DisplayName() const = 0;
  virtual const SinkCapabilities& capabilities() const = 0;
  // How the sink names native types and quotes (the planner checks every
  // column has a native type before anything is written).
  virtual const Dialect& dialect() const = 0;
  // What the sink holds now (tables, columns, keys; empty for a new one).
  virtual Result<Catalog> Introspect() = 0;

  // Schema operations. Describe says what Apply would do, one line per
  // statement or action, for dry runs and the report; it never fails on an
  // op the planner made for this sink's capabilities.
  virtual Result<std::vector<std::string>> Describe(const SchemaOp& op) const = 0;
  // Carries `op` out. `record`, when given, runs after it as part of the
  // same step: in the same transaction where the sink's DDL is
  // transactional (so a checkpoint counts exactly the ops done). With
  // `may_be_done`, an op an interrupted run did without recording it
  // ("already exists") counts as done.
  virtual Status Apply(const SchemaOp& op, const std::function<Status()>& record = nullptr,
                       bool may_be_done = false) = 0;
  // What Apply did other than asked (an index made in a fallback form, or
  // left out), for the summary; each note is returned once.
  virtual std::vector<std::string> TakeNotes() { return {}; }
  // Called after each run of schema ops; makes them durable where the sink
  // needs a step for that (DuckDB moves DDL out of its WAL).
  virtual Status SettleSchema() { return Status::OK(); }

  virtual Result<std::unique_ptr<TableWriter>> OpenWriter(const WriteSpec& spec) = 0;
  virtual Result<int64_t> CountRows(const std::string& table) = 0;

  // Sets the key counter of `column` (sequence, identity, AUTO_INCREMENT)
  // past max(column). Returns what it ran, for the report ("" for nothing).
  virtual Result<std::string> ResetKeyCounter(const TableSchema& table, const ColumnSchema& column) {
    return std::string();
  }
  // Rows of `table` whose `fk` columns are all set but match no row of the
  // referenced table: how many, and the FK values of the first `sample`
  // ("user_id=7", "a=1, b=2"), in key order.
  struct Orphans {
    int64_t count = 0;
    std::vector<std::string> sample;
  };
  virtual Result<Orphans> FindOrphans(const TableSchema& table, const ForeignKeySchema& fk, size_t sample) {
    return Status::Unsupported(DisplayName() + " has no foreign keys");
  }
  // Sets `columns` of `table` from the rows of `staging` with the same
  // primary key (the second pass that closes foreign-key cycles). Where the
  // sink cannot set a row that references a row the same statement sets
  // (Dialect::UpdateChecksAgainstStoredRows: DuckDB), the self-references
  // among `columns` are set level by level from the rows they point at;
  // rows that point at themselves, at a cycle of rows or at no row keep
  // NULL and are counted in `rows_left`.
  struct ColumnsSet {
    std::vector<std::string> sql;           // what it ran, for the report
    int64_t rows_left = 0;                  // rows whose columns could not be set
    std::vector<std::string> sample_left;   // their keys ("id=7"), first few in key order
  };
  virtual Result<ColumnsSet> SetColumnsFrom(const TableSchema& table, const std::string& staging,
                                            const std::vector<std::string>& columns) {
    return Status::Unsupported(DisplayName() + " cannot update rows");
  }

  // Called once when a run has loaded every table and made every key,
  // index and foreign key (after the count check), before its checkpoints
  // go: a sink that seals what it wrote (an archive's manifest) does it
  // here. Not called on a dry run or a failed run.
  virtual Status Finish() { return Status::OK(); }

  // Resume::kAfterDurableData: the checkpoint file's path.
  virtual std::string CheckpointPath() const { return ""; }
  // Resume::kInDataTransaction: the database that holds ferry's checkpoint
  // table next to the data. Null for other sinks.
  virtual Database* CheckpointDatabase() { return nullptr; }
};

// A SQL database as a sink: each op is its dialect's DDL, run on the
// database's own connection. `db` may be null for a dry run onto a
// database that does not exist yet: it then holds nothing, and describes
// but cannot apply.
std::unique_ptr<Sink> MakeSqlSink(std::unique_ptr<Database> db, std::unique_ptr<Dialect> dialect_if_no_db = nullptr);

// The sink a URI names: a SQL database (registry.cc) or a folder of data
// files. `dry_run` opens nothing for writing and creates nothing.
Result<std::unique_ptr<Sink>> OpenSink(const Uri& uri, bool dry_run);

}  // namespace ferry
