#include "engines/mysql/reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>

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

constexpr const char* kZeroDate = "zero date";

// Parses the text form of a value (as the text protocol prints it) into
// `col`. Returns nullptr, or what is wrong with the value (kZeroDate for a
// MySQL zero date); the caller then appends the NULL.
const char* AppendText(TypeId type, std::string_view v, Column& col) {
  switch (type) {
    case TypeId::kBool: {
      int64_t x;
      if (ParseInt(v, &x) && (x == 0 || x == 1)) col.AppendInt(x);
      else return "not a boolean (0 or 1)";
      return nullptr;
    }
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64: {
      int64_t x;
      if (ParseInt(v, &x)) col.AppendInt(x);
      else return "not an integer";
      return nullptr;
    }
    case TypeId::kFloat32: {
      double x;
      // Round-trip through float so the value is exactly a float.
      if (ParseDouble(v, &x)) col.AppendDouble(static_cast<double>(static_cast<float>(x)));
      else return "not a number";
      return nullptr;
    }
    case TypeId::kFloat64: {
      double x;
      if (ParseDouble(v, &x)) col.AppendDouble(x);
      else return "not a number";
      return nullptr;
    }
    case TypeId::kDate: {
      if (IsZeroDateFamily(v)) return kZeroDate;
      if (auto d = ParseDate(v)) col.AppendInt(*d);
      else return "not a date";
      return nullptr;
    }
    case TypeId::kTime: {
      if (auto t = ParseTime(v)) col.AppendInt(*t);
      else return "time outside 00:00:00..24:00:00";
      return nullptr;
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: {
      if (IsZeroDateFamily(v)) return kZeroDate;
      if (auto t = ParseTimestamp(v)) col.AppendInt(*t);
      else return "not a timestamp";
      return nullptr;
    }
    default:
      col.AppendString(v);  // decimal, text, bytes, json, enum, uuid: as is
      return nullptr;
  }
}

bool IsStringKind(TypeId t) { return LogicalType(t).physical() == PhysicalKind::kString; }

// What a result column arrives as, decided from the server's field type.
enum class Wire : uint8_t { kInt, kFloat, kDouble, kTemporal, kBytes };

// What Next() does with a value: the fast paths for the pairs introspection
// produces, and kViaText (format as the text protocol would, then parse as
// text) for any other pairing, so odd pairs behave as the text reader did.
enum class Action : uint8_t {
  kInt,         // integer -> int8..int64
  kBool,        // integer -> bool (0 or 1)
  kIntText,     // integer -> decimal/text (bigint unsigned, bit(64))
  kFloat,       // FLOAT/DOUBLE -> float32/float64
  kDate,        // DATE -> date
  kTimestamp,   // DATETIME/TIMESTAMP -> timestamp
  kTime,        // TIME -> time
  kBytes,       // bytes -> string kinds, as they are
  kBytesParse,  // bytes -> a non-string logical type: parse the text
  kViaText,
};

std::optional<Wire> WireOf(const MYSQL_FIELD& f) {
  switch (f.type) {
    case MYSQL_TYPE_TINY:
    case MYSQL_TYPE_SHORT:
    case MYSQL_TYPE_INT24:
    case MYSQL_TYPE_LONG:
    case MYSQL_TYPE_LONGLONG:
    case MYSQL_TYPE_YEAR:
      return Wire::kInt;
    case MYSQL_TYPE_FLOAT:
      return Wire::kFloat;
    case MYSQL_TYPE_DOUBLE:
      return Wire::kDouble;
    case MYSQL_TYPE_DATE:
    case MYSQL_TYPE_DATETIME:
    case MYSQL_TYPE_TIMESTAMP:
    case MYSQL_TYPE_TIME:
      return Wire::kTemporal;
    // Sent as length-prefixed bytes in the binary protocol.
    case MYSQL_TYPE_NULL:
    case MYSQL_TYPE_DECIMAL:
    case MYSQL_TYPE_NEWDECIMAL:
    case MYSQL_TYPE_VARCHAR:
    case MYSQL_TYPE_VAR_STRING:
    case MYSQL_TYPE_STRING:
    case MYSQL_TYPE_TINY_BLOB:
    case MYSQL_TYPE_BLOB:
    case MYSQL_TYPE_MEDIUM_BLOB:
    case MYSQL_TYPE_LONG_BLOB:
    case MYSQL_TYPE_ENUM:
    case MYSQL_TYPE_SET:
    case MYSQL_TYPE_GEOMETRY:
    case MYSQL_TYPE_BIT:
    case MYSQL_TYPE_JSON:
      return Wire::kBytes;
    default:
      return std::nullopt;
  }
}

Action ActionFor(Wire wire, enum_field_types ftype, TypeId type) {
  switch (wire) {
    case Wire::kInt:
      if (type == TypeId::kBool) return Action::kBool;
      if (type >= TypeId::kInt8 && type <= TypeId::kInt64) return Action::kInt;
      if (type == TypeId::kDecimal || type == TypeId::kText) return Action::kIntText;
      return Action::kViaText;
    case Wire::kFloat:
    case Wire::kDouble:
      if (type == TypeId::kFloat32 || type == TypeId::kFloat64) return Action::kFloat;
      return Action::kViaText;
    case Wire::kTemporal:
      if (ftype == MYSQL_TYPE_DATE && type == TypeId::kDate) return Action::kDate;
      if ((ftype == MYSQL_TYPE_DATETIME || ftype == MYSQL_TYPE_TIMESTAMP) &&
          (type == TypeId::kTimestamp || type == TypeId::kTimestampTz))
        return Action::kTimestamp;
      if (ftype == MYSQL_TYPE_TIME && type == TypeId::kTime) return Action::kTime;
      return Action::kViaText;
    case Wire::kBytes:
      return IsStringKind(type) ? Action::kBytes : Action::kBytesParse;
  }
  return Action::kViaText;
}

// Bound buffers of string columns start at the column's declared size (at
// least kMinBuffer) and grow to the longest value seen up to kMaxBound; a
// longer value is fetched into a scratch buffer for its row only.
constexpr size_t kMinBuffer = 64;
constexpr size_t kMaxInitial = 4096;
constexpr size_t kMaxBound = 1 << 20;

void AppendTwo(std::string* out, unsigned v) {
  if (v >= 100) out->append(std::to_string(v / 100));
  out->push_back(static_cast<char>('0' + v / 10 % 10));
  out->push_back(static_cast<char>('0' + v % 10));
}

}  // namespace

struct Reader::Slot {
  Wire wire = Wire::kBytes;
  Action action = Action::kBytes;
  enum_field_types field_type = MYSQL_TYPE_NULL;
  bool is_unsigned = false;
  unsigned decimals = 0;  // fraction digits of a temporal as the server prints it
  int64_t i = 0;
  float f = 0;
  double d = 0;
  MYSQL_TIME tm{};
  std::vector<char> buf;  // Wire::kBytes
  unsigned long length = 0;
  my_bool is_null = 0;
  my_bool error = 0;
};

namespace {

// The value of a numeric or temporal slot as the text protocol prints it:
// the `original` of a RowIssue and the input of Action::kViaText.
std::string SlotText(const Reader::Slot& s) {
  char tmp[64];
  switch (s.wire) {
    case Wire::kInt: {
      auto r = s.is_unsigned ? std::to_chars(tmp, tmp + sizeof tmp, static_cast<uint64_t>(s.i))
                             : std::to_chars(tmp, tmp + sizeof tmp, s.i);
      return std::string(tmp, r.ptr);
    }
    case Wire::kFloat: {
      auto r = std::to_chars(tmp, tmp + sizeof tmp, s.f);
      return std::string(tmp, r.ptr);
    }
    case Wire::kDouble: {
      auto r = std::to_chars(tmp, tmp + sizeof tmp, s.d);
      return std::string(tmp, r.ptr);
    }
    case Wire::kTemporal: {
      const MYSQL_TIME& t = s.tm;
      std::string out;
      if (s.field_type == MYSQL_TYPE_TIME) {
        if (t.neg) out.push_back('-');
        AppendTwo(&out, t.hour);
      } else {
        std::string y = std::to_string(t.year);
        out.append(y.size() < 4 ? 4 - y.size() : 0, '0').append(y);
        out.push_back('-');
        AppendTwo(&out, t.month);
        out.push_back('-');
        AppendTwo(&out, t.day);
        if (s.field_type == MYSQL_TYPE_DATE) return out;
        out.push_back(' ');
        AppendTwo(&out, t.hour);
      }
      out.push_back(':');
      AppendTwo(&out, t.minute);
      out.push_back(':');
      AppendTwo(&out, t.second);
      if (s.decimals > 0) {
        std::string frac = std::to_string(t.second_part % 1000000);
        frac.insert(0, 6 - frac.size(), '0');
        out.push_back('.');
        out.append(frac, 0, s.decimals);
      }
      return out;
    }
    case Wire::kBytes:
      break;
  }
  return std::string();
}

// Days since 1970-01-01 of a MYSQL_TIME's date, or nullopt when the date
// is not in the calendar (2023-02-30 under ALLOW_INVALID_DATES).
std::optional<int64_t> DaysOf(const MYSQL_TIME& t) {
  static constexpr unsigned char kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (t.month < 1 || t.month > 12 || t.day < 1) return std::nullopt;
  bool leap = t.year % 4 == 0 && (t.year % 100 != 0 || t.year % 400 == 0);
  if (t.day > kDays[t.month - 1] + (t.month == 2 && leap ? 1u : 0u)) return std::nullopt;
  return DaysFromCivil(t.year, t.month, t.day);
}

int64_t MicrosOfDay(const MYSQL_TIME& t) {
  return ((static_cast<int64_t>(t.hour) * 60 + t.minute) * 60 + t.second) * kMicrosPerSecond +
         static_cast<int64_t>(t.second_part);
}

}  // namespace

std::string ReaderQuery(const ReadSpec& spec) {
  MysqlDialect d;
  std::string sql = "SELECT ";
  for (size_t i = 0; i < spec.columns.size(); ++i) {
    const auto& c = spec.columns[i];
    if (i) sql += ", ";
    // BIT values come back as raw bytes; ask for the number. (FLOAT needs
    // nothing: the binary protocol sends the 4-byte float itself.)
    if (IsBitType(c.native_type)) sql += "CAST(" + d.QuoteIdent(c.name) + " AS UNSIGNED)";
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
  // Closing a statement with rows still on the wire would read them all.
  if (stmt_ && executed_ && !done_) mariadb_cancel(conn_.get());
  stmt_.reset();
}

Status Reader::StmtError(const std::string& context) const {
  MYSQL_STMT* s = stmt_.get();
  if (!s || mysql_stmt_errno(s) == 0 || mysql_errno(conn_.get()) == mysql_stmt_errno(s))
    return conn_.Error(context);
  std::string text = conn_.display_name() + ": " + context + ": " + mysql_stmt_error(s) +
                     " (errno " + std::to_string(mysql_stmt_errno(s)) + ")";
  return conn_.mode() == AccessMode::kReadOnly ? Status::Source(text) : Status::Target(text);
}

Result<std::unique_ptr<Reader>> Reader::Open(Connection conn, const ReadSpec& spec) {
  std::unique_ptr<Reader> r(new Reader(std::move(conn), spec));
  FERRY_RETURN_NOT_OK(r->Prepare());
  return r;
}

Status Reader::Prepare() {
  const std::string context = "mysql reader: table " + spec_.table;
  std::string sql = ReaderQuery(spec_);
  stmt_.reset(mysql_stmt_init(conn_.get()));
  if (!stmt_) return conn_.Error(context);
  MYSQL_STMT* s = stmt_.get();
  // No server-side cursor: rows stream as the statement runs, fetched
  // unbuffered one by one like mysql_use_result.
  unsigned long cursor = CURSOR_TYPE_NO_CURSOR;
  mysql_stmt_attr_set(s, STMT_ATTR_CURSOR_TYPE, &cursor);
  if (mysql_stmt_prepare(s, sql.data(), sql.size()) != 0) return StmtError(context);
  const unsigned nfields = mysql_stmt_field_count(s);
  const size_t ncols = fields_.size();
  if (nfields != std::max<size_t>(ncols, 1))
    return Status::Internal(context + ": the query returns " + std::to_string(nfields) +
                            " columns, expected " + std::to_string(ncols));
  std::unique_ptr<MYSQL_RES, void (*)(MYSQL_RES*)> meta(mysql_stmt_result_metadata(s),
                                                         mysql_free_result);
  if (!meta) return StmtError(context);
  const MYSQL_FIELD* mf = mysql_fetch_fields(meta.get());
  slots_.resize(nfields);
  for (unsigned c = 0; c < nfields; ++c) {
    Slot& slot = slots_[c];
    std::optional<Wire> wire = WireOf(mf[c]);
    if (!wire)
      return Status::Source(conn_.display_name() + ": " + context + ": column " +
                            std::string(mf[c].name, mf[c].name_length) +
                            " has server type " + std::to_string(mf[c].type) +
                            ", which ferry cannot read");
    slot.wire = *wire;
    slot.field_type = mf[c].type;
    slot.is_unsigned = (mf[c].flags & UNSIGNED_FLAG) != 0;
    slot.decimals = std::min(mf[c].decimals, 6u);
    slot.action = c < ncols ? ActionFor(slot.wire, slot.field_type, fields_[c].type.id)
                            : Action::kViaText;
    if (slot.wire == Wire::kBytes) {
      size_t declared = mf[c].length;
      slot.buf.resize(std::clamp(declared, kMinBuffer, kMaxInitial));
    }
  }
  FERRY_RETURN_NOT_OK(BindResult());
  if (mysql_stmt_execute(s) != 0) return StmtError(context);
  executed_ = true;
  return Status::OK();
}

Status Reader::BindResult() {
  binds_.assign(slots_.size(), MYSQL_BIND{});
  for (size_t c = 0; c < slots_.size(); ++c) {
    Slot& slot = slots_[c];
    MYSQL_BIND& b = binds_[c];
    b.is_null = &slot.is_null;
    b.length = &slot.length;
    b.error = &slot.error;
    switch (slot.wire) {
      case Wire::kInt:
        b.buffer_type = MYSQL_TYPE_LONGLONG;
        b.buffer = &slot.i;
        b.buffer_length = sizeof slot.i;
        b.is_unsigned = slot.is_unsigned;
        break;
      case Wire::kFloat:
        b.buffer_type = MYSQL_TYPE_FLOAT;
        b.buffer = &slot.f;
        b.buffer_length = sizeof slot.f;
        break;
      case Wire::kDouble:
        b.buffer_type = MYSQL_TYPE_DOUBLE;
        b.buffer = &slot.d;
        b.buffer_length = sizeof slot.d;
        break;
      case Wire::kTemporal:
        b.buffer_type = slot.field_type == MYSQL_TYPE_TIMESTAMP ? MYSQL_TYPE_DATETIME
                                                                : slot.field_type;
        b.buffer = &slot.tm;
        b.buffer_length = sizeof slot.tm;
        break;
      case Wire::kBytes:
        // A blob buffer type takes the bytes as they are (no terminating
        // NUL counted, no conversion) for every string-like field type.
        b.buffer_type = MYSQL_TYPE_BLOB;
        b.buffer = slot.buf.data();
        b.buffer_length = slot.buf.size();
        break;
    }
  }
  if (mysql_stmt_bind_result(stmt_.get(), binds_.data()) != 0)
    return StmtError("mysql reader: table " + spec_.table);
  return Status::OK();
}

Status Reader::FetchLong(size_t c, std::string_view* value) {
  Slot& slot = slots_[c];
  const size_t len = slot.length;
  char* dest;
  bool rebind = false;
  if (len <= kMaxBound) {
    size_t grown = slot.buf.size();
    while (grown < len) grown *= 2;
    slot.buf.resize(std::min(grown, kMaxBound));
    dest = slot.buf.data();
    rebind = true;
  } else {
    long_value_.resize(len);
    dest = long_value_.data();
  }
  MYSQL_BIND b{};
  unsigned long got = 0;
  my_bool is_null = 0, error = 0;
  b.buffer_type = MYSQL_TYPE_BLOB;
  b.buffer = dest;
  b.buffer_length = len;
  b.length = &got;
  b.is_null = &is_null;
  b.error = &error;
  if (mysql_stmt_fetch_column(stmt_.get(), &b, static_cast<unsigned>(c), 0) != 0)
    return StmtError("mysql reader: table " + spec_.table + ", row " +
                     std::to_string(rows_read_ + 1) + ", column " +
                     (c < fields_.size() ? fields_[c].name : std::to_string(c)));
  *value = std::string_view(dest, len);
  // The grown buffer is bound once the row is done: binding forgets where
  // the current row's values are, which fetch_column needs.
  if (rebind) rebind_ = true;
  return Status::OK();
}

Result<bool> Reader::Next(RecordBatch* batch) {
  if (batch->num_columns() != fields_.size()) *batch = RecordBatch(fields_);
  batch->Reset();
  if (done_) return false;
  if (long_value_.capacity() > kMaxBound) std::string().swap(long_value_);
  const size_t ncols = fields_.size();
  for (size_t c = 0; c < ncols; ++c)
    batch->column(c).Reserve(std::min<size_t>(spec_.limits.max_rows, 4096));
  MYSQL_STMT* s = stmt_.get();
  size_t rows = 0;
  size_t bytes = 0;
  while (rows < spec_.limits.max_rows && bytes < spec_.limits.max_bytes) {
    int rc = mysql_stmt_fetch(s);
    if (rc == MYSQL_NO_DATA) {
      done_ = true;
      stmt_.reset();
      break;
    }
    // MYSQL_DATA_TRUNCATED: a value outgrew its buffer; found per column below.
    if (rc != 0 && rc != MYSQL_DATA_TRUNCATED)
      return StmtError("mysql reader: table " + spec_.table + ", row " +
                       std::to_string(rows_read_ + 1));
    for (size_t c = 0; c < ncols; ++c) {
      Column& col = batch->column(c);
      Slot& slot = slots_[c];
      if (slot.is_null) {
        col.AppendNull();
        continue;
      }
      const char* problem = nullptr;
      std::string text;  // the value as text, when it is needed
      switch (slot.action) {
        case Action::kInt:
          if (slot.is_unsigned && slot.i < 0) problem = "not an integer";
          else col.AppendInt(slot.i);
          bytes += 8;
          break;
        case Action::kBool:
          if (slot.i == 0 || slot.i == 1) col.AppendInt(slot.i);
          else problem = "not a boolean (0 or 1)";
          bytes += 8;
          break;
        case Action::kFloat: {
          double x = slot.wire == Wire::kFloat ? static_cast<double>(slot.f) : slot.d;
          if (fields_[c].type.id == TypeId::kFloat32)
            x = static_cast<double>(static_cast<float>(x));
          col.AppendDouble(x);
          bytes += 8;
          break;
        }
        case Action::kDate:
          if (slot.tm.month == 0 || slot.tm.day == 0) {
            problem = kZeroDate;
          } else if (auto d = DaysOf(slot.tm)) {
            col.AppendInt(*d);
          } else {
            problem = "not a date";
          }
          bytes += 8;
          break;
        case Action::kTimestamp:
          if (slot.tm.month == 0 || slot.tm.day == 0) {
            problem = kZeroDate;
          } else if (auto d = DaysOf(slot.tm)) {
            col.AppendInt(*d * kMicrosPerDay + MicrosOfDay(slot.tm));
          } else {
            problem = "not a timestamp";
          }
          bytes += 8;
          break;
        case Action::kTime: {
          const MYSQL_TIME& t = slot.tm;
          if (t.neg || t.hour > 24 || (t.hour == 24 && (t.minute || t.second || t.second_part)))
            problem = "time outside 00:00:00..24:00:00";
          else col.AppendInt(MicrosOfDay(t));
          bytes += 8;
          break;
        }
        case Action::kIntText:
        case Action::kViaText:
          text = SlotText(slot);
          problem = AppendText(fields_[c].type.id, text, col);
          bytes += text.size() + 8;
          break;
        case Action::kBytes:
        case Action::kBytesParse: {
          std::string_view v;
          if (slot.length <= slot.buf.size()) {
            v = std::string_view(slot.buf.data(), slot.length);
          } else {
            Status st = FetchLong(c, &v);
            if (!st.ok()) return st;
          }
          bytes += v.size() + 8;
          if (slot.action == Action::kBytes) {
            col.AppendString(v);
          } else {
            problem = AppendText(fields_[c].type.id, v, col);
            if (problem) text = std::string(v);
          }
          break;
        }
      }
      if (problem) {
        col.AppendNull();
        if (text.empty()) text = SlotText(slot);
        RowIssue issue;
        bool zero = problem == kZeroDate;
        issue.kind = zero ? RowIssue::Kind::kNulled : RowIssue::Kind::kReject;
        issue.row = rows;
        issue.column = c;
        issue.reason = zero ? std::string(kZeroDate)
                            : "column " + fields_[c].name + ": '" + text + "' is " + problem;
        issue.original = std::move(text);
        batch->issues().push_back(std::move(issue));
      }
    }
    if (rebind_) {
      rebind_ = false;
      FERRY_RETURN_NOT_OK(BindResult());
    }
    batch->FinishRow();
    ++rows;
    ++rows_read_;
  }
  return rows > 0;
}

}  // namespace ferry::mysql
