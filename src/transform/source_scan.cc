#include "transform/source_scan.h"

#include <algorithm>
#include <memory>

#include "engines/duckdb/api.h"
#include "engines/duckdb/handles.h"
#include "engines/duckdb/vector_fill.h"

namespace ferry::transform {
namespace {

// Bind: which table, and so which columns.
struct ScanBind {
  const TableSchema* table = nullptr;
};

// One running scan: the reader over the projected columns and the batch
// being handed out.
struct ScanState {
  std::unique_ptr<TableReader> reader;
  std::vector<int> columns;  // per output vector: the batch column, or -1 (a row id)
  std::unique_ptr<RecordBatch> batch;
  size_t pos = 0;
  int64_t row_id = 0;
  bool done = false;
};

template <typename T>
void Delete(void* p) {
  delete static_cast<T*>(p);
}

std::string ParameterText(duckdb_bind_info info, idx_t index) {
  duckdb_value value = duckdb::Api().duckdb_bind_get_parameter(info, index);
  char* text = value ? duckdb::Api().duckdb_get_varchar(value) : nullptr;
  std::string out = text ? text : "";
  if (text) duckdb::Api().duckdb_free(text);
  if (value) duckdb::Api().duckdb_destroy_value(&value);
  return out;
}

void Bind(duckdb_bind_info info) {
  auto* source = static_cast<ScanSource*>(duckdb::Api().duckdb_bind_get_extra_info(info));
  const std::string name = ParameterText(info, 0);
  const TableSchema* table = source->catalog->FindTable(name);
  if (!table) {
    duckdb::Api().duckdb_bind_set_error(info, ("the source has no table " + name).c_str());
    return;
  }
  for (const auto& col : table->columns) {
    duckdb::LogicalTypeHandle type;
    *type.out() = duckdb::Api().duckdb_create_logical_type(duckdb::ChunkType(col.type));
    duckdb::Api().duckdb_bind_add_result_column(info, col.name.c_str(), type.get());
  }
  if (table->row_estimate >= 0)
    duckdb::Api().duckdb_bind_set_cardinality(info, static_cast<idx_t>(table->row_estimate), false);
  duckdb::Api().duckdb_bind_set_bind_data(info, new ScanBind{table}, Delete<ScanBind>);
}

void Init(duckdb_init_info info) {
  auto* source = static_cast<ScanSource*>(duckdb::Api().duckdb_init_get_extra_info(info));
  auto* bind = static_cast<ScanBind*>(duckdb::Api().duckdb_init_get_bind_data(info));
  auto state = std::make_unique<ScanState>();
  ReadSpec spec;
  spec.table = bind->table->name;
  spec.limits = source->limits;
  const idx_t n = duckdb::Api().duckdb_init_get_column_count(info);
  for (idx_t i = 0; i < n; ++i) {
    idx_t c = duckdb::Api().duckdb_init_get_column_index(info, i);
    if (c >= bind->table->columns.size()) {  // the row id (count(*) and the like)
      state->columns.push_back(-1);
      continue;
    }
    state->columns.push_back(static_cast<int>(spec.columns.size()));
    spec.columns.push_back(bind->table->columns[c]);
  }
  // A scan that needs no column still needs the rows: read the narrowest.
  if (spec.columns.empty() && !bind->table->columns.empty()) spec.columns.push_back(bind->table->columns[0]);
  auto reader = source->database->OpenReader(spec);
  if (!reader.ok()) {
    duckdb::Api().duckdb_init_set_error(info, reader.status().ToString().c_str());
    return;
  }
  state->reader = std::move(reader).value();
  std::vector<Field> fields;
  for (const auto& c : spec.columns) fields.push_back(Field{c.name, c.type});
  state->batch = std::make_unique<RecordBatch>(fields);
  duckdb::Api().duckdb_init_set_max_threads(info, 1);
  duckdb::Api().duckdb_init_set_init_data(info, state.release(), Delete<ScanState>);
}

// Counts the values the reader had to change (NULL in place of what it
// could not represent), by table, column and reason.
void CountIssues(ScanSource* source, const std::string& table, const RecordBatch& batch) {
  if (batch.issues().empty() || !source->counters) return;
  std::map<std::string, int64_t> counts;
  for (const auto& issue : batch.issues())
    counts[table + "." + batch.fields()[issue.column].name + ": " + issue.reason]++;
  for (const auto& [what, n] : counts) source->counters->Add(what, n);
}

void Scan(duckdb_function_info info, duckdb_data_chunk output) {
  auto* source = static_cast<ScanSource*>(duckdb::Api().duckdb_function_get_extra_info(info));
  auto* bind = static_cast<ScanBind*>(duckdb::Api().duckdb_function_get_bind_data(info));
  auto* state = static_cast<ScanState*>(duckdb::Api().duckdb_function_get_init_data(info));
  RecordBatch& batch = *state->batch;
  while (!state->done && state->pos >= batch.num_rows()) {
    auto more = state->reader->Next(&batch);
    if (!more.ok()) {
      duckdb::Api().duckdb_function_set_error(info, more.status().ToString().c_str());
      return;
    }
    state->pos = 0;
    if (!*more) state->done = true;
    else CountIssues(source, bind->table->name, batch);
  }
  if (state->done) {
    duckdb::Api().duckdb_data_chunk_set_size(output, 0);
    return;
  }
  // At most one vector's worth, and never past this batch: DuckDB asks again.
  const size_t n = std::min<size_t>(duckdb::Api().duckdb_vector_size(), batch.num_rows() - state->pos);
  for (size_t k = 0; k < state->columns.size(); ++k) {
    duckdb_vector vec = duckdb::Api().duckdb_data_chunk_get_vector(output, k);
    if (state->columns[k] < 0) {
      auto* ids = static_cast<int64_t*>(duckdb::Api().duckdb_vector_get_data(vec));
      for (size_t i = 0; i < n; ++i) ids[i] = state->row_id + static_cast<int64_t>(i);
      continue;
    }
    const Column& col = batch.column(state->columns[k]);
    Status st = duckdb::FillVector(col, state->pos, n, vec,
                                   "source table " + bind->table->name + ", column " + batch.fields()[state->columns[k]].name);
    if (!st.ok()) {
      duckdb::Api().duckdb_function_set_error(info, st.ToString().c_str());
      return;
    }
  }
  state->pos += n;
  state->row_id += static_cast<int64_t>(n);
  duckdb::Api().duckdb_data_chunk_set_size(output, n);
}

}  // namespace

Status RegisterSourceScan(duckdb_connection con, ScanSource* source) {
  duckdb_table_function fn = duckdb::Api().duckdb_create_table_function();
  duckdb::Api().duckdb_table_function_set_name(fn, "ferry_scan");
  duckdb::LogicalTypeHandle varchar;
  *varchar.out() = duckdb::Api().duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR);
  duckdb::Api().duckdb_table_function_add_parameter(fn, varchar.get());
  duckdb::Api().duckdb_table_function_set_extra_info(fn, source, nullptr);
  duckdb::Api().duckdb_table_function_set_bind(fn, Bind);
  duckdb::Api().duckdb_table_function_set_init(fn, Init);
  duckdb::Api().duckdb_table_function_set_function(fn, Scan);
  duckdb::Api().duckdb_table_function_supports_projection_pushdown(fn, true);
  duckdb_state st = duckdb::Api().duckdb_register_table_function(con, fn);
  duckdb::Api().duckdb_destroy_table_function(&fn);
  if (st != DuckDBSuccess) return Status::Internal("transform: cannot register ferry_scan");
  return Status::OK();
}

}  // namespace ferry::transform
