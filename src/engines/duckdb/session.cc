#include "engines/duckdb/session.h"

#include "engines/duckdb/api.h"

namespace ferry::duckdb {

bool IsDataError(duckdb_error_type type) {
  switch (type) {
    case DUCKDB_ERROR_OUT_OF_RANGE:
    case DUCKDB_ERROR_CONVERSION:
    case DUCKDB_ERROR_DECIMAL:
    case DUCKDB_ERROR_MISMATCH_TYPE:
    case DUCKDB_ERROR_CONSTRAINT:
    case DUCKDB_ERROR_INVALID_INPUT:
      return true;
    default:
      return false;
  }
}

Result<Session> Session::Connect(duckdb_database db, StatusCode fail_code) {
  Session s;
  s.fail_code_ = fail_code;
  if (Api().duckdb_connect(db, s.con_.out()) != DuckDBSuccess)
    return Status(fail_code, "duckdb: cannot open a connection");
  // TimeZone in the open config fails (icu loads after the config is
  // applied), so it is set per connection: timestamptz text is then UTC.
  FERRY_RETURN_NOT_OK(s.Exec("SET TimeZone = 'UTC'"));
  return s;
}

Status Session::ResultError(duckdb_result* result, const std::string& context) const {
  const char* msg = Api().duckdb_result_error(result);
  std::string text = context + ": " + (msg ? msg : "unknown DuckDB error");
  StatusCode code = IsDataError(Api().duckdb_result_error_type(result)) ? StatusCode::kData : fail_code_;
  return Status(code, std::move(text));
}

Status Session::Exec(const std::string& sql) const {
  ResultHandle res;
  duckdb_result* r = res.out();
  if (Api().duckdb_query(con_.get(), sql.c_str(), r) != DuckDBSuccess)
    return ResultError(r, "duckdb: " + sql.substr(0, 200));
  return Status::OK();
}

Result<int64_t> Session::ExecCount(const std::string& sql) const {
  ResultHandle res;
  duckdb_result* r = res.out();
  if (Api().duckdb_query(con_.get(), sql.c_str(), r) != DuckDBSuccess)
    return ResultError(r, "duckdb: " + sql.substr(0, 200));
  return static_cast<int64_t>(Api().duckdb_rows_changed(r));
}

Result<std::vector<TextRow>> Session::QueryText(const std::string& sql) const {
  ResultHandle res;
  duckdb_result* r = res.out();
  if (Api().duckdb_query(con_.get(), sql.c_str(), r) != DuckDBSuccess)
    return ResultError(r, "duckdb: " + sql.substr(0, 200));
  idx_t cols = Api().duckdb_column_count(r);
  idx_t rows = Api().duckdb_row_count(r);
  std::vector<TextRow> out(rows, TextRow(cols));
  for (idx_t row = 0; row < rows; ++row) {
    for (idx_t col = 0; col < cols; ++col) {
      if (Api().duckdb_value_is_null(r, col, row)) continue;
      char* v = Api().duckdb_value_varchar(r, col, row);
      if (v) {
        out[row][col] = std::string(v);
        Api().duckdb_free(v);
      }
    }
  }
  return out;
}

}  // namespace ferry::duckdb
