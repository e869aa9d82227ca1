#include "engines/duckdb/duckdb_database.h"

#include <algorithm>
#include <sys/stat.h>

#include <mutex>

#include "engines/duckdb/api.h"
#include "engines/duckdb/dialect.h"
#include "engines/duckdb/introspect.h"
#include "engines/duckdb/load_memory.h"
#include "engines/duckdb/reader.h"
#include "engines/duckdb/session.h"
#include "engines/duckdb/writer.h"

namespace ferry::duckdb {
namespace {

class DuckdbDatabase : public Database {
 public:
  DuckdbDatabase(Uri uri, AccessMode mode, DatabaseHandle db, Session session, std::string schema)
      : uri_(std::move(uri)),
        mode_(mode),
        db_(std::move(db)),
        session_(std::move(session)),
        schema_(std::move(schema)) {}

  ~DuckdbDatabase() override {
    session_ = Session();  // disconnect before close
    db_.Reset();
  }

  const Dialect& dialect() const override { return dialect_; }
  std::string DisplayName() const override { return uri_.Redacted(); }

  Result<Catalog> Introspect() override {
    std::lock_guard<std::mutex> lock(mu_);
    auto catalog = IntrospectSchema(session_, schema_);
    if (!catalog.ok()) return catalog.status().WithContext("introspect " + DisplayName());
    return catalog;
  }

  Result<std::unique_ptr<TableReader>> OpenReader(const ReadSpec& spec) override {
    FERRY_ASSIGN_OR_RETURN(auto reader, Reader::Open(db_.get(), schema_, spec));
    return std::unique_ptr<TableReader>(std::move(reader));
  }

  Result<std::unique_ptr<TableWriter>> OpenWriter(const WriteSpec& spec) override {
    if (mode_ == AccessMode::kReadOnly)
      return Status::Internal("duckdb: " + DisplayName() + " is opened read-only; no writer");
    FERRY_ASSIGN_OR_RETURN(auto writer, Writer::Open(db_.get(), schema_, spec, &memory_));
    return std::unique_ptr<TableWriter>(std::move(writer));
  }

  Status Execute(const std::string& sql) override {
    std::lock_guard<std::mutex> lock(mu_);
    // The index phase's larger pool never lowers one the load raised.
    if (sql == dialect_.BeforeIndexesSql()) return memory_.AtLeast(session_, DuckdbDialect::kIndexMemoryBytes);
    return session_.Exec(sql);
  }

  Result<int64_t> CountRows(const std::string& table) override {
    std::lock_guard<std::mutex> lock(mu_);
    FERRY_ASSIGN_OR_RETURN(auto rows, session_.QueryText("SELECT count(*) FROM " + Qualified(table)));
    if (rows.empty() || !rows[0][0]) return Status(session_.fail_code(), "duckdb: count of " + table + " returned nothing");
    return static_cast<int64_t>(std::strtoll(rows[0][0]->c_str(), nullptr, 10));
  }

  Result<int64_t> QueryInt(const std::string& sql) override {
    std::lock_guard<std::mutex> lock(mu_);
    FERRY_ASSIGN_OR_RETURN(auto rows, session_.QueryText(sql));
    if (rows.empty() || rows[0].empty() || !rows[0][0]) return int64_t{0};
    return static_cast<int64_t>(std::strtoll(rows[0][0]->c_str(), nullptr, 10));
  }

  Result<TextRows> QueryText(const std::string& sql) override {
    std::lock_guard<std::mutex> lock(mu_);
    return session_.QueryText(sql);
  }

  Result<std::optional<std::pair<int64_t, int64_t>>> KeyBounds(const std::string& table,
                                                               const std::string& column) override {
    std::lock_guard<std::mutex> lock(mu_);
    const std::string col = dialect_.QuoteIdent(column);
    FERRY_ASSIGN_OR_RETURN(auto rows, session_.QueryText("SELECT CAST(min(" + col + ") AS BIGINT), CAST(max(" +
                                                         col + ") AS BIGINT) FROM " + Qualified(table)));
    if (rows.empty() || !rows[0][0] || !rows[0][1]) return std::optional<std::pair<int64_t, int64_t>>();
    return std::optional<std::pair<int64_t, int64_t>>(
        std::make_pair(std::strtoll(rows[0][0]->c_str(), nullptr, 10), std::strtoll(rows[0][1]->c_str(), nullptr, 10)));
  }

  Result<std::string> ResetAutoIncrement(const TableSchema& table, const ColumnSchema& column) override;

 private:
  std::string Qualified(const std::string& table) const {
    return dialect_.QuoteIdent(schema_) + "." + dialect_.QuoteIdent(table);
  }

  Uri uri_;
  AccessMode mode_;
  DuckdbDialect dialect_;
  DatabaseHandle db_;
  std::mutex mu_;  // guards session_
  Session session_;
  std::string schema_;
  LoadMemory memory_;  // the load's memory_limit (read-write only), shared by the writers
};

// DuckDB cannot restart a sequence (no ALTER SEQUENCE RESTART, no setval) and
// cannot replace one a column default depends on. So: a new sequence that
// starts at max+1 becomes the column default. Tables referenced by a foreign
// key cannot be altered at all in DuckDB; for those the existing sequence is
// advanced in one set-based statement (nextval over a range), which costs
// time linear in the gap but touches nothing else.
Result<std::string> DuckdbDatabase::ResetAutoIncrement(const TableSchema& table,
                                                       const ColumnSchema& column) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string where = "duckdb: reset auto-increment of " + table.name + "." + column.name;
  const std::string col = dialect_.QuoteIdent(column.name);
  FERRY_ASSIGN_OR_RETURN(auto max_rows,
                         session_.QueryText("SELECT CAST(max(" + col + ") AS BIGINT) FROM " + Qualified(table.name)));
  int64_t next = 1;
  if (!max_rows.empty() && max_rows[0][0]) next = std::strtoll(max_rows[0][0]->c_str(), nullptr, 10) + 1;
  next = std::max(next, column.next_value.value_or(1));  // the source's counter, when it kept one past max + 1

  const std::string seq = DuckdbDialect::SequenceName(table.name, column.name) + "_" + std::to_string(next);
  const std::string qseq = dialect_.QuoteIdent(schema_) + "." + dialect_.QuoteIdent(seq);
  const std::string create = "CREATE SEQUENCE IF NOT EXISTS " + qseq + " START WITH " + std::to_string(next);
  const std::string alter = "ALTER TABLE " + Qualified(table.name) + " ALTER COLUMN " + col +
                            " SET DEFAULT nextval(" + dialect_.QuoteString(qseq) + ")";
  FERRY_RETURN_NOT_OK(session_.Exec("BEGIN TRANSACTION").WithContext(where));
  Status st = session_.Exec(create);
  if (st.ok()) st = session_.Exec(alter);
  if (st.ok()) st = session_.Exec("COMMIT");
  if (st.ok()) return create + "; " + alter;
  (void)session_.Exec("ROLLBACK");

  // Fallback for tables other tables reference: advance the sequence the
  // current default names.
  FERRY_ASSIGN_OR_RETURN(
      auto def, session_.QueryText("SELECT column_default FROM duckdb_columns() WHERE database_name = "
                                   "current_database() AND schema_name = " + dialect_.QuoteString(schema_) +
                                   " AND table_name = " + dialect_.QuoteString(table.name) +
                                   " AND column_name = " + dialect_.QuoteString(column.name)));
  if (def.empty() || !def[0][0] || def[0][0]->rfind("nextval(", 0) != 0)
    return st.WithContext(where);
  const std::string arg = def[0][0]->substr(8, def[0][0]->size() - 9);  // 'name' with its quotes
  // The sequence's next value: last_value + 1, or its start when unused.
  FERRY_ASSIGN_OR_RETURN(
      auto state, session_.QueryText("SELECT start_value, last_value FROM duckdb_sequences() WHERE "
                                     "database_name = current_database() AND schema_name = " +
                                     dialect_.QuoteString(schema_) + " AND " + arg + " IN (sequence_name, '\"' || sequence_name || '\"')"));
  int64_t upcoming = 1;
  if (!state.empty()) {
    if (state[0][1]) {
      upcoming = std::strtoll(state[0][1]->c_str(), nullptr, 10) + 1;
    } else if (state[0][0]) {
      upcoming = std::strtoll(state[0][0]->c_str(), nullptr, 10);
    }
  }
  if (upcoming >= next) return std::string("-- sequence for " + table.name + "." + column.name + " already past max");
  // Walking costs about a second per ten million values: a gap beyond that
  // (keys hashed by --mask, sparse ids) is left as it is, and said so.
  constexpr int64_t kMaxWalk = 10'000'000;
  if (next - upcoming > kMaxWalk)
    return std::string("-- sequence for " + table.name + "." + column.name + " not advanced to " +
                       std::to_string(next) + ": DuckDB can only walk a sequence, and the gap is over " +
                       std::to_string(kMaxWalk) + " values; insert new rows with explicit keys");
  const std::string advance = "SELECT max(nextval(" + arg + ")) FROM range(" + std::to_string(next - upcoming) + ")";
  FERRY_RETURN_NOT_OK(session_.Exec(advance).WithContext(where));
  return advance;
}

}  // namespace

Result<std::unique_ptr<Database>> OpenDuckdb(const Uri& uri, AccessMode mode) {
  FERRY_RETURN_NOT_OK(LoadApi());
  const bool in_memory = uri.path.empty() || uri.path == ":memory:";
  const StatusCode fail = mode == AccessMode::kReadOnly ? StatusCode::kSource : StatusCode::kTarget;
  if (!in_memory && mode == AccessMode::kReadOnly) {
    // DuckDB would create a missing file; a source must exist.
    struct stat st;
    if (::stat(uri.path.c_str(), &st) != 0)
      return Status::NotFound("duckdb: database file " + uri.path + " does not exist");
  }
  ConfigHandle config;
  if (Api().duckdb_create_config(config.out()) != DuckDBSuccess)
    return Status(fail, "duckdb: cannot create a configuration");
  if (!in_memory) {
    const char* access = mode == AccessMode::kReadOnly ? "READ_ONLY" : "READ_WRITE";
    if (Api().duckdb_set_config(config.get(), "access_mode", access) != DuckDBSuccess)
      return Status(fail, "duckdb: cannot set access_mode");
  }
  if (mode == AccessMode::kReadWrite) {
    // Each Write commits on its own (DuckDB has no savepoints). Committed
    // rows stay in memory until a checkpoint writes them to the file: with
    // the default 16 MB threshold DuckDB checkpoints, compresses and reopens
    // row groups every few batches; with 1 GB a 1M-row load held ~400 MB.
    // 32 MB (measured at 1M rows of 400 bytes) is as fast as 1 GB and
    // keeps the footprint flat.
    if (Api().duckdb_set_config(config.get(), "checkpoint_threshold", "32MB") != DuckDBSuccess)
      return Status(fail, "duckdb: cannot set checkpoint_threshold");
    // DuckDB's buffer pool would take 80% of RAM; a copy streams, so a
    // small pool keeps ferry's footprint small (DuckDB spills to its temp
    // directory if needed); indexes are built after the data with more
    // (DuckdbDialect::BeforeIndexesSql). One thread: a load has one writer
    // per table, and each DuckDB thread keeps its own allocation caches.
    // Peak RSS of a 1M-row SQLite -> DuckDB copy (400-byte rows, 2 cores):
    // 406 MB with 256MB/1GB, 290 MB with 64MB/64MB, 232 MB adding one
    // thread, 187 MB with 32MB/32MB; none slower. The pool starts at
    // LoadMemory::kBaseBytes and grows with what the writers must pin.
    const std::string pool = std::to_string(LoadMemory::kBaseBytes >> 20) + "MB";
    if (Api().duckdb_set_config(config.get(), "memory_limit", pool.c_str()) != DuckDBSuccess)
      return Status(fail, "duckdb: cannot set memory_limit");
    if (Api().duckdb_set_config(config.get(), "threads", "1") != DuckDBSuccess)
      return Status(fail, "duckdb: cannot set threads");
  }
  DatabaseHandle db;
  char* error = nullptr;
  if (Api().duckdb_open_ext(in_memory ? nullptr : uri.path.c_str(), db.out(), config.get(), &error) !=
      DuckDBSuccess) {
    std::string msg = error ? error : "unknown error";
    if (error) Api().duckdb_free(error);
    db.Reset();
    return Status(fail, "duckdb: cannot open " + uri.Redacted() + ": " + RedactSecrets(msg, uri.password));
  }
  FERRY_ASSIGN_OR_RETURN(Session session, Session::Connect(db.get(), fail));
  std::string schema = "main";
  if (auto it = uri.params.find("schema"); it != uri.params.end() && !it->second.empty()) schema = it->second;
  if (schema != "main") {
    FERRY_RETURN_NOT_OK(session.Exec("SET schema = " + DuckdbDialect().QuoteString(schema)));
  }
  return std::unique_ptr<Database>(
      new DuckdbDatabase(uri, mode, std::move(db), std::move(session), std::move(schema)));
}

}  // namespace ferry::duckdb
