// The contract every engine implements: a Database (one per URI per run),
// its Dialect (types, quoting, DDL), and table readers and writers.
//
// Threads: a Database is created and introspected on the main thread. It
// may then hand out readers and writers from any thread; each reader and
// writer owns its own connection (embedded engines may share the file) and
// is used by one thread at a time. Every handle is RAII; destroying a writer
// that was not committed rolls its open transaction back.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/record_batch.h"
#include "core/result.h"
#include "core/schema.h"
#include "core/uri.h"
#include "engines/capabilities.h"

namespace ferry {

using TextRows = std::vector<std::vector<std::optional<std::string>>>;

enum class AccessMode {
  kReadOnly,   // sources: opened read-only; the source is never written
  kReadWrite,  // targets
};

// Native types, quoting and DDL of one SQL dialect. Stateless; thread-safe.
class Dialect {
 public:
  virtual ~Dialect() = default;
  virtual std::string_view name() const = 0;

  virtual std::string QuoteIdent(std::string_view identifier) const = 0;
  virtual std::string QuoteString(std::string_view text) const;  // 'it''s'
  // A literal that compares exactly with `column` (a date, timestamp or
  // timestamptz) holding `value` (days, or microseconds since 1970 UTC), for
  // resuming after a key; nullopt when the engine cannot promise that
  // (SQLite stores such values in whatever form the application chose).
  virtual std::optional<std::string> TemporalLiteral(const ColumnSchema& column,
                                                     int64_t value) const {
    return std::nullopt;
  }
  // `value` of a date/timestamp/timestamptz column as ISO text, quoted:
  // '2024-02-29', '2024-02-29 23:59:59.123456', '... 23:59:59.123456+00'.
  std::string QuotedTemporal(TypeId type, int64_t value) const;
  // The same with a cast, as PostgreSQL and DuckDB spell it
  // ('2024-02-29'::date); nullopt for other types.
  std::optional<std::string> CastTemporal(TypeId type, int64_t value) const;

  // The native column type that holds every value of `type` faithfully, or
  // kUnsupported naming the type. `auto_increment` asks for the engine's
  // key-assigning form where the type name carries it.
  virtual Result<std::string> NativeType(const LogicalType& type) const = 0;

  // The DEFAULT clause body for `column`, or nullopt when this dialect cannot
  // express it (the caller names it in the summary).
  virtual std::optional<std::string> DefaultSql(const ColumnSchema& column) const;

  // What a database of this engine can hold and how it loads, as a sink.
  // The default is PostgreSQL's: keys, indexes and FKs after the data,
  // concurrent writers, merges, checkpoints in the data's transaction.
  virtual SinkCapabilities Capabilities() const { return SinkCapabilities(); }

  // DDL, one statement per string, no trailing semicolon.
  // `with_keys` puts PRIMARY KEY (and, when Capabilities() says foreign keys
  // go inline, FOREIGN KEY) clauses inline.
  virtual Result<std::vector<std::string>> CreateTableSql(const TableSchema& table,
                                                          bool with_keys) const;
  virtual std::string DropTableSql(const std::string& table) const;
  virtual std::string AddPrimaryKeySql(const TableSchema& table) const;
  // An ordered index; prefix parts through IndexPrefixSql, hashed parts
  // (IndexSchema::hashed) through IndexHashSql. Other kinds are the
  // overriding dialect's (the planner asks for no kind a sink lacks).
  virtual std::string CreateIndexSql(const TableSchema& table, const IndexSchema& index) const;
  // An index part over the first `length` characters (bytes for binary
  // values) of `column`, or nullopt when the engine cannot index one.
  // Default: substr("col", 1, n) (PostgreSQL, SQLite, DuckDB).
  virtual std::optional<std::string> IndexPrefixSql(const ColumnSchema& column, int length) const;
  // An index part over a hash of `expr`, a text or bytes value; nullopt
  // when the engine has no hash function to index by.
  virtual std::optional<std::string> IndexHashSql(const std::string& expr) const { return std::nullopt; }
  // `validate` false: the rows already there are not checked (only where
  // SinkCapabilities::unvalidated_foreign_keys).
  virtual std::string AddForeignKeySql(const TableSchema& table, const ForeignKeySchema& fk,
                                       bool validate = true) const;
  // Names the engine gives objects it makes for `table` by itself and that
  // share the namespace of index names (PostgreSQL: "<table>_pkey" for the
  // primary key, "<table>_<column>_seq" for an identity column).
  virtual std::vector<std::string> ImplicitNames(const TableSchema& table) const { return {}; }
  // Empties `tables` (children before parents) for a data-only reload.
  // Default: DELETE FROM each, in order.
  virtual std::vector<std::string> EmptyTablesSql(const std::vector<std::string>& tables) const;
  // Sets `columns` of `table` from the same-named columns of `staging`,
  // joined on `key` (the second pass that closes FK cycles). Default:
  // UPDATE ... FROM (PostgreSQL, SQLite 3.33+, DuckDB).
  // `only_changed` adds a filter so rows whose columns already hold the
  // staging values are not touched (and not counted).
  virtual std::string UpdateFromSql(const std::string& table, const std::string& staging,
                                    const std::vector<std::string>& key,
                                    const std::vector<std::string>& columns,
                                    bool only_changed = false) const;
  // Whether an UPDATE of a column with an index (a foreign key's column has
  // one) deletes and re-inserts its rows and checks foreign keys against the
  // rows stored before the statement (DuckDB): a row then cannot be made to
  // reference a row the same statement updates, nor itself, and a row
  // another row references cannot be updated.
  virtual bool UpdateChecksAgainstStoredRows() const { return false; }
  // "a is different from b" where NULL equals NULL (IS DISTINCT FROM).
  virtual std::string DistinctSql(const std::string& a, const std::string& b) const;
  // Where ferry keeps its own tables (checkpoints): a schema of ferry's where
  // the engine has schemas ("ferry"), else "" (the target database itself).
  virtual std::string FerrySchema() const { return "ferry"; }
  // A statement that moves DDL just run out of the engine's log into its
  // main file, or "" when none is needed. DuckDB: CHECKPOINT, because its
  // WAL replay of DDL after a crash can fail and leave the file unopenable
  // (duckdb/duckdb#19712, #22044); ferry runs it after each DDL phase.
  virtual std::string SettleDdlSql() const { return ""; }
  // A statement run once before the first index is built, or "". DuckDB:
  // a larger memory_limit, as the load runs with a small buffer pool that an
  // index build outgrows ("Out of Memory Error").
  virtual std::string BeforeIndexesSql() const { return ""; }
  // Whether DDL runs inside a transaction (MySQL commits at each DDL).
  virtual bool TransactionalDdl() const { return true; }
  // Whether `failure` of a key, index or foreign key statement says only
  // that the object already exists: an interrupted run created it but died
  // before it could record the step (possible only without TransactionalDdl).
  virtual bool AlreadyExists(const Status& failure) const { return false; }
  // Server engines (whole-server backups): a query listing the server's
  // user databases, one per row (templates and system databases left out),
  // and the statement that creates database `name`. "" where the engine has
  // no server (one file is one database).
  virtual std::string ListDatabasesSql() const { return ""; }
  virtual std::string CreateDatabaseSql(const std::string& name) const { return ""; }
  // Engines with several schemas in a database: a query listing the schemas
  // that hold tables (system schemas and FerrySchema() left out), one per
  // row; "" where a database is one schema.
  virtual std::string ListSchemasSql() const { return ""; }

 protected:
  // The column definition: "name type [NOT NULL] [DEFAULT x]" plus the
  // dialect's auto-increment spelling.
  virtual Result<std::string> ColumnSql(const TableSchema& table, const ColumnSchema& column,
                                        bool with_keys) const;
  std::string QuoteIdentList(const std::vector<std::string>& names) const;
  // "[CONSTRAINT name] FOREIGN KEY (..) REFERENCES t (..) [ON DELETE ..]";
  // `with_actions` false for engines that refuse referential actions.
  std::string ForeignKeyClause(const ForeignKeySchema& fk, bool with_actions = true) const;
};

// What a reader reads: a table's columns in order, optionally a key range.
struct ReadSpec {
  std::string table;
  std::vector<ColumnSchema> columns;  // as introspected from this source
  // Half-open integer key range [lo, hi) on `range_column`; used to split a
  // big table across readers. Unset = the whole table.
  std::string range_column;
  std::optional<int64_t> range_lo, range_hi;
  // A row filter in the source's own SQL (--where, --since/--until), ANDed
  // with the range; empty = none. At most `limit` rows when set.
  std::string where;
  std::optional<int64_t> limit;
  // Resumable reads: rows come in `order_by` order, and only those whose
  // key is greater than `after` (SQL literals, one per order_by column; the
  // last key a previous run committed). Both empty = any order, all rows.
  std::vector<std::string> order_by;
  std::vector<std::string> after;
  BatchLimits limits;
};

// " WHERE <range> AND (<where>) AND (<key>) > (<after>) ORDER BY <key>
// LIMIT n" for a reader's SELECT, or "".
// Shared so every engine filters the same way.
std::string ReadFilterSql(const Dialect& dialect, const ReadSpec& spec);

class TableReader {
 public:
  virtual ~TableReader() = default;
  // Resets `batch` and fills it with up to limits rows. Returns false when
  // no rows were left (batch is then empty). The batch's fields are the
  // ReadSpec columns with their logical types. A value the reader cannot
  // represent becomes NULL plus a RowIssue on the batch.
  virtual Result<bool> Next(RecordBatch* batch) = 0;
};

// What happens to a row whose natural key already exists in the target.
enum class ConflictMode {
  kInsert,   // plain bulk load; a duplicate key is a rejected row
  kSkip,     // keep the target's row
  kUpdate,   // overwrite the target's row where any column differs
  kReplace,  // overwrite every matching target row, without comparing
  kError,    // stop the run at the first batch holding an existing key
};
std::string_view ConflictModeName(ConflictMode mode);

// What a writer writes into: an existing target table and the columns the
// batches carry, by name, in batch order.
struct WriteSpec {
  std::string table;
  std::vector<Field> columns;
  // Other than kInsert, each Write loads its rows into a temporary staging
  // table on the writer's connection and merges them into `table` by `key`
  // (columns among `columns`) with Dialect::MergeSql.
  ConflictMode on_conflict = ConflictMode::kInsert;
  std::vector<std::string> key;
  // Key columns that may hold NULL: matched NULL-safely (NULL meets NULL),
  // so a re-run of rows with a NULL in their key skips them too. The others
  // compare with '=', which keeps the engine's index and hash joins usable.
  std::vector<std::string> nullable_key;
  // Sinks that resume after durable data (files; see Sink::CheckpointPath):
  // what an interrupted run made durable of this table's data, in bytes; the
  // writer cuts the data back to it first (rows written after the last
  // checkpoint go). nullopt: start the table's data afresh.
  std::optional<int64_t> resume_bytes;
  // Targets without transactions: called by Commit() once the rows written
  // so far are durable, with the `checkpoint` of the last Write and the
  // data's durable size. Databases ignore it (their checkpoint commits in
  // the transaction).
  std::function<Status(const std::string& checkpoint, int64_t bytes)> on_durable;
  // Sinks that pace their own sends (SinkCapabilities::paces_sends): the
  // run's --rate, called with each small group's row count before it goes
  // (it sleeps until the schedule allows them). Null: unpaced.
  std::function<void(int64_t rows)> pace;
};

// One statement of a merge and what its affected-row count means.
struct MergeStep {
  enum class Counts { kInserted, kUpdated };
  std::string sql;
  Counts counts;
};

// The statements that merge the rows of `staging` into spec.table under
// spec.on_conflict, in order. Shared by every engine: UpdateFromSql, then
// INSERT ... SELECT ... WHERE NOT EXISTS, so the natural key needs no unique
// index (one helps speed). Empty for kInsert.
std::vector<MergeStep> MergeSql(const Dialect& dialect, const WriteSpec& spec,
                                const std::string& staging);

// What Writes did with their rows; rows neither inserted nor updated were
// skipped (their key existed and the mode kept the target's row).
struct WriteCounts {
  int64_t inserted = 0;
  int64_t updated = 0;
  int64_t skipped = 0;
  void Add(const WriteCounts& o) {
    inserted += o.inserted;
    updated += o.updated;
    skipped += o.skipped;
  }
};

class TableWriter {
 public:
  virtual ~TableWriter() = default;
  // Writes rows [begin, end) of `batch` atomically, together with the
  // statement `checkpoint` (run in the same transaction, after the rows;
  // "" for none): all of it lands or none does. A fault in the data (a value
  // or row the target refuses) returns kData with the target's message, so
  // the executor can bisect to the row; a key that exists under kError
  // returns kConflict; anything else (connection lost) returns kTarget.
  // Adds what happened to `counts` when given.
  Status Write(const RecordBatch& batch, size_t begin, size_t end,
               const std::string& checkpoint = "", WriteCounts* counts = nullptr);
  // Makes everything written so far durable. A streaming writer ends its
  // stream first (Flush()); callers flush themselves to learn its outcome.
  virtual Status Commit() = 0;
  // The task's last commit: no Write follows. Sinks whose data is only
  // readable once whole (a Parquet file's footer) finish it here.
  virtual Status Finish() { return Commit(); }

  // Streaming (PostgreSQL: one COPY across many writes, because the server
  // pays a fixed cost per COPY statement). A writer that Streams() also
  // takes WriteStreamed(), which is not atomic on its own: the rows go into
  // a bulk statement left open, and `checkpoint` is run at the next Flush(),
  // after them (each checkpoint names the task's whole progress, so only
  // the last one given runs). OK means taken, not landed. The outcome of
  // every streamed write since the last Flush() is known at the next one
  // (or at a WriteStreamed() that fails): OK, all landed; kData, the target
  // refused a row and the writer undid all of them (the transaction is as
  // it was before the first), so the caller writes those batches again with
  // Write(), which stays atomic, to find the row; any other code, the
  // target failed. Write() may not be called while rows are streamed and
  // not flushed.
  virtual bool Streams() const { return false; }
  virtual Status WriteStreamed(const RecordBatch& batch, const std::string& checkpoint) {
    return Status::Internal("this writer does not stream");
  }
  virtual Status Flush() { return Status::OK(); }

  // Rows the target itself reported storing into the table (PostgreSQL: each
  // COPY's command tag) in what this writer committed; nullopt when it
  // reports none. The executor's count check takes it instead of counting
  // a table this run made and filled in one session.
  virtual std::optional<int64_t> RowsStored() const { return std::nullopt; }

 protected:
  // Write() after its argument checks: begin < end <= batch.num_rows(), the
  // batch has the spec's columns, `counts` is not null.
  virtual Status DoWrite(const RecordBatch& batch, size_t begin, size_t end,
                         const std::string& checkpoint, WriteCounts* counts) = 0;
  // For DoWrite, once its `rows` rows are in (the table itself, or the
  // staging table `staging` when `merge` holds MergeSql's steps): merges
  // them and empties the staging table, then runs `checkpoint`, each
  // through `exec` (one statement in the open transaction, returning its
  // affected-row count). Fills `done`, which the caller adds to its counts
  // only once its transaction stands. Refuses existing keys under kError.
  static Status AfterRows(const WriteSpec& spec, const std::vector<MergeStep>& merge, const std::string& staging,
                          size_t rows, const std::string& checkpoint,
                          const std::function<Result<int64_t>(const std::string&)>& exec, WriteCounts* done);
};

class Database {
 public:
  virtual ~Database() = default;
  virtual const Dialect& dialect() const = 0;
  // The location as it may be printed (no password).
  virtual std::string DisplayName() const = 0;

  // Tables of the URI's database/schema (not system tables), with columns,
  // keys, indexes, FKs and row estimates.
  virtual Result<Catalog> Introspect() = 0;

  // Called once on a source before the data phase with the number of
  // readers the run will open, so engines that cannot share one snapshot
  // between sessions (MySQL) can start them together. Returns a note for
  // the log when the readers cannot share one snapshot ("" when they do).
  virtual Result<std::string> PrepareSnapshot(size_t readers) { return std::string(); }
  virtual Result<std::unique_ptr<TableReader>> OpenReader(const ReadSpec& spec) = 0;
  virtual Result<std::unique_ptr<TableWriter>> OpenWriter(const WriteSpec& spec) = 0;

  // Runs one statement (DDL, TRUNCATE) on the Database's own connection.
  virtual Status Execute(const std::string& sql) = 0;
  virtual Result<int64_t> CountRows(const std::string& table) = 0;
  // Runs a query whose first column of its first row is an integer (a
  // count) on the Database's own connection. Unqualified table names
  // resolve in the URI's schema. NULL reads as 0.
  virtual Result<int64_t> QueryInt(const std::string& sql) = 0;
  // Runs a query on the Database's own connection and returns every row as
  // text (NULL as nullopt). For ferry's own small tables (checkpoints).
  virtual Result<TextRows> QueryText(const std::string& sql) = 0;
  // min/max of an integer column, nullopt for an empty table.
  virtual Result<std::optional<std::pair<int64_t, int64_t>>> KeyBounds(
      const std::string& table, const std::string& column) = 0;
  // Sets the key generator of `column` (sequence, identity, AUTO_INCREMENT)
  // so the next generated value is max(column)+1. Returns the SQL it ran for
  // the log.
  virtual Result<std::string> ResetAutoIncrement(const TableSchema& table,
                                                 const ColumnSchema& column) = 0;
};

// The engine registry: scheme -> factory. One line per engine in registry.cc.
Result<std::unique_ptr<Database>> OpenDatabase(const Uri& uri, AccessMode mode);
// The dialect of an engine by scheme ("postgres", "mysql", "sqlite",
// "duckdb"), without connecting: for inspect --as and dry runs.
Result<std::unique_ptr<Dialect>> MakeDialect(std::string_view engine);

}  // namespace ferry
