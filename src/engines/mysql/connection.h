// Connecting to MySQL/MariaDB from a Uri and running statements on a MYSQL
// handle. A Connection owns one MYSQL handle and knows whether it serves a
// source (errors are kSource) or a target (kTarget); it is used by one
// thread at a time. Every error message names the server by its redacted
// URI and carries the MySQL errno; no password ever appears.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/uri.h"
#include "engines/engine.h"
#include "engines/mysql/handles.h"

namespace ferry::mysql {

// What a session is for; decides the session settings made after connect.
enum class SessionRole {
  kControl,  // the Database's own connection: introspection, DDL, counts
  kReader,   // a source reader: REPEATABLE READ consistent snapshot, read only
  kWriter,   // a target writer: strict mode, FK and unique checks off
};

class Connection {
 public:
  // Connects and applies the session settings of `role`:
  // time_zone '+00:00' and utf8mb4 always; on targets strict sql_mode; on
  // writers foreign_key_checks=0; on readers a
  // consistent-snapshot read-only transaction.
  static Result<Connection> Open(const Uri& uri, AccessMode mode, SessionRole role);

  MYSQL* get() const { return handle_.get(); }
  AccessMode mode() const { return mode_; }
  const std::string& display_name() const { return display_; }

  // Runs one statement and discards any result.
  Status Exec(const std::string& sql);
  // Runs a query and returns all rows as text (nullopt = NULL).
  using Row = std::vector<std::optional<std::string>>;
  Result<std::vector<Row>> Query(const std::string& sql);

  // kSource/kTarget by mode: "<context>: <mysql error> (errno N)".
  Status Error(const std::string& context) const;
  // Same text with the kData code (the server refused a value).
  Status DataError(const std::string& context) const;

  // Escapes `text` for use inside '...' on this connection.
  std::string Escape(std::string_view text) const;

 private:
  Connection(MysqlPtr handle, AccessMode mode, std::string display, std::string password)
      : handle_(std::move(handle)),
        mode_(mode),
        display_(std::move(display)),
        password_(std::move(password)) {}

  MysqlPtr handle_;
  AccessMode mode_;
  std::string display_;
  std::string password_;  // only to scrub server messages that echo it
};

// MySQL errnos that mean the value or row was refused, not the connection.
bool IsDataErrno(unsigned int err);

}  // namespace ferry::mysql
