// File views: how one data file of a folder becomes a DuckDB view that
// reads it the way ferry wrote it (docs/files.md), with the column types
// ferry infers or the user gives. The rules:
//   parquet  the file's own schema (read_parquet); nothing is inferred.
//   csv      read_csv with ferry's dialect fixed (header, ',', '"' doubled,
//            no comments, "" an empty string and not NULL); DuckDB's
//            sniffer types each column from the first 20,480 rows
//            (boolean, bigint, double, date, time, timestamp, timestamptz,
//            else text).
//   jsonl    read_json, one object per line; numbers, booleans and strings
//            as DuckDB detects them, nested values (objects, arrays) as
//            json, kept as written.
// Then, csv and jsonl: a text column whose sampled values all have one of
// ferry's spellings becomes that type: "\x" + hex digits -> bytes; ISO
// "YYYY-MM-DD hh:mm:ss[.f]+00" -> timestamptz, without "+00" -> timestamp,
// "YYYY-MM-DD" -> date, "hh:mm:ss[.f]" -> time; a canonical UUID -> uuid.
// A given type (--cast ... to T, without a conversion function) reads the
// column's raw text (so "12.30" stays 12.30 for a decimal, "007" stays for
// text) and leaves T's conversion to the copy; bytes are decoded here.
// Main thread, on the source's own session.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "core/logical_type.h"
#include "core/result.h"
#include "core/schema.h"
#include "engines/duckdb/session.h"

namespace ferry::files {

// The type the user gives `column` of `table` (as ferry first inferred
// it), or nullopt to keep the inferred type.
using GivenType = std::function<std::optional<LogicalType>(const std::string& table, const ColumnSchema& column)>;

// Creates view `table` in schema main over the file at `path` in
// `format` ("csv", "jsonl", "parquet") and returns its columns. A file
// DuckDB cannot read as ferry's format is kSource naming the file (and, for
// csv, the line).
Result<std::vector<ColumnSchema>> CreateFileView(const duckdb::Session& session, const std::string& format,
                                                 const std::string& path, const std::string& table,
                                                 const GivenType& given);

}  // namespace ferry::files
