// LoadMemory: DuckDB's memory_limit while ferry loads a database, raised as
// the load's unique indexes grow. ferry opens a DuckDB target with a small
// buffer pool (32 MB) so a streamed copy stays small, but a PRIMARY KEY or
// UNIQUE constraint is an ART index that DuckDB keeps in the pool while
// loading: with a fixed 32 MB a keyed table failed at about 1.8M rows
// ("Failed to commit: could not allocate block"), and the failed COMMIT
// left index entries that made the retry see its own rows as duplicates.
// The ART's size depends on the keys (measured, 8-byte keys: about 8 bytes
// a key in order, 46 in random order), so it is measured, not estimated:
// before each write into a table with a unique index, the writer calls
// Observe, which reads the ART's bytes from duckdb_memory() and keeps the
// limit at least the base plus twice that. It is never lowered, also not by
// the index phase (AtLeast). Thread-safe: one per database, shared by its
// writers.
#pragma once

#include <cstdint>
#include <mutex>

#include "core/status.h"
#include "engines/duckdb/session.h"

namespace ferry::duckdb {

class LoadMemory {
 public:
  static constexpr int64_t kBaseBytes = int64_t{32} << 20;

  // Reads the ART indexes' memory (on `session`) and raises the limit when
  // base + 2 x that would pass it.
  Status Observe(const Session& session);
  // Raises the limit to at least `bytes`.
  Status AtLeast(const Session& session, int64_t bytes);

 private:
  Status SetLocked(const Session& session, int64_t bytes);

  std::mutex mu_;
  int64_t limit_ = kBaseBytes;
};

}  // namespace ferry::duckdb
