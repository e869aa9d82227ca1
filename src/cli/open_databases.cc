#include "cli/open_databases.h"

#include "engines/files/file_source.h"

namespace ferry::cli {
namespace {

bool IsFileFolder(const std::string& scheme) { return scheme == "csv" || scheme == "jsonl" || scheme == "parquet"; }

// Each column rule of `casts` names a table and column `db` has: a typo
// would otherwise leave a file's column with its inferred type unnoticed.
Status CheckCastColumns(const std::vector<CastRule>& casts, Database& db) {
  FERRY_ASSIGN_OR_RETURN(Catalog catalog, db.Introspect());
  for (const auto& rule : casts) {
    if (rule.match != CastRule::Match::kColumn || rule.table == "*") continue;
    const TableSchema* t = catalog.FindTable(rule.table);
    if (!t) return Status::InvalidInput("--cast '" + rule.text + "': " + db.DisplayName() + " has no table " + rule.table);
    if (t->FindColumn(rule.column)) continue;
    std::string names;
    for (const auto& c : t->columns) names += (names.empty() ? "" : ", ") + c.name;
    return Status::InvalidInput("--cast '" + rule.text + "': table " + rule.table + " has no column " + rule.column +
                                " (it has: " + names + ")");
  }
  return Status::OK();
}

// The source; a file folder reads its columns as `casts` type them.
Result<std::unique_ptr<Database>> OpenSource(const Uri& uri, const std::vector<CastRule>& casts) {
  if (!IsFileFolder(uri.scheme)) return OpenDatabase(uri, AccessMode::kReadOnly);
  files::FileSourceOptions options;
  options.given = [casts](const std::string& table, const ColumnSchema& column) -> std::optional<LogicalType> {
    const CastRule* rule = FindCastRule(casts, table, column);
    // A conversion function (epoch_ms) converts the value as read.
    if (!rule || rule->using_fn != CastFunction::kNone) return std::nullopt;
    return rule->to;
  };
  FERRY_ASSIGN_OR_RETURN(auto db, files::OpenFileSource(uri, options));
  FERRY_RETURN_NOT_OK(CheckCastColumns(casts, *db));
  return db;
}

}  // namespace

Result<OpenedDatabases> OpenSourceAndTarget(const std::string& source_uri,
                                            const std::string& target_uri, bool dry_run,
                                            const std::vector<CastRule>& casts) {
  auto src = ParseUri(source_uri, "source");
  if (!src.ok()) return src.status();
  auto dst = ParseUri(target_uri, "target");
  if (!dst.ok()) return dst.status();
  if (src->scheme == dst->scheme && src->host == dst->host && src->port == dst->port &&
      src->path == dst->path)
    return Status::InvalidInput("source and target are the same database (" + src->Redacted() + ")");
  OpenedDatabases out;
  auto s = OpenSource(*src, casts);
  if (!s.ok()) return s.status();
  out.source = std::move(*s);
  out.target_name = dst->Redacted();
  out.target_uri = *dst;
  // An archive records where its rows came from, and speaks the source
  // engine's dialect so native types stay as a same-engine copy keeps them.
  if (dst->scheme == "archive") {
    // The source's dialect, not its scheme: an archive read back speaks
    // the engine it came from.
    dst->params["source_engine"] = std::string(out.source->dialect().name());
    dst->params["source_uri"] = src->Redacted();
    if (auto schema = src->params.find("schema"); schema != src->params.end())
      dst->params["source_schema"] = schema->second;
  }
  auto t = OpenSink(*dst, dry_run);
  if (!t.ok()) return t.status();
  out.target = std::move(*t);
  return out;
}

}  // namespace ferry::cli
