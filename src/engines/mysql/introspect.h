// Reads a MySQL/MariaDB database's tables from information_schema into the
// engine-neutral Catalog: columns in ordinal order with logical types,
// nullability, defaults and AUTO_INCREMENT; primary key, unique and other
// indexes; foreign keys with their actions; row estimates. Runs on the
// caller's connection; no state.
#pragma once

#include <string>

#include "core/schema.h"
#include "engines/mysql/connection.h"

namespace ferry::mysql {

Result<Catalog> IntrospectDatabase(Connection* conn, const std::string& database);

// Parses an information_schema COLUMN_DEFAULT. MariaDB 10.2+ spells
// defaults as SQL ('abc' quoted, NULL as the word NULL, current_timestamp());
// MySQL spells literals bare and marks expressions DEFAULT_GENERATED in EXTRA.
ColumnDefault ParseColumnDefault(const std::optional<std::string>& text, const LogicalType& type,
                                 const std::string& extra, bool mariadb);

}  // namespace ferry::mysql
