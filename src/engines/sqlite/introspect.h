// Introspection of one SQLite database file into ferry's engine-neutral
// schema: ordinary tables of "main" (no sqlite_* internals, virtual or
// shadow tables), columns with declared and logical types, NOT NULL,
// defaults, primary key, unique constraints and indexes (expression and
// partial indexes are skipped), foreign keys, rowid-alias auto-increment and
// exact row counts. Runs on the caller's connection; reads only.
#pragma once

#include <sqlite3.h>

#include "core/result.h"
#include "core/schema.h"

namespace ferry::sqlite {

Result<Catalog> IntrospectCatalog(sqlite3* db);

// True when `table` was declared with AUTOINCREMENT (its counter lives in
// sqlite_sequence).
Result<bool> UsesAutoincrementKeyword(sqlite3* db, const std::string& table);

}  // namespace ferry::sqlite
