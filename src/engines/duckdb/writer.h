// Writer: loads RecordBatches into one existing DuckDB table through an
// appender, a data chunk of up to duckdb_vector_size() rows at a time. The
// table appender is used when each chunk column casts faithfully to its
// target (same type, narrower integers, text into DECIMAL/UUID/ENUM); else a
// query appender runs INSERT ... SELECT over the chunks, whose casts parse
// text into INTERVAL and validate JSON (about 1.5x slower). Each Write is its
// own transaction: a refused value or row rolls back the whole call, and the
// appender (which keeps its error) is destroyed and re-created on the next
// Write. Under a merge mode the appender fills a TEMP staging table that
// the merge statements read, in the same transaction, together with the
// caller's checkpoint statement. Owns its own connection; one thread at a time.
#pragma once

#include <memory>

#include "engines/duckdb/load_memory.h"
#include "engines/duckdb/session.h"
#include "engines/engine.h"

namespace ferry::duckdb {

class Writer : public TableWriter {
 public:
  // `memory` (null: none) is the load's memory limit: the writer adds its
  // table's width while open, and measures the load's unique indexes before
  // each write into a table that has one (load_memory.h).
  static Result<std::unique_ptr<Writer>> Open(duckdb_database db, const std::string& schema,
                                              const WriteSpec& spec, LoadMemory* memory = nullptr);
  ~Writer() override;

  Status Commit() override;

 protected:
  Status DoWrite(const RecordBatch& batch, size_t begin, size_t end, const std::string& checkpoint,
                 WriteCounts* counts) override;

 private:
  Writer() = default;
  Status EnsureAppender();
  // Fills chunk_ with rows [begin, begin + n) of `batch`.
  Status FillChunk(const RecordBatch& batch, size_t begin, size_t n);
  // Destroys the appender, rolls back, and returns `cause` with context.
  Status Abort(Status cause);
  // Whether the table has a PRIMARY KEY or UNIQUE constraint.
  Status FindUniqueIndex();

  Session session_;
  std::string schema_;
  WriteSpec spec_;
  std::vector<duckdb_type> chunk_types_;
  AppenderHandle appender_;
  std::vector<MergeStep> merge_;  // empty: rows are appended to the table itself
  ChunkHandle chunk_;
  bool in_transaction_ = false;
  LoadMemory* memory_ = nullptr;
  bool has_unique_index_ = false;
};

}  // namespace ferry::duckdb
