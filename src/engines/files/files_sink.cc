#include "engines/files/files_sink.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "engines/archive/parquet_rows.h"
#include "engines/archive/parquet_writer.h"
#include "engines/files/dialect.h"
#include "engines/files/writer.h"

namespace ferry::files {

namespace {

namespace fs = std::filesystem;

SinkCapabilities FilesCapabilities(const std::string& format) {
  // A data file is written whole, front to back: rows only, no key ranges,
  // nothing to load into or merge with, and no transactions (a checkpoint
  // follows the durable data).
  SinkCapabilities c;
  c.keys = c.indexes = c.defaults = c.auto_increment = false;
  c.primary_keys = c.foreign_keys = SinkCapabilities::When::kNone;
  c.loads_into_existing = c.merges = c.readable = false;
  c.key_range_writers = false;
  c.resume = SinkCapabilities::Resume::kAfterDurableData;
  c.default_commit_rows = 1'000'000;
  // A Parquet file is readable only once whole (parquet_writer.h): a commit
  // makes nothing durable mid-file, and an unfinished file is written again.
  if (format == "parquet") c.default_commit_rows = int64_t{1} << 40;
  c.noun = "file";
  return c;
}

class FilesSink final : public Sink {
 public:
  FilesSink(std::string format, fs::path dir, std::string display, bool dry_run)
      : dialect_(format), format_(std::move(format)), dir_(std::move(dir)), display_(std::move(display)),
        dry_run_(dry_run), capabilities_(FilesCapabilities(format_)) {}

  std::string DisplayName() const override { return display_; }
  const SinkCapabilities& capabilities() const override { return capabilities_; }
  const Dialect& dialect() const override { return dialect_; }

  Result<Catalog> Introspect() override {
    Catalog catalog;
    std::error_code ec;
    if (!fs::exists(dir_, ec)) return catalog;  // a dry run before the directory exists
    for (const auto& entry : fs::directory_iterator(dir_, ec)) {
      if (!entry.is_regular_file() || entry.path().extension() != "." + format_) continue;
      TableSchema t;
      t.name = entry.path().stem().string();
      catalog.tables.push_back(std::move(t));
    }
    if (ec) return Status::Target("cannot list " + dir_.string() + ": " + ec.message());
    return catalog;
  }

  Result<std::vector<std::string>> Describe(const SchemaOp& op) const override {
    std::vector<std::string> out;
    switch (op.kind) {
      case SchemaOp::Kind::kCreateTable: {
        FERRY_ASSIGN_OR_RETURN(fs::path path, PathOf(op.table.name));
        std::string columns;
        for (const auto& c : op.table.columns) columns += (columns.empty() ? "" : ", ") + c.name + " " + c.type.ToString();
        out.push_back("create file " + path.string() + " (" + columns + ")");
        return out;
      }
      case SchemaOp::Kind::kDropTable: {
        FERRY_ASSIGN_OR_RETURN(fs::path path, PathOf(op.table.name));
        out.push_back("remove file " + path.string() + " if it exists");
        return out;
      }
      case SchemaOp::Kind::kEmptyTables:
        for (const auto& t : op.tables) {
          FERRY_ASSIGN_OR_RETURN(fs::path path, PathOf(t));
          out.push_back("empty file " + path.string());
        }
        return out;
      default:
        // The planner makes no keys, indexes or FKs for a sink without them.
        return Status::Internal(format_ + " files hold no keys, indexes or foreign keys");
    }
  }

  Status Apply(const SchemaOp& op, const std::function<Status()>& record, bool may_be_done) override {
    if (dry_run_) return Status::Internal("a dry run writes no files");
    switch (op.kind) {
      case SchemaOp::Kind::kCreateTable: {
        FERRY_ASSIGN_OR_RETURN(fs::path path, PathOf(op.table.name));
        std::error_code ec;
        if (fs::exists(path, ec) && !may_be_done)
          return Status::Target(path.string() + " exists already (use --drop to replace it)");
        FERRY_RETURN_NOT_OK(MakeDirectory());
        if (parquet()) {
          // A valid empty file with the columns (what --schema-only leaves);
          // a resumed run keeps the one it may have finished.
          if (!(may_be_done && fs::exists(path, ec))) FERRY_RETURN_NOT_OK(WriteEmptyParquet(path, op.table));
          break;
        }
        std::ofstream made(path, std::ios::binary | std::ios::trunc);
        if (!made) return Status::Target("cannot create " + path.string() + ": " + std::strerror(errno));
        break;
      }
      case SchemaOp::Kind::kDropTable: {
        FERRY_ASSIGN_OR_RETURN(fs::path path, PathOf(op.table.name));
        std::error_code ec;
        fs::remove(path, ec);
        if (ec) return Status::Target("cannot remove " + path.string() + ": " + ec.message());
        break;
      }
      case SchemaOp::Kind::kEmptyTables:
        for (const auto& t : op.tables) {
          FERRY_ASSIGN_OR_RETURN(fs::path path, PathOf(t));
          if (parquet()) {  // written again whole by the table's writer
            std::error_code ec;
            fs::remove(path, ec);
            if (ec) return Status::Target("cannot remove " + path.string() + ": " + ec.message());
            continue;
          }
          std::ofstream emptied(path, std::ios::binary | std::ios::trunc);
          if (!emptied) return Status::Target("cannot empty " + path.string() + ": " + std::strerror(errno));
        }
        break;
      default:
        return Status::Internal(format_ + " files hold no keys, indexes or foreign keys");
    }
    return record ? record() : Status::OK();
  }

  Result<std::unique_ptr<TableWriter>> OpenWriter(const WriteSpec& spec) override {
    if (dry_run_) return Status::Internal("a dry run writes no files");
    FERRY_ASSIGN_OR_RETURN(fs::path path, PathOf(spec.table));
    if (parquet()) return archive::OpenParquetWriter(path.string(), spec, nullptr, ParquetFileOptions());
    return OpenFileWriter(path.string(), spec, RowEncoder::Make(format_));
  }

  Result<int64_t> CountRows(const std::string& table) override {
    FERRY_ASSIGN_OR_RETURN(fs::path path, PathOf(table));
    if (parquet()) return archive::CountParquetRows(path.string());
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

  std::string CheckpointPath() const override { return (dir_ / ".ferry-checkpoint.json").string(); }

 private:
  bool parquet() const { return format_ == "parquet"; }
  // A folder's Parquet files carry their types alone: json as JSON.
  static archive::ParquetOptions ParquetFileOptions() {
    archive::ParquetOptions o;
    o.json_type = true;
    return o;
  }
  // An empty Parquet file with `table`'s columns, finished as a writer finishes one.
  static Status WriteEmptyParquet(const fs::path& path, const TableSchema& table) {
    WriteSpec spec;
    spec.table = table.name;
    for (const auto& c : table.columns) spec.columns.push_back(Field{c.name, c.type});
    FERRY_ASSIGN_OR_RETURN(auto writer, archive::OpenParquetWriter(path.string(), spec, nullptr, ParquetFileOptions()));
    return writer->Finish();
  }

  // "<dir>/<table>.<format>"; a name that would leave the directory is refused.
  Result<fs::path> PathOf(const std::string& table) const {
    if (table.empty() || table == "." || table == ".." || table.find('/') != std::string::npos ||
        table.find('\0') != std::string::npos)
      return Status::InvalidInput("table name '" + table + "' cannot be a file name in " + dir_.string());
    return dir_ / dialect_.FileName(table);
  }

  // Public for OpenFilesSink: a real run makes the directory at once.
 public:
  Status MakeDirectory() const {
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec || !fs::is_directory(dir_))
      return Status::Target("cannot use " + dir_.string() + " as a directory for " + format_ + " files" +
                            (ec ? ": " + ec.message() : ""));
    return Status::OK();
  }

 private:
  FilesDialect dialect_;
  std::string format_;
  fs::path dir_;
  std::string display_;
  bool dry_run_;
  SinkCapabilities capabilities_;
};

}  // namespace

Result<std::unique_ptr<Sink>> OpenFilesSink(const Uri& uri, bool dry_run) {
  if (uri.path.empty())
    return Status::InvalidInput(uri.scheme + " URI has no directory (" + uri.scheme + ":///path/to/dir)");
  auto sink = std::make_unique<FilesSink>(uri.scheme, fs::path(uri.path), uri.Redacted(), dry_run);
  if (!dry_run) FERRY_RETURN_NOT_OK(sink->MakeDirectory());
  return std::unique_ptr<Sink>(std::move(sink));
}

}  // namespace ferry::files
