// The engine registry: the one place that knows every engine. Adding an
// engine adds its includes and one line in each function here.
#include <filesystem>

#include "engines/archive/archive_database.h"
#include "engines/archive/archive_sink.h"
#include "engines/archive/dialect.h"
#include "engines/duckdb/dialect.h"
#include "engines/duckdb/duckdb_database.h"
#include "engines/engine.h"
#include "engines/files/dialect.h"
#include "engines/files/file_source.h"
#include "engines/files/files_sink.h"
#include "engines/hep/capture_source.h"
#include "engines/hep/hep_sink.h"
#include "engines/mysql/dialect.h"
#include "engines/mysql/mysql_database.h"
#include "engines/postgres/dialect.h"
#include "engines/postgres/postgres_database.h"
#include "engines/sink.h"
#include "engines/sqlite/dialect.h"
#include "engines/sqlite/sqlite_database.h"

namespace ferry {

namespace {

bool IsFilesScheme(const std::string& scheme) { return scheme == "csv" || scheme == "jsonl" || scheme == "parquet"; }
bool IsHepScheme(const std::string& scheme) { return scheme == "hep+udp" || scheme == "hep+tcp"; }

}  // namespace

Result<std::unique_ptr<Database>> OpenDatabase(const Uri& uri, AccessMode mode) {
  if (uri.scheme == "sqlite") return sqlite::OpenSqlite(uri, mode);
  if (uri.scheme == "postgres") return postgres::OpenPostgres(uri, mode);
  if (uri.scheme == "mysql") return mysql::OpenMysql(uri, mode);
  if (uri.scheme == "duckdb") return duckdb::OpenDuckdb(uri, mode);
  if (uri.scheme == "archive") return archive::OpenArchiveDatabase(uri, mode);
  if (IsFilesScheme(uri.scheme)) {
    if (mode != AccessMode::kReadOnly)
      return Status::Internal(uri.scheme + " folders are written through their sink, not as a database");
    return files::OpenFileSource(uri);
  }
  // As a source, a HEP URI is where to listen (capture_source.h).
  if (IsHepScheme(uri.scheme)) return hep::OpenHepCapture(uri);
  return Status::InvalidInput("no engine for scheme '" + uri.scheme + "'");
}

Result<std::unique_ptr<Sink>> OpenSink(const Uri& uri, bool dry_run) {
  if (IsFilesScheme(uri.scheme)) return files::OpenFilesSink(uri, dry_run);
  if (IsHepScheme(uri.scheme)) return hep::OpenHepSink(uri, dry_run);
  if (uri.scheme == "archive") return archive::OpenArchiveSink(uri, dry_run);
  // A dry run onto an embedded database that does not exist yet creates
  // nothing: the sink then holds no tables.
  const bool embedded = uri.scheme == "sqlite" || uri.scheme == "duckdb";
  if (dry_run && embedded && !std::filesystem::exists(uri.path)) {
    FERRY_ASSIGN_OR_RETURN(auto dialect, MakeDialect(uri.scheme));
    return MakeSqlSink(nullptr, std::move(dialect));
  }
  FERRY_ASSIGN_OR_RETURN(auto db, OpenDatabase(uri, dry_run ? AccessMode::kReadOnly : AccessMode::kReadWrite));
  return MakeSqlSink(std::move(db));
}

Result<std::unique_ptr<Dialect>> MakeDialect(std::string_view engine) {
  if (engine == "sqlite") return std::unique_ptr<Dialect>(new sqlite::SqliteDialect());
  if (engine == "postgres") return std::unique_ptr<Dialect>(new postgres::PostgresDialect());
  if (engine == "mysql") return std::unique_ptr<Dialect>(new mysql::MysqlDialect());
  if (engine == "duckdb") return std::unique_ptr<Dialect>(new duckdb::DuckdbDialect());
  if (engine == "archive") return std::unique_ptr<Dialect>(new archive::ArchiveDialect());
  if (engine == "csv" || engine == "jsonl" || engine == "parquet") return std::unique_ptr<Dialect>(new files::FilesDialect(std::string(engine)));
  return Status::InvalidInput("unknown engine '" + std::string(engine) +
                              "' (known: sqlite, postgres, mysql, duckdb, csv, jsonl, parquet, archive)");
}

}  // namespace ferry
