#include "backup/server.h"

#include <algorithm>

#include "core/uri.h"
#include "engines/engine.h"

namespace ferry::backup {
namespace {

// The first column of every row, NULLs left out.
Result<std::vector<std::string>> Names(Database& db, const std::string& sql) {
  FERRY_ASSIGN_OR_RETURN(TextRows rows, db.QueryText(sql));
  std::vector<std::string> names;
  for (const auto& row : rows)
    if (!row.empty() && row[0]) names.push_back(*row[0]);
  return names;
}

Result<std::unique_ptr<Database>> Open(const std::string& uri, AccessMode mode) {
  FERRY_ASSIGN_OR_RETURN(Uri parsed, ParseUri(uri, mode == AccessMode::kReadOnly ? "source" : "target"));
  return OpenDatabase(parsed, mode);
}

// The units of one database: per schema holding tables where the engine
// has schemas and the URI names none, else the database as one.
Result<std::vector<BackupUnit>> UnitsOfDatabase(const std::string& uri, const std::string& database,
                                                const std::string& name) {
  FERRY_ASSIGN_OR_RETURN(Uri parsed, ParseUri(uri, "source"));
  BackupUnit whole{uri, name, database, ""};
  if (parsed.params.count("schema")) {
    const std::string& schema = parsed.params.at("schema");
    if (schema != "public") whole.name += "." + schema, whole.schema = schema;
    return std::vector<BackupUnit>{whole};
  }
  FERRY_ASSIGN_OR_RETURN(auto db, OpenDatabase(parsed, AccessMode::kReadOnly));
  const std::string sql = db->dialect().ListSchemasSql();
  if (sql.empty()) return std::vector<BackupUnit>{whole};
  FERRY_ASSIGN_OR_RETURN(auto schemas, Names(*db, sql));
  std::vector<BackupUnit> units;
  for (const auto& schema : schemas) {
    if (schema == "public") {
      units.push_back(whole);
    } else {
      units.push_back({WithParam(uri, "schema", schema), name + "." + schema, database, schema});
    }
  }
  if (units.empty()) units.push_back(whole);  // an empty database: its (empty) archive still says so
  return units;
}

}  // namespace

std::string MaintenanceUri(const std::string& uri) {
  auto parsed = ParseUri(uri);
  if (!parsed.ok() || !parsed->path.empty()) return uri;
  if (parsed->scheme == "postgres") return WithDatabase(uri, "postgres");
  if (parsed->scheme == "mysql") return WithDatabase(uri, "information_schema");
  return uri;
}

Result<std::vector<BackupUnit>> BackupUnits(const std::string& source, bool all_databases,
                                            const std::string& name) {
  FERRY_ASSIGN_OR_RETURN(Uri parsed, ParseUri(source, "source"));
  if (!all_databases) {
    std::string database = parsed.scheme == "postgres" || parsed.scheme == "mysql" ? parsed.path : "";
    return UnitsOfDatabase(source, database, name);
  }
  if (!name.empty()) return Status::InvalidInput("--name names one database's archives; --all-databases names each by its database");
  FERRY_ASSIGN_OR_RETURN(auto server, Open(MaintenanceUri(source), AccessMode::kReadOnly));
  const std::string sql = server->dialect().ListDatabasesSql();
  if (sql.empty())
    return Status::InvalidInput("--all-databases needs a server URI (postgres:// or mysql://), not " +
                                parsed.Redacted());
  FERRY_ASSIGN_OR_RETURN(auto databases, Names(*server, sql));
  std::vector<BackupUnit> units;
  for (const auto& database : databases) {
    FERRY_ASSIGN_OR_RETURN(auto of_db, UnitsOfDatabase(WithDatabase(source, database), database, database));
    units.insert(units.end(), of_db.begin(), of_db.end());
  }
  return units;
}

Status CreateDatabaseIfMissing(const std::string& server_uri, const std::string& database, bool dry_run,
                               bool* created) {
  *created = false;
  FERRY_ASSIGN_OR_RETURN(auto server, Open(MaintenanceUri(server_uri), AccessMode::kReadWrite));
  const Dialect& dialect = server->dialect();
  if (dialect.ListDatabasesSql().empty())
    return Status::InvalidInput("--all-databases restores onto a server URI (postgres:// or mysql://), not " +
                                server->DisplayName());
  FERRY_ASSIGN_OR_RETURN(auto existing, Names(*server, dialect.ListDatabasesSql()));
  if (std::find(existing.begin(), existing.end(), database) != existing.end()) return Status::OK();
  *created = true;
  if (dry_run) return Status::OK();
  Status st = server->Execute(dialect.CreateDatabaseSql(database));
  return st.ok() ? st : st.WithContext("creating database " + database + " on " + server->DisplayName());
}

}  // namespace ferry::backup
