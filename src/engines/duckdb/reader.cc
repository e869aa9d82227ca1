#include "engines/duckdb/reader.h"

#include <algorithm>
#include <cstring>

#include "engines/duckdb/api.h"
#include "engines/duckdb/dialect.h"
#include "engines/duckdb/introspect.h"
#include "engines/duckdb/vector_fill.h"

namespace ferry::duckdb {
namespace {

// The select-list expression for `col` and the vector layout it yields.
std::pair<std::string, Reader::Kind> ReadExpr(const DuckdbDialect& dialect, const ColumnSchema& col) {
  const std::string q = dialect.QuoteIdent(col.name);
  using K = Reader::Kind;
  switch (col.type.id) {
    case TypeId::kBool: return {"CAST(" + q + " AS BOOLEAN)", K::kBool};
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64: return {"CAST(" + q + " AS BIGINT)", K::kInt64};
    case TypeId::kFloat32:
    case TypeId::kFloat64: return {"CAST(" + q + " AS DOUBLE)", K::kDouble};
    case TypeId::kDate: return {"CAST(" + q + " AS DATE)", K::kInt32Date};
    case TypeId::kTime: return {"CAST(" + q + " AS TIME)", K::kMicros};
    // TIMESTAMP_NS is cut to microseconds, the finest unit ferry carries.
    case TypeId::kTimestamp: return {"CAST(" + q + " AS TIMESTAMP)", K::kMicros};
    case TypeId::kTimestampTz: return {"CAST(" + q + " AS TIMESTAMPTZ)", K::kMicros};
    case TypeId::kInterval: return {"CAST(" + q + " AS INTERVAL)", K::kInterval};
    case TypeId::kBytes: return {"CAST(" + q + " AS BLOB)", K::kString};
    case TypeId::kJson:
      if (IsNestedNative(col.native_type)) return {"to_json(" + q + ")::VARCHAR", K::kString};
      return {"CAST(" + q + " AS VARCHAR)", K::kString};
    default: return {"CAST(" + q + " AS VARCHAR)", K::kString};
  }
}

duckdb_type ExpectedType(Reader::Kind kind, TypeId id) {
  using K = Reader::Kind;
  switch (kind) {
    case K::kBool: return DUCKDB_TYPE_BOOLEAN;
    case K::kInt64: return DUCKDB_TYPE_BIGINT;
    case K::kInt32Date: return DUCKDB_TYPE_DATE;
    case K::kDouble: return DUCKDB_TYPE_DOUBLE;
    case K::kMicros:
      return id == TypeId::kTime ? DUCKDB_TYPE_TIME
             : id == TypeId::kTimestamp ? DUCKDB_TYPE_TIMESTAMP
                                        : DUCKDB_TYPE_TIMESTAMP_TZ;
    case K::kInterval: return DUCKDB_TYPE_INTERVAL;
    case K::kString: return id == TypeId::kBytes ? DUCKDB_TYPE_BLOB : DUCKDB_TYPE_VARCHAR;
  }
  return DUCKDB_TYPE_INVALID;
}


void AppendTwoDigits(std::string* out, int64_t v) {
  out->push_back(static_cast<char>('0' + v / 10));
  out->push_back(static_cast<char>('0' + v % 10));
}

void AppendUnit(std::string* out, int64_t value, const char* unit, bool* is_before) {
  if (value == 0) return;
  if (!out->empty()) out->push_back(' ');
  if (*is_before && value > 0) out->push_back('+');
  *out += std::to_string(value);
  out->push_back(' ');
  *out += unit;
  if (value != 1) out->push_back('s');
  *is_before = value < 0;
}

}  // namespace

void AppendPgInterval(std::string* out, int32_t months, int32_t days, int64_t micros) {
  // PostgreSQL's "postgres" IntervalStyle: units with the sign of their own
  // field, a '+' after a negative field, time as [-]HH:MM:SS[.ffffff].
  std::string text;
  bool is_before = false;
  AppendUnit(&text, months / 12, "year", &is_before);
  AppendUnit(&text, months % 12, "mon", &is_before);
  AppendUnit(&text, days, "day", &is_before);
  if (micros != 0 || text.empty()) {
    if (!text.empty()) text.push_back(' ');
    bool negative = micros < 0;
    uint64_t abs = negative ? 0 - static_cast<uint64_t>(micros) : static_cast<uint64_t>(micros);
    if (negative) {
      text.push_back('-');
    } else if (is_before) {
      text.push_back('+');
    }
    uint64_t hours = abs / 3600000000ULL;
    uint64_t rest = abs % 3600000000ULL;
    if (hours < 10) text.push_back('0');
    text += std::to_string(hours);
    text.push_back(':');
    AppendTwoDigits(&text, static_cast<int64_t>(rest / 60000000ULL));
    rest %= 60000000ULL;
    text.push_back(':');
    AppendTwoDigits(&text, static_cast<int64_t>(rest / 1000000ULL));
    uint64_t frac = rest % 1000000ULL;
    if (frac) {
      char buf[8];
      std::snprintf(buf, sizeof buf, ".%06llu", static_cast<unsigned long long>(frac));
      std::string f(buf);
      while (f.back() == '0') f.pop_back();
      text += f;
    }
  }
  *out += text;
}

Result<std::unique_ptr<Reader>> Reader::Open(duckdb_database db, const std::string& schema,
                                             const ReadSpec& spec) {
  std::unique_ptr<Reader> r(new Reader());
  const std::string where = "duckdb reader: table " + spec.table;
  auto session = Session::Connect(db, StatusCode::kSource);
  if (!session.ok()) return session.status().WithContext(where);
  r->session_ = std::move(session).value();
  r->spec_ = spec;
  DuckdbDialect dialect;
  std::string sql = "SELECT ";
  for (size_t i = 0; i < spec.columns.size(); ++i) {
    auto [expr, kind] = ReadExpr(dialect, spec.columns[i]);
    if (i) sql += ", ";
    sql += expr;
    r->kinds_.push_back(kind);
    r->fields_.push_back(Field{spec.columns[i].name, spec.columns[i].type});
  }
  if (spec.columns.empty()) sql += "1";
  sql += " FROM " + dialect.QuoteIdent(schema) + "." + dialect.QuoteIdent(spec.table);
  sql += ReadFilterSql(dialect, spec);

  // One snapshot for the reader's whole life.
  FERRY_RETURN_NOT_OK(r->session_.Exec("BEGIN TRANSACTION").WithContext(where));
  r->in_transaction_ = true;

  duckdb_prepared_statement* prep = r->prepared_.out();
  if (Api().duckdb_prepare(r->session_.get(), sql.c_str(), prep) != DuckDBSuccess) {
    const char* msg = Api().duckdb_prepare_error(*prep);
    return Status::Source(where + ": " + (msg ? msg : "prepare failed") + " (" + sql + ")");
  }
  duckdb_result* res = r->result_.out();
  // Streaming keeps memory bounded: DuckDB produces chunks as we fetch them.
  if (Api().duckdb_execute_prepared_streaming(*prep, res) != DuckDBSuccess)
    return r->session_.ResultError(res, where);
  for (size_t i = 0; i < r->kinds_.size(); ++i) {
    duckdb_type got = Api().duckdb_column_type(res, i);
    duckdb_type want = ExpectedType(r->kinds_[i], spec.columns[i].type.id);
    if (got != want)
      return Status::Internal(where + ": column " + spec.columns[i].name + " arrived as DuckDB type " +
                              std::to_string(got) + ", expected " + std::to_string(want));
  }
  return r;
}

Reader::~Reader() {
  chunk_.Reset();
  result_.Reset();
  prepared_.Reset();
  if (in_transaction_) (void)session_.Exec("ROLLBACK");
}

void Reader::CopySlice(RecordBatch* batch, idx_t from, idx_t n) {
  duckdb_data_chunk chunk = chunk_.get();
  std::string scratch;
  for (size_t c = 0; c < kinds_.size(); ++c) {
    Column& out = batch->column(c);
    duckdb_vector vec = Api().duckdb_data_chunk_get_vector(chunk, c);
    const uint64_t* validity = Api().duckdb_vector_get_validity(vec);
    void* data = Api().duckdb_vector_get_data(vec);
    const idx_t end = from + n;
    switch (kinds_[c]) {
      case Kind::kBool: {
        const bool* v = static_cast<const bool*>(data);
        for (idx_t row = from; row < end; ++row)
          RowValid(validity, row) ? out.AppendInt(v[row] ? 1 : 0) : out.AppendNull();
        break;
      }
      case Kind::kInt64:
      case Kind::kMicros: {
        const int64_t* v = static_cast<const int64_t*>(data);
        for (idx_t row = from; row < end; ++row)
          RowValid(validity, row) ? out.AppendInt(v[row]) : out.AppendNull();
        break;
      }
      case Kind::kInt32Date: {
        const int32_t* v = static_cast<const int32_t*>(data);
        for (idx_t row = from; row < end; ++row)
          RowValid(validity, row) ? out.AppendInt(v[row]) : out.AppendNull();
        break;
      }
      case Kind::kDouble: {
        const double* v = static_cast<const double*>(data);
        for (idx_t row = from; row < end; ++row)
          RowValid(validity, row) ? out.AppendDouble(v[row]) : out.AppendNull();
        break;
      }
      case Kind::kInterval: {
        const duckdb_interval* v = static_cast<const duckdb_interval*>(data);
        for (idx_t row = from; row < end; ++row) {
          if (!RowValid(validity, row)) {
            out.AppendNull();
            continue;
          }
          scratch.clear();
          AppendPgInterval(&scratch, v[row].months, v[row].days, v[row].micros);
          out.AppendString(scratch);
        }
        break;
      }
      case Kind::kString: {
        const duckdb_string_t* v = static_cast<const duckdb_string_t*>(data);
        for (idx_t row = from; row < end; ++row)
          RowValid(validity, row) ? out.AppendString(StringOf(v[row])) : out.AppendNull();
        break;
      }
    }
  }
  batch->SetRowCount(batch->num_rows() + n);
}

Result<bool> Reader::Next(RecordBatch* batch) {
  bool same_fields = batch->num_columns() == fields_.size();
  for (size_t i = 0; same_fields && i < fields_.size(); ++i)
    same_fields = batch->fields()[i].name == fields_[i].name && batch->fields()[i].type == fields_[i].type;
  if (!same_fields) {
    *batch = RecordBatch(fields_);
    for (size_t c = 0; c < fields_.size(); ++c) batch->column(c).Reserve(spec_.limits.max_rows);
  }
  batch->Reset();
  if (done_) return false;

  const BatchLimits& limits = spec_.limits;
  const size_t max_rows = std::max<size_t>(1, limits.max_rows);
  const size_t max_bytes = std::max<size_t>(1, limits.max_bytes);
  while (batch->num_rows() < max_rows) {
    if (chunk_pos_ >= chunk_size_) {
      chunk_.Reset();
      duckdb_data_chunk* slot = chunk_.out();
      *slot = Api().duckdb_fetch_chunk(result_.get());
      if (*slot == nullptr) {
        const char* err = Api().duckdb_result_error(result_.ptr());
        if (err && *err)
          return Status::Source("duckdb reader: table " + spec_.table + ": " + err);
        done_ = true;
        break;
      }
      chunk_size_ = Api().duckdb_data_chunk_get_size(*slot);
      chunk_pos_ = 0;
      continue;
    }
    // Cut by rows, then by bytes: the first slice of a batch probes the row
    // width, later slices take as many rows as the byte budget allows.
    const size_t rows = batch->num_rows();
    size_t take = std::min<size_t>(chunk_size_ - chunk_pos_, max_rows - rows);
    if (rows == 0) {
      take = std::min<size_t>(take, 64);
    } else {
      const size_t bytes = batch->ByteSize();
      if (bytes >= max_bytes) break;
      const size_t per_row = std::max<size_t>(1, bytes / rows);
      take = std::min(take, std::max<size_t>(1, (max_bytes - bytes) / per_row));
    }
    CopySlice(batch, chunk_pos_, take);
    chunk_pos_ += take;
  }
  return batch->num_rows() > 0;
}

}  // namespace ferry::duckdb
