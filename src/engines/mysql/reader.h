// Streams one table out of MySQL/MariaDB: a text-protocol SELECT read with
// mysql_use_result on the reader's own connection, inside that connection's
// REPEATABLE READ consistent snapshot. Each value is parsed per logical type
// into the batch. MySQL zero dates become NULL plus a kNulled RowIssue
// ("zero date"); a value that does not parse becomes NULL plus a kReject
// RowIssue. Used by one thread; owns its connection.
#pragma once

#include <memory>

#include "engines/engine.h"
#include "engines/mysql/connection.h"

namespace ferry::mysql {

class Reader : public TableReader {
 public:
  // Sends the query; rows are fetched by Next().
  static Result<std::unique_ptr<Reader>> Open(Connection conn, const ReadSpec& spec);
  // A reader dropped before the end cancels its connection rather than
  // draining the rest of the table through mysql_free_result.
  ~Reader() override;
  Result<bool> Next(RecordBatch* batch) override;

 private:
  Reader(Connection conn, ReadSpec spec);

  Connection conn_;
  ReadSpec spec_;
  std::vector<Field> fields_;
  ResultPtr result_;
  bool done_ = false;
  int64_t rows_read_ = 0;
};

// The SELECT a reader sends for `spec` (exposed for tests and logs).
std::string ReaderQuery(const ReadSpec& spec);

}  // namespace ferry::mysql
