// Api: the functions of DuckDB's C API that ferry calls, loaded from
// libduckdb.so when first needed instead of when the program starts.
// Linked normally, the library's ~75,000 relocations and its static
// initialisers cost about 20 ms on every run, including those that never
// touch DuckDB (SQLite -> PostgreSQL, `ferry --help`). The library is found
// as the dynamic linker would find it at start: through the binary's
// RUNPATH (the build's third_party/duckdb, or ferry's private lib
// directory once installed).
//
// Call through the table: duckdb::Api().duckdb_query(con, sql, &res). A
// function ferry starts to call must be added to FERRY_DUCKDB_FUNCTIONS.
// Thread-safe: loaded once.
#pragma once

#include <duckdb.h>

#include "core/status.h"

namespace ferry::duckdb {

// Every DuckDB C function ferry calls.
#define FERRY_DUCKDB_FUNCTIONS(X) \
  X(duckdb_append_data_chunk) \
  X(duckdb_appender_add_column) \
  X(duckdb_appender_close) \
  X(duckdb_appender_column_type) \
  X(duckdb_appender_create) \
  X(duckdb_appender_create_ext) \
  X(duckdb_appender_create_query) \
  X(duckdb_appender_destroy) \
  X(duckdb_appender_error) \
  X(duckdb_appender_error_data) \
  X(duckdb_appender_flush) \
  X(duckdb_bind_add_result_column) \
  X(duckdb_bind_get_extra_info) \
  X(duckdb_bind_get_parameter) \
  X(duckdb_bind_set_bind_data) \
  X(duckdb_bind_set_cardinality) \
  X(duckdb_bind_set_error) \
  X(duckdb_close) \
  X(duckdb_column_count) \
  X(duckdb_column_type) \
  X(duckdb_connect) \
  X(duckdb_create_config) \
  X(duckdb_create_data_chunk) \
  X(duckdb_create_logical_type) \
  X(duckdb_create_scalar_function) \
  X(duckdb_create_table_function) \
  X(duckdb_data_chunk_get_size) \
  X(duckdb_data_chunk_get_vector) \
  X(duckdb_data_chunk_reset) \
  X(duckdb_data_chunk_set_size) \
  X(duckdb_destroy_config) \
  X(duckdb_destroy_data_chunk) \
  X(duckdb_destroy_error_data) \
  X(duckdb_destroy_logical_type) \
  X(duckdb_destroy_prepare) \
  X(duckdb_destroy_result) \
  X(duckdb_destroy_scalar_function) \
  X(duckdb_destroy_table_function) \
  X(duckdb_destroy_value) \
  X(duckdb_disconnect) \
  X(duckdb_error_data_error_type) \
  X(duckdb_error_data_message) \
  X(duckdb_execute_prepared_streaming) \
  X(duckdb_fetch_chunk) \
  X(duckdb_free) \
  X(duckdb_function_get_bind_data) \
  X(duckdb_function_get_extra_info) \
  X(duckdb_function_get_init_data) \
  X(duckdb_function_set_error) \
  X(duckdb_get_type_id) \
  X(duckdb_get_varchar) \
  X(duckdb_init_get_bind_data) \
  X(duckdb_init_get_column_count) \
  X(duckdb_init_get_column_index) \
  X(duckdb_init_get_extra_info) \
  X(duckdb_init_set_error) \
  X(duckdb_init_set_init_data) \
  X(duckdb_init_set_max_threads) \
  X(duckdb_library_version) \
  X(duckdb_logical_type_get_alias) \
  X(duckdb_open) \
  X(duckdb_open_ext) \
  X(duckdb_prepare) \
  X(duckdb_prepare_error) \
  X(duckdb_query) \
  X(duckdb_register_scalar_function) \
  X(duckdb_register_table_function) \
  X(duckdb_result_error) \
  X(duckdb_result_error_type) \
  X(duckdb_row_count) \
  X(duckdb_rows_changed) \
  X(duckdb_scalar_function_add_parameter) \
  X(duckdb_scalar_function_set_error) \
  X(duckdb_scalar_function_set_function) \
  X(duckdb_scalar_function_set_name) \
  X(duckdb_scalar_function_set_return_type) \
  X(duckdb_set_config) \
  X(duckdb_table_function_add_parameter) \
  X(duckdb_table_function_set_bind) \
  X(duckdb_table_function_set_extra_info) \
  X(duckdb_table_function_set_function) \
  X(duckdb_table_function_set_init) \
  X(duckdb_table_function_set_name) \
  X(duckdb_table_function_supports_projection_pushdown) \
  X(duckdb_validity_set_row_invalid) \
  X(duckdb_value_is_null) \
  X(duckdb_value_varchar) \
  X(duckdb_vector_assign_string_element_len) \
  X(duckdb_vector_ensure_validity_writable) \
  X(duckdb_vector_get_data) \
  X(duckdb_vector_get_validity) \
  X(duckdb_vector_size)

struct CApi {
#define FERRY_DUCKDB_MEMBER(name) decltype(&::name) name = nullptr;
  FERRY_DUCKDB_FUNCTIONS(FERRY_DUCKDB_MEMBER)
#undef FERRY_DUCKDB_MEMBER
};

// Loads the library and every function once; later calls return the first
// outcome. The error names the library and what the loader said.
Status LoadApi();

// The loaded functions. Loads them first if needed; a library that cannot
// be loaded ends the process with LoadApi()'s message (exit 1, an internal error), since
// ferry's install is then broken. Paths that open DuckDB call LoadApi()
// first, so they report the failure as a Status instead.
const CApi& Api();

}  // namespace ferry::duckdb
