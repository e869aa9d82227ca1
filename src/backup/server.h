// Whole servers and whole databases in backups: which archives one backup
// of a source URI makes (one per database of a server with
// --all-databases; per database, one per schema that holds tables where
// the engine has schemas), and making a database on a server before a
// restore loads it. Each call opens its own connection through the
// registry. Main thread.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace ferry::backup {

// One archive of a backup run.
struct BackupUnit {
  std::string uri;       // the source URI as given, naming this database (and ?schema=)
  std::string name;      // the archive's NAME: the database, "DB.SCHEMA" for a non-public schema
  std::string database;  // "" for an embedded file
  std::string schema;    // "" for the database's own (PostgreSQL's public)
};

// The archives a backup of `source` makes. Without `all_databases`, the
// URI's database (a PostgreSQL URI without ?schema=: each schema holding
// tables, public first; an empty database still gets its archive).
// `all_databases` needs a server URI (postgres://, mysql://) and lists the
// server's databases (Dialect::ListDatabasesSql). `name` replaces the
// database part of the NAMEs ("" keeps it; refused with several databases).
Result<std::vector<BackupUnit>> BackupUnits(const std::string& source, bool all_databases,
                                            const std::string& name);

// Creates `database` on the server of `server_uri` unless it exists; a
// dry run only says which it would create (in `*created`).
Status CreateDatabaseIfMissing(const std::string& server_uri, const std::string& database, bool dry_run,
                               bool* created);

// `uri` naming the database server commands connect to: the URI's own
// database, else the engine's always-present one (postgres,
// information_schema), which reading the server's catalog needs.
std::string MaintenanceUri(const std::string& uri);

}  // namespace ferry::backup
