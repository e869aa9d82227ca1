#include "engines/duckdb/writer.h"

#include <algorithm>

#include "engines/duckdb/api.h"
#include "engines/duckdb/dialect.h"
#include "engines/duckdb/vector_fill.h"

namespace ferry::duckdb {
namespace {

constexpr char kStaging[] = "ferry_stage";  // the merge modes' temporary table

// Whether the table appender turns a chunk column of type `from` into the
// target column type faithfully. It casts implicitly only: text does not
// become INTERVAL, and text into JSON is not validated, so those (and any
// pair not listed) go through the query appender's INSERT casts.
bool TableAppenderCasts(duckdb_type from, duckdb_logical_type target) {
  if (!target) return false;
  duckdb_type to = Api().duckdb_get_type_id(target);
  char* alias = Api().duckdb_logical_type_get_alias(target);
  bool aliased = alias != nullptr;
  if (alias) Api().duckdb_free(alias);
  if (aliased) return false;  // JSON and user types
  if (from == to) return true;
  switch (from) {
    case DUCKDB_TYPE_BIGINT:
      return to == DUCKDB_TYPE_TINYINT || to == DUCKDB_TYPE_SMALLINT || to == DUCKDB_TYPE_INTEGER;
    case DUCKDB_TYPE_DOUBLE: return to == DUCKDB_TYPE_FLOAT;
    case DUCKDB_TYPE_VARCHAR:
      return to == DUCKDB_TYPE_DECIMAL || to == DUCKDB_TYPE_UUID || to == DUCKDB_TYPE_ENUM;
    default: return false;
  }
}

}  // namespace

Result<std::unique_ptr<Writer>> Writer::Open(duckdb_database db, const std::string& schema,
                                             const WriteSpec& spec, LoadMemory* memory) {
  std::unique_ptr<Writer> w(new Writer());
  auto session = Session::Connect(db, StatusCode::kTarget);
  if (!session.ok()) return session.status().WithContext("duckdb writer: table " + spec.table);
  w->session_ = std::move(session).value();
  w->schema_ = schema;
  w->spec_ = spec;
  if (memory) {
    FERRY_RETURN_NOT_OK(memory->AddWriter(w->session_, spec.columns.size())
                            .WithContext("duckdb writer: table " + spec.table));
    w->memory_ = memory;  // registered: the destructor removes it
  }
  if (memory && spec.on_conflict == ConflictMode::kInsert) FERRY_RETURN_NOT_OK(w->FindUniqueIndex());
  std::vector<LogicalTypeHandle> owned(spec.columns.size());
  std::vector<duckdb_logical_type> types;
  for (size_t i = 0; i < spec.columns.size(); ++i) {
    duckdb_type t = ChunkType(spec.columns[i].type);
    w->chunk_types_.push_back(t);
    *owned[i].out() = Api().duckdb_create_logical_type(t);
    types.push_back(owned[i].get());
  }
  if (spec.columns.empty()) return Status::InvalidInput("duckdb writer: table " + spec.table + ": no columns");
  *w->chunk_.out() = Api().duckdb_create_data_chunk(types.data(), types.size());
  if (spec.on_conflict != ConflictMode::kInsert) {
    DuckdbDialect d;
    std::string list;
    for (size_t i = 0; i < spec.columns.size(); ++i) list += (i ? ", " : "") + d.QuoteIdent(spec.columns[i].name);
    FERRY_RETURN_NOT_OK(w->session_.Exec("CREATE TEMP TABLE " + std::string(kStaging) + " AS SELECT " + list +
                                         " FROM " + d.QuoteIdent(schema) + "." + d.QuoteIdent(spec.table) +
                                         " LIMIT 0")
                            .WithContext("duckdb writer: table " + spec.table + ": staging table"));
    w->merge_ = MergeSql(d, spec, kStaging);
  }
  FERRY_RETURN_NOT_OK(w->EnsureAppender());
  return w;
}

Writer::~Writer() {
  appender_.Reset();
  if (in_transaction_) (void)session_.Exec("ROLLBACK");
  if (memory_) memory_->RemoveWriter(spec_.columns.size());
}

Status Writer::EnsureAppender() {
  if (appender_) return Status::OK();
  const std::string where = "duckdb writer: table " + spec_.table;
  // Fast path: the table appender, when every chunk column either matches its
  // target or takes a cast the appender does right (integers narrowing with
  // a range check, text into DECIMAL/UUID/ENUM).
  {
    duckdb_appender* app = appender_.out();
    bool usable =
        (merge_.empty()
             ? Api().duckdb_appender_create(session_.get(), schema_.c_str(), spec_.table.c_str(), app)
             : Api().duckdb_appender_create_ext(session_.get(), "temp", "main", kStaging, app)) ==
        DuckDBSuccess;
    for (size_t i = 0; usable && i < spec_.columns.size(); ++i)
      usable = Api().duckdb_appender_add_column(*app, spec_.columns[i].name.c_str()) == DuckDBSuccess;
    for (size_t i = 0; usable && i < spec_.columns.size(); ++i) {
      LogicalTypeHandle target;
      *target.out() = Api().duckdb_appender_column_type(*app, i);
      usable = TableAppenderCasts(chunk_types_[i], target.get());
    }
    if (usable) return Status::OK();
    appender_.Reset();
  }
  // A query appender: DuckDB runs this INSERT over the appended chunks, so
  // every chunk column gets INSERT's assignment cast to its target column
  // (text -> INTERVAL, JSON validation) that the plain table appender lacks.
  // Columns the batch does not carry get their defaults.
  DuckdbDialect dialect;
  std::string cols, select;
  std::vector<std::string> names;
  for (size_t i = 0; i < spec_.columns.size(); ++i) {
    if (i) {
      cols += ", ";
      select += ", ";
    }
    cols += dialect.QuoteIdent(spec_.columns[i].name);
    names.push_back("c" + std::to_string(i));
    select += names.back();
  }
  const std::string into = merge_.empty() ? dialect.QuoteIdent(schema_) + "." + dialect.QuoteIdent(spec_.table)
                                          : std::string("temp.main.") + kStaging;
  const std::string sql = "INSERT INTO " + into + " (" + cols + ") SELECT " + select + " FROM ferry_batch";
  std::vector<LogicalTypeHandle> owned(chunk_types_.size());
  std::vector<duckdb_logical_type> types;
  std::vector<const char*> name_ptrs;
  for (size_t i = 0; i < chunk_types_.size(); ++i) {
    *owned[i].out() = Api().duckdb_create_logical_type(chunk_types_[i]);
    types.push_back(owned[i].get());
    name_ptrs.push_back(names[i].c_str());
  }
  duckdb_appender* app = appender_.out();
  if (Api().duckdb_appender_create_query(session_.get(), sql.c_str(), types.size(), types.data(),
                                         "ferry_batch", name_ptrs.data(), app) != DuckDBSuccess) {
    const char* msg = *app ? Api().duckdb_appender_error(*app) : nullptr;
    Status st = Status::Target(where + ": " + (msg ? msg : "cannot create appender"));
    appender_.Reset();
    return st;
  }
  return Status::OK();
}

Status Writer::FillChunk(const RecordBatch& batch, size_t begin, size_t n) {
  duckdb_data_chunk chunk = chunk_.get();
  Api().duckdb_data_chunk_reset(chunk);
  for (size_t c = 0; c < chunk_types_.size(); ++c)
    FERRY_RETURN_NOT_OK(
        FillVector(batch.column(c), begin, n, Api().duckdb_data_chunk_get_vector(chunk, c),
                   "duckdb writer: table " + spec_.table + ", column " + spec_.columns[c].name));
  Api().duckdb_data_chunk_set_size(chunk, n);
  return Status::OK();
}

Status Writer::Abort(Status cause) {
  // Destroy before ROLLBACK: a destroyed appender flushes what it still
  // holds, and that must land in the transaction being rolled back.
  appender_.Reset();
  if (in_transaction_) {
    (void)session_.Exec("ROLLBACK");
    in_transaction_ = false;
  }
  return cause;
}

Status Writer::DoWrite(const RecordBatch& batch, size_t begin, size_t end, const std::string& checkpoint,
                       WriteCounts* counts) {
  const std::string where = "duckdb writer: table " + spec_.table;
  if (batch.num_columns() != chunk_types_.size())
    return Status::Internal(where + ": batch has " + std::to_string(batch.num_columns()) +
                            " columns, writer expects " + std::to_string(chunk_types_.size()));
  FERRY_RETURN_NOT_OK(EnsureAppender());
  if (memory_ && has_unique_index_) FERRY_RETURN_NOT_OK(memory_->Observe(session_).WithContext(where));
  FERRY_RETURN_NOT_OK(session_.Exec("BEGIN TRANSACTION").WithContext(where));
  in_transaction_ = true;

  auto appender_error = [&](const std::string& what) {
    ErrorDataHandle err;
    *err.out() = Api().duckdb_appender_error_data(appender_.get());
    const char* msg = err.get() ? Api().duckdb_error_data_message(err.get()) : nullptr;
    StatusCode code = StatusCode::kTarget;
    if (err.get() && IsDataError(Api().duckdb_error_data_error_type(err.get()))) code = StatusCode::kData;
    return Status(code, where + ": " + what + ": " + (msg ? msg : "unknown DuckDB error"));
  };

  const idx_t step = Api().duckdb_vector_size();
  for (size_t start = begin; start < end; start += step) {
    const size_t n = std::min<size_t>(step, end - start);
    Status filled = FillChunk(batch, start, n);
    if (!filled.ok()) return Abort(filled);
    if (Api().duckdb_append_data_chunk(appender_.get(), chunk_.get()) != DuckDBSuccess)
      return Abort(appender_error("append"));
  }
  if (Api().duckdb_appender_flush(appender_.get()) != DuckDBSuccess) return Abort(appender_error("flush"));
  WriteCounts done;  // counted only once committed
  Status after = AfterRows(spec_, merge_, "temp.main." + std::string(kStaging), end - begin, checkpoint,
                           [&](const std::string& sql) { return session_.ExecCount(sql); }, &done);
  if (!after.ok()) return Abort(after.WithContext(where));
  Status committed = session_.Exec("COMMIT");
  if (!committed.ok()) return Abort(committed.WithContext(where));
  in_transaction_ = false;
  counts->Add(done);
  return Status::OK();
}

Status Writer::FindUniqueIndex() {
  DuckdbDialect d;
  FERRY_ASSIGN_OR_RETURN(
      auto rows, session_.QueryText("SELECT count(*) FROM duckdb_constraints() WHERE schema_name = " +
                                    d.QuoteString(schema_) + " AND table_name = " + d.QuoteString(spec_.table) +
                                    " AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')"));
  has_unique_index_ = !rows.empty() && rows[0][0] && *rows[0][0] != "0";
  return Status::OK();
}

Status Writer::Commit() {
  // Every Write already committed; closing the appender releases its buffers.
  if (appender_) {
    if (Api().duckdb_appender_close(appender_.get()) != DuckDBSuccess) {
      const char* msg = Api().duckdb_appender_error(appender_.get());
      Status st = Status::Target("duckdb writer: table " + spec_.table + ": close: " +
                                 (msg ? msg : "unknown DuckDB error"));
      appender_.Reset();
      return st;
    }
    appender_.Reset();
  }
  return Status::OK();
}

}  // namespace ferry::duckdb
