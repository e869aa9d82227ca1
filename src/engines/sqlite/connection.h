// Opening SQLite connections and running statements on them. Every reader,
// writer and Database owns its own connection (SQLITE_OPEN_NOMUTEX: one
// thread at a time). Read-only connections never create or write the file;
// a missing source file is kNotFound. Errors carry SQLite's message and
// extended result code.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "engines/engine.h"
#include "engines/sqlite/handles.h"

namespace ferry::sqlite {

// How long a connection waits for another connection's lock before
// returning SQLITE_BUSY. Long, because parallel writers to one file take
// turns at whole transactions.
inline constexpr int kBusyTimeoutMs = 10 * 60 * 1000;

// Opens `path`. kReadOnly: SQLITE_OPEN_READONLY, kNotFound if the file is
// missing. kReadWrite: creates the file if needed; foreign key enforcement is
// switched off (ferry checks orphans itself after the load).
Result<ConnHandle> OpenConnection(const std::string& path, AccessMode mode);

// "message (extended code N)" for the last error on `db`.
std::string ErrorText(sqlite3* db);

// Runs one or more statements; errors become `code`-class Status with
// `context` in front.
Status Exec(sqlite3* db, const std::string& sql, StatusCode code = StatusCode::kTarget);

Result<StmtHandle> Prepare(sqlite3* db, const std::string& sql,
                           StatusCode code = StatusCode::kSource);

// Double-quoted identifier: "a""b".
std::string Quote(std::string_view identifier);

}  // namespace ferry::sqlite
