// ParquetWriter: streams one table's rows into one Parquet file (zstd)
// through DuckDB's Parquet writer, never holding the table: a private
// in-memory DuckDB runs `COPY (SELECT .. FROM ferry_feed()) TO file` on a
// thread of the writer's own, and ferry_feed is a table function that takes
// the batches Write() hands over through a bounded queue (so memory is the
// queue's few batches plus DuckDB's row group being compressed).
//
// A Parquet file is readable only once its footer is written, so Commit()
// makes nothing durable mid-table (an interrupted table is written again
// from its start) and Finish() ends the file: it waits for the COPY, fsyncs
// the file, renames "<file>.partial" to its name, fsyncs the folder and
// reports the file's rows, size and SHA-256. Values the COPY's casts could
// refuse (a date out of range, a decimal wider than its declaration) are
// refused by Write() first, as kData, so a refused row never reaches the
// COPY. One thread calls the writer; its destructor stops an unfinished COPY
// and removes the partial file.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "engines/archive/file_digest.h"
#include "engines/engine.h"

namespace ferry::archive {

struct FinishedFile {
  std::string table;
  int64_t rows = 0;
  FileDigest digest;
  bool sorted = false;  // the rows came in strictly increasing order of `order_column`
};

struct ParquetOptions {
  // An integer column of the spec, or "": the writer notes whether the rows
  // arrive in its strictly increasing order, without NULLs (FinishedFile::sorted).
  std::string order_column;
  // json columns stored as Parquet's JSON type (parquet:// folders, whose
  // schema is all a reader has), so they read back as json; a value that
  // is not JSON is then refused by Write() as kData. False: VARCHAR (the
  // archive, whose manifest keeps the type).
  bool json_type = false;
};

// `path`: the Parquet file to write (its folder exists). `on_finished` runs
// in Finish(), once the file is durable; may be null.
Result<std::unique_ptr<TableWriter>> OpenParquetWriter(const std::string& path, const WriteSpec& spec,
                                                       std::function<Status(const FinishedFile&)> on_finished,
                                                       const ParquetOptions& options = {});

// The DuckDB type a column of `type` is stored as in Parquet files
// (integers at their width, decimals up to 38 digits as DECIMAL, UUID,
// temporal types as such; JSON as JSON when `json_type`; text, enums, wider
// decimals and otherwise JSON as VARCHAR).
std::string StoredType(const LogicalType& type, bool json_type = false);

}  // namespace ferry::archive
