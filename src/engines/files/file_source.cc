#include "engines/files/file_source.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "engines/duckdb/dialect.h"
#include "engines/duckdb/view_database.h"

namespace ferry::files {
namespace {

namespace ddb = ferry::duckdb;
namespace fs = std::filesystem;

// "<dir>/<table>.<format>" files, by name; empty csv/jsonl files left out.
Result<std::vector<fs::path>> ListTables(const fs::path& dir, const std::string& format) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return Status::Source(format + " folder " + dir.string() + " does not exist");
  if (!fs::is_directory(dir, ec)) return Status::Source(dir.string() + " is not a folder of " + format + " files");
  std::vector<fs::path> files;
  bool any = false;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file() || entry.path().extension() != "." + format) continue;
    any = true;
    if (format != "parquet" && entry.file_size(ec) == 0) continue;
    files.push_back(entry.path());
  }
  if (ec) return Status::Source("cannot list " + dir.string() + ": " + ec.message());
  if (!any)
    return Status::Source("no " + format + " files in " + dir.string() + " (each table is a file <table>." + format + ")");
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

Result<std::unique_ptr<Database>> OpenFileSource(const Uri& uri, const FileSourceOptions& options) {
  const std::string& format = uri.scheme;
  if (uri.path.empty()) return Status::InvalidInput(format + " URI has no folder (" + format + ":///path/to/dir)");
  const fs::path dir(uri.path);
  FERRY_ASSIGN_OR_RETURN(std::vector<fs::path> files, ListTables(dir, format));
  FERRY_ASSIGN_OR_RETURN(ddb::PrivateDuckdb duck, ddb::OpenPrivateDuckdb(uri.Redacted()));
  Catalog catalog;
  catalog.schema_name = "main";
  ddb::DuckdbDialect d;
  for (const auto& file : files) {
    TableSchema t;
    t.name = file.stem().string();
    FERRY_ASSIGN_OR_RETURN(t.columns, CreateFileView(duck.session, format, file.string(), t.name, options.given));
    if (format == "parquet") {  // the footer's count: free
      FERRY_ASSIGN_OR_RETURN(auto rows, duck.session.QueryText("SELECT count(*) FROM " + d.QuoteIdent(t.name)));
      if (!rows.empty() && rows[0][0]) t.row_estimate = std::strtoll(rows[0][0]->c_str(), nullptr, 10);
    }
    catalog.tables.push_back(std::move(t));
  }
  ddb::ViewDatabaseSpec spec;
  spec.display = uri.Redacted();
  spec.catalog = std::move(catalog);
  spec.dialect = std::make_unique<ddb::DuckdbDialect>();
  return ddb::MakeViewDatabase(std::move(duck), std::move(spec));
}

}  // namespace ferry::files
