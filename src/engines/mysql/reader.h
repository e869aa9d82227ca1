// Streams one table out of MySQL/MariaDB: a SELECT run as a prepared
// statement (binary protocol) on the reader's own connection, inside that
// connection's REPEATABLE READ consistent snapshot, its rows fetched one at
// a time without a cursor or a client-side copy of the result
// (mysql_stmt_fetch unbuffered). The binary protocol spares the server the
// text formatting of integers, doubles and temporals and ferry the parsing:
// integers arrive as int64, FLOAT/DOUBLE as IEEE values, DATE/TIME/DATETIME
// as MYSQL_TIME; DECIMAL, strings, blobs, JSON, ENUM and SET arrive as
// bytes, as they are stored (a value longer than its bind buffer is fetched
// whole with mysql_stmt_fetch_column). Each value is turned into the
// column's logical type. MySQL zero dates become NULL plus a kNulled
// RowIssue ("zero date"); a value the logical type cannot hold (a
// tinyint(1) of 5, a TIME outside 00:00:00..24:00:00, an impossible date)
// becomes NULL plus a kReject RowIssue whose original is the value as the
// text protocol prints it. Used by one thread; owns its connection.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engines/engine.h"
#include "engines/mysql/connection.h"

namespace ferry::mysql {

class Reader : public TableReader {
 public:
  // Prepares and executes the query; rows are fetched by Next().
  static Result<std::unique_ptr<Reader>> Open(Connection conn, const ReadSpec& spec);
  // A reader dropped before the end cancels its connection rather than
  // draining the rest of the table when the statement closes.
  ~Reader() override;
  Result<bool> Next(RecordBatch* batch) override;

  // One result column: what arrives on the wire and where it is bound.
  struct Slot;

 private:
  struct StmtCloser {
    void operator()(MYSQL_STMT* s) const { mysql_stmt_close(s); }
  };
  using StmtPtr = std::unique_ptr<MYSQL_STMT, StmtCloser>;

  Reader(Connection conn, ReadSpec spec);
  Status Prepare();
  Status BindResult();
  // Fetches the whole of a value longer than slot's buffer (the row's
  // value is then in slot.buf, or in long_value_ when it is very long).
  Status FetchLong(size_t c, std::string_view* value);
  Status StmtError(const std::string& context) const;

  Connection conn_;
  ReadSpec spec_;
  std::vector<Field> fields_;
  StmtPtr stmt_;
  std::vector<Slot> slots_;
  std::vector<MYSQL_BIND> binds_;
  std::string long_value_;
  bool rebind_ = false;  // a bound buffer grew during this row
  bool executed_ = false;  // rows may be on the wire until done_
  bool done_ = false;
  int64_t rows_read_ = 0;
};

// The SELECT a reader prepares for `spec` (exposed for tests and logs).
std::string ReaderQuery(const ReadSpec& spec);

}  // namespace ferry::mysql
