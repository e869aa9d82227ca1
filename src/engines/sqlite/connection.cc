#include "engines/sqlite/connection.h"

#include "core/sql_text.h"

#include <sys/stat.h>

namespace ferry::sqlite {

std::string ErrorText(sqlite3* db) {
  if (db == nullptr) return "out of memory";
  return std::string(sqlite3_errmsg(db)) + " (sqlite code " +
         std::to_string(sqlite3_extended_errcode(db)) + ")";
}

Result<ConnHandle> OpenConnection(const std::string& path, AccessMode mode) {
  if (path.empty()) return Status::InvalidInput("sqlite: the URI names no database file");
  int flags = SQLITE_OPEN_NOMUTEX;
  if (mode == AccessMode::kReadOnly) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0)
      return Status::NotFound("sqlite: database file " + path + " does not exist");
    flags |= SQLITE_OPEN_READONLY;
  } else {
    flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  }
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  ConnHandle db(raw);  // wrap first: a failed open still returns a handle to close
  StatusCode code = mode == AccessMode::kReadOnly ? StatusCode::kSource : StatusCode::kTarget;
  if (rc != SQLITE_OK) return Status(code, "sqlite: cannot open " + path + ": " + ErrorText(raw));
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  // A file that is not a database only fails on first use: check it now.
  Status s = Exec(raw, "SELECT count(*) FROM sqlite_master", code);
  if (!s.ok()) return s.WithContext("sqlite: " + path);
  if (mode == AccessMode::kReadWrite) {
    FERRY_RETURN_NOT_OK(Exec(raw, "PRAGMA foreign_keys=OFF", code));
  }
  return db;
}

Status Exec(sqlite3* db, const std::string& sql, StatusCode code) {
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return Status::OK();
  std::string msg = err ? err : sqlite3_errstr(rc);
  sqlite3_free(err);
  return Status(code, msg + " (sqlite code " + std::to_string(sqlite3_extended_errcode(db)) +
                          ") in: " + sql.substr(0, 200));
}

Result<StmtHandle> Prepare(sqlite3* db, const std::string& sql, StatusCode code) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &raw, nullptr);
  StmtHandle stmt(raw);
  if (rc != SQLITE_OK) return Status(code, ErrorText(db) + " in: " + sql.substr(0, 200));
  return stmt;
}

std::string Quote(std::string_view identifier) { return QuoteDoubling(identifier, '"'); }

}  // namespace ferry::sqlite
