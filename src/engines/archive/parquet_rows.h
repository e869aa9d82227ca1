// The row count of a Parquet file, from its footer, through a short-lived
// in-memory DuckDB: for the archive sink's count check and `backup check`.
// A file that is not Parquet (truncated, damaged) is an error naming it.
// Thread-safe (each call has its own DuckDB).
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"

namespace ferry::archive {

Result<int64_t> CountParquetRows(const std::string& path);

}  // namespace ferry::archive
