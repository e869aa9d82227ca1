// The engine registry: the one place that knows every engine. Adding an
// engine adds one include and one line here.
#include "engines/duckdb/duckdb_database.h"
#include "engines/engine.h"
#include "engines/mysql/mysql_database.h"
#include "engines/postgres/postgres_database.h"
#include "engines/sqlite/sqlite_database.h"

namespace ferry {

Result<std::unique_ptr<Database>> OpenDatabase(const Uri& uri, AccessMode mode) {
  if (uri.scheme == "sqlite") return sqlite::OpenSqlite(uri, mode);
  if (uri.scheme == "postgres") return postgres::OpenPostgres(uri, mode);
  if (uri.scheme == "mysql") return mysql::OpenMysql(uri, mode);
  if (uri.scheme == "duckdb") return duckdb::OpenDuckdb(uri, mode);
  return Status::InvalidInput("no engine for scheme '" + uri.scheme + "'");
}

}  // namespace ferry
