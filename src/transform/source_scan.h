// ferry_scan('table'): a DuckDB table function that streams one table of
// the run's source database into DuckDB SQL, batch by batch through the
// source engine's own reader (engines/engine.h TableReader), so a transform
// over a table larger than memory never stages it. Only the columns a
// query uses are read (projection pushdown). One scan runs on one DuckDB
// thread at a time (the reader is single-threaded).
//
// Values the reader could not represent (a MySQL zero date) arrive as NULL
// and are counted per table and column in ScanCounters, for the summary.
#pragma once

#include <duckdb.h>

#include <map>
#include <mutex>
#include <string>

#include "core/record_batch.h"
#include "core/schema.h"
#include "engines/engine.h"

namespace ferry::transform {

// Values changed on the way in, by "table.column: reason". Thread-safe.
class ScanCounters {
 public:
  void Add(const std::string& what, int64_t n) {
    std::lock_guard<std::mutex> lock(mu_);
    counts_[what] += n;
  }
  std::map<std::string, int64_t> Take() {
    std::lock_guard<std::mutex> lock(mu_);
    return std::exchange(counts_, {});
  }

 private:
  std::mutex mu_;
  std::map<std::string, int64_t> counts_;
};

// What the scan reads from: the source, its catalog, and the batch limits.
// Must outlive every query run on the connection it is registered on.
struct ScanSource {
  Database* database = nullptr;
  const Catalog* catalog = nullptr;
  BatchLimits limits;
  ScanCounters* counters = nullptr;
};

// Registers ferry_scan on `con`.
Status RegisterSourceScan(duckdb_connection con, ScanSource* source);

}  // namespace ferry::transform
