// Connection: opens a libpq session from a ferry Uri and runs statements on
// it. Missing URI parts fall to libpq's own defaults (PG* variables,
// .pgpass, service files). Every session speaks UTF-8, UTC, ISO dates,
// full float precision and postgres-style intervals, with search_path set to
// the URI's schema (param `schema`, default public); sessions of a source
// are read-only. Errors are kSource or kTarget after the access mode and
// never contain a password. A connection is used by one thread at a time.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/uri.h"
#include "engines/engine.h"
#include "engines/postgres/handles.h"

namespace ferry::postgres {

// The schema ferry works in: uri.params["schema"] or "public".
std::string SchemaOf(const Uri& uri);

// "identifier" with embedded quotes doubled.
std::string QuoteIdentifier(std::string_view identifier);
// 'literal' with embedded quotes doubled (standard_conforming_strings on).
std::string QuoteLiteral(std::string_view text);

// Opens and configures a session. `mode` picks the error code and whether
// the session is read-only.
Result<PgConn> Connect(const Uri& uri, AccessMode mode);

// The error of `conn`/`res` as one line, secrets redacted.
std::string ConnError(PGconn* conn, const Uri& uri);
// "primary message [SQLSTATE]: detail (context)" from a failed result.
std::string ResultError(const PGresult* res, PGconn* conn, const Uri& uri);

// Runs `sql` (no parameters); a result other than COMMAND_OK/TUPLES_OK is an
// error with `code`, prefixed by `what`.
Result<PgResult> Exec(PGconn* conn, const Uri& uri, const std::string& sql, StatusCode code,
                      std::string_view what);
// Same with text parameters ($1, $2, ...).
Result<PgResult> ExecParams(PGconn* conn, const Uri& uri, const std::string& sql,
                            const std::vector<std::string>& params, StatusCode code,
                            std::string_view what);

}  // namespace ferry::postgres
