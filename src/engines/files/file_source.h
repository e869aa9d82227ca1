// A folder of data files as a source Database: "csv:///dir", "jsonl://dir",
// "parquet:///dir" opened read-only, one table per file "<table>.<format>"
// (the name is the file's stem; other files are not looked at). Each file
// is a view in a private in-memory DuckDB (file_views.h says how each
// format is read and typed); readers are the DuckDB engine's, and the
// Database speaks DuckDB's dialect (--where filters are DuckDB SQL).
//
// The catalog holds columns only: files have no keys, indexes or foreign
// keys, so the planner creates none and the executor neither splits a
// table into key ranges nor resumes one after a key (an interrupted copy
// reads the table again). Every column is nullable.
//
// Opening reads each file's first rows (its schema), so a missing or empty
// folder, a folder without files of the format, and a file DuckDB cannot
// read are refused (kSource) before anything is written. An empty csv or
// jsonl file (a copy of an empty table writes an empty jsonl file;
// --schema-only csv files have no header) has no columns to tell and is
// skipped.
#pragma once

#include <memory>

#include "core/result.h"
#include "core/uri.h"
#include "engines/engine.h"
#include "engines/files/file_views.h"

namespace ferry::files {

struct FileSourceOptions {
  // Types the user gives columns (--cast); null: inferred types only.
  GivenType given;
};

Result<std::unique_ptr<Database>> OpenFileSource(const Uri& uri, const FileSourceOptions& options = {});

}  // namespace ferry::files
