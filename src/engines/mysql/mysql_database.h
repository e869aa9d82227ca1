// The MySQL/MariaDB engine: OpenMysql connects to the URI's database
// (mysql://user:pw@host:3306/db?ssl-mode=REQUIRED, password from MYSQL_PWD
// when the URI has none) and returns a Database whose readers and writers
// each open their own connection. Sources: every reader runs in its own
// REPEATABLE READ consistent snapshot, read only. Targets: strict sql_mode,
// writers with foreign_key_checks=0.
#pragma once

#include <memory>

#include "engines/engine.h"

namespace ferry::mysql {

Result<std::unique_ptr<Database>> OpenMysql(const Uri& uri, AccessMode mode);

}  // namespace ferry::mysql
