#include "engines/archive/archive_database.h"

#include <cstdlib>
#include <filesystem>
#include <mutex>

#include "engines/archive/archive_check.h"
#include "engines/archive/dialect.h"
#include "engines/archive/manifest.h"
#include "engines/duckdb/dialect.h"
#include "engines/duckdb/reader.h"
#include "engines/duckdb/session.h"

namespace ferry::archive {
namespace {

namespace ddb = ferry::duckdb;
namespace fs = std::filesystem;

class ArchiveDatabase final : public Database {
 public:
  ArchiveDatabase(std::string display, Manifest manifest, std::unique_ptr<Dialect> dialect, ddb::DatabaseHandle db,
                  ddb::Session session, std::string temp_dir)
      : display_(std::move(display)), manifest_(std::move(manifest)), dialect_(std::move(dialect)),
        db_(std::move(db)), session_(std::move(session)), temp_dir_(std::move(temp_dir)) {}
  ~ArchiveDatabase() override {
    session_ = ddb::Session();  // disconnect before close
    db_.Reset();
    std::error_code ec;
    fs::remove_all(temp_dir_, ec);
  }

  const Dialect& dialect() const override { return *dialect_; }
  std::string DisplayName() const override { return display_; }
  Result<Catalog> Introspect() override { return manifest_.ToCatalog(); }

  Result<std::unique_ptr<TableReader>> OpenReader(const ReadSpec& spec) override {
    // The views hold each column as stored (parquet_writer.h); the reader
    // casts by logical type, and the source's native types mean nothing here.
    ReadSpec local = spec;
    for (auto& c : local.columns) c.native_type.clear();
    SkipSortOfSortedFile(&local);
    FERRY_ASSIGN_OR_RETURN(auto reader, ddb::Reader::Open(db_.get(), "main", local));
    return std::unique_ptr<TableReader>(std::move(reader));
  }
  // A read in key order of a file written in that order (the manifest's
  // sorted_by) needs no ORDER BY: the scan yields the file's order, and
  // "after the last key" becomes a filter the Parquet statistics prune by.
  // A sort would stage the table (spilling at the memory limit).
  void SkipSortOfSortedFile(ReadSpec* spec) const {
    const ManifestTable* t = manifest_.Find(spec->table);
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

  Result<std::unique_ptr<TableWriter>> OpenWriter(const WriteSpec&) override {
    return Status::Internal(display_ + " is read-only");
  }
  Status Execute(const std::string&) override { return Status::Internal(display_ + " is read-only"); }
  Result<int64_t> CountRows(const std::string& table) override {
    return QueryInt("SELECT count(*) FROM " + ddb::DuckdbDialect().QuoteIdent(table));
  }
  Result<int64_t> QueryInt(const std::string& sql) override {
    std::lock_guard<std::mutex> lock(mu_);
    FERRY_ASSIGN_OR_RETURN(auto rows, session_.QueryText(sql));
    if (rows.empty() || rows[0].empty() || !rows[0][0]) return int64_t{0};
    return static_cast<int64_t>(std::strtoll(rows[0][0]->c_str(), nullptr, 10));
  }
  Result<TextRows> QueryText(const std::string& sql) override {
    std::lock_guard<std::mutex> lock(mu_);
    return session_.QueryText(sql);
  }
  Result<std::optional<std::pair<int64_t, int64_t>>> KeyBounds(const std::string& table,
                                                               const std::string& column) override {
    ddb::DuckdbDialect d;
    const std::string col = d.QuoteIdent(column);
    FERRY_ASSIGN_OR_RETURN(auto rows, QueryText("SELECT CAST(min(" + col + ") AS BIGINT), CAST(max(" + col +
                                                ") AS BIGINT) FROM " + d.QuoteIdent(table)));
    if (rows.empty() || !rows[0][0] || !rows[0][1]) return std::optional<std::pair<int64_t, int64_t>>();
    return std::optional<std::pair<int64_t, int64_t>>(
        std::make_pair(std::strtoll(rows[0][0]->c_str(), nullptr, 10), std::strtoll(rows[0][1]->c_str(), nullptr, 10)));
  }
  Result<std::string> ResetAutoIncrement(const TableSchema&, const ColumnSchema&) override {
    return Status::Internal(display_ + " is read-only");
  }

 private:
  std::string display_;
  Manifest manifest_;
  std::unique_ptr<Dialect> dialect_;
  ddb::DatabaseHandle db_;
  std::mutex mu_;  // guards session_
  ddb::Session session_;
  std::string temp_dir_;  // DuckDB's spill files; removed with the database
};

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

// A fresh directory under $TMPDIR (or /tmp) for DuckDB's spill files.
Result<std::string> MakeTempDir() {
  std::error_code ec;
  fs::path base = fs::temp_directory_path(ec);
  if (ec) base = "/tmp";
  std::string pattern = (base / "ferry-archive-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) return Status::Io("cannot make a temp directory in " + base.string());
  return pattern;
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
  ddb::DatabaseHandle db;
  ddb::ConfigHandle config;
  if (::duckdb_create_config(config.out()) != DuckDBSuccess) return Status::Source("archive: cannot configure DuckDB");
  // Each reader scans on its own thread (ferry's --jobs is the
  // parallelism), so memory is about one row group per reader; reads that
  // must sort (a key the file is not in the order of) spill past the limit
  // into a private temp directory.
  (void)::duckdb_set_config(config.get(), "threads", "1");
  (void)::duckdb_set_config(config.get(), "memory_limit", "1GB");
  FERRY_ASSIGN_OR_RETURN(std::string temp, MakeTempDir());
  // Removed on every early return below; the database owns it after.
  std::unique_ptr<std::string, void (*)(std::string*)> temp_guard(&temp, [](std::string* p) {
    std::error_code ec;
    fs::remove_all(*p, ec);
  });
  (void)::duckdb_set_config(config.get(), "temp_directory", temp.c_str());
  char* error = nullptr;
  if (::duckdb_open_ext(nullptr, db.out(), config.get(), &error) != DuckDBSuccess) {
    std::string msg = error ? error : "unknown error";
    if (error) ::duckdb_free(error);
    return Status::Source("archive: cannot open DuckDB: " + msg);
  }
  FERRY_ASSIGN_OR_RETURN(ddb::Session session, ddb::Session::Connect(db.get(), StatusCode::kSource));
  FERRY_RETURN_NOT_OK(CreateViews(session, dir.string(), *manifest));
  temp_guard.release();
  return std::unique_ptr<Database>(new ArchiveDatabase("archive://" + dir.string(), std::move(manifest).value(),
                                                       std::move(dialect), std::move(db), std::move(session),
                                                       std::move(temp)));
}

}  // namespace ferry::archive
