// Writes batches into one existing MySQL/MariaDB table on the writer's own
// connection, inside one transaction that Commit() ends and reopens. Fast
// path: LOAD DATA LOCAL INFILE fed from memory through libmariadb's
// local-infile callbacks, rows formatted as tab-separated text while the
// library pulls them (no temp file, no whole-batch copy). Each Write() runs
// under a SAVEPOINT: because LOCAL makes the server downgrade refused values
// to warnings, any warning rolls the call back and returns kData, so a call
// is all-or-nothing. Under a merge mode rows are loaded into a TEMPORARY
// staging table and merged from there (MergeSql), in the same savepoint. A server with local_infile=0 switches the writer to
// multi-row INSERTs (~1 MB each). Used by one thread; owns its connection;
// destroying it without Commit() rolls back.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engines/engine.h"
#include "engines/mysql/connection.h"

namespace ferry::mysql {

class Writer : public TableWriter {
 public:
  static Result<std::unique_ptr<Writer>> Open(Connection conn, const WriteSpec& spec);
  Status Commit() override;

  // True once the server refused LOCAL INFILE and INSERTs are in use.
  bool using_insert_fallback() const { return use_insert_; }

  struct Feed;  // state the local-infile callbacks read from

 protected:
  Status DoWrite(const RecordBatch& batch, size_t begin, size_t end, const std::string& checkpoint,
                 WriteCounts* counts) override;

 private:
  Writer(Connection conn, WriteSpec spec) : conn_(std::move(conn)), spec_(std::move(spec)) {}

  Status LoadData(const RecordBatch& batch, size_t begin, size_t end);
  Status Inserts(const RecordBatch& batch, size_t begin, size_t end);
  // After a statement: any warning means a refused value -> kData.
  Status CheckWarnings(const std::string& what, uint64_t expected_rows);
  Status Savepoint();
  Status RollbackToSavepoint(Status cause);
  // One statement in the open transaction; its affected-row count.
  Result<int64_t> Affected(const std::string& sql);

  Connection conn_;
  WriteSpec spec_;
  std::vector<bool> bit_column_;  // target column is BIT(n): load through CAST
  std::string load_sql_;
  std::string insert_head_;
  bool use_insert_ = false;
  std::vector<MergeStep> merge_;  // empty: rows go straight into the table
};

// Appends `v` escaped for LOAD DATA ... FIELDS ESCAPED BY '\\'.
void AppendLoadDataEscaped(std::string* out, std::string_view v);

}  // namespace ferry::mysql
