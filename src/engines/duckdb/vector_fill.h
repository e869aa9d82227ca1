// Reading and filling DuckDB vectors: the one spelling of how a
// logical type travels into a duckdb_data_chunk, shared by the writer (its
// appender chunks) and the transform scan (source rows handed to DuckDB
// SQL, transform/source_scan.h). Pure; thread-safe on distinct vectors.
#pragma once

#include <duckdb.h>

#include <string>
#include <string_view>

#include "core/record_batch.h"
#include "core/status.h"

namespace ferry::duckdb {

// Whether row `row` of a vector with `validity` (nullptr: all valid) holds a value.
inline bool RowValid(const uint64_t* validity, idx_t row) {
  return validity == nullptr || ((validity[row >> 6] >> (row & 63)) & 1);
}

// The bytes of a VARCHAR/BLOB vector element (inlined up to 12 bytes).
inline std::string_view StringOf(const duckdb_string_t& s) {
  uint32_t len = s.value.inlined.length;
  if (len <= 12) return std::string_view(s.value.inlined.inlined, len);
  return std::string_view(s.value.pointer.ptr, len);
}

// The vector type a logical type is carried in: integers as BIGINT, floats
// as DOUBLE, temporal types in their own layout, bytes as BLOB, everything
// else (text, decimal, uuid, json, enum, interval) as VARCHAR.
duckdb_type ChunkType(const LogicalType& type);

// Writes rows [begin, begin + n) of `col` into rows [0, n) of `vec`, whose
// type is ChunkType(col.type()). A date outside DuckDB's range is a kData
// error naming `what` ("table t, column c").
Status FillVector(const Column& col, size_t begin, size_t n, duckdb_vector vec, const std::string& what);

}  // namespace ferry::duckdb
