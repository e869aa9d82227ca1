#include "engines/postgres/postgres_database.h"

#include <cstdlib>
#include <future>
#include <mutex>

#include "engines/postgres/connection.h"
#include "engines/postgres/dialect.h"
#include "engines/postgres/introspect.h"
#include "engines/postgres/reader.h"
#include "engines/postgres/writer.h"

namespace ferry::postgres {

namespace {

class PostgresDatabase : public Database {
 public:
  PostgresDatabase(Uri uri, AccessMode mode, PgConn conn, std::string snapshot)
      : uri_(std::move(uri)), mode_(mode), schema_(SchemaOf(uri_)), conn_(std::move(conn)),
        snapshot_(std::move(snapshot)) {
    // The first writer's connection is opened now, in the background, so
    // its authentication and session setup (about 20 ms on loopback with
    // SCRAM, a round trip or more per step on a remote server) overlap
    // the introspection and DDL that run on conn_ first.
    if (mode_ == AccessMode::kReadWrite)
      spare_ = std::async(std::launch::async, [uri = uri_] { return Connect(uri, AccessMode::kReadWrite); });
  }

  const Dialect& dialect() const override { return dialect_; }
  std::string DisplayName() const override { return uri_.Redacted(); }

  Result<Catalog> Introspect() override {
    std::lock_guard lock(mu_);
    return IntrospectSchema(conn_.get(), uri_, schema_, code());
  }

  Result<std::unique_ptr<TableReader>> OpenReader(const ReadSpec& spec) override {
    return OpenPostgresReader(uri_, mode_, schema_, snapshot_, spec);
  }

  Result<std::unique_ptr<TableWriter>> OpenWriter(const WriteSpec& spec) override {
    if (mode_ == AccessMode::kReadOnly)
      return Status::Internal("postgres: " + uri_.Redacted() + " is opened read-only (a source)");
    PgConn conn;
    {
      std::lock_guard lock(spare_mu_);
      // A spare that failed to connect is dropped: the writer connects
      // itself and reports that attempt's error.
      if (spare_.valid())
        if (Result<PgConn> spare = spare_.get(); spare.ok()) conn = std::move(*spare);
    }
    return OpenPostgresWriter(uri_, schema_, spec, std::move(conn));
  }

  Status Execute(const std::string& sql) override {
    std::lock_guard lock(mu_);
    auto res = Run(sql, code(), "postgres: " + FirstLine(sql));
    return res.ok() ? Status::OK() : res.status();
  }

  Result<int64_t> CountRows(const std::string& table) override {
    std::lock_guard lock(mu_);
    FERRY_ASSIGN_OR_RETURN(PgResult res, Run(
                                              "SELECT count(*) FROM " + Qualified(table), code(),
                                              "postgres: count rows of " + table));
    return static_cast<int64_t>(std::strtoll(PQgetvalue(res.get(), 0, 0), nullptr, 10));
  }

  Result<int64_t> QueryInt(const std::string& sql) override {
    std::lock_guard lock(mu_);
    FERRY_ASSIGN_OR_RETURN(PgResult res, Run(sql, code(), "postgres: " + FirstLine(sql)));
    if (PQntuples(res.get()) == 0 || PQgetisnull(res.get(), 0, 0)) return int64_t{0};
    return static_cast<int64_t>(std::strtoll(PQgetvalue(res.get(), 0, 0), nullptr, 10));
  }

  Result<TextRows> QueryText(const std::string& sql) override {
    std::lock_guard lock(mu_);
    FERRY_ASSIGN_OR_RETURN(PgResult res, Run(sql, code(), "postgres: " + FirstLine(sql)));
    TextRows rows(PQntuples(res.get()), std::vector<std::optional<std::string>>(PQnfields(res.get())));
    for (int r = 0; r < PQntuples(res.get()); ++r)
      for (int c = 0; c < PQnfields(res.get()); ++c)
        if (!PQgetisnull(res.get(), r, c)) rows[r][c] = std::string(PQgetvalue(res.get(), r, c), PQgetlength(res.get(), r, c));
    return rows;
  }

  Result<std::optional<std::pair<int64_t, int64_t>>> KeyBounds(const std::string& table,
                                                               const std::string& column) override {
    std::lock_guard lock(mu_);
    std::string col = QuoteIdentifier(column);
    FERRY_ASSIGN_OR_RETURN(
        PgResult res,
        Run(
             "SELECT min(" + col + ")::int8, max(" + col + ")::int8 FROM " + Qualified(table),
             code(), "postgres: key bounds of " + table + "." + column));
    if (PQgetisnull(res.get(), 0, 0)) return std::optional<std::pair<int64_t, int64_t>>();
    return std::optional<std::pair<int64_t, int64_t>>(
        std::make_pair(static_cast<int64_t>(std::strtoll(PQgetvalue(res.get(), 0, 0), nullptr, 10)),
                       static_cast<int64_t>(std::strtoll(PQgetvalue(res.get(), 0, 1), nullptr, 10))));
  }

  // setval on the column's sequence (serial or identity alike); a column
  // without one makes pg_get_serial_sequence NULL and setval a no-op.
  Result<std::string> ResetAutoIncrement(const TableSchema& table,
                                         const ColumnSchema& column) override {
    std::lock_guard lock(mu_);
    std::string qualified = Qualified(table.name);
    // The source's next value when it kept one past max + 1 (ids given
    // out and deleted are not given out again).
    std::string sql = "SELECT setval(pg_get_serial_sequence(" + QuoteLiteral(qualified) + ", " +
                      QuoteLiteral(column.name) + "), GREATEST(COALESCE(max(" + QuoteIdentifier(column.name) +
                      "), 0) + 1, " + std::to_string(column.next_value.value_or(1)) + "), false) FROM " + qualified;
    FERRY_ASSIGN_OR_RETURN(PgResult res, Run(sql, code(),
                                              "postgres: reset auto-increment of " + table.name +
                                                  "." + column.name));
    return sql;
  }

 private:
  // One statement on the Database's own connection. A target whose server
  // went away (restart, failover) is reconnected once and the statement run
  // again, so the run can go on from its checkpoints; a source is not: its
  // snapshot died with the connection.
  Result<PgResult> Run(const std::string& sql, StatusCode fail_code, const std::string& what) {
    auto res = Exec(conn_.get(), uri_, sql, fail_code, what);
    if (res.ok() || mode_ != AccessMode::kReadWrite || PQstatus(conn_.get()) == CONNECTION_OK) return res;
    auto fresh = Connect(uri_, mode_);
    if (!fresh.ok()) return res;
    conn_ = std::move(*fresh);
    return Exec(conn_.get(), uri_, sql, fail_code, what);
  }

  StatusCode code() const {
    return mode_ == AccessMode::kReadOnly ? StatusCode::kSource : StatusCode::kTarget;
  }
  std::string Qualified(const std::string& table) const {
    return QuoteIdentifier(schema_) + "." + QuoteIdentifier(table);
  }
  static std::string FirstLine(const std::string& sql) {
    std::string s = sql.substr(0, sql.find('\n'));
    return s.size() > 120 ? s.substr(0, 120) + "..." : s;
  }

  Uri uri_;
  AccessMode mode_;
  std::string schema_;
  PgConn conn_;
  std::string snapshot_;
  PostgresDialect dialect_;
  std::mutex mu_;  // guards conn_: the Database's own statements
  std::mutex spare_mu_;
  std::future<Result<PgConn>> spare_;  // the first writer's connection, being opened
};

}  // namespace

Result<std::unique_ptr<Database>> OpenPostgres(const Uri& uri, AccessMode mode) {
  FERRY_ASSIGN_OR_RETURN(PgConn conn, Connect(uri, mode));
  std::string schema = SchemaOf(uri);
  std::string snapshot;
  if (mode == AccessMode::kReadOnly) {
    // Held open for the Database's life: the exported snapshot lives only
    // as long as this transaction.
    FERRY_ASSIGN_OR_RETURN(
        PgResult res, Exec(conn.get(), uri,
                           "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; "
                           "SELECT pg_export_snapshot()",
                           StatusCode::kSource, "postgres: cannot take a snapshot of " + uri.Redacted()));
    snapshot = PQgetvalue(res.get(), 0, 0);
    FERRY_ASSIGN_OR_RETURN(PgResult ns, ExecParams(conn.get(), uri,
                                                   "SELECT 1 FROM pg_namespace WHERE nspname = $1",
                                                   {schema}, StatusCode::kSource, "postgres"));
    if (PQntuples(ns.get()) == 0)
      return Status::NotFound("postgres: schema " + schema + " does not exist in " + uri.Redacted());
  } else {
    FERRY_ASSIGN_OR_RETURN(PgResult ns, ExecParams(conn.get(), uri,
                                                   "SELECT 1 FROM pg_namespace WHERE nspname = $1",
                                                   {schema}, StatusCode::kTarget, "postgres"));
    if (PQntuples(ns.get()) == 0) {
      FERRY_ASSIGN_OR_RETURN(
          PgResult created,
          Exec(conn.get(), uri, "CREATE SCHEMA " + QuoteIdentifier(schema), StatusCode::kTarget,
               "postgres: cannot create schema " + schema + " in " + uri.Redacted()));
    }
  }
  return std::unique_ptr<Database>(new PostgresDatabase(uri, mode, std::move(conn), snapshot));
}

}  // namespace ferry::postgres
