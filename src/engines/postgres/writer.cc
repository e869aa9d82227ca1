#include "engines/postgres/writer.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include "core/temporal.h"
#include "core/uuid.h"
#include "engines/postgres/connection.h"
#include "engines/postgres/dialect.h"
#include "engines/postgres/handles.h"
#include "engines/postgres/wire.h"

namespace ferry::postgres {

namespace {

// Binary encodings, chosen per (target type, batch logical type) at open.
enum class Enc : uint8_t {
  kNone,  // no binary form for this pair: the writer uses text COPY
  kBool,
  kInt2,
  kInt4,
  kInt8,
  kFloat4,
  kFloat8,
  kNumericText,
  kNumericInt,
  kRaw,
  kJsonb,
  kUuid,
  kDate,
  kTime,
  kTimeTz,
  kTimestamp,
  kInterval,
};

Enc ChooseEncoding(uint32_t oid, char typtype, const LogicalType& type) {
  PhysicalKind phys = type.physical();
  bool int_like = phys == PhysicalKind::kInt64 && !type.IsTemporal();
  bool str = phys == PhysicalKind::kString;
  if (typtype == 'e') return str ? Enc::kRaw : Enc::kNone;  // enum_recv takes the label
  switch (oid) {
    case kOidBool: return int_like ? Enc::kBool : Enc::kNone;
    case kOidInt2: return int_like ? Enc::kInt2 : Enc::kNone;
    case kOidInt4: return int_like ? Enc::kInt4 : Enc::kNone;
    case kOidInt8: return int_like ? Enc::kInt8 : Enc::kNone;
    case kOidFloat4: return phys == PhysicalKind::kDouble ? Enc::kFloat4 : Enc::kNone;
    case kOidFloat8: return phys == PhysicalKind::kDouble ? Enc::kFloat8 : Enc::kNone;
    case kOidNumeric: return str ? Enc::kNumericText : int_like ? Enc::kNumericInt : Enc::kNone;
    case kOidText:
    case kOidVarchar:
    case kOidBpchar:
    case kOidName:
    case kOidJson:
    case kOidBytea: return str ? Enc::kRaw : Enc::kNone;
    case kOidJsonb: return str ? Enc::kJsonb : Enc::kNone;
    case kOidUuid: return str ? Enc::kUuid : Enc::kNone;
    case kOidDate: return type.id == TypeId::kDate ? Enc::kDate : Enc::kNone;
    case kOidTime: return type.id == TypeId::kTime ? Enc::kTime : Enc::kNone;
    case kOidTimeTz: return type.id == TypeId::kTime ? Enc::kTimeTz : Enc::kNone;
    case kOidTimestamp:
    case kOidTimestampTz:
      return type.id == TypeId::kTimestamp || type.id == TypeId::kTimestampTz ? Enc::kTimestamp
                                                                              : Enc::kNone;
    case kOidInterval: return str ? Enc::kInterval : Enc::kNone;
    default: return Enc::kNone;
  }
}

constexpr size_t kChunkBytes = 1 << 20;
constexpr char kStaging[] = "ferry_stage";  // the merge modes' temporary table
constexpr char kHeader[19] = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', '\377', '\r', '\n', '\0',
                              0,   0,   0,   0,   0,   0,   0,    0};

void AppendInt(std::string* out, int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, end);
}

// PostgreSQL's text input takes years <= 0 only as "N BC".
void AppendPgDate(std::string* out, int64_t days, bool* bc) {
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  *bc = y <= 0;
  if (!*bc) {
    AppendDate(out, days);
    return;
  }
  int64_t year = 1 - y;
  char buf[32];
  int n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(year), m, d);
  out->append(buf, n);
}

struct TargetColumn {
  std::string name;
  uint32_t oid = 0;
  char typtype = 'b';
  Enc enc = Enc::kNone;
};

class PostgresWriter : public TableWriter {
 public:
  PostgresWriter(Uri uri, PgConn conn, WriteSpec spec, std::vector<TargetColumn> targets, bool binary,
                 std::string copy_sql)
      : uri_(std::move(uri)), conn_(std::move(conn)), spec_(std::move(spec)), table_(spec_.table),
        targets_(std::move(targets)), binary_(binary), copy_sql_(std::move(copy_sql)),
        merge_(MergeSql(PostgresDialect(), spec_, kStaging)) {
    buf_.reserve(kChunkBytes + (64 << 10));
  }

  Status DoWrite(const RecordBatch& batch, size_t begin, size_t end, const std::string& checkpoint,
                 WriteCounts* counts) override {
    if (batch.num_columns() != targets_.size())
      return Status::Internal("postgres writer: table " + table_ + ": batch has " +
                              std::to_string(batch.num_columns()) + " columns, writer expects " +
                              std::to_string(targets_.size()));
    if (streaming_ || !stream_checkpoint_.empty())
      return Status::Internal("postgres writer: table " + table_ + ": Write while a stream is open");
    FERRY_RETURN_NOT_OK(Run("SAVEPOINT ferry_write"));
    copied_ = 0;
    if (begin < end) FERRY_RETURN_NOT_OK(CopyRows(batch, begin, end));
    WriteCounts done;  // counted only once the savepoint is released
    Status st = AfterRows(spec_, merge_, kStaging, end - begin, checkpoint,
                          [&](const std::string& sql) { return Affected(sql); }, &done);
    if (!st.ok()) {
      if (PQstatus(conn_.get()) == CONNECTION_OK) FERRY_RETURN_NOT_OK(Run("ROLLBACK TO SAVEPOINT ferry_write"));
      return st;
    }
    FERRY_RETURN_NOT_OK(Run("RELEASE SAVEPOINT ferry_write"));
    stored_uncommitted_ += copied_;
    counts->Add(done);
    return Status::OK();
  }

  Status Commit() override {
    FERRY_RETURN_NOT_OK(Flush());
    FERRY_RETURN_NOT_OK(Run("COMMIT"));
    stored_ += stored_uncommitted_;
    stored_uncommitted_ = 0;
    return Run("BEGIN");
  }

  // A merge's COPY goes into its staging table, not the table.
  std::optional<int64_t> RowsStored() const override {
    return merge_.empty() ? std::optional<int64_t>(stored_) : std::nullopt;
  }

  // Plain loads stream; a merge runs its statements after each batch.
  bool Streams() const override { return merge_.empty(); }

  // Rows go into a COPY left open across calls (opened after a savepoint
  // the first time), sent on in 1 MB chunks; the COPY ends at Flush().
  Status WriteStreamed(const RecordBatch& batch, const std::string& checkpoint) override {
    if (batch.num_columns() != targets_.size())
      return Status::Internal("postgres writer: table " + table_ + ": batch has " +
                              std::to_string(batch.num_columns()) + " columns, writer expects " +
                              std::to_string(targets_.size()));
    if (!checkpoint.empty()) stream_checkpoint_ = checkpoint;
    if (batch.num_rows() == 0) return Status::OK();
    if (!streaming_) {
      FERRY_RETURN_NOT_OK(Run("SAVEPOINT ferry_stream"));
      PgResult res(PQexec(conn_.get(), copy_sql_.c_str()));
      if (!res || PQresultStatus(res.get()) != PGRES_COPY_IN)
        return UndoStream(ResultError(res.get(), conn_.get(), uri_), res.get());
      streaming_ = true;
      buf_.clear();
      if (binary_) buf_.append(kHeader, sizeof kHeader);
    }
    std::string bad;  // a value this side refuses: the whole stream is undone
    for (size_t r = 0; r < batch.num_rows() && bad.empty(); ++r) {
      if (binary_) EncodeBinaryRow(batch, r, &bad);
      else EncodeTextRow(batch, r, &bad);
      if (buf_.size() >= kChunkBytes && bad.empty()) FERRY_RETURN_NOT_OK(Send());
    }
    if (bad.empty()) return Status::OK();
    if (PQputCopyEnd(conn_.get(), bad.c_str()) != 1)
      return Status::Target("postgres writer: table " + table_ + ": " + ConnError(conn_.get(), uri_));
    return UndoStream(bad, nullptr, /*data=*/true);
  }

  // Ends the COPY and runs the last checkpoint given, then releases the
  // savepoint; on a refusal rolls back to it (kData) so nothing streamed
  // since the last Flush() stays.
  Status Flush() override {
    if (streaming_) {
      if (binary_) PutU16(&buf_, 0xFFFF);
      PgResult first;
      FERRY_RETURN_NOT_OK(EndCopy(&first));
      if (!first || PQresultStatus(first.get()) != PGRES_COMMAND_OK)
        return UndoStream(ResultError(first.get(), conn_.get(), uri_), first.get());
      copied_ = CommandRows(first.get());
    }
    if (!stream_checkpoint_.empty()) {
      Result<int64_t> done = Affected(stream_checkpoint_);
      if (!done.ok()) return streaming_ ? UndoStream(done.status().message(), nullptr) : done.status();
      stream_checkpoint_.clear();
    }
    if (!streaming_) return Status::OK();
    streaming_ = false;
    FERRY_RETURN_NOT_OK(Run("RELEASE SAVEPOINT ferry_stream"));
    stored_uncommitted_ += copied_;
    return Status::OK();
  }

 private:
  // COPY of rows [begin, end) inside the open savepoint; on failure the
  // savepoint is rolled back.
  Status CopyRows(const RecordBatch& batch, size_t begin, size_t end) {
    PgResult res(PQexec(conn_.get(), copy_sql_.c_str()));
    if (!res || PQresultStatus(res.get()) != PGRES_COPY_IN)
      return Finish(ResultError(res.get(), conn_.get(), uri_), res.get());
    res.reset();

    buf_.clear();
    std::string bad;  // a value this side refuses: the COPY is aborted with it
    if (binary_) {
      buf_.append(kHeader, sizeof kHeader);
      for (size_t r = begin; r < end && bad.empty(); ++r) {
        EncodeBinaryRow(batch, r, &bad);
        if (buf_.size() >= kChunkBytes && bad.empty()) FERRY_RETURN_NOT_OK(Send());
      }
      if (bad.empty()) PutU16(&buf_, 0xFFFF);
    } else {
      for (size_t r = begin; r < end && bad.empty(); ++r) {
        EncodeTextRow(batch, r, &bad);
        if (buf_.size() >= kChunkBytes && bad.empty()) FERRY_RETURN_NOT_OK(Send());
      }
    }
    if (!bad.empty()) {
      // Abort the COPY: the server discards what it got of this call.
      if (PQputCopyEnd(conn_.get(), bad.c_str()) != 1)
        return Status::Target("postgres writer: table " + table_ + ": " + ConnError(conn_.get(), uri_));
      DrainResults();
      FERRY_RETURN_NOT_OK(Run("ROLLBACK TO SAVEPOINT ferry_write"));
      return Status::Data("postgres writer: table " + table_ + ": " + bad);
    }
    PgResult first;
    FERRY_RETURN_NOT_OK(EndCopy(&first));
    if (!first || PQresultStatus(first.get()) != PGRES_COMMAND_OK)
      return Finish(ResultError(first.get(), conn_.get(), uri_), first.get());
    copied_ = CommandRows(first.get());
    return Status::OK();
  }

  // The row count of a command's tag ("COPY 10000").
  static int64_t CommandRows(const PGresult* res) {
    return static_cast<int64_t>(std::strtoll(PQcmdTuples(const_cast<PGresult*>(res)), nullptr, 10));
  }

  // Sends what is buffered and ends the COPY in progress; the server's
  // first result goes to `first` (the caller judges it), the rest are read
  // and dropped. Shared by the per-batch COPY and the stream's Flush().
  Status EndCopy(PgResult* first) {
    FERRY_RETURN_NOT_OK(Send());
    if (PQputCopyEnd(conn_.get(), nullptr) != 1)
      return Status::Target("postgres writer: table " + table_ + ": " + ConnError(conn_.get(), uri_));
    while (PGresult* r = PQgetResult(conn_.get())) {
      if (!*first) first->reset(r);
      else PQclear(r);
    }
    return Status::OK();
  }

  // One statement in the open transaction; its affected-row count. A
  // refusal of the data (SQLSTATE class 22 or 23) is kData.
  Result<int64_t> Affected(const std::string& sql) {
    PgResult res(PQexec(conn_.get(), sql.c_str()));
    if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
      const char* state = res ? PQresultErrorField(res.get(), PG_DIAG_SQLSTATE) : nullptr;
      bool data = state && (std::strncmp(state, "22", 2) == 0 || std::strncmp(state, "23", 2) == 0);
      std::string msg = "postgres writer: table " + table_ + ": " + ResultError(res.get(), conn_.get(), uri_);
      return data ? Status::Data(msg) : Status::Target(msg);
    }
    return CommandRows(res.get());
  }

  Status Run(const char* sql) {
    PgResult res(PQexec(conn_.get(), sql));
    if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK)
      return Status::Target("postgres writer: table " + table_ + ": " + sql + ": " +
                            ResultError(res.get(), conn_.get(), uri_));
    return Status::OK();
  }

  void DrainResults() {
    while (PGresult* r = PQgetResult(conn_.get())) PQclear(r);
  }

  // A failed COPY: undo it and say whether the data (kData: SQLSTATE class
  // 22 data exception, 23 constraint violation) or the target is at fault.
  Status Finish(const std::string& message, const PGresult* res) {
    DrainResults();
    bool connection_ok = PQstatus(conn_.get()) == CONNECTION_OK;
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    bool data = state && (std::strncmp(state, "22", 2) == 0 || std::strncmp(state, "23", 2) == 0);
    if (connection_ok) FERRY_RETURN_NOT_OK(Run("ROLLBACK TO SAVEPOINT ferry_write"));
    std::string msg = "postgres writer: table " + table_ + ": " + message;
    return data && connection_ok ? Status::Data(msg) : Status::Target(msg);
  }

  // A failed stream: back to the savepoint before it (when the connection
  // stands), the checkpoint it carried forgotten. kData when the server
  // refused the data (SQLSTATE class 22 or 23) or `data` says this side did.
  Status UndoStream(const std::string& message, const PGresult* res, bool data = false) {
    DrainResults();
    streaming_ = false;
    stream_checkpoint_.clear();
    const bool connection_ok = PQstatus(conn_.get()) == CONNECTION_OK;
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    data = data || (state && (std::strncmp(state, "22", 2) == 0 || std::strncmp(state, "23", 2) == 0));
    if (connection_ok) FERRY_RETURN_NOT_OK(Run("ROLLBACK TO SAVEPOINT ferry_stream"));
    std::string msg = "postgres writer: table " + table_ + ": " + message;
    return data && connection_ok ? Status::Data(msg) : Status::Target(msg);
  }

  Status Send() {
    if (buf_.empty()) return Status::OK();
    if (PQputCopyData(conn_.get(), buf_.data(), static_cast<int>(buf_.size())) != 1)
      return Status::Target("postgres writer: table " + table_ + ": " + ConnError(conn_.get(), uri_));
    buf_.clear();
    return Status::OK();
  }

  std::string Where(size_t c, size_t r) const {
    return "column " + targets_[c].name + ", row " + std::to_string(r) + ": ";
  }

  // Appends a length-prefixed field whose size is known once written.
  template <typename F>
  void PutVariable(F&& fill) {
    size_t at = buf_.size();
    PutU32(&buf_, 0);
    fill();
    uint32_t n = __builtin_bswap32(static_cast<uint32_t>(buf_.size() - at - 4));
    std::memcpy(&buf_[at], &n, 4);
  }

  // One COPY BINARY tuple: the field count, then each field (-1 for NULL).
  // A value the column cannot hold sets *bad (column, row, why) and stops.
  void EncodeBinaryRow(const RecordBatch& batch, size_t r, std::string* bad) {
    PutU16(&buf_, static_cast<uint16_t>(targets_.size()));
    for (size_t c = 0; c < targets_.size(); ++c) {
      const Column& col = batch.column(c);
      if (col.IsNull(r)) {
        PutU32(&buf_, 0xFFFFFFFFu);
      } else if (!EncodeBinaryValue(c, col, r, bad)) {
        return;
      }
    }
  }

  // One non-NULL value as its length and PostgreSQL's binary form: one case
  // per wire encoding (a type dispatch, kept in one place on purpose).
  bool EncodeBinaryValue(size_t c, const Column& col, size_t r, std::string* bad) {
    switch (targets_[c].enc) {
      case Enc::kNone: break;  // not reached: text mode
      case Enc::kNumericText:
      case Enc::kNumericInt:
      case Enc::kUuid:
      case Enc::kInterval:
        return EncodeParsedValue(c, col, r, bad);
      case Enc::kBool:
        PutU32(&buf_, 1);
        buf_.push_back(col.Int(r) != 0 ? 1 : 0);
        break;
      case Enc::kInt2: {
        int64_t v = col.Int(r);
        if (v < INT16_MIN || v > INT16_MAX) {
          *bad = Where(c, r) + "value " + std::to_string(v) + " is out of range for smallint";
          return false;
        }
        PutU32(&buf_, 2);
        PutU16(&buf_, static_cast<uint16_t>(static_cast<int16_t>(v)));
        break;
      }
      case Enc::kInt4: {
        int64_t v = col.Int(r);
        if (v < INT32_MIN || v > INT32_MAX) {
          *bad = Where(c, r) + "value " + std::to_string(v) + " is out of range for integer";
          return false;
        }
        PutU32(&buf_, 4);
        PutU32(&buf_, static_cast<uint32_t>(static_cast<int32_t>(v)));
        break;
      }
      case Enc::kInt8:
      case Enc::kTime:
        PutU32(&buf_, 8);
        PutU64(&buf_, static_cast<uint64_t>(col.Int(r)));
        break;
      case Enc::kTimeTz:
        PutU32(&buf_, 12);
        PutU64(&buf_, static_cast<uint64_t>(col.Int(r)));
        PutU32(&buf_, 0);  // UTC
        break;
      case Enc::kFloat4: {
        float f = static_cast<float>(col.Double(r));
        uint32_t bits;
        std::memcpy(&bits, &f, 4);
        PutU32(&buf_, 4);
        PutU32(&buf_, bits);
        break;
      }
      case Enc::kFloat8: {
        double d = col.Double(r);
        uint64_t bits;
        std::memcpy(&bits, &d, 8);
        PutU32(&buf_, 8);
        PutU64(&buf_, bits);
        break;
      }
      case Enc::kRaw: {
        std::string_view s = col.String(r);
        PutU32(&buf_, static_cast<uint32_t>(s.size()));
        buf_.append(s.data(), s.size());
        break;
      }
      case Enc::kJsonb: {
        std::string_view s = col.String(r);
        PutU32(&buf_, static_cast<uint32_t>(s.size() + 1));
        buf_.push_back(1);  // jsonb binary format version
        buf_.append(s.data(), s.size());
        break;
      }
      case Enc::kDate: {
        int64_t d = col.Int(r) - kPgEpochDays;
        if (d <= INT32_MIN || d >= INT32_MAX) {
          *bad = Where(c, r) + "date out of range";
          return false;
        }
        PutU32(&buf_, 4);
        PutU32(&buf_, static_cast<uint32_t>(static_cast<int32_t>(d)));
        break;
      }
      case Enc::kTimestamp: {
        int64_t t = col.Int(r);
        if (t < INT64_MIN + kPgEpochMicros) {
          *bad = Where(c, r) + "timestamp out of range";
          return false;
        }
        PutU32(&buf_, 8);
        PutU64(&buf_, static_cast<uint64_t>(t - kPgEpochMicros));
        break;
      }
    }
    return true;
  }

  // The encodings whose binary form is parsed from text (numeric, uuid,
  // interval): a value that does not parse sets *bad.
  bool EncodeParsedValue(size_t c, const Column& col, size_t r, std::string* bad) {
    switch (targets_[c].enc) {
      case Enc::kNumericText: {
        std::string_view s = col.String(r);
        bool ok = true;
        PutVariable([&] { ok = EncodeNumeric(s, &buf_); });
        if (!ok) {
          *bad = Where(c, r) + "'" + std::string(s.substr(0, 64)) + "' is not a decimal number";
          return false;
        }
        break;
      }
      case Enc::kNumericInt: {
        char digits[24];
        auto [e, ec] = std::to_chars(digits, digits + sizeof digits, col.Int(r));
        PutVariable([&] { EncodeNumeric(std::string_view(digits, e - digits), &buf_); });
        break;
      }
      case Enc::kUuid: {
        unsigned char raw[kUuidBytes];
        if (!ParseUuid(col.String(r), raw)) {
          *bad = Where(c, r) + "'" + std::string(col.String(r).substr(0, 64)) + "' is not a UUID";
          return false;
        }
        PutU32(&buf_, kUuidBytes);
        buf_.append(reinterpret_cast<const char*>(raw), kUuidBytes);
        break;
      }
      case Enc::kInterval: {
        int64_t micros;
        int32_t days, months;
        if (!ParseInterval(col.String(r), &micros, &days, &months)) {
          *bad = Where(c, r) + "'" + std::string(col.String(r).substr(0, 64)) +
                 "' is not an interval";
          return false;
        }
        PutU32(&buf_, 16);
        PutU64(&buf_, static_cast<uint64_t>(micros));
        PutU32(&buf_, static_cast<uint32_t>(days));
        PutU32(&buf_, static_cast<uint32_t>(months));
        break;
      }
      default: break;  // EncodeBinaryValue's
    }
    return true;
  }

  void AppendEscaped(std::string_view s) {
    for (char ch : s) {
      switch (ch) {
        case '\\': buf_ += "\\\\"; break;
        case '\t': buf_ += "\\t"; break;
        case '\n': buf_ += "\\n"; break;
        case '\r': buf_ += "\\r"; break;
        default: buf_.push_back(ch);
      }
    }
  }

  void EncodeTextRow(const RecordBatch& batch, size_t r, std::string* bad) {
    for (size_t c = 0; c < targets_.size(); ++c) {
      if (c) buf_.push_back('\t');
      const Column& col = batch.column(c);
      if (col.IsNull(r)) {
        buf_ += "\\N";
        continue;
      }
      const LogicalType& type = spec_.columns[c].type;
      switch (col.kind()) {
        case PhysicalKind::kInt64: {
          int64_t v = col.Int(r);
          bool bc = false;
          switch (type.id) {
            case TypeId::kBool:
              if (targets_[c].oid == kOidBool) buf_ += v ? "t" : "f";
              else buf_.push_back(v ? '1' : '0');
              break;
            case TypeId::kDate: AppendPgDate(&buf_, v, &bc); break;
            case TypeId::kTime: AppendTime(&buf_, v); break;
            case TypeId::kTimestamp:
            case TypeId::kTimestampTz: {
              int64_t days = v / kMicrosPerDay - (v % kMicrosPerDay < 0 ? 1 : 0);
              AppendPgDate(&buf_, days, &bc);
              buf_.push_back(' ');
              AppendTime(&buf_, v - days * kMicrosPerDay);
              if (type.id == TypeId::kTimestampTz) buf_ += "+00";
              break;
            }
            default: AppendInt(&buf_, v);
          }
          if (bc) buf_ += " BC";
          break;
        }
        case PhysicalKind::kDouble: {
          double d = col.Double(r);
          if (std::isnan(d)) buf_ += "NaN";
          else if (std::isinf(d)) buf_ += d > 0 ? "Infinity" : "-Infinity";
          else {
            char tmp[32];
            auto [e, ec] = std::to_chars(tmp, tmp + sizeof tmp, d);
            buf_.append(tmp, e);
          }
          break;
        }
        case PhysicalKind::kString: {
          std::string_view s = col.String(r);
          if (targets_[c].oid == kOidBytea) {
            static const char kHex[] = "0123456789abcdef";
            buf_ += "\\\\x";
            for (unsigned char b : s) {
              buf_.push_back(kHex[b >> 4]);
              buf_.push_back(kHex[b & 15]);
            }
          } else {
            AppendEscaped(s);
          }
          break;
        }
      }
    }
    buf_.push_back('\n');
    (void)bad;
  }

  Uri uri_;
  PgConn conn_;
  WriteSpec spec_;
  std::string table_;
  std::vector<TargetColumn> targets_;
  bool binary_;
  std::string copy_sql_;
  std::vector<MergeStep> merge_;  // empty: rows go straight into the table
  std::string buf_;
  bool streaming_ = false;         // a COPY is open across WriteStreamed calls
  std::string stream_checkpoint_;  // the last checkpoint streamed, run at Flush()
  // Rows the server reported storing: by the last COPY, released in the
  // open transaction, committed.
  int64_t copied_ = 0, stored_uncommitted_ = 0, stored_ = 0;
};

}  // namespace

Result<std::unique_ptr<TableWriter>> OpenPostgresWriter(const Uri& uri, const std::string& schema,
                                                        const WriteSpec& spec, PgConn conn) {
  const std::string what = "postgres writer: table " + spec.table;
  if (!conn) {
    FERRY_ASSIGN_OR_RETURN(conn, Connect(uri, AccessMode::kReadWrite));
  }
  std::string qualified = QuoteIdentifier(schema) + "." + QuoteIdentifier(spec.table);
  FERRY_ASSIGN_OR_RETURN(
      PgResult cols,
      ExecParams(conn.get(), uri,
                 "SELECT a.attname, CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END, "
                 "CASE WHEN t.typtype = 'd' THEN bt.typtype ELSE t.typtype END "
                 "FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
                 "LEFT JOIN pg_type bt ON bt.oid = t.typbasetype "
                 "WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped",
                 {qualified}, StatusCode::kTarget, what));
  if (PQntuples(cols.get()) == 0)
    return Status::NotFound(what + ": no such table in schema " + schema);
  std::vector<TargetColumn> targets;
  bool binary = true;
  for (const auto& f : spec.columns) {
    TargetColumn t;
    t.name = f.name;
    bool found = false;
    for (int r = 0; r < PQntuples(cols.get()); ++r) {
      if (f.name != PQgetvalue(cols.get(), r, 0)) continue;
      t.oid = static_cast<uint32_t>(std::strtoul(PQgetvalue(cols.get(), r, 1), nullptr, 10));
      t.typtype = PQgetvalue(cols.get(), r, 2)[0];
      found = true;
    }
    if (!found) return Status::NotFound(what + ": no column " + f.name);
    t.enc = ChooseEncoding(t.oid, t.typtype, f.type);
    if (t.enc == Enc::kNone) binary = false;
    targets.push_back(std::move(t));
  }
  // Merges stage each batch in a temporary table of the same column types,
  // private to this connection and gone with it.
  const bool merge = spec.on_conflict != ConflictMode::kInsert;
  std::string col_list;
  for (size_t i = 0; i < spec.columns.size(); ++i)
    col_list += (i ? ", " : "") + QuoteIdentifier(spec.columns[i].name);
  std::string copy_sql = "COPY " + (merge ? std::string(kStaging) : qualified) + " (";
  for (size_t i = 0; i < spec.columns.size(); ++i) {
    if (i) copy_sql += ", ";
    copy_sql += QuoteIdentifier(spec.columns[i].name);
  }
  copy_sql += binary ? ") FROM STDIN (FORMAT binary)" : ") FROM STDIN (FORMAT text)";
  FERRY_ASSIGN_OR_RETURN(PgResult begin, Exec(conn.get(), uri, "BEGIN", StatusCode::kTarget, what));
  if (merge) {
    FERRY_ASSIGN_OR_RETURN(PgResult staged,
                           Exec(conn.get(), uri,
                                "CREATE TEMPORARY TABLE " + std::string(kStaging) + " AS SELECT " + col_list +
                                    " FROM " + qualified + " WITH NO DATA",
                                StatusCode::kTarget, what + ": staging table"));
  }
  return std::unique_ptr<TableWriter>(new PostgresWriter(uri, std::move(conn), spec, std::move(targets),
                                                         binary, std::move(copy_sql)));
}

}  // namespace ferry::postgres
