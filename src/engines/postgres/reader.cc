#include "engines/postgres/reader.h"

#include <cstring>

#include "core/uuid.h"
#include "engines/postgres/connection.h"
#include "engines/postgres/dialect.h"
#include "engines/postgres/wire.h"

namespace ferry::postgres {

namespace {

// How a field arrives on the wire (fixed by the cast in the SELECT list).
enum class WireKind : uint8_t {
  kBool,
  kInt2,
  kInt4,
  kInt8,
  kFloat4,
  kFloat8,
  kNumeric,
  kRaw,  // text, bytea: the bytes are the value
  kDate,
  kTime,
  kTimestamp,
  kInterval,
  kUuid,
};

struct ColumnPlan {
  WireKind kind;
  std::string select;  // expression in the SELECT list
};

ColumnPlan PlanColumn(const ColumnSchema& column) {
  std::string q = QuoteIdentifier(column.name);
  switch (column.type.id) {
    case TypeId::kBool: return {WireKind::kBool, q + "::boolean"};
    case TypeId::kInt8:
    case TypeId::kInt16: return {WireKind::kInt2, q + "::int2"};
    case TypeId::kInt32: return {WireKind::kInt4, q + "::int4"};
    case TypeId::kInt64: return {WireKind::kInt8, q + "::int8"};
    case TypeId::kFloat32: return {WireKind::kFloat4, q + "::float4"};
    case TypeId::kFloat64: return {WireKind::kFloat8, q + "::float8"};
    case TypeId::kDecimal: return {WireKind::kNumeric, q + "::numeric"};
    case TypeId::kBytes: return {WireKind::kRaw, q + "::bytea"};
    case TypeId::kDate: return {WireKind::kDate, q + "::date"};
    case TypeId::kTime:
      // time with time zone is normalised to UTC, as timestamptz is.
      if (column.native_type.find("with time zone") != std::string::npos)
        return {WireKind::kTime, "(" + q + " AT TIME ZONE 'UTC')::time"};
      return {WireKind::kTime, q + "::time"};
    case TypeId::kTimestamp: return {WireKind::kTimestamp, q + "::timestamp"};
    case TypeId::kTimestampTz: return {WireKind::kTimestamp, q + "::timestamptz"};
    case TypeId::kInterval: return {WireKind::kInterval, q + "::interval"};
    case TypeId::kUuid: return {WireKind::kUuid, q + "::uuid"};
    case TypeId::kText: {
      // Character types travel as their bytes (char(n) keeps its padding);
      // anything else mapped to text (inet, arrays, money...) is rendered by
      // its output function, as psql shows it (a ::text cast differs for
      // inet: "::1/128" instead of "::1").
      const std::string& n = column.native_type;
      bool brackets = n.find('[') != std::string::npos;
      if (n.empty() || n == "text" || n == "name" || n == "bpchar" ||
          (n.rfind("character", 0) == 0 && !brackets))
        return {WireKind::kRaw, q};
      return {WireKind::kRaw, "CASE WHEN " + q + " IS NULL THEN NULL ELSE format('%s', " + q + ") END"};
    }
    case TypeId::kJson:
    case TypeId::kEnum: return {WireKind::kRaw, q + "::text"};
  }
  return {WireKind::kRaw, q + "::text"};
}

constexpr char kSignature[] = "PGCOPY\n\377\r\n";  // 11 bytes with the NUL

class PostgresReader : public TableReader {
 public:
  PostgresReader(Uri uri, PgConn conn, std::string qualified, ReadSpec spec)
      : uri_(std::move(uri)), conn_(std::move(conn)), qualified_(std::move(qualified)),
        spec_(std::move(spec)) {
    for (const auto& c : spec_.columns) {
      fields_.push_back({c.name, c.type});
      plans_.push_back(PlanColumn(c));
    }
    if (spec_.limits.max_rows == 0) spec_.limits.max_rows = 1;
  }

  Result<bool> Next(RecordBatch* batch) override {
    if (batch->num_columns() != fields_.size()) *batch = RecordBatch(fields_);
    batch->Reset();
    if (finished_) return false;
    if (!started_) FERRY_RETURN_NOT_OK(Start());
    size_t reserve = spec_.limits.max_rows < 4096 ? spec_.limits.max_rows : 4096;
    for (size_t i = 0; i < batch->num_columns(); ++i) batch->column(i).Reserve(reserve);
    bytes_ = 0;
    while (true) {
      if (pos_ < pending_.size()) {
        bool full = false;
        size_t used = Parse(pending_.data() + pos_, pending_.size() - pos_, batch, &full);
        if (!status_.ok()) return status_;
        pos_ += used;
        if (full) return true;
      }
      if (copy_done_) {
        if (pos_ != pending_.size() || !trailer_seen_)
          return Fail("COPY stream ended inside a tuple");
        finished_ = true;
        return batch->num_rows() > 0;
      }
      char* buf = nullptr;
      int n = PQgetCopyData(conn_.get(), &buf, 0);
      if (n == -1) {
        FERRY_RETURN_NOT_OK(FinishCopy());
        continue;
      }
      if (n < 0) return Fail(ConnError(conn_.get(), uri_));
      std::unique_ptr<char, PqFreeDeleter> hold(buf);
      if (pos_ == pending_.size()) {
        // Common case: parse straight from libpq's buffer, keep only a tail.
        pending_.clear();
        pos_ = 0;
        bool full = false;
        size_t used = Parse(buf, static_cast<size_t>(n), batch, &full);
        if (!status_.ok()) return status_;
        if (used < static_cast<size_t>(n)) pending_.assign(buf + used, n - used);
        if (full) return true;
      } else {
        pending_.erase(0, pos_);
        pos_ = 0;
        pending_.append(buf, n);
      }
    }
  }

 private:
  Status Fail(const std::string& why) {
    status_ = Status::Source("postgres reader: table " + spec_.table + ": " + why);
    return status_;
  }

  Status Start() {
    started_ = true;
    std::string sql = "COPY (SELECT ";
    for (size_t i = 0; i < plans_.size(); ++i) {
      if (i) sql += ", ";
      sql += plans_[i].select;
    }
    sql += " FROM " + qualified_;
    sql += ReadFilterSql(PostgresDialect(), spec_);
    sql += ") TO STDOUT (FORMAT binary)";
    PgResult res(PQexec(conn_.get(), sql.c_str()));
    if (!res || PQresultStatus(res.get()) != PGRES_COPY_OUT)
      return Fail(ResultError(res.get(), conn_.get(), uri_));
    return Status::OK();
  }

  Status FinishCopy() {
    copy_done_ = true;
    Status st;
    while (PGresult* r = PQgetResult(conn_.get())) {
      PgResult res(r);
      if (st.ok() && PQresultStatus(r) != PGRES_COMMAND_OK)
        st = Fail(ResultError(r, conn_.get(), uri_));
    }
    return st;
  }

  // Decodes whole tuples from data[0..len) into `batch`; returns the bytes
  // consumed. Stops before an incomplete tuple, or after the row that fills
  // the batch (*full). Errors go to status_.
  size_t Parse(const char* data, size_t len, RecordBatch* batch, bool* full) {
    size_t p = 0;
    if (!header_done_) {
      if (len < 19) return 0;  // the header always arrives whole with the first tuple
      if (std::memcmp(data, kSignature, 11) != 0) {
        (void)Fail("bad binary COPY signature");
        return 0;
      }
      uint32_t ext = ReadU32(data + 15);
      if (len < 19 + ext) return 0;
      p = 19 + ext;
      header_done_ = true;
    }
    const size_t ncols = plans_.size();
    while (p + 2 <= len) {
      int16_t nf = static_cast<int16_t>(ReadU16(data + p));
      if (nf == -1) {
        trailer_seen_ = true;
        p += 2;
        continue;
      }
      if (static_cast<size_t>(nf) != ncols) {
        (void)Fail("tuple has " + std::to_string(nf) + " fields, expected " + std::to_string(ncols));
        return p;
      }
      // Check the tuple is complete before touching the batch.
      size_t q = p + 2;
      bool complete = true;
      for (size_t c = 0; c < ncols; ++c) {
        if (q + 4 > len) {
          complete = false;
          break;
        }
        int32_t fl = static_cast<int32_t>(ReadU32(data + q));
        q += 4;
        if (fl > 0) {
          if (q + static_cast<size_t>(fl) > len) {
            complete = false;
            break;
          }
          q += static_cast<size_t>(fl);
        }
      }
      if (!complete) break;
      q = p + 2;
      for (size_t c = 0; c < ncols; ++c) {
        int32_t fl = static_cast<int32_t>(ReadU32(data + q));
        q += 4;
        Column& col = batch->column(c);
        if (fl < 0) {
          col.AppendNull();
          continue;
        }
        const char* v = data + q;
        q += static_cast<size_t>(fl);
        if (!Decode(plans_[c].kind, v, static_cast<size_t>(fl), batch, c)) {
          (void)Fail("column " + spec_.columns[c].name + ", row " +
                     std::to_string(rows_done_ + batch->num_rows()) + ": malformed " +
                     std::to_string(fl) + "-byte binary value");
          return p;
        }
      }
      bytes_ += (q - p) + ncols * 8;
      p = q;
      batch->FinishRow();
      if (batch->num_rows() >= spec_.limits.max_rows || bytes_ >= spec_.limits.max_bytes) {
        rows_done_ += batch->num_rows();
        *full = true;
        return p;
      }
    }
    return p;
  }

  void Issue(RecordBatch* batch, size_t c, const char* original) {
    RowIssue issue;
    issue.kind = RowIssue::Kind::kReject;
    issue.row = batch->num_rows();
    issue.column = c;
    issue.reason = std::string("PostgreSQL ") + original + " has no ferry " +
                   std::string(TypeIdName(spec_.columns[c].type.id)) + " value";
    issue.original = original;
    batch->issues().push_back(std::move(issue));
    batch->column(c).AppendNull();
  }

  bool Decode(WireKind kind, const char* v, size_t len, RecordBatch* batch, size_t c) {
    Column& col = batch->column(c);
    switch (kind) {
      case WireKind::kBool:
        if (len != 1) return false;
        col.AppendInt(v[0] != 0);
        return true;
      case WireKind::kInt2:
        if (len != 2) return false;
        col.AppendInt(static_cast<int16_t>(ReadU16(v)));
        return true;
      case WireKind::kInt4:
        if (len != 4) return false;
        col.AppendInt(static_cast<int32_t>(ReadU32(v)));
        return true;
      case WireKind::kInt8:
      case WireKind::kTime:
        if (len != 8) return false;
        col.AppendInt(static_cast<int64_t>(ReadU64(v)));
        return true;
      case WireKind::kFloat4: {
        if (len != 4) return false;
        uint32_t bits = ReadU32(v);
        float f;
        std::memcpy(&f, &bits, 4);
        col.AppendDouble(f);
        return true;
      }
      case WireKind::kFloat8: {
        if (len != 8) return false;
        uint64_t bits = ReadU64(v);
        double d;
        std::memcpy(&d, &bits, 8);
        col.AppendDouble(d);
        return true;
      }
      case WireKind::kNumeric:
        scratch_.clear();
        if (!DecodeNumeric(v, len, &scratch_)) return false;
        col.AppendString(scratch_);
        return true;
      case WireKind::kRaw:
        col.AppendString(std::string_view(v, len));
        return true;
      case WireKind::kDate: {
        if (len != 4) return false;
        int32_t d = static_cast<int32_t>(ReadU32(v));
        if (d == INT32_MAX) Issue(batch, c, "infinity");
        else if (d == INT32_MIN) Issue(batch, c, "-infinity");
        else col.AppendInt(static_cast<int64_t>(d) + kPgEpochDays);
        return true;
      }
      case WireKind::kTimestamp: {
        if (len != 8) return false;
        int64_t t = static_cast<int64_t>(ReadU64(v));
        if (t == INT64_MAX) Issue(batch, c, "infinity");
        else if (t == INT64_MIN) Issue(batch, c, "-infinity");
        else col.AppendInt(t + kPgEpochMicros);
        return true;
      }
      case WireKind::kInterval: {
        if (len != 16) return false;
        scratch_.clear();
        FormatInterval(static_cast<int64_t>(ReadU64(v)), static_cast<int32_t>(ReadU32(v + 8)),
                       static_cast<int32_t>(ReadU32(v + 12)), &scratch_);
        col.AppendString(scratch_);
        return true;
      }
      case WireKind::kUuid:
        if (len != 16) return false;
        scratch_.clear();
        AppendUuid(reinterpret_cast<const unsigned char*>(v), &scratch_);
        col.AppendString(scratch_);
        return true;
    }
    return false;
  }

  Uri uri_;
  PgConn conn_;
  std::string qualified_;
  ReadSpec spec_;
  std::vector<Field> fields_;
  std::vector<ColumnPlan> plans_;
  std::string pending_;  // unparsed tail of the COPY stream
  size_t pos_ = 0;
  std::string scratch_;
  size_t bytes_ = 0;
  size_t rows_done_ = 0;
  bool started_ = false, header_done_ = false, trailer_seen_ = false;
  bool copy_done_ = false, finished_ = false;
  Status status_;
};

}  // namespace

Result<std::unique_ptr<TableReader>> OpenPostgresReader(const Uri& uri, AccessMode mode,
                                                        const std::string& schema,
                                                        const std::string& snapshot,
                                                        const ReadSpec& spec) {
  FERRY_ASSIGN_OR_RETURN(PgConn conn, Connect(uri, mode));
  StatusCode code = mode == AccessMode::kReadOnly ? StatusCode::kSource : StatusCode::kTarget;
  if (mode == AccessMode::kReadOnly) {
    std::string sql = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
    if (!snapshot.empty()) sql += "; SET TRANSACTION SNAPSHOT " + QuoteLiteral(snapshot);
    FERRY_ASSIGN_OR_RETURN(PgResult res, Exec(conn.get(), uri, sql, code,
                                              "postgres reader: table " + spec.table +
                                                  ": cannot join the source snapshot"));
  }
  std::string qualified = QuoteIdentifier(schema) + "." + QuoteIdentifier(spec.table);
  return std::unique_ptr<TableReader>(
      new PostgresReader(uri, std::move(conn), std::move(qualified), spec));
}

}  // namespace ferry::postgres
