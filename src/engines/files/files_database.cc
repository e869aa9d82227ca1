#include "engines/files/files_database.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "engines/files/dialect.h"
#include "engines/files/writer.h"

namespace ferry::files {

namespace {

namespace fs = std::filesystem;

// The table name after a statement's keyword: `"name"` with "" inside.
std::optional<std::string> QuotedNameAfter(const std::string& sql, const std::string& prefix) {
  if (sql.compare(0, prefix.size(), prefix) != 0 || sql.size() <= prefix.size() || sql[prefix.size()] != '"')
    return std::nullopt;
  std::string name;
  for (size_t i = prefix.size() + 1; i < sql.size(); ++i) {
    if (sql[i] != '"') {
      name += sql[i];
    } else if (i + 1 < sql.size() && sql[i + 1] == '"') {
      name += '"';
      ++i;
    } else {
      return name;
    }
  }
  return std::nullopt;
}

class FilesDatabase final : public Database {
 public:
  FilesDatabase(std::string format, fs::path dir, std::string display)
      : dialect_(format), format_(std::move(format)), dir_(std::move(dir)), display_(std::move(display)) {}

  const Dialect& dialect() const override { return dialect_; }
  std::string DisplayName() const override { return display_; }

  Result<Catalog> Introspect() override {
    Catalog catalog;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir_, ec)) {
      if (!entry.is_regular_file() || entry.path().extension() != "." + format_) continue;
      TableSchema t;
      t.name = entry.path().stem().string();
      catalog.tables.push_back(std::move(t));
    }
    if (ec) return Status::Target("cannot list " + dir_.string() + ": " + ec.message());
    return catalog;
  }

  Result<std::unique_ptr<TableReader>> OpenReader(const ReadSpec&) override {
    return Status::Unsupported("reading " + format_ + " files is not built yet; " + format_ +
                               ":// is a target only");
  }

  Result<std::unique_ptr<TableWriter>> OpenWriter(const WriteSpec& spec) override {
    FERRY_ASSIGN_OR_RETURN(fs::path path, PathOf(spec.table));
    return OpenFileWriter(path.string(), spec, RowEncoder::Make(format_));
  }

  Status Execute(const std::string& sql) override {
    if (sql == "BEGIN" || sql == "COMMIT" || sql == "ROLLBACK") return Status::OK();
    if (auto name = QuotedNameAfter(sql, "CREATE TABLE ")) {
      FERRY_ASSIGN_OR_RETURN(fs::path path, PathOf(*name));
      std::error_code ec;
      if (fs::exists(path, ec))
        return Status::Target(path.string() + " exists already (use --drop to replace it)");
      std::ofstream made(path, std::ios::binary);
      if (!made) return Status::Target("cannot create " + path.string() + ": " + std::strerror(errno));
      return Status::OK();
    }
    for (const char* drop : {"DROP TABLE IF EXISTS ", "DROP TABLE "}) {
      if (auto name = QuotedNameAfter(sql, drop)) {
        FERRY_ASSIGN_OR_RETURN(fs::path path, PathOf(*name));
        std::error_code ec;
        fs::remove(path, ec);
        if (ec) return Status::Target("cannot remove " + path.string() + ": " + ec.message());
        return Status::OK();
      }
    }
    if (auto name = QuotedNameAfter(sql, "DELETE FROM ")) {
      FERRY_ASSIGN_OR_RETURN(fs::path path, PathOf(*name));
      std::ofstream emptied(path, std::ios::binary | std::ios::trunc);
      if (!emptied) return Status::Target("cannot empty " + path.string() + ": " + std::strerror(errno));
      return Status::OK();
    }
    return Status::Unsupported(format_ + " target cannot run: " + sql.substr(0, 200));
  }

  Result<int64_t> CountRows(const std::string& table) override {
    FERRY_ASSIGN_OR_RETURN(fs::path path, PathOf(table));
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::Target("cannot read " + path.string() + ": " + std::strerror(errno));
    auto encoder = RowEncoder::Make(format_);
    const bool header = encoder->HasHeader();
    std::string chunk(1 << 20, '\0');
    int64_t records = 0;
    bool in_quotes = false, any = false;
    while (in) {
      in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      std::streamsize n = in.gcount();
      if (n <= 0) break;
      any = true;
      records += encoder->CountRecords(std::string_view(chunk.data(), static_cast<size_t>(n)), &in_quotes);
    }
    return header && any ? records - 1 : records;
  }

  Result<int64_t> QueryInt(const std::string&) override {
    return Status::Unsupported(format_ + " files take no queries");
  }
  Result<TextRows> QueryText(const std::string&) override {
    return Status::Unsupported(format_ + " files take no queries");
  }
  Result<std::optional<std::pair<int64_t, int64_t>>> KeyBounds(const std::string&, const std::string&) override {
    return Status::Unsupported(format_ + " files take no queries");
  }
  Result<std::string> ResetAutoIncrement(const TableSchema&, const ColumnSchema&) override {
    return std::string();
  }
  std::string CheckpointPath() const override { return (dir_ / ".ferry-checkpoint.json").string(); }

 private:
  // "<dir>/<table>.<format>"; a name that would leave the directory is refused.
  Result<fs::path> PathOf(const std::string& table) const {
    if (table.empty() || table == "." || table == ".." || table.find('/') != std::string::npos ||
        table.find('\0') != std::string::npos)
      return Status::InvalidInput("table name '" + table + "' cannot be a file name in " + dir_.string());
    return dir_ / dialect_.FileName(table);
  }

  FilesDialect dialect_;
  std::string format_;
  fs::path dir_;
  std::string display_;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenFiles(const Uri& uri, AccessMode mode) {
  if (mode == AccessMode::kReadOnly)
    return Status::Unsupported("reading " + uri.scheme + " files is not built yet; " + uri.scheme +
                               ":// is a target only");
  if (uri.path.empty())
    return Status::InvalidInput(uri.scheme + " URI has no directory (" + uri.scheme + ":///path/to/dir)");
  fs::path dir(uri.path);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir))
    return Status::Target("cannot use " + dir.string() + " as a directory for " + uri.scheme + " files" +
                          (ec ? ": " + ec.message() : ""));
  return std::unique_ptr<Database>(new FilesDatabase(uri.scheme, dir, uri.Redacted()));
}

}  // namespace ferry::files
