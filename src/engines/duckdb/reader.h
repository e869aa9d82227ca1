// Reader: streams one DuckDB table (or a key range of it) into RecordBatches.
// Owns its own connection on the shared database and holds one transaction
// open for its whole life, so every batch comes from one MVCC snapshot. The
// query casts each column to the vector type its logical type is filled from
// (integers BIGINT, decimals/uuid/enum VARCHAR, nested types to_json), so the
// hot loop only knows eight vector layouts. One thread at a time.
#pragma once

#include <memory>

#include "engines/duckdb/session.h"
#include "engines/engine.h"

namespace ferry::duckdb {

class Reader : public TableReader {
 public:
  static Result<std::unique_ptr<Reader>> Open(duckdb_database db, const std::string& schema,
                                              const ReadSpec& spec);
  ~Reader() override;

  Result<bool> Next(RecordBatch* batch) override;

  // How a column travels from the DuckDB vector into the batch.
  enum class Kind { kBool, kInt64, kInt32Date, kDouble, kMicros, kInterval, kString };

 private:
  Reader() = default;
  // Copies rows [from, from + n) of the current chunk onto the end of `batch`.
  void CopySlice(RecordBatch* batch, idx_t from, idx_t n);

  Session session_;
  ReadSpec spec_;
  std::vector<Field> fields_;
  std::vector<Kind> kinds_;
  PreparedHandle prepared_;
  ResultHandle result_;
  ChunkHandle chunk_;
  idx_t chunk_pos_ = 0;   // next unread row of chunk_
  idx_t chunk_size_ = 0;
  bool done_ = false;
  bool in_transaction_ = false;
};

// PostgreSQL-style interval text ("1 year 2 mons 3 days 04:05:06.5").
void AppendPgInterval(std::string* out, int32_t months, int32_t days, int64_t micros);

}  // namespace ferry::duckdb
