#include "engines/archive/parquet_rows.h"

#include <cstdlib>

#include "engines/duckdb/api.h"
#include "engines/duckdb/dialect.h"
#include "engines/duckdb/handles.h"
#include "engines/duckdb/session.h"

namespace ferry::archive {

Result<int64_t> CountParquetRows(const std::string& path) {
  namespace ddb = ferry::duckdb;
  FERRY_RETURN_NOT_OK(ddb::LoadApi());
  ddb::DatabaseHandle db;
  if (ddb::Api().duckdb_open(nullptr, db.out()) != DuckDBSuccess)
    return Status::Internal("cannot open an in-memory DuckDB");
  FERRY_ASSIGN_OR_RETURN(ddb::Session session, ddb::Session::Connect(db.get(), StatusCode::kSource));
  auto rows = session.QueryText("SELECT count(*) FROM read_parquet(" + ddb::DuckdbDialect().QuoteString(path) + ")");
  if (!rows.ok()) return Status::Source(path + " cannot be read as Parquet: " + rows.status().message());
  if (rows->empty() || !(*rows)[0][0]) return Status::Source(path + ": no row count");
  return static_cast<int64_t>(std::strtoll((*rows)[0][0]->c_str(), nullptr, 10));
}

}  // namespace ferry::archive
