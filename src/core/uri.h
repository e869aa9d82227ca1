// Uri: a parsed database location, "scheme://user:password@host:port/path?k=v".
// Engines read the parts they need; Redacted() is the only spelling that may
// reach logs, reports and error messages (the password becomes "***").
//   sqlite:///abs/path.db   sqlite://relative.db   duckdb:///abs/path.duckdb
//   postgres://user:pw@host:5432/db?sslmode=require   (also postgresql://)
//   mysql://user:pw@host:3306/db?ssl-mode=REQUIRED    (also mariadb://)
//   csv:///abs/dir   jsonl://relative/dir             (data files, one per table)
//   hep+udp://host:9060?checkpoint=FILE  hep+tcp://[::1]:9061  (HEP3 replay, a target only)
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/result.h"

namespace ferry {

struct Uri {
  std::string raw;     // exactly as given; never print it
  std::string scheme;  // lower case: "sqlite", "postgres", "mysql", "duckdb", "csv", "jsonl"
  std::string user;
  std::string password;
  bool has_password = false;
  std::string host;
  int port = 0;        // 0 = engine default
  std::string path;    // database name (servers) or file path (embedded), percent-decoded
  std::map<std::string, std::string> params;

  std::string Redacted() const;
};

// Parses `text`; a bare path ending in .db/.sqlite/.sqlite3 is sqlite, .duckdb is duckdb.
// An error quotes the URI as given, password redacted (RedactUriText), then
// what is wrong: `URI "postgres://[::1": host: missing ']'`.
Result<Uri> ParseUri(std::string_view text);
// The same, the error naming the URI's role: `target URI "...": ...`.
Result<Uri> ParseUri(std::string_view text, std::string_view role);

// `text` as given with its password (and password= parameters) replaced by
// "***", for quoting a URI that may not parse. Errs towards hiding: the
// password runs from the first ':' after "scheme://" to the last '@'
// before the query, so an '@' or '/' left unencoded in it stays hidden.
std::string RedactUriText(std::string_view text);

// `text` with every byte but A-Z a-z 0-9 - . _ ~ / as %XX, for a URI
// parameter's value.
std::string PercentEncode(std::string_view text);

// A server URI as given (`raw`) naming another database: its path replaced
// by `database` (percent-encoded), user, password, host and parameters
// kept. For whole-server backups: "postgres://u:pw@h/?sslmode=x" + "halo"
// -> "postgres://u:pw@h/halo?sslmode=x".
std::string WithDatabase(std::string_view raw, std::string_view database);
// `raw` with parameter `key` set to `value` (percent-encoded), replacing a
// parameter of that name.
std::string WithParam(std::string_view raw, std::string_view key, std::string_view value);

// Replaces any "scheme://user:password@" password inside free text (server
// error messages echo connection strings) with "***".
std::string RedactSecrets(std::string_view text, std::string_view password = {});

}  // namespace ferry
