// LoadMemory: DuckDB's memory_limit while ferry loads a database, raised as
// the load needs. ferry opens a DuckDB target with a small buffer pool
// (kBaseBytes) so a streamed copy stays small, and raises it for what
// DuckDB must hold in memory at once, which a fixed pool cannot bound:
// - the width of the tables being written. A commit pins blocks of 256 KB
//   per column (the table's open row group, the transaction's local
//   storage). With 32 MB fixed, a 200-column table failed its commits
//   ("could not allocate block") and, since a failed COMMIT leaves index
//   entries behind, the retried rows were rejected as duplicates of
//   themselves; 20,000 such rows needed more than 96 MB, and 1 MB a column
//   loaded 100,000. Writers register their width at open (AddWriter) and
//   leave at close (RemoveWriter).
// - a PRIMARY KEY or UNIQUE constraint is an ART index that DuckDB keeps in
//   the pool while loading: with a fixed 32 MB a keyed table failed at about
//   1.8M rows. The ART's size depends on the keys (measured, 8-byte keys:
//   about 8 bytes a key in order, 46 in random order), so it is measured,
//   not estimated: before each write into a table with a unique index, the
//   writer calls Observe, which reads the ART's bytes from duckdb_memory().
// The limit is kept at least max(kBaseBytes, open columns x kBytesPerColumn)
// + twice the ART. It is never lowered, also not by the index phase
// (AtLeast). Thread-safe: one per database, shared by its writers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>

#include "core/status.h"
#include "engines/duckdb/session.h"

namespace ferry::duckdb {

class LoadMemory {
 public:
  // The pool for narrow tables (measured, 1M rows of 10 columns: 16 MB is
  // as fast as 32 MB, and the copy peaks 20 MB lower).
  static constexpr int64_t kBaseBytes = int64_t{16} << 20;
  static constexpr int64_t kBytesPerColumn = int64_t{1} << 20;

  // A writer of a `columns`-wide table opens: raises the limit to cover it.
  // On an error the writer is not registered.
  Status AddWriter(const Session& session, size_t columns);
  // That writer closes.
  void RemoveWriter(size_t columns);
  // Reads the ART indexes' memory (on `session`) and raises the limit when
  // what is needed with it would pass the limit.
  Status Observe(const Session& session);
  // Raises the limit to at least `bytes`.
  Status AtLeast(const Session& session, int64_t bytes);

 private:
  // max(kBaseBytes, the open writers' columns) + twice the ART (mu_ held).
  int64_t NeedLocked() const;
  // Raises the limit to NeedLocked() if it is below, in steps of at least an
  // eighth of the limit: few SETs.
  Status RaiseLocked(const Session& session);
  Status SetLocked(const Session& session, int64_t bytes);

  std::mutex mu_;
  int64_t limit_ = kBaseBytes;
  int64_t open_columns_ = 0;
  int64_t art_bytes_ = 0;  // as last observed
};

}  // namespace ferry::duckdb
