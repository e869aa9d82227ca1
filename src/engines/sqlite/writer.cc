#include "engines/sqlite/writer.h"

#include <cmath>

#include "core/temporal.h"
#include "engines/sqlite/connection.h"
#include "engines/sqlite/dialect.h"
#include "engines/sqlite/values.h"

namespace ferry::sqlite {

namespace {

constexpr char kStaging[] = "ferry_stage";  // the merge modes' temporary table

// How a batch column is bound; fixed by the column's logical type.
enum class BindKind { kInt, kDouble, kText, kBlob, kDate, kTime, kTimestamp, kTimestampTz };

BindKind KindOf(const LogicalType& t) {
  switch (t.id) {
    case TypeId::kBool:
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64: return BindKind::kInt;
    case TypeId::kFloat32:
    case TypeId::kFloat64: return BindKind::kDouble;
    case TypeId::kBytes: return BindKind::kBlob;
    case TypeId::kDate: return BindKind::kDate;
    case TypeId::kTime: return BindKind::kTime;
    case TypeId::kTimestamp: return BindKind::kTimestamp;
    case TypeId::kTimestampTz: return BindKind::kTimestampTz;
    default: return BindKind::kText;  // decimal, text, uuid, json, interval, enum
  }
}

// Faults in the data (reject material) versus faults of the target.
bool IsDataError(int rc) {
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
    case SQLITE_RANGE: return true;
    default: return false;
  }
}

class SqliteWriter final : public TableWriter {
 public:
  SqliteWriter(ConnHandle db, StmtHandle insert, const WriteSpec& spec)
      : db_(std::move(db)), insert_(std::move(insert)), spec_(spec), scratch_(spec.columns.size()),
        merge_(MergeSql(SqliteDialect(), spec, kStaging)) {}

  ~SqliteWriter() override {
    insert_.reset();
    if (in_txn_) (void)Exec(db_.get(), "ROLLBACK");
  }

  Status DoWrite(const RecordBatch& batch, size_t begin, size_t end, const std::string& checkpoint,
                 WriteCounts* counts) override {
    const std::string where = "sqlite writer: table " + spec_.table;
    if (batch.num_columns() != spec_.columns.size())
      return Status::Internal(where + ": batch has " + std::to_string(batch.num_columns()) +
                              " columns, writer expects " + std::to_string(spec_.columns.size()));
    kinds_.clear();
    for (size_t c = 0; c < batch.num_columns(); ++c) kinds_.push_back(KindOf(batch.column(c).type()));
    if (!in_txn_) {
      Status s = Exec(db_.get(), "BEGIN IMMEDIATE");
      if (!s.ok()) return s.WithContext(where);
      in_txn_ = true;
    }
    Status s = Exec(db_.get(), "SAVEPOINT ferry_write");
    if (!s.ok()) return s.WithContext(where);
    Status result = WriteRows(batch, begin, end);
    WriteCounts done;  // counted only if the savepoint is released
    if (result.ok())
      result = AfterRows(spec_, merge_, "temp." + std::string(kStaging), end - begin, checkpoint,
                         [&](const std::string& sql) { return Affected(sql); }, &done);
    if (!result.ok()) {
      sqlite3_reset(insert_.get());
      if (sqlite3_get_autocommit(db_.get())) {
        // SQLite already rolled the whole transaction back (disk full, I/O
        // error): earlier uncommitted writes are gone too.
        in_txn_ = false;
        return Status::Target(result.message() + "; the open transaction was rolled back")
            .WithContext(where);
      }
      Status undo = Exec(db_.get(), "ROLLBACK TO ferry_write; RELEASE ferry_write");
      if (!undo.ok()) return undo.WithContext(where + ": rolling back a failed write");
      return result.WithContext(where);
    }
    s = Exec(db_.get(), "RELEASE ferry_write");
    if (!s.ok()) return s.WithContext(where);
    counts->Add(done);
    return Status::OK();
  }

  Status Commit() override {
    if (!in_txn_) return Status::OK();
    in_txn_ = false;  // a failed COMMIT leaves SQLite's transaction rolled back or open; see below
    Status s = Exec(db_.get(), "COMMIT");
    if (!s.ok()) {
      if (!sqlite3_get_autocommit(db_.get())) in_txn_ = true;  // still open: destructor rolls back
      return s.WithContext("sqlite writer: table " + spec_.table + ": commit");
    }
    return Status::OK();
  }

 private:
  // One statement in the open transaction; its changed-row count.
  Result<int64_t> Affected(const std::string& sql) {
    FERRY_ASSIGN_OR_RETURN(StmtHandle stmt, Prepare(db_.get(), sql, StatusCode::kTarget));
    int rc = sqlite3_step(stmt.get());
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
      std::string msg = "sqlite writer: table " + spec_.table + ": " + ErrorText(db_.get());
      return IsDataError(sqlite3_extended_errcode(db_.get())) ? Status::Data(msg) : Status::Target(msg);
    }
    return static_cast<int64_t>(sqlite3_changes64(db_.get()));
  }

  Status WriteRows(const RecordBatch& batch, size_t begin, size_t end) {
    sqlite3_stmt* stmt = insert_.get();
    const size_t ncols = batch.num_columns();
    for (size_t row = begin; row < end; ++row) {
      for (size_t c = 0; c < ncols; ++c) {
        const Column& col = batch.column(c);
        const int idx = static_cast<int>(c) + 1;
        int rc;
        if (col.IsNull(row)) {
          rc = sqlite3_bind_null(stmt, idx);
        } else {
          switch (kinds_[c]) {
            case BindKind::kInt: rc = sqlite3_bind_int64(stmt, idx, col.Int(row)); break;
            case BindKind::kDouble: {
              double d = col.Double(row);
              // SQLite silently stores NaN as NULL: refuse it instead.
              if (std::isnan(d))
                return Status::Data("row " + std::to_string(row) + ", column " + batch.fields()[c].name +
                                    ": NaN cannot be stored in SQLite");
              rc = sqlite3_bind_double(stmt, idx, d);
              break;
            }
            case BindKind::kText: {
              std::string_view v = col.String(row);
              rc = sqlite3_bind_text64(stmt, idx, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8);
              break;
            }
            case BindKind::kBlob: {
              std::string_view v = col.String(row);
              rc = sqlite3_bind_blob64(stmt, idx, v.data(), v.size(), SQLITE_STATIC);
              break;
            }
            default: {
              std::string& buf = scratch_[c];
              buf.clear();
              const int64_t v = col.Int(row);
              switch (kinds_[c]) {
                case BindKind::kDate: AppendDateFast(&buf, v); break;
                case BindKind::kTime: AppendTimeFast(&buf, v); break;
                case BindKind::kTimestamp: AppendTimestampFast(&buf, v); break;
                default:
                  AppendTimestampFast(&buf, v);
                  buf += "+00:00";  // the offset form SQLite's date functions read
                  break;
              }
              rc = sqlite3_bind_text64(stmt, idx, buf.data(), buf.size(), SQLITE_STATIC, SQLITE_UTF8);
              break;
            }
          }
        }
        if (rc != SQLITE_OK) return Failure(rc, row, "column " + batch.fields()[c].name + ": ");
      }
      int rc = sqlite3_step(stmt);
      if (rc != SQLITE_DONE) return Failure(sqlite3_extended_errcode(db_.get()), row, "");
      sqlite3_reset(stmt);
    }
    return Status::OK();
  }

  Status Failure(int rc, size_t row, const std::string& what) {
    std::string msg = "row " + std::to_string(row) + ": " + what + ErrorText(db_.get());
    return IsDataError(rc) ? Status::Data(msg) : Status::Target(msg);
  }

  ConnHandle db_;
  StmtHandle insert_;
  WriteSpec spec_;
  std::vector<std::string> scratch_;  // per column: formatted temporal value bound STATIC
  std::vector<BindKind> kinds_;
  std::vector<MergeStep> merge_;  // empty: rows go straight into the table
  bool in_txn_ = false;
};

}  // namespace

Result<std::unique_ptr<TableWriter>> OpenSqliteWriter(const std::string& path, const WriteSpec& spec) {
  const std::string where = "sqlite writer: table " + spec.table;
  if (spec.columns.empty()) return Status::InvalidInput(where + ": no columns to write");
  auto db = OpenConnection(path, AccessMode::kReadWrite);
  if (!db.ok()) return db.status().WithContext(where);
  // A bigger page cache keeps index pages of large loads in memory (per
  // connection, not persistent).
  FERRY_RETURN_NOT_OK(Exec(db->get(), "PRAGMA cache_size=-65536"));
  // Merges stage each batch in a temporary table private to this connection.
  const bool merge = spec.on_conflict != ConflictMode::kInsert;
  if (merge) {
    std::string list;
    for (size_t i = 0; i < spec.columns.size(); ++i) list += (i ? ", " : "") + Quote(spec.columns[i].name);
    Status st = Exec(db->get(), "CREATE TEMP TABLE " + std::string(kStaging) + " AS SELECT " + list + " FROM main." +
                                    Quote(spec.table) + " LIMIT 0");
    if (!st.ok()) return st.WithContext(where + ": staging table");
  }
  std::string sql = "INSERT INTO " + (merge ? "temp." + std::string(kStaging) : Quote(spec.table)) + " (";
  std::string params;
  for (size_t i = 0; i < spec.columns.size(); ++i) {
    if (i) {
      sql += ", ";
      params += ", ";
    }
    sql += Quote(spec.columns[i].name);
    params += '?';
  }
  sql += ") VALUES (" + params + ")";
  auto stmt = Prepare(db->get(), sql, StatusCode::kTarget);
  if (!stmt.ok()) return stmt.status().WithContext(where);
  return std::unique_ptr<TableWriter>(new SqliteWriter(std::move(*db), std::move(*stmt), spec));
}

}  // namespace ferry::sqlite
