#include "engines/mysql/writer.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "core/temporal.h"
#include "engines/mysql/dialect.h"

namespace ferry::mysql {

namespace {

constexpr char kStaging[] = "ferry_stage";  // the merge modes' temporary table

constexpr size_t kInsertStatementBytes = 1 << 20;

// Errnos that mean "LOCAL INFILE is not allowed here": switch to INSERT.
bool IsLocalInfileRefused(unsigned int err) {
  return err == 1148 /* ER_NOT_ALLOWED_COMMAND */ ||
         err == 4166 /* ER_LOAD_INFILE_CAPABILITY_DISABLED */ ||
         err == 3948 /* MySQL 8: loading local data is disabled */ ||
         err == 2068 /* CR_LOAD_DATA_LOCAL_INFILE_REJECTED */;
}

void AppendInt(std::string* out, int64_t v) {
  char buf[24];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, p);
}

// Shortest text that reads back as the same value. A float32 is printed as
// the double it converts to: the shortest float spelling of FLT_MAX
// ("3.4028235e+38") parses, as the double MySQL reads it, above FLT_MAX and
// is refused as out of range.
void AppendFloat(std::string* out, double v, bool single) {
  char buf[40];
  if (single) {
    double exact = static_cast<double>(static_cast<float>(v));
    if (std::isfinite(exact)) v = exact;  // else let the server refuse the range
  }
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, r.ptr);
}

// Bytes that LOAD DATA's escape rules must see escaped.
struct EscapeTable {
  char map[256] = {};
  EscapeTable() {
    map[static_cast<unsigned char>('\\')] = '\\';
    map[static_cast<unsigned char>('\t')] = 't';
    map[static_cast<unsigned char>('\n')] = 'n';
    map[static_cast<unsigned char>('\r')] = 'r';
    map[0] = '0';
  }
};
const EscapeTable kEscapes;

// The text form shared by LOAD DATA and INSERT for non-string values.
// Returns false for NaN/Infinity, which MySQL cannot store.
bool AppendScalar(std::string* out, const Column& col, TypeId id, size_t row) {
  switch (id) {
    case TypeId::kBool: out->push_back(col.Int(row) ? '1' : '0'); return true;
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64: AppendInt(out, col.Int(row)); return true;
    case TypeId::kFloat32:
    case TypeId::kFloat64: {
      double v = col.Double(row);
      if (!std::isfinite(v)) return false;
      AppendFloat(out, v, id == TypeId::kFloat32);
      return true;
    }
    case TypeId::kDate: AppendDate(out, col.Int(row)); return true;
    case TypeId::kTime: AppendTime(out, col.Int(row)); return true;
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: AppendTimestamp(out, col.Int(row)); return true;
    default: return true;
  }
}

bool IsQuotedScalar(TypeId id) {
  return id == TypeId::kDate || id == TypeId::kTime || id == TypeId::kTimestamp ||
         id == TypeId::kTimestampTz;
}

// First non-finite float in rows [begin, end), or -1.
Status CheckFinite(const RecordBatch& batch, size_t begin, size_t end, const std::string& table) {
  for (size_t c = 0; c < batch.num_columns(); ++c) {
    const Column& col = batch.column(c);
    if (col.kind() != PhysicalKind::kDouble) continue;
    for (size_t r = begin; r < end; ++r) {
      if (!col.IsNull(r) && !std::isfinite(col.Double(r)))
        return Status::Data("mysql writer: table " + table + ", column " +
                            batch.fields()[c].name + ", row " + std::to_string(r - begin + 1) +
                            ": NaN/Infinity cannot be stored in MySQL DOUBLE");
    }
  }
  return Status::OK();
}

}  // namespace

void AppendLoadDataEscaped(std::string* out, std::string_view v) {
  size_t start = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    char e = kEscapes.map[static_cast<unsigned char>(v[i])];
    if (!e) continue;
    out->append(v.data() + start, i - start);
    out->push_back('\\');
    out->push_back(e);
    start = i + 1;
  }
  out->append(v.data() + start, v.size() - start);
}

struct Writer::Feed {
  const RecordBatch* batch = nullptr;
  std::vector<TypeId> types;
  size_t row = 0, end = 0;
  std::string buf;
  size_t pos = 0;

  void FormatRow() {
    for (size_t c = 0; c < types.size(); ++c) {
      if (c) buf.push_back('\t');
      const Column& col = batch->column(c);
      if (col.IsNull(row)) {
        buf.append("\\N", 2);
        continue;
      }
      if (col.kind() == PhysicalKind::kString) AppendLoadDataEscaped(&buf, col.String(row));
      else AppendScalar(&buf, col, types[c], row);  // finiteness checked before
    }
    buf.push_back('\n');
    ++row;
  }
};

namespace {

int FeedInit(void** ptr, const char* /*filename*/, void* userdata) {
  *ptr = userdata;
  return 0;
}

int FeedRead(void* ptr, char* out, unsigned int len) {
  auto* feed = static_cast<Writer::Feed*>(ptr);
  if (feed->pos == feed->buf.size()) {
    feed->buf.clear();
    feed->pos = 0;
  }
  while (feed->buf.size() - feed->pos < len && feed->row < feed->end) feed->FormatRow();
  size_t n = std::min<size_t>(len, feed->buf.size() - feed->pos);
  std::memcpy(out, feed->buf.data() + feed->pos, n);
  feed->pos += n;
  return static_cast<int>(n);
}

void FeedEnd(void* /*ptr*/) {}

int FeedError(void* /*ptr*/, char* msg, unsigned int len) {
  std::snprintf(msg, len, "ferry local-infile feed failed");
  return 2000;  // CR_UNKNOWN_ERROR
}

}  // namespace

Result<std::unique_ptr<Writer>> Writer::Open(Connection conn, const WriteSpec& spec) {
  std::unique_ptr<Writer> w(new Writer(std::move(conn), spec));
  MysqlDialect d;
  // BIT(n) columns take LOAD DATA text as raw bytes: route them through a
  // user variable and CAST so "5" means 5.
  FERRY_ASSIGN_OR_RETURN(
      auto types, w->conn_.Query("SELECT COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS "
                                 "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '" +
                                 w->conn_.Escape(spec.table) + "'"));
  if (types.empty())
    return Status::NotFound("mysql writer: table " + spec.table + " does not exist in " +
                            w->conn_.display_name());
  w->bit_column_.assign(spec.columns.size(), false);
  for (size_t i = 0; i < spec.columns.size(); ++i)
    for (const auto& row : types)
      if (row[0] && *row[0] == spec.columns[i].name && row[1] && *row[1] == "bit")
        w->bit_column_[i] = true;

  // Merges stage each batch in a temporary table of the same column types,
  // private to this connection.
  const bool merge = spec.on_conflict != ConflictMode::kInsert;
  std::string into = d.QuoteIdent(spec.table);
  if (merge) {
    std::string list;
    for (size_t i = 0; i < spec.columns.size(); ++i) list += (i ? ", " : "") + d.QuoteIdent(spec.columns[i].name);
    FERRY_RETURN_NOT_OK(w->conn_.Exec("CREATE TEMPORARY TABLE " + std::string(kStaging) + " AS SELECT " + list +
                                      " FROM " + into + " LIMIT 0"));
    into = kStaging;
    w->merge_ = MergeSql(d, spec, kStaging);
  }
  std::string cols, sets;
  for (size_t i = 0; i < spec.columns.size(); ++i) {
    if (i) cols += ", ";
    std::string q = d.QuoteIdent(spec.columns[i].name);
    if (w->bit_column_[i]) {
      std::string var = "@ferry_v" + std::to_string(i);
      cols += var;
      sets += (sets.empty() ? " SET " : ", ") + q + " = CAST(" + var + " AS UNSIGNED)";
    } else {
      cols += q;
    }
  }
  w->load_sql_ = "LOAD DATA LOCAL INFILE 'ferry' INTO TABLE " + into +
                 " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' "
                 "LINES TERMINATED BY '\\n' (" + cols + ")" + sets;
  std::string plain_cols;
  for (size_t i = 0; i < spec.columns.size(); ++i)
    plain_cols += (i ? ", " : "") + d.QuoteIdent(spec.columns[i].name);
  w->insert_head_ = "INSERT INTO " + into + " (" + plain_cols + ") VALUES ";

  if (mysql_autocommit(w->conn_.get(), 0) != 0)
    return w->conn_.Error("mysql writer: table " + spec.table + ": autocommit off");
  return w;
}

Status Writer::Savepoint() { return conn_.Exec("SAVEPOINT ferry_write"); }

Status Writer::RollbackToSavepoint(Status cause) {
  Status s = conn_.Exec("ROLLBACK TO SAVEPOINT ferry_write");
  if (!s.ok()) return s.WithContext("after " + cause.message());
  return cause;
}

Status Writer::CheckWarnings(const std::string& what, uint64_t expected_rows) {
  MYSQL* m = conn_.get();
  unsigned int warnings = mysql_warning_count(m);
  uint64_t affected = mysql_affected_rows(m);
  if (warnings == 0 && affected == expected_rows) return Status::OK();
  std::string msg = "mysql writer: table " + spec_.table + ": " + what + " refused data: ";
  if (warnings == 0) {
    msg += std::to_string(affected) + " of " + std::to_string(expected_rows) + " rows stored";
  } else {
    auto rows = conn_.Query("SHOW WARNINGS LIMIT 5");
    if (!rows.ok()) return rows.status();
    msg += std::to_string(warnings) + " warning(s) (row numbers count from the call's first row)";
    for (const auto& r : *rows) {
      msg += "; ";
      msg += r.size() > 1 && r[1] ? *r[1] + ": " : "";
      msg += r.size() > 2 && r[2] ? *r[2] : "";
    }
  }
  return RollbackToSavepoint(Status::Data(RedactSecrets(msg)));
}

Status Writer::DoWrite(const RecordBatch& batch, size_t begin, size_t end, const std::string& checkpoint,
                       WriteCounts* counts) {
  if (batch.num_columns() != spec_.columns.size())
    return Status::Internal("mysql writer: table " + spec_.table + ": batch has " +
                            std::to_string(batch.num_columns()) + " columns, writer " +
                            std::to_string(spec_.columns.size()));
  FERRY_RETURN_NOT_OK(CheckFinite(batch, begin, end, spec_.table));
  FERRY_RETURN_NOT_OK(Savepoint());
  if (begin < end) {
    Status loaded;
    if (!use_insert_) loaded = LoadData(batch, begin, end);
    if (use_insert_) loaded = Inserts(batch, begin, end);  // also when LoadData just found LOCAL refused
    FERRY_RETURN_NOT_OK(loaded);  // rolled back to the savepoint already
  }
  WriteCounts done;  // counted only if the whole call stands
  Status st = AfterRows(spec_, merge_, kStaging, end - begin, checkpoint,
                        [&](const std::string& sql) { return Affected(sql); }, &done);
  if (!st.ok()) return RollbackToSavepoint(st);
  counts->Add(done);
  return Status::OK();
}

Result<int64_t> Writer::Affected(const std::string& sql) {
  MYSQL* m = conn_.get();
  if (mysql_real_query(m, sql.data(), sql.size()) != 0) {
    const std::string what = "mysql writer: table " + spec_.table;
    return IsDataErrno(mysql_errno(m)) ? conn_.DataError(what) : conn_.Error(what);
  }
  return static_cast<int64_t>(mysql_affected_rows(m));
}

Status Writer::LoadData(const RecordBatch& batch, size_t begin, size_t end) {
  MYSQL* m = conn_.get();
  Feed feed;
  feed.batch = &batch;
  feed.row = begin;
  feed.end = end;
  feed.types.reserve(batch.num_columns());
  for (const auto& f : batch.fields()) feed.types.push_back(f.type.id);
  feed.buf.reserve(256 << 10);
  mysql_set_local_infile_handler(m, FeedInit, FeedRead, FeedEnd, FeedError, &feed);
  int rc = mysql_real_query(m, load_sql_.data(), load_sql_.size());
  mysql_set_local_infile_default(m);
  if (rc != 0) {
    unsigned int err = mysql_errno(m);
    if (IsLocalInfileRefused(err)) {
      use_insert_ = true;  // the caller retries this call with INSERTs
      return Status::OK();
    }
    Status cause = IsDataErrno(err) ? conn_.DataError("mysql writer: table " + spec_.table)
                                    : conn_.Error("mysql writer: table " + spec_.table);
    return RollbackToSavepoint(cause);
  }
  return CheckWarnings("LOAD DATA", end - begin);
}

Status Writer::Inserts(const RecordBatch& batch, size_t begin, size_t end) {
  MYSQL* m = conn_.get();
  std::vector<TypeId> types;
  for (const auto& f : batch.fields()) types.push_back(f.type.id);
  std::string sql;
  sql.reserve(kInsertStatementBytes + (64 << 10));
  size_t row = begin;
  while (row < end) {
    sql.assign(insert_head_);
    size_t first = row;
    for (; row < end && (row == first || sql.size() < kInsertStatementBytes); ++row) {
      if (row != first) sql.push_back(',');
      sql.push_back('(');
      for (size_t c = 0; c < types.size(); ++c) {
        if (c) sql.push_back(',');
        const Column& col = batch.column(c);
        if (col.IsNull(row)) {
          sql.append("NULL");
          continue;
        }
        if (types[c] == TypeId::kBytes) {
          static const char kHex[] = "0123456789ABCDEF";
          std::string_view v = col.String(row);
          sql.append("X'");
          for (unsigned char b : v) {
            sql.push_back(kHex[b >> 4]);
            sql.push_back(kHex[b & 15]);
          }
          sql.push_back('\'');
        } else if (col.kind() == PhysicalKind::kString) {
          std::string_view v = col.String(row);
          size_t at = sql.size();
          sql.push_back('\'');
          sql.resize(at + 1 + v.size() * 2 + 1);
          unsigned long n = mysql_real_escape_string(m, sql.data() + at + 1, v.data(), v.size());
          sql.resize(at + 1 + n);
          sql.push_back('\'');
        } else if (IsQuotedScalar(types[c])) {
          sql.push_back('\'');
          AppendScalar(&sql, col, types[c], row);
          sql.push_back('\'');
        } else {
          AppendScalar(&sql, col, types[c], row);
        }
      }
      sql.push_back(')');
    }
    if (mysql_real_query(m, sql.data(), sql.size()) != 0) {
      unsigned int err = mysql_errno(m);
      std::string what = "mysql writer: table " + spec_.table + ": INSERT of rows " +
                         std::to_string(first - begin + 1) + ".." + std::to_string(row - begin);
      return RollbackToSavepoint(IsDataErrno(err) ? conn_.DataError(what) : conn_.Error(what));
    }
    FERRY_RETURN_NOT_OK(CheckWarnings("INSERT", row - first));
  }
  return Status::OK();
}

Status Writer::Commit() {
  if (mysql_commit(conn_.get()) != 0) return conn_.Error("mysql writer: table " + spec_.table + ": COMMIT");
  return Status::OK();
}

}  // namespace ferry::mysql
