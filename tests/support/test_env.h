// Test environment: real PostgreSQL 15 and MariaDB 10.11 servers started on
// loopback in a temp dir the first time a test asks for one, stopped when
// the test binary exits; temp files for SQLite/DuckDB; a plain SQL client
// per engine (its own C library, not ferry's readers) to set up and assert;
// and a runner for the ferry binary. Servers are shared by the tests of one
// binary; each test makes its own database with FreshDatabase().
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ferry::test {

// Credentials the harness creates on both servers (a password login over
// TCP, so wrong-password tests are real).
inline constexpr const char* kUser = "ferry";
inline constexpr const char* kPassword = "ferry-test-pw";

// A temp directory removed at exit; each call returns a new empty one.
std::string TempDir();

// Starts the server on first use; returns its TCP port. Aborts the test
// binary with a clear message when the server cannot start.
int PostgresPort();
int MariadbPort();
// The test MariaDB serves TLS with a certificate for 127.0.0.1 and localhost
// signed by a private CA. This directory holds ca.pem (that CA) and
// other-ca.pem (an unrelated CA, for verification failures).
std::string MariadbTlsDir();

// Creates (dropping any old one) a database named after the running test on
// the engine and returns its URI: "postgres", "mysql", "sqlite", "duckdb".
// For sqlite/duckdb it is a fresh file in a temp dir.
std::string FreshDatabase(const std::string& engine, const std::string& suffix = "");

// One result row; nullopt is SQL NULL. Values are each engine's own text
// rendering of the value (libpq text format, MariaDB text protocol, SQLite
// sqlite3_column_text, DuckDB's varchar cast).
using Row = std::vector<std::optional<std::string>>;

// Runs `sql` (several statements allowed, separated by ';' at line ends for
// sqlite/duckdb/mysql-multi) with the engine's own client library; aborts the
// test on error. Returns the rows of the last statement.
std::vector<Row> Query(const std::string& uri, const std::string& sql);
// Rows of `sql` as "a|b|c" text (NULL as NULL), sorted: for comparing
// whole tables with expected lines whatever order the engine returns.
std::vector<std::string> SortedRows(const std::string& uri, const std::string& sql);
// `lines` sorted, to compare with SortedRows.
std::vector<std::string> Sorted(std::vector<std::string> lines);
// Same, but returns the error text instead of aborting ("" when it worked).
std::string TryExec(const std::string& uri, const std::string& sql);

struct RunResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};
// A loopback port free now for `socket_type` (SOCK_STREAM, SOCK_DGRAM).
int FreeLoopbackPort(int socket_type);
// Runs the ferry binary (path from $FERRY_BIN) with `args`, no shell.
RunResult RunFerry(const std::vector<std::string>& args);
// Same, calling `during(pid)` while ferry runs (to kill it, or restart a
// server under it); then waits for it. A ferry killed by signal S exits
// 128 + S.
RunResult RunFerryWhile(const std::vector<std::string>& args, const std::function<void(int pid)>& during);

// Stops the test server of `engine` ("postgres", "mysql") as a restart does
// (fast shutdown / SIGTERM: connections drop mid-statement, open
// transactions roll back), keeps it down for `down_seconds`, and starts it
// again on the same port. (A hard kill would lose commits: the test servers
// run with fsync and commit flushing off for speed.)
void RestartServer(const std::string& engine, double down_seconds);

}  // namespace ferry::test
