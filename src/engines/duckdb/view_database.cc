#include "engines/duckdb/view_database.h"

#include <cstdlib>
#include <filesystem>
#include <mutex>

#include "engines/duckdb/api.h"
#include "engines/duckdb/dialect.h"
#include "engines/duckdb/reader.h"

namespace ferry::duckdb {
namespace {

namespace fs = std::filesystem;

void RemoveTree(const std::string& dir) {
  if (dir.empty()) return;
  std::error_code ec;
  fs::remove_all(dir, ec);
}

// A fresh directory under $TMPDIR (or /tmp) for DuckDB's spill files.
Result<std::string> MakeTempDir() {
  std::error_code ec;
  fs::path base = fs::temp_directory_path(ec);
  if (ec) base = "/tmp";
  std::string pattern = (base / "ferry-duckdb-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) return Status::Io("cannot make a temp directory in " + base.string());
  return pattern;
}

class ViewDatabase final : public Database {
 public:
  ViewDatabase(PrivateDuckdb duck, ViewDatabaseSpec spec) : duck_(std::move(duck)), spec_(std::move(spec)) {}

  const Dialect& dialect() const override { return *spec_.dialect; }
  std::string DisplayName() const override { return spec_.display; }
  Result<Catalog> Introspect() override { return spec_.catalog; }

  Result<std::unique_ptr<TableReader>> OpenReader(const ReadSpec& spec) override {
    ReadSpec local = spec;
    for (auto& c : local.columns) c.native_type.clear();
    if (spec_.adjust_read) spec_.adjust_read(&local);
    FERRY_ASSIGN_OR_RETURN(auto reader, Reader::Open(duck_.db.get(), "main", local));
    return std::unique_ptr<TableReader>(std::move(reader));
  }
  Result<std::unique_ptr<TableWriter>> OpenWriter(const WriteSpec&) override { return ReadOnly(); }
  Status Execute(const std::string&) override { return ReadOnly(); }
  Result<int64_t> CountRows(const std::string& table) override {
    return QueryInt("SELECT count(*) FROM " + DuckdbDialect().QuoteIdent(table));
  }
  Result<int64_t> QueryInt(const std::string& sql) override {
    FERRY_ASSIGN_OR_RETURN(auto rows, QueryText(sql));
    if (rows.empty() || rows[0].empty() || !rows[0][0]) return int64_t{0};
    return static_cast<int64_t>(std::strtoll(rows[0][0]->c_str(), nullptr, 10));
  }
  Result<TextRows> QueryText(const std::string& sql) override {
    std::lock_guard<std::mutex> lock(mu_);
    return duck_.session.QueryText(sql);
  }
  Result<std::optional<std::pair<int64_t, int64_t>>> KeyBounds(const std::string& table,
                                                               const std::string& column) override {
    DuckdbDialect d;
    const std::string col = d.QuoteIdent(column);
    FERRY_ASSIGN_OR_RETURN(auto rows, QueryText("SELECT CAST(min(" + col + ") AS BIGINT), CAST(max(" + col +
                                                ") AS BIGINT) FROM " + d.QuoteIdent(table)));
    if (rows.empty() || !rows[0][0] || !rows[0][1]) return std::optional<std::pair<int64_t, int64_t>>();
    return std::optional<std::pair<int64_t, int64_t>>(
        std::make_pair(std::strtoll(rows[0][0]->c_str(), nullptr, 10), std::strtoll(rows[0][1]->c_str(), nullptr, 10)));
  }
  Result<std::string> ResetAutoIncrement(const TableSchema&, const ColumnSchema&) override { return ReadOnly(); }

 private:
  Status ReadOnly() const { return Status::Internal(spec_.display + " is read-only"); }

  PrivateDuckdb duck_;
  ViewDatabaseSpec spec_;
  std::mutex mu_;  // guards duck_.session
};

}  // namespace

PrivateDuckdb::~PrivateDuckdb() {
  session = Session();  // disconnect before close
  db.Reset();
  RemoveTree(temp_dir);
}

Result<PrivateDuckdb> OpenPrivateDuckdb(const std::string& what, const std::string& memory_limit) {
  FERRY_RETURN_NOT_OK(LoadApi());
  PrivateDuckdb duck;
  ConfigHandle config;
  if (Api().duckdb_create_config(config.out()) != DuckDBSuccess)
    return Status::Source(what + ": cannot configure DuckDB");
  // Each reader scans on its own thread, so memory is about one row group
  // per reader; reads that must sort spill past the limit.
  (void)Api().duckdb_set_config(config.get(), "threads", "1");
  (void)Api().duckdb_set_config(config.get(), "memory_limit", memory_limit.c_str());
  FERRY_ASSIGN_OR_RETURN(duck.temp_dir, MakeTempDir());
  (void)Api().duckdb_set_config(config.get(), "temp_directory", duck.temp_dir.c_str());
  char* error = nullptr;
  if (Api().duckdb_open_ext(nullptr, duck.db.out(), config.get(), &error) != DuckDBSuccess) {
    std::string msg = error ? error : "unknown error";
    if (error) Api().duckdb_free(error);
    return Status::Source(what + ": cannot open DuckDB: " + msg);
  }
  FERRY_ASSIGN_OR_RETURN(duck.session, Session::Connect(duck.db.get(), StatusCode::kSource));
  return Result<PrivateDuckdb>(std::move(duck));
}

std::unique_ptr<Database> MakeViewDatabase(PrivateDuckdb duck, ViewDatabaseSpec spec) {
  return std::make_unique<ViewDatabase>(std::move(duck), std::move(spec));
}

}  // namespace ferry::duckdb
