// ViewDatabase: a read-only source Database over views in a private
// in-memory DuckDB: one view per table, over files DuckDB reads itself
// (read_parquet, read_csv, read_json). Backup archives and data-file
// folders (csv://, jsonl://, parquet://) are both this: they differ only in
// how the views and the catalog are made.
//
// Opening is two steps: OpenPrivateDuckdb() gives the DuckDB and a session
// to create and describe the views on (main thread), then MakeViewDatabase()
// wraps them with the catalog. Readers are the DuckDB engine's Reader, each
// on its own connection (any thread); DuckDB runs one thread per reader
// (ferry's --jobs is the parallelism) and spills sorts into a private temp
// directory removed with the database. Writing is refused (kInternal).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "engines/duckdb/handles.h"
#include "engines/duckdb/session.h"
#include "engines/engine.h"

namespace ferry::duckdb {

struct PrivateDuckdb {
  DatabaseHandle db;
  Session session;       // for the views, introspection and counts
  std::string temp_dir;  // DuckDB's spill files; removed by the ViewDatabase (or by ~PrivateDuckdb if none)
  PrivateDuckdb() = default;
  PrivateDuckdb(PrivateDuckdb&& o) noexcept
      : db(std::move(o.db)), session(std::move(o.session)), temp_dir(std::exchange(o.temp_dir, {})) {}
  PrivateDuckdb& operator=(PrivateDuckdb&&) = delete;
  ~PrivateDuckdb();
};

// An in-memory DuckDB with 1 thread, `memory_limit` and a fresh temp
// directory under $TMPDIR. `what` names the source in errors ("archive").
Result<PrivateDuckdb> OpenPrivateDuckdb(const std::string& what, const std::string& memory_limit = "1GB");

struct ViewDatabaseSpec {
  std::string display;               // DisplayName()
  Catalog catalog;                   // Introspect(): one table per view of `main`
  std::unique_ptr<Dialect> dialect;  // what the rows are said to come from
  // Called on each ReadSpec before a reader opens (its columns' native
  // types are cleared first: the reader casts by logical type). May be null.
  std::function<void(ReadSpec*)> adjust_read;
};

std::unique_ptr<Database> MakeViewDatabase(PrivateDuckdb duck, ViewDatabaseSpec spec);

}  // namespace ferry::duckdb
