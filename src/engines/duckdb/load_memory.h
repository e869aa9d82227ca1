// LoadMemory: DuckDB's memory_limit while ferry loads a database, raised as
// the load's unique indexes grow. ferry opens a DuckDB target with a small
// buffer pool (32 MB) so a streamed copy stays small, but a PRIMARY KEY or
// UNIQUE constraint is an in-memory ART index that DuckDB cannot evict
// while loading: with a fixed 32 MB a keyed table failed at about 1.8M rows
// ("Failed to commit: could not allocate block"), and the failed COMMIT
// left index entries that made the retry see its own rows as duplicates.
// So each writer reports, before it commits, an estimate of the index bytes
// its rows add (kIndexBytesPerKey plus the key's own bytes), and the limit
// is raised ahead of need to the base plus twice the estimate (the
// ART's real size varies with key distribution). It is never lowered, also
// not by the index phase (AtLeast). Thread-safe: one per database, shared
// by its writers.
#pragma once

#include <cstdint>
#include <mutex>

#include "core/status.h"
#include "engines/duckdb/session.h"

namespace ferry::duckdb {

class LoadMemory {
 public:
  static constexpr int64_t kBaseBytes = int64_t{32} << 20;
  static constexpr int64_t kIndexBytesPerKey = 24;  // ART node and row-id overhead per key

  // Adds `index_bytes` to the estimate; raises the limit (on `session`)
  // when base + 2 x estimate would pass it.
  Status Grow(const Session& session, int64_t index_bytes);
  // Raises the limit to at least `bytes`.
  Status AtLeast(const Session& session, int64_t bytes);

 private:
  Status SetLocked(const Session& session, int64_t bytes);

  std::mutex mu_;
  int64_t index_bytes_ = 0;
  int64_t limit_ = kBaseBytes;
};

}  // namespace ferry::duckdb
