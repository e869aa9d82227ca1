// RAII owners for SQLite handles. Wrap first, check second: sqlite3_open_v2
// may return a handle that carries the error and must still be closed.
// Statements must be finalized before their connection closes; declare a
// connection member before the statements that use it.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>

namespace ferry::sqlite {

struct ConnCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};

using ConnHandle = std::unique_ptr<sqlite3, ConnCloser>;
using StmtHandle = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

}  // namespace ferry::sqlite
