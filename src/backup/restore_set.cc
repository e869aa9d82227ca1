#include "backup/restore_set.h"

#include <filesystem>

#include "core/uri.h"
#include "engines/archive/archive_check.h"
#include "engines/archive/layout.h"
#include "engines/archive/manifest.h"
#include "report/log.h"

namespace ferry::backup {
namespace {

namespace fs = std::filesystem;

// Where an archive came from, as its manifest's (redacted) source URI says.
struct Origin {
  std::string engine, database, schema;  // schema "" for PostgreSQL's public and other engines
};

Origin OriginOf(const archive::Manifest& m) {
  Origin o{m.source_engine, "", ""};
  auto uri = ParseUri(m.source_uri);
  if (!uri.ok()) return o;
  if (uri->scheme == "postgres" || uri->scheme == "mysql") o.database = uri->path;
  if (auto it = uri->params.find("schema"); uri->scheme == "postgres" && it != uri->params.end() &&
                                            it->second != "public")
    o.schema = it->second;
  return o;
}

// DST for one archive: the database (with --all-databases), and a
// non-public PostgreSQL schema into the same schema of a PostgreSQL target
// that names none. Another engine has no place for a second schema.
Result<std::string> TargetFor(const std::string& archive, const Origin& origin, const std::string& target,
                              bool all_databases) {
  FERRY_ASSIGN_OR_RETURN(Uri dst, ParseUri(target, "target"));
  std::string out = all_databases ? WithDatabase(target, origin.database) : target;
  if (origin.schema.empty() || dst.params.count("schema")) return out;
  if (dst.scheme != "postgres")
    return Status::InvalidInput(archive + " holds PostgreSQL schema " + origin.schema + ", which " +
                                dst.Redacted() + " has no place for: restore it alone with a target of its own");
  return WithParam(out, "schema", origin.schema);
}

}  // namespace

Result<std::vector<RestoreItem>> PlanRestore(const std::string& from, const std::string& target,
                                             bool all_databases) {
  if (all_databases) {
    FERRY_ASSIGN_OR_RETURN(Uri dst, ParseUri(target, "target"));
    if (dst.scheme != "postgres" && dst.scheme != "mysql")
      return Status::InvalidInput("--all-databases restores onto a server URI (postgres:// or mysql://), not " +
                                  dst.Redacted());
  }
  std::error_code ec;
  if (fs::exists(fs::path(from) / archive::kManifestFile, ec)) {
    if (all_databases) return Status::InvalidInput("--all-databases restores a backup directory, not one archive (" + from + ")");
    FERRY_ASSIGN_OR_RETURN(auto m, archive::ReadManifest(from));
    FERRY_ASSIGN_OR_RETURN(std::string dst, TargetFor(from, OriginOf(m), target, false));
    return std::vector<RestoreItem>{{from, dst, ""}};
  }
  auto found = archive::ListArchives(from);
  if (!found.ok()) return Status::NotFound(from + " is neither an archive (no manifest.json) nor a backup directory");
  // The newest complete archive names the run.
  const archive::FoundArchive* newest = nullptr;
  Origin newest_origin;
  for (auto it = found->rbegin(); it != found->rend() && !newest; ++it) {
    auto m = archive::ReadManifest(it->path);
    if (m.ok() && m->complete) {
      newest = &*it;
      newest_origin = OriginOf(*m);
    } else {
      log::Warn("restore", "skipping " + it->path + ": " + (m.ok() ? "incomplete" : m.status().message()));
    }
  }
  if (!newest) return Status::NotFound("no complete archive in " + from + " (see ferry backup list " + from + ")");
  std::vector<RestoreItem> items;
  for (const auto& a : *found) {
    if (a.folder.time != newest->folder.time) continue;
    auto m = archive::ReadManifest(a.path);
    Origin origin = m.ok() ? OriginOf(*m) : Origin{};
    if (m.ok() && !all_databases &&
        (origin.engine != newest_origin.engine || origin.database != newest_origin.database))
      continue;  // another database backed up in the same second
    if (!m.ok() || !m->complete)
      return Status::InvalidInput("the backup run of " + archive::FormatRfc3339(a.folder.time) + " in " + from +
                                  " is incomplete: " + a.path + (m.ok() ? " has no complete manifest" : ": " + m.status().message()) +
                                  "; restore its complete archives one by one, or back up again");
    if (all_databases && origin.database.empty())
      return Status::InvalidInput(a.path + " is a backup of " + m->source_uri +
                                  ", not of a server's database: --all-databases restores those only");
    FERRY_ASSIGN_OR_RETURN(std::string dst, TargetFor(a.path, origin, target, all_databases));
    items.push_back({a.path, dst, all_databases ? origin.database : ""});
  }
  // Each restore checks its archive's files as it opens it; with several,
  // a damaged last one would be found after the first ones were written.
  if (items.size() > 1)
    for (const auto& item : items) {
      FERRY_ASSIGN_OR_RETURN(auto m, archive::ReadManifest(item.archive));
      std::string problems;
      for (const auto& p : archive::CheckFiles(item.archive, m)) problems += "\n  " + p;
      if (!problems.empty())
        return Status::Source("archive " + item.archive + " cannot be restored (nothing was written):" + problems);
    }
  return items;
}

}  // namespace ferry::backup
