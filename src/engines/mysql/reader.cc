#include "engines/mysql/reader.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "core/temporal.h"
#include "engines/mysql/dialect.h"

namespace ferry::mysql {

namespace {

bool IsBitType(const std::string& native) {
  return native.size() >= 3 && (native[0] == 'b' || native[0] == 'B') &&
         (native[1] == 'i' || native[1] == 'I') && (native[2] == 't' || native[2] == 'T') &&
         (native.size() == 3 || native[3] == '(');
}

bool ParseInt(std::string_view s, int64_t* out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

bool ParseDouble(std::string_view s, double* out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  if (ec == std::errc() && p == s.data() + s.size()) return true;
  if (ec == std::errc::result_out_of_range) {
    // Denormals: strtod gives the nearest value where from_chars refuses.
    std::string tmp(s);
    char* end = nullptr;
    *out = std::strtod(tmp.c_str(), &end);
    return end == tmp.c_str() + tmp.size();
  }
  return false;
}

}  // namespace

std::string ReaderQuery(const ReadSpec& spec) {
  MysqlDialect d;
  std::string sql = "SELECT ";
  for (size_t i = 0; i < spec.columns.size(); ++i) {
    const auto& c = spec.columns[i];
    if (i) sql += ", ";
    // BIT values come back as raw bytes in the text protocol; ask for the number.
    if (IsBitType(c.native_type)) sql += "CAST(" + d.QuoteIdent(c.name) + " AS UNSIGNED)";
    // FLOAT comes back printed with 6 significant digits (1024.125 as
    // "1024.12"); as a double it prints every digit the float holds.
    else if (c.type.id == TypeId::kFloat32) sql += "(" + d.QuoteIdent(c.name) + " + 0e0)";
    else sql += d.QuoteIdent(c.name);
  }
  if (spec.columns.empty()) sql += "1";
  sql += " FROM " + d.QuoteIdent(spec.table);
  sql += ReadFilterSql(d, spec);
  return sql;
}

Reader::Reader(Connection conn, ReadSpec spec) : conn_(std::move(conn)), spec_(std::move(spec)) {
  fields_.reserve(spec_.columns.size());
  for (const auto& c : spec_.columns) fields_.push_back({c.name, c.type});
}

Reader::~Reader() {
  if (result_ && !done_) mariadb_cancel(conn_.get());
  result_.reset();
}

Result<std::unique_ptr<Reader>> Reader::Open(Connection conn, const ReadSpec& spec) {
  std::unique_ptr<Reader> r(new Reader(std::move(conn), spec));
  std::string sql = ReaderQuery(r->spec_);
  MYSQL* m = r->conn_.get();
  if (mysql_real_query(m, sql.data(), sql.size()) != 0)
    return r->conn_.Error("mysql reader: table " + spec.table);
  r->result_.reset(mysql_use_result(m));
  if (!r->result_) return r->conn_.Error("mysql reader: table " + spec.table);
  return r;
}

Result<bool> Reader::Next(RecordBatch* batch) {
  if (batch->num_columns() != fields_.size()) *batch = RecordBatch(fields_);
  batch->Reset();
  if (done_) return false;
  const size_t ncols = fields_.size();
  for (size_t c = 0; c < ncols; ++c) batch->column(c).Reserve(std::min<size_t>(spec_.limits.max_rows, 4096));
  MYSQL_RES* res = result_.get();
  size_t rows = 0;
  size_t bytes = 0;
  while (rows < spec_.limits.max_rows && bytes < spec_.limits.max_bytes) {
    MYSQL_ROW row = mysql_fetch_row(res);
    if (!row) {
      if (mysql_errno(conn_.get()) != 0)
        return conn_.Error("mysql reader: table " + spec_.table + ", row " +
                           std::to_string(rows_read_ + 1));
      done_ = true;
      result_.reset();
      break;
    }
    unsigned long* lens = mysql_fetch_lengths(res);
    for (size_t c = 0; c < ncols; ++c) {
      Column& col = batch->column(c);
      if (!row[c]) {
        col.AppendNull();
        continue;
      }
      std::string_view v(row[c], lens[c]);
      bytes += v.size() + 8;
      const char* problem = nullptr;
      switch (fields_[c].type.id) {
        case TypeId::kBool: {
          int64_t x;
          if (ParseInt(v, &x) && (x == 0 || x == 1)) col.AppendInt(x);
          else problem = "not a boolean (0 or 1)";
          break;
        }
        case TypeId::kInt8:
        case TypeId::kInt16:
        case TypeId::kInt32:
        case TypeId::kInt64: {
          int64_t x;
          if (ParseInt(v, &x)) col.AppendInt(x);
          else problem = "not an integer";
          break;
        }
        case TypeId::kFloat32: {
          double x;
          // The server prints a FLOAT with float precision; round-trip
          // through float so the value is exactly the stored float.
          if (ParseDouble(v, &x)) col.AppendDouble(static_cast<double>(static_cast<float>(x)));
          else problem = "not a number";
          break;
        }
        case TypeId::kFloat64: {
          double x;
          if (ParseDouble(v, &x)) col.AppendDouble(x);
          else problem = "not a number";
          break;
        }
        case TypeId::kDate: {
          if (IsZeroDateFamily(v)) {
            problem = "zero date";
            break;
          }
          if (auto d = ParseDate(v)) col.AppendInt(*d);
          else problem = "not a date";
          break;
        }
        case TypeId::kTime: {
          if (auto t = ParseTime(v)) col.AppendInt(*t);
          else problem = "time outside 00:00:00..24:00:00";
          break;
        }
        case TypeId::kTimestamp:
        case TypeId::kTimestampTz: {
          if (IsZeroDateFamily(v)) {
            problem = "zero date";
            break;
          }
          if (auto t = ParseTimestamp(v)) col.AppendInt(*t);
          else problem = "not a timestamp";
          break;
        }
        default:
          col.AppendString(v);  // decimal, text, bytes, json, enum, uuid: as is
          break;
      }
      if (problem) {
        col.AppendNull();
        RowIssue issue;
        bool zero = problem[0] == 'z';
        issue.kind = zero ? RowIssue::Kind::kNulled : RowIssue::Kind::kReject;
        issue.row = rows;
        issue.column = c;
        issue.reason = zero ? std::string("zero date")
                            : "column " + fields_[c].name + ": '" + std::string(v) + "' is " +
                                  problem;
        issue.original = std::string(v);
        batch->issues().push_back(std::move(issue));
      }
    }
    batch->FinishRow();
    ++rows;
    ++rows_read_;
  }
  return rows > 0;
}

}  // namespace ferry::mysql
