// Writes RecordBatches into an existing SQLite table through one prepared
// INSERT reused for every row. The writer owns its own read-write connection
// (foreign keys off) and one transaction that starts at the first Write
// (BEGIN IMMEDIATE: it takes the file's write lock, so parallel writers to
// one file take turns) and ends at Commit(). Each Write is a SAVEPOINT: on
// any failure it is rolled back, so a call lands whole or not at all.
// Destroying the writer rolls back what was not committed. One thread.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "engines/engine.h"

namespace ferry::sqlite {

Result<std::unique_ptr<TableWriter>> OpenSqliteWriter(const std::string& path,
                                                      const WriteSpec& spec);

}  // namespace ferry::sqlite
