#include "engines/archive/archive_database.h"

#include <filesystem>

#include "engines/archive/archive_check.h"
#include "engines/archive/dialect.h"
#include "engines/archive/manifest.h"
#include "engines/duckdb/dialect.h"
#include "engines/duckdb/view_database.h"

namespace ferry::archive {
namespace {

namespace ddb = ferry::duckdb;
namespace fs = std::filesystem;

// A read in key order of a file written in that order (the manifest's
// sorted_by) needs no ORDER BY: the scan yields the file's order, and
// "after the last key" becomes a filter the Parquet statistics prune by.
// A sort would stage the table (spilling at the memory limit).
void SkipSortOfSortedFile(const Manifest& manifest, ReadSpec* spec) {
  const ManifestTable* t = manifest.Find(spec->table);
  if (!t || spec->order_by.empty() || spec->order_by != t->sorted_by) return;
  ddb::DuckdbDialect d;
  if (!spec->after.empty()) {
    std::string cols, values;
    for (size_t i = 0; i < spec->order_by.size() && i < spec->after.size(); ++i) {
      cols += (i ? ", " : "") + d.QuoteIdent(spec->order_by[i]);
      values += (i ? ", " : "") + spec->after[i];
    }
    const std::string cond = "(" + cols + ") > (" + values + ")";
    spec->where = spec->where.empty() ? cond : "(" + spec->where + ") AND " + cond;
  }
  spec->order_by.clear();
  spec->after.clear();
}

// One view per table over its Parquet file, named as the table.
Status CreateViews(const ddb::Session& session, const std::string& dir, const Manifest& manifest) {
  ddb::DuckdbDialect d;
  for (const auto& t : manifest.tables) {
    const std::string path = (fs::path(dir) / t.file).string();
    FERRY_RETURN_NOT_OK(session.Exec("CREATE VIEW " + d.QuoteIdent(t.schema.name) + " AS SELECT * FROM read_parquet(" +
                                     d.QuoteString(path) + ")")
                            .WithContext("archive: table " + t.schema.name));
  }
  return Status::OK();
}

}  // namespace

Result<std::unique_ptr<Database>> OpenArchiveDatabase(const Uri& uri, AccessMode mode) {
  if (mode != AccessMode::kReadOnly)
    return Status::InvalidInput("archive://" + uri.path + " can only be read here; archives are written by a copy "
                                "into a new archive folder (ferry backup)");
  fs::path dir = fs::path(uri.path).lexically_normal();
  if (dir.filename().empty()) dir = dir.parent_path();
  auto manifest = ReadManifest(dir.string());
  if (!manifest.ok()) return Status::Source(manifest.status().message());
  // Every file against the manifest before anything reads them: a damaged
  // archive is refused whole, before a restore writes a row.
  std::vector<std::string> problems = CheckFiles(dir.string(), *manifest);
  if (!problems.empty()) {
    std::string all;
    for (const auto& p : problems) all += "\n  " + p;
    return Status::Source("archive " + dir.string() + " cannot be restored:" + all +
                          "\n(ferry backup check names every difference; restore a complete, undamaged archive)");
  }
  std::unique_ptr<Dialect> dialect;
  if (!manifest->source_engine.empty()) {
    auto made = MakeDialect(manifest->source_engine);
    if (made.ok()) dialect = std::move(made).value();
  }
  if (!dialect) dialect = std::make_unique<ArchiveDialect>();
  FERRY_ASSIGN_OR_RETURN(ddb::PrivateDuckdb duck, ddb::OpenPrivateDuckdb("archive"));
  FERRY_RETURN_NOT_OK(CreateViews(duck.session, dir.string(), *manifest));
  ddb::ViewDatabaseSpec spec;
  spec.display = "archive://" + dir.string();
  spec.catalog = manifest->ToCatalog();
  spec.dialect = std::move(dialect);
  // The views hold each column as stored (parquet_writer.h); the reader
  // casts by logical type, and the source's native types mean nothing here.
  spec.adjust_read = [m = std::move(manifest).value()](ReadSpec* read) { SkipSortOfSortedFile(m, read); };
  return ddb::MakeViewDatabase(std::move(duck), std::move(spec));
}

}  // namespace ferry::archive
