// Reads one table of a SQLite file into RecordBatches. The reader owns its
// own read-only connection and reads inside one deferred transaction, so it
// sees one snapshot from its first row to its last. One thread at a time.
//
// SQLite types values, not columns: each value is converted by its storage
// class to the column's logical type. What does not fit (text 'abc' in an
// INTEGER column, invalid UTF-8, a number in a date column whose unit is
// unknown) becomes NULL plus a kReject RowIssue naming the value and why.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "engines/engine.h"

namespace ferry::sqlite {

Result<std::unique_ptr<TableReader>> OpenSqliteReader(const std::string& path,
                                                      const ReadSpec& spec);

}  // namespace ferry::sqlite
