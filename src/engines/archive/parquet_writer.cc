#include "engines/archive/parquet_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/batch_queue.h"
#include "engines/duckdb/api.h"
#include "engines/duckdb/dialect.h"
#include "engines/duckdb/handles.h"
#include "engines/duckdb/session.h"
#include "engines/duckdb/vector_fill.h"

namespace ferry::archive {
namespace {

namespace ddb = ferry::duckdb;

// Batches waiting for the COPY: memory is this many batches per writer.
constexpr size_t kQueueDepth = 4;

// What ferry_feed reads: the writer's queue and the columns' chunk types.
struct Feed {
  BatchQueue queue{kQueueDepth};
  std::vector<duckdb_type> types;
};

// The scan's position in the batch being handed out.
struct FeedState {
  std::unique_ptr<RecordBatch> batch;
  size_t pos = 0;
};

void DeleteState(void* p) { delete static_cast<FeedState*>(p); }

void FeedBind(duckdb_bind_info info) {
  auto* feed = static_cast<Feed*>(ddb::Api().duckdb_bind_get_extra_info(info));
  for (size_t i = 0; i < feed->types.size(); ++i) {
    ddb::LogicalTypeHandle type;
    *type.out() = ddb::Api().duckdb_create_logical_type(feed->types[i]);
    ddb::Api().duckdb_bind_add_result_column(info, ("c" + std::to_string(i)).c_str(), type.get());
  }
}

void FeedInit(duckdb_init_info info) {
  ddb::Api().duckdb_init_set_max_threads(info, 1);  // one queue, one consumer
  ddb::Api().duckdb_init_set_init_data(info, new FeedState(), DeleteState);
}

void FeedScan(duckdb_function_info info, duckdb_data_chunk output) {
  auto* feed = static_cast<Feed*>(ddb::Api().duckdb_function_get_extra_info(info));
  auto* state = static_cast<FeedState*>(ddb::Api().duckdb_function_get_init_data(info));
  while (!state->batch || state->pos >= state->batch->num_rows()) {
    state->batch = feed->queue.Pop();
    state->pos = 0;
    if (!state->batch) {
      Status st = feed->queue.status();
      if (!st.ok()) ddb::Api().duckdb_function_set_error(info, st.ToString().c_str());
      ddb::Api().duckdb_data_chunk_set_size(output, 0);
      return;
    }
  }
  const RecordBatch& batch = *state->batch;
  const size_t n = std::min<size_t>(ddb::Api().duckdb_vector_size(), batch.num_rows() - state->pos);
  for (size_t c = 0; c < batch.num_columns(); ++c) {
    Status st =
        ddb::FillVector(batch.column(c), state->pos, n, ddb::Api().duckdb_data_chunk_get_vector(output, c),
                        "column " + batch.fields()[c].name);
    if (!st.ok()) {
      ddb::Api().duckdb_function_set_error(info, st.ToString().c_str());
      return;
    }
  }
  state->pos += n;
  ddb::Api().duckdb_data_chunk_set_size(output, n);
}

// Whether decimal text fits decimal(p,s): at most p-s digits before the
// point and s after it (ferry's canonical text: -?digits[.digits]).
bool FitsDecimal(std::string_view text, int precision, int scale) {
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) text.remove_prefix(1);
  const size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  while (whole.size() > 1 && whole[0] == '0') whole.remove_prefix(1);
  if (whole == "0") whole = {};
  while (!frac.empty() && frac.back() == '0') frac.remove_suffix(1);
  return static_cast<int>(whole.size()) <= precision - scale && static_cast<int>(frac.size()) <= scale;
}

Status Errno(const std::string& what, const std::string& path) {
  return Status::Target(what + " " + path + ": " + std::strerror(errno));
}

Status SyncPath(const std::string& path, bool directory) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (directory ? O_DIRECTORY : 0));
  if (fd < 0) return Errno("cannot open", path);
  Status st = ::fsync(fd) != 0 && !(directory && errno == EINVAL) ? Errno("cannot sync", path) : Status::OK();
  ::close(fd);
  return st;
}

class ParquetWriter final : public TableWriter {
 public:
  ParquetWriter(std::string path, WriteSpec spec, std::function<Status(const FinishedFile&)> on_finished,
                int order_column, bool json_type)
      : path_(std::move(path)), partial_(path_ + ".partial"), spec_(std::move(spec)),
        on_finished_(std::move(on_finished)), json_type_(json_type), order_column_(order_column),
        sorted_(order_column >= 0) {}

  ~ParquetWriter() override {
    if (thread_.joinable()) {
      feed_.queue.Abort(Status::Cancelled("the table's writer stopped before its end"));
      thread_.join();
    }
    if (!finished_) std::remove(partial_.c_str());
    session_ = ddb::Session();
    db_.Reset();
  }

  Status Start();

  Status Commit() override { return CopyFailure(); }
  Status Finish() override;

 protected:
  Status DoWrite(const RecordBatch& batch, size_t begin, size_t end, const std::string& checkpoint,
                 WriteCounts* counts) override;

 private:
  Status CheckValues(const RecordBatch& batch, size_t begin, size_t end) const;
  void NoteOrder(const RecordBatch& batch, size_t begin, size_t end);
  std::string CopySql() const;
  // The COPY's error, once it has failed; OK while it runs or after it ended well.
  Status CopyFailure() const {
    std::lock_guard<std::mutex> lock(mu_);
    return copy_status_;
  }

  std::string path_, partial_;
  WriteSpec spec_;
  std::function<Status(const FinishedFile&)> on_finished_;
  Feed feed_;
  ddb::DatabaseHandle db_;
  ddb::Session session_;
  std::thread thread_;
  mutable std::mutex mu_;
  Status copy_status_;  // guarded by mu_
  int64_t rows_ = 0;
  bool finished_ = false;
  bool json_type_;
  // Whether the rows so far are in strictly increasing order of column
  // order_column_ (-1: none watched), the last value seen.
  int order_column_;
  bool sorted_;
  std::optional<int64_t> last_key_;
};

std::string ParquetWriter::CopySql() const {
  ddb::DuckdbDialect d;
  std::string select;
  for (size_t i = 0; i < spec_.columns.size(); ++i) {
    const std::string c = "c" + std::to_string(i);
    const std::string stored = StoredType(spec_.columns[i].type, json_type_);
    select += (i ? ", " : "") + (stored == "VARCHAR" || stored == "BLOB" ? c : "CAST(" + c + " AS " + stored + ")") +
              " AS " + d.QuoteIdent(spec_.columns[i].name);
  }
  // Format version 2: its DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY and
  // BYTE_STREAM_SPLIT encodings made the bench table's file 23% smaller
  // than version 1's (59.3 MB against 77.0 MB; pg_dump -Fc: 72.2 MB) at
  // the same speed; pyarrow, Spark 3 and DuckDB read it. zstd level 9 was
  // no smaller than the default.
  return "COPY (SELECT " + select + " FROM ferry_feed()) TO " + d.QuoteString(partial_) +
         " (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION V2)";
}

Status ParquetWriter::Start() {
  const std::string where = "Parquet file " + path_;
  FERRY_RETURN_NOT_OK(ddb::LoadApi());
  for (const auto& f : spec_.columns) feed_.types.push_back(ddb::ChunkType(f.type));
  ddb::ConfigHandle config;
  if (ddb::Api().duckdb_create_config(config.out()) != DuckDBSuccess)
    return Status::Target(where + ": cannot configure DuckDB");
  // One feeding thread: more DuckDB threads would only wait on it. The
  // memory limit bounds the row group being compressed.
  (void)ddb::Api().duckdb_set_config(config.get(), "threads", "1");
  (void)ddb::Api().duckdb_set_config(config.get(), "memory_limit", "256MB");
  char* error = nullptr;
  if (ddb::Api().duckdb_open_ext(nullptr, db_.out(), config.get(), &error) != DuckDBSuccess) {
    std::string msg = error ? error : "unknown error";
    if (error) ddb::Api().duckdb_free(error);
    return Status::Target(where + ": cannot open DuckDB: " + msg);
  }
  FERRY_ASSIGN_OR_RETURN(session_, ddb::Session::Connect(db_.get(), StatusCode::kTarget));
  duckdb_table_function fn = ddb::Api().duckdb_create_table_function();
  ddb::Api().duckdb_table_function_set_name(fn, "ferry_feed");
  ddb::Api().duckdb_table_function_set_extra_info(fn, &feed_, nullptr);
  ddb::Api().duckdb_table_function_set_bind(fn, FeedBind);
  ddb::Api().duckdb_table_function_set_init(fn, FeedInit);
  ddb::Api().duckdb_table_function_set_function(fn, FeedScan);
  duckdb_state registered = ddb::Api().duckdb_register_table_function(session_.get(), fn);
  ddb::Api().duckdb_destroy_table_function(&fn);
  if (registered != DuckDBSuccess) return Status::Internal(where + ": cannot register ferry_feed");
  const std::string sql = CopySql();
  thread_ = std::thread([this, sql, where] {
    Status st = session_.Exec(sql);
    if (!st.ok()) {
      st = Status::Target(where + ": Parquet writer: " + st.message());
      {
        std::lock_guard<std::mutex> lock(mu_);
        copy_status_ = st;
      }
      feed_.queue.Abort(st);  // a waiting Write() wakes up and fails
    }
  });
  return Status::OK();
}

Status ParquetWriter::CheckValues(const RecordBatch& batch, size_t begin, size_t end) const {
  for (size_t c = 0; c < batch.num_columns(); ++c) {
    const Column& col = batch.column(c);
    const LogicalType& type = spec_.columns[c].type;
    const bool date = type.id == TypeId::kDate;
    const bool decimal = type.id == TypeId::kDecimal && StoredType(type) != "VARCHAR";
    const bool json = type.id == TypeId::kJson && json_type_;
    if (!date && !decimal && !json) continue;
    for (size_t r = begin; r < end; ++r) {
      if (col.IsNull(r)) continue;
      if (date && (col.Int(r) < INT32_MIN || col.Int(r) > INT32_MAX))
        return Status::Data("column " + spec_.columns[c].name + ": date out of range (" + std::to_string(col.Int(r)) +
                            " days)");
      if (decimal && !FitsDecimal(col.String(r), type.precision, type.scale))
        return Status::Data("column " + spec_.columns[c].name + ": " + std::string(col.String(r)) + " does not fit " +
                            type.ToString());
      if (json && !nlohmann::json::accept(col.String(r)))
        return Status::Data("column " + spec_.columns[c].name + ": the value is not JSON");
    }
  }
  return Status::OK();
}

Status ParquetWriter::DoWrite(const RecordBatch& batch, size_t begin, size_t end, const std::string& checkpoint,
                              WriteCounts* counts) {
  if (begin == end) return CopyFailure();
  FERRY_RETURN_NOT_OK(CheckValues(batch, begin, end));
  auto rows = std::make_unique<RecordBatch>(batch.fields());
  rows->AppendRows(batch, begin, end);
  if (!feed_.queue.Push(std::move(rows))) {
    Status st = CopyFailure();
    return st.ok() ? Status::Target("Parquet file " + path_ + ": the writer stopped") : st;
  }
  if (sorted_) NoteOrder(batch, begin, end);
  rows_ += static_cast<int64_t>(end - begin);
  counts->inserted += static_cast<int64_t>(end - begin);
  return Status::OK();
}

void ParquetWriter::NoteOrder(const RecordBatch& batch, size_t begin, size_t end) {
  const Column& col = batch.column(static_cast<size_t>(order_column_));
  for (size_t r = begin; r < end && sorted_; ++r) {
    sorted_ = !col.IsNull(r) && (!last_key_ || col.Int(r) > *last_key_);
    last_key_ = col.IsNull(r) ? last_key_ : std::optional<int64_t>(col.Int(r));
  }
}

Status ParquetWriter::Finish() {
  feed_.queue.Close();
  if (thread_.joinable()) thread_.join();
  FERRY_RETURN_NOT_OK(CopyFailure());
  FERRY_RETURN_NOT_OK(SyncPath(partial_, false));
  if (::rename(partial_.c_str(), path_.c_str()) != 0) return Errno("cannot rename " + partial_ + " to", path_);
  FERRY_RETURN_NOT_OK(SyncPath(std::filesystem::path(path_).parent_path().string(), true));
  finished_ = true;
  FERRY_ASSIGN_OR_RETURN(FileDigest digest, DigestFile(path_));
  return on_finished_ ? on_finished_(FinishedFile{spec_.table, rows_, digest, sorted_}) : Status::OK();
}

}  // namespace

std::string StoredType(const LogicalType& type, bool json_type) {
  switch (type.id) {
    case TypeId::kBool: return "BOOLEAN";
    case TypeId::kInt8: return "TINYINT";
    case TypeId::kInt16: return "SMALLINT";
    case TypeId::kInt32: return "INTEGER";
    case TypeId::kInt64: return "BIGINT";
    case TypeId::kFloat32: return "FLOAT";
    case TypeId::kFloat64: return "DOUBLE";
    case TypeId::kDecimal:
      if (type.precision >= 1 && type.precision <= 38 && type.scale >= 0 && type.scale <= type.precision)
        return "DECIMAL(" + std::to_string(type.precision) + "," + std::to_string(type.scale) + ")";
      return "VARCHAR";
    case TypeId::kBytes: return "BLOB";
    case TypeId::kDate: return "DATE";
    case TypeId::kTime: return "TIME";
    case TypeId::kTimestamp: return "TIMESTAMP";
    case TypeId::kTimestampTz: return "TIMESTAMPTZ";
    case TypeId::kInterval: return "INTERVAL";
    case TypeId::kUuid: return "UUID";
    case TypeId::kJson: return json_type ? "JSON" : "VARCHAR";
    default: return "VARCHAR";  // text, json, enum
  }
}

Result<std::unique_ptr<TableWriter>> OpenParquetWriter(const std::string& path, const WriteSpec& spec,
                                                       std::function<Status(const FinishedFile&)> on_finished,
                                                       const ParquetOptions& options) {
  if (spec.on_conflict != ConflictMode::kInsert)
    return Status::Unsupported("a Parquet file cannot merge rows (--on-conflict): " + path);
  if (spec.columns.empty()) return Status::InvalidInput("Parquet file " + path + ": a table without columns");
  int watched = -1;
  for (size_t i = 0; i < spec.columns.size(); ++i)
    if (spec.columns[i].name == options.order_column && spec.columns[i].type.physical() == PhysicalKind::kInt64 &&
        spec.columns[i].type.IsInteger())
      watched = static_cast<int>(i);
  auto writer = std::make_unique<ParquetWriter>(path, spec, std::move(on_finished), watched, options.json_type);
  FERRY_RETURN_NOT_OK(writer->Start());
  return std::unique_ptr<TableWriter>(std::move(writer));
}

}  // namespace ferry::archive
