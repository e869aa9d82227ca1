#include "cli/version.h"

#include <duckdb.h>
#include <libpq-fe.h>
#include <mysql.h>
#include <sqlite3.h>

#include "git_commit.h"

namespace ferry::cli {

namespace {

// PQlibVersion's 150018 as "15.18" (10 and later: major * 10000 + minor).
std::string LibpqVersion() {
  const int v = PQlibVersion();
  return std::to_string(v / 10000) + "." + std::to_string(v % 10000);
}

}  // namespace

std::string VersionText() {
  return std::string("ferry ") + FERRY_VERSION + " (git " + FERRY_GIT_COMMIT + ")\n" +
         "DuckDB " + duckdb_library_version() + ", libpq " + LibpqVersion() + ", MariaDB Connector/C " +
         mysql_get_client_info() + ", SQLite " + sqlite3_libversion();
}

}  // namespace ferry::cli
