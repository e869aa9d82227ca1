// RAII owners for libmariadb handles. Each unique_ptr frees its handle with
// the one call libmariadb names for it; handles move, never copy. A MYSQL
// from mysql_init() is wrapped before mysql_real_connect() so a failed
// connect still frees it.
#pragma once

#include <mysql.h>

#include <memory>

namespace ferry::mysql {

struct MysqlCloser {
  void operator()(MYSQL* m) const { mysql_close(m); }
};
struct ResultFreer {
  void operator()(MYSQL_RES* r) const { mysql_free_result(r); }
};

using MysqlPtr = std::unique_ptr<MYSQL, MysqlCloser>;
using ResultPtr = std::unique_ptr<MYSQL_RES, ResultFreer>;

}  // namespace ferry::mysql
