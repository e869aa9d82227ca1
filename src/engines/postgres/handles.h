// RAII owners for libpq handles. PQconnectdbParams returns a PGconn even on
// failure, so wrap it first and check PQstatus second; every PGresult is
// cleared exactly once. Handles move, never copy.
#pragma once

#include <libpq-fe.h>

#include <memory>

namespace ferry::postgres {

struct PgConnDeleter {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
struct PgResultDeleter {
  void operator()(PGresult* res) const { PQclear(res); }
};
struct PqFreeDeleter {
  void operator()(void* p) const { PQfreemem(p); }
};

using PgConn = std::unique_ptr<PGconn, PgConnDeleter>;
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;

}  // namespace ferry::postgres
