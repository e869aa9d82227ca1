// The engine registry: the one place that knows every engine. Adding an
// engine adds its includes and one line in each function here.
#include "engines/duckdb/dialect.h"
#include "engines/duckdb/duckdb_database.h"
#include "engines/engine.h"
#include "engines/files/dialect.h"
#include "engines/files/files_database.h"
#include "engines/mysql/dialect.h"
#include "engines/mysql/mysql_database.h"
#include "engines/postgres/dialect.h"
#include "engines/postgres/postgres_database.h"
#include "engines/sqlite/dialect.h"
#include "engines/sqlite/sqlite_database.h"

namespace ferry {

Result<std::unique_ptr<Database>> OpenDatabase(const Uri& uri, AccessMode mode) {
  if (uri.scheme == "sqlite") return sqlite::OpenSqlite(uri, mode);
  if (uri.scheme == "postgres") return postgres::OpenPostgres(uri, mode);
  if (uri.scheme == "mysql") return mysql::OpenMysql(uri, mode);
  if (uri.scheme == "duckdb") return duckdb::OpenDuckdb(uri, mode);
  if (uri.scheme == "csv" || uri.scheme == "jsonl") return files::OpenFiles(uri, mode);
  return Status::InvalidInput("no engine for scheme '" + uri.scheme + "'");
}

Result<std::unique_ptr<Dialect>> MakeDialect(std::string_view engine) {
  if (engine == "sqlite") return std::unique_ptr<Dialect>(new sqlite::SqliteDialect());
  if (engine == "postgres") return std::unique_ptr<Dialect>(new postgres::PostgresDialect());
  if (engine == "mysql") return std::unique_ptr<Dialect>(new mysql::MysqlDialect());
  if (engine == "duckdb") return std::unique_ptr<Dialect>(new duckdb::DuckdbDialect());
  if (engine == "csv" || engine == "jsonl") return std::unique_ptr<Dialect>(new files::FilesDialect(std::string(engine)));
  return Status::InvalidInput("unknown engine '" + std::string(engine) +
                              "' (known: sqlite, postgres, mysql, duckdb, csv, jsonl)");
}

}  // namespace ferry
