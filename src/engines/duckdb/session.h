// Session: one duckdb_connection on a shared duckdb_database, set to UTC,
// plus small helpers to run SQL and read short results as text. Used for
// introspection, DDL and the readers' and writers' own connections (DuckDB
// connections on one database are thread-safe to create; each Session is
// used by one thread at a time). Errors carry DuckDB's message and a code:
// data faults (conversion, constraint, out of range) become kData.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "engines/duckdb/handles.h"

namespace ferry::duckdb {

using TextRow = std::vector<std::optional<std::string>>;

class Session {
 public:
  // Connects to `db` and sets TimeZone to UTC. `fail_code` is the code of
  // errors that are not data faults (kSource for sources, kTarget for targets).
  static Result<Session> Connect(duckdb_database db, StatusCode fail_code);

  duckdb_connection get() const { return con_.get(); }
  StatusCode fail_code() const { return fail_code_; }

  // Runs one or more statements; the last one's rows are dropped.
  Status Exec(const std::string& sql) const;
  // Runs one statement and returns the number of rows it changed.
  Result<int64_t> ExecCount(const std::string& sql) const;
  // Runs `sql` and returns every value as text (NULL -> nullopt). Lists and
  // structs must be converted by the query (to_json(x)::VARCHAR).
  Result<std::vector<TextRow>> QueryText(const std::string& sql) const;

  // The Status for a failed duckdb_result (kData for data faults).
  Status ResultError(duckdb_result* result, const std::string& context) const;

 private:
  ConnectionHandle con_;
  StatusCode fail_code_ = StatusCode::kTarget;
};

// True for DuckDB error types that mean "this value or row is refused".
bool IsDataError(duckdb_error_type type);

}  // namespace ferry::duckdb
