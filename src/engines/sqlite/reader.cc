#include "engines/sqlite/reader.h"

#include <charconv>
#include <cmath>
#include <string_view>

#include "core/bool_text.h"
#include "core/temporal.h"
#include "core/utf8.h"
#include "core/uuid.h"
#include "engines/sqlite/connection.h"
#include "engines/sqlite/values.h"
#include "engines/sqlite/dialect.h"

namespace ferry::sqlite {

namespace {

// How a column's values are converted; fixed per column at open.
enum class ReadKind { kInt, kBool, kFloat, kDecimal, kText, kBytes, kDate, kTime, kTimestamp, kUuid };

ReadKind KindOf(const LogicalType& t) {
  switch (t.id) {
    case TypeId::kBool: return ReadKind::kBool;
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64: return ReadKind::kInt;
    case TypeId::kFloat32:
    case TypeId::kFloat64: return ReadKind::kFloat;
    case TypeId::kDecimal: return ReadKind::kDecimal;
    case TypeId::kBytes: return ReadKind::kBytes;
    case TypeId::kDate: return ReadKind::kDate;
    case TypeId::kTime: return ReadKind::kTime;
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: return ReadKind::kTimestamp;
    case TypeId::kUuid: return ReadKind::kUuid;
    default: return ReadKind::kText;  // text, json, interval, enum
  }
}

std::string_view ColumnText(sqlite3_stmt* stmt, int col) {
  const char* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, col));
  return p ? std::string_view(p, sqlite3_column_bytes(stmt, col)) : std::string_view();
}

std::string_view ColumnBlob(sqlite3_stmt* stmt, int col) {
  const char* p = static_cast<const char*>(sqlite3_column_blob(stmt, col));
  return p ? std::string_view(p, sqlite3_column_bytes(stmt, col)) : std::string_view();
}

bool ParseInt64(std::string_view s, int64_t* v) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *v);
  return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}

bool ParseDouble(std::string_view s, double* v) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *v);
  return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}

std::string Excerpt(std::string_view s) {
  constexpr size_t kMax = 60;
  if (s.size() <= kMax) return std::string(s);
  return std::string(s.substr(0, kMax)) + "...";
}

class SqliteReader final : public TableReader {
 public:
  SqliteReader(ConnHandle db, StmtHandle stmt, const ReadSpec& spec)
      : db_(std::move(db)), stmt_(std::move(stmt)), spec_(spec) {
    for (const auto& c : spec_.columns) {
      fields_.push_back(Field{c.name, c.type});
      kinds_.push_back(KindOf(c.type));
    }
  }

  ~SqliteReader() override {
    stmt_.reset();
    if (in_txn_) (void)Exec(db_.get(), "ROLLBACK", StatusCode::kSource);
  }

  Result<bool> Next(RecordBatch* batch) override {
    if (batch->num_columns() != fields_.size()) *batch = RecordBatch(fields_);
    batch->Reset();
    if (done_) return false;
    const size_t max_rows = std::max<size_t>(1, spec_.limits.max_rows);
    const size_t row_fixed_bytes = fields_.size() * 9;
    size_t bytes = 0;
    while (batch->num_rows() < max_rows && bytes < spec_.limits.max_bytes) {
      int rc = sqlite3_step(stmt_.get());
      if (rc == SQLITE_DONE) {
        done_ = true;
        stmt_.reset();
        in_txn_ = false;
        FERRY_RETURN_NOT_OK(Exec(db_.get(), "COMMIT", StatusCode::kSource));
        break;
      }
      if (rc != SQLITE_ROW)
        return Status::Source("sqlite reader: table " + spec_.table + ", row " +
                              std::to_string(rows_read_ + 1) + ": " + ErrorText(db_.get()));
      bytes += row_fixed_bytes;
      for (size_t c = 0; c < kinds_.size(); ++c) bytes += ReadValue(batch, c);
      batch->FinishRow();
      ++rows_read_;
    }
    return batch->num_rows() > 0;
  }

 private:
  // Appends column `c` of the current row; returns the string bytes added.
  size_t ReadValue(RecordBatch* batch, size_t c) {
    sqlite3_stmt* s = stmt_.get();
    const int col = static_cast<int>(c);
    Column& out = batch->column(c);
    const int storage = sqlite3_column_type(s, col);
    if (storage == SQLITE_NULL) {
      out.AppendNull();
      return 0;
    }
    switch (kinds_[c]) {
      case ReadKind::kInt: {
        if (storage == SQLITE_INTEGER) {
          out.AppendInt(sqlite3_column_int64(s, col));
          return 0;
        }
        if (storage == SQLITE_FLOAT) {
          double d = sqlite3_column_double(s, col);
          if (std::trunc(d) == d && d >= -9223372036854775808.0 && d < 9223372036854775808.0) {
            out.AppendInt(static_cast<int64_t>(d));
            return 0;
          }
          std::string v = NumberText(s, col, storage);
          return Reject(batch, c, "real " + v + " in INTEGER column", v);
        }
        int64_t v;
        if (storage == SQLITE_TEXT && ParseInt64(ColumnText(s, col), &v)) {
          out.AppendInt(v);
          return 0;
        }
        return RejectStored(batch, c, storage, "INTEGER");
      }
      case ReadKind::kBool: {
        if (storage == SQLITE_INTEGER || storage == SQLITE_FLOAT) {
          double d = sqlite3_column_double(s, col);
          if (d == 0 || d == 1) {
            out.AppendInt(d == 1);
            return 0;
          }
          std::string v = NumberText(s, col, storage);
          return Reject(batch, c, "number " + v + " in BOOLEAN column (only 0 and 1)", v);
        }
        if (storage == SQLITE_TEXT) {
          if (std::optional<bool> b = ParseBool(ColumnText(s, col))) {
            out.AppendInt(*b ? 1 : 0);
            return 0;
          }
        }
        return RejectStored(batch, c, storage, "BOOLEAN");
      }
      case ReadKind::kFloat: {
        if (storage == SQLITE_INTEGER || storage == SQLITE_FLOAT) {
          out.AppendDouble(sqlite3_column_double(s, col));
          return 0;
        }
        double d;
        if (storage == SQLITE_TEXT && ParseDouble(ColumnText(s, col), &d)) {
          out.AppendDouble(d);
          return 0;
        }
        return RejectStored(batch, c, storage, "REAL");
      }
      case ReadKind::kDecimal: {
        const LogicalType& t = fields_[c].type;
        std::string_view source;
        bool round = false;
        scratch_.clear();
        number_.clear();
        if (storage == SQLITE_INTEGER) {
          source = ColumnText(s, col);
        } else if (storage == SQLITE_FLOAT) {
          double d = sqlite3_column_double(s, col);
          if (!std::isfinite(d)) {
            std::string v = NumberText(s, col, storage);
            return Reject(batch, c, "real " + v + " in DECIMAL column", v);
          }
          AppendDoubleFixed(&number_, d);
          source = number_;
          round = true;
        } else if (storage == SQLITE_TEXT) {
          source = ColumnText(s, col);
        } else {
          return RejectStored(batch, c, storage, "DECIMAL");
        }
        std::string error;
        bool ok = CanonicalDecimal(source, t.precision, t.scale, round, &scratch_, &error);
        if (!ok) {
          std::string original(source);
          return Reject(batch, c, "'" + Excerpt(original) + "' in " + t.ToString() + " column: " + error,
                        original);
        }
        out.AppendString(scratch_);
        return scratch_.size();
      }
      case ReadKind::kText: {
        if (storage == SQLITE_TEXT || storage == SQLITE_BLOB) {
          std::string_view v = storage == SQLITE_TEXT ? ColumnText(s, col) : ColumnBlob(s, col);
          if (!IsValidUtf8(v))
            return Reject(batch, c,
                          std::string(storage == SQLITE_TEXT ? "text" : "blob") +
                              " value is not valid UTF-8",
                          std::string(v));
          out.AppendString(v);
          return v.size();
        }
        scratch_.clear();
        if (storage == SQLITE_INTEGER) scratch_ = ColumnText(s, col);
        else AppendDoubleText(&scratch_, sqlite3_column_double(s, col));
        out.AppendString(scratch_);
        return scratch_.size();
      }
      case ReadKind::kBytes: {
        std::string_view v = storage == SQLITE_BLOB ? ColumnBlob(s, col) : ColumnText(s, col);
        out.AppendString(v);
        return v.size();
      }
      case ReadKind::kDate:
      case ReadKind::kTime:
      case ReadKind::kTimestamp: {
        if (storage != SQLITE_TEXT) return RejectTemporal(batch, c, storage);
        std::string_view v = ColumnText(s, col);
        std::optional<int64_t> parsed;
        if (kinds_[c] == ReadKind::kTimestamp) {
          parsed = ParseTimestamp(v);
        } else if (kinds_[c] == ReadKind::kTime) {
          parsed = ParseTime(v);
        } else {
          parsed = ParseDate(v);
          if (!parsed) {
            // '2024-01-02 00:00:00' in a DATE column is still that date.
            auto ts = ParseTimestamp(v);
            if (ts && *ts % kMicrosPerDay == 0) parsed = *ts / kMicrosPerDay;
          }
        }
        if (!parsed)
          return Reject(batch, c,
                        "text '" + Excerpt(v) + "' is not a valid " +
                            std::string(TypeIdName(fields_[c].type.id)),
                        std::string(v));
        out.AppendInt(*parsed);
        return 0;
      }
      case ReadKind::kUuid: {
        scratch_.clear();
        if (storage == SQLITE_TEXT && NormalizeUuid(ColumnText(s, col), &scratch_)) {
          out.AppendString(scratch_);
          return scratch_.size();
        }
        if (storage == SQLITE_BLOB && sqlite3_column_bytes(s, col) == 16) {
          AppendUuid(static_cast<const unsigned char*>(sqlite3_column_blob(s, col)), &scratch_);
          out.AppendString(scratch_);
          return scratch_.size();
        }
        return RejectStored(batch, c, storage, "UUID");
      }
    }
    return 0;
  }

  // `storage` is the value's class as first reported: sqlite3_column_type is
  // undefined once a column_text call has converted the value.
  static std::string NumberText(sqlite3_stmt* s, int col, int storage) {
    if (storage == SQLITE_FLOAT) {
      std::string out;
      AppendDoubleText(&out, sqlite3_column_double(s, col));
      return out;
    }
    return std::string(ColumnText(s, col));
  }

  // A value whose storage class the column's type cannot take.
  size_t RejectStored(RecordBatch* batch, size_t c, int storage, std::string_view column_kind) {
    sqlite3_stmt* s = stmt_.get();
    const int col = static_cast<int>(c);
    switch (storage) {
      case SQLITE_TEXT: {
        std::string v(ColumnText(s, col));
        return Reject(batch, c, "text '" + Excerpt(v) + "' in " + std::string(column_kind) + " column", v);
      }
      case SQLITE_BLOB: {
        std::string v(ColumnBlob(s, col));
        return Reject(batch, c,
                      "blob of " + std::to_string(v.size()) + " bytes in " + std::string(column_kind) +
                          " column",
                      v);
      }
      default: {
        // Call sqlite3_column_type only before any conversion: read once.
        std::string v = NumberText(s, col, storage);
        return Reject(batch, c,
                      (storage == SQLITE_INTEGER ? "integer " : "real ") + v + " in " +
                          std::string(column_kind) + " column",
                      v);
      }
    }
  }

  // A number in a date/time column: epoch seconds? milliseconds? a Julian
  // day? Only the user knows, so the row is rejected with the cast to add.
  size_t RejectTemporal(RecordBatch* batch, size_t c, int storage) {
    if (storage == SQLITE_BLOB) return RejectStored(batch, c, storage, "date/time");
    std::string type(TypeIdName(fields_[c].type.id));
    std::string v = NumberText(stmt_.get(), static_cast<int>(c), storage);
    std::string what = storage == SQLITE_INTEGER ? "integer " : "real ";
    return Reject(batch, c,
                  what + v + " in a " + type + " column: say its unit with --cast 'column " +
                      spec_.table + "." + fields_[c].name + " to " + type +
                      " using epoch_s|epoch_ms'",
                  v);
  }

  size_t Reject(RecordBatch* batch, size_t c, std::string reason, std::string original) {
    batch->column(c).AppendNull();
    RowIssue issue;
    issue.kind = RowIssue::Kind::kReject;
    issue.row = batch->num_rows();
    issue.column = c;
    issue.reason = "column " + fields_[c].name + ": " + std::move(reason);
    issue.original = std::move(original);
    batch->issues().push_back(std::move(issue));
    return 0;
  }

  ConnHandle db_;
  StmtHandle stmt_;
  ReadSpec spec_;
  std::vector<Field> fields_;
  std::vector<ReadKind> kinds_;
  std::string scratch_, number_;
  bool in_txn_ = true;
  bool done_ = false;
  int64_t rows_read_ = 0;
};

}  // namespace

Result<std::unique_ptr<TableReader>> OpenSqliteReader(const std::string& path, const ReadSpec& spec) {
  const std::string where = "sqlite reader: table " + spec.table;
  if (spec.columns.empty()) return Status::InvalidInput(where + ": no columns to read");
  auto db = OpenConnection(path, AccessMode::kReadOnly);
  if (!db.ok()) return db.status().WithContext(where);
  std::string sql = "SELECT ";
  for (size_t i = 0; i < spec.columns.size(); ++i) {
    if (i) sql += ", ";
    sql += Quote(spec.columns[i].name);
  }
  sql += " FROM " + Quote(spec.table);
  sql += ReadFilterSql(SqliteDialect(), spec);
  // One snapshot for the whole table: the shared lock taken by the first
  // step is held until COMMIT after the last row.
  Status s = Exec(db->get(), "BEGIN", StatusCode::kSource);
  if (!s.ok()) return s.WithContext(where);
  auto stmt = Prepare(db->get(), sql, StatusCode::kSource);
  if (!stmt.ok()) return stmt.status().WithContext(where);
  return std::unique_ptr<TableReader>(
      new SqliteReader(std::move(*db), std::move(*stmt), spec));
}

}  // namespace ferry::sqlite
