#include "cli/version.h"

#include <libpq-fe.h>
#include <mysql.h>
#include <sqlite3.h>

#include "engines/duckdb/api.h"
#include "git_commit.h"

namespace ferry::cli {

namespace {

// PQlibVersion's 150018 as "15.18" (10 and later: major * 10000 + minor).
std::string LibpqVersion() {
  const int v = PQlibVersion();
  return std::to_string(v / 10000) + "." + std::to_string(v % 10000);
}

// DuckDB's version, or why its library cannot be loaded: --version is
// where a user looks when an install is broken.
std::string DuckdbVersion() {
  Status loaded = duckdb::LoadApi();
  return loaded.ok() ? duckdb::Api().duckdb_library_version() : "(not loaded: " + loaded.message() + ")";
}

}  // namespace

std::string VersionText() {
  return std::string("ferry ") + FERRY_VERSION + " (git " + FERRY_GIT_COMMIT + ")\n" + "DuckDB " +
         DuckdbVersion() + ", libpq " + LibpqVersion() + ", MariaDB Connector/C " + mysql_get_client_info() +
         ", SQLite " + sqlite3_libversion();
}

}  // namespace ferry::cli
