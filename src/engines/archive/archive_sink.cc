#include "engines/archive/archive_sink.h"

#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>

#include "engines/archive/dialect.h"
#include "engines/archive/digesting_writer.h"
#include "engines/archive/layout.h"
#include "engines/archive/manifest.h"
#include "engines/archive/parquet_writer.h"
#include "engines/archive/parquet_rows.h"

#ifndef FERRY_VERSION
#define FERRY_VERSION "unknown"
#endif

namespace ferry::archive {
namespace {

namespace fs = std::filesystem;

SinkCapabilities ArchiveCapabilities() {
  // Keys, indexes and FKs are recorded, never enforced, so they come after
  // the data like a fast bulk load's; no orphan is looked for. One file per
  // table, written front to back; an archive is written once.
  SinkCapabilities c;
  c.primary_keys = c.foreign_keys = SinkCapabilities::When::kAfterData;
  c.index_names = SinkCapabilities::IndexNames::kPerTable;  // as the source named them
  c.full_text_indexes = c.spatial_indexes = true;
  c.loads_into_existing = c.merges = false;
  c.key_range_writers = false;
  c.resume = SinkCapabilities::Resume::kAfterDurableData;
  c.default_commit_rows = int64_t{1} << 40;  // a commit makes nothing durable mid-file
  return c;
}

std::string ColumnList(const std::vector<std::string>& columns) {
  std::string out;
  for (const auto& c : columns) out += (out.empty() ? "" : ", ") + c;
  return out;
}

class ArchiveSink final : public Sink {
 public:
  ArchiveSink(fs::path dir, std::string display, std::unique_ptr<Dialect> dialect, bool dry_run, Manifest manifest)
      : dir_(std::move(dir)), display_(std::move(display)), dialect_(std::move(dialect)), dry_run_(dry_run),
        capabilities_(ArchiveCapabilities()), manifest_(std::move(manifest)) {}

  std::string DisplayName() const override { return display_; }
  const SinkCapabilities& capabilities() const override { return capabilities_; }
  const Dialect& dialect() const override { return *dialect_; }

  Result<Catalog> Introspect() override {
    std::lock_guard<std::mutex> lock(mu_);
    return manifest_.ToCatalog();
  }

  Result<std::vector<std::string>> Describe(const SchemaOp& op) const override;
  Status Apply(const SchemaOp& op, const std::function<Status()>& record, bool may_be_done) override;

  Result<std::unique_ptr<TableWriter>> OpenWriter(const WriteSpec& spec) override;
  Result<int64_t> CountRows(const std::string& table) override;
  Result<Orphans> FindOrphans(const TableSchema&, const ForeignKeySchema&, size_t) override {
    return Orphans{};  // recorded, not enforced
  }
  Status Finish() override;
  std::string CheckpointPath() const override { return (dir_ / ".ferry-checkpoint.json").string(); }

  Status MakeFolder() const {
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec || !fs::is_directory(dir_))
      return Status::Target("cannot make the archive folder " + dir_.string() + (ec ? ": " + ec.message() : ""));
    return WriteManifest(dir_.string(), manifest_);
  }

 private:
  Status ApplyLocked(const SchemaOp& op, bool may_be_done);
  // The table's entry; kInternal when the plan names a table never created.
  Result<ManifestTable*> Entry(const std::string& table) {
    ManifestTable* t = manifest_.Find(table);
    if (!t) return Status::Internal("archive: table " + table + " was never created in " + display_);
    return t;
  }
  // A finished file's rows, size, digest and order (`sorted_by`: "" for none).
  Status Record(const FinishedFile& file, const std::string& sorted_by, const verify::Checksum& digest);

  fs::path dir_;
  std::string display_;
  std::unique_ptr<Dialect> dialect_;
  bool dry_run_;
  SinkCapabilities capabilities_;
  mutable std::mutex mu_;  // guards manifest_ (writers report from worker threads)
  Manifest manifest_;
  std::map<std::string, std::string> order_key_;  // table -> its one-column primary key (this run's plan)
};

Result<std::vector<std::string>> ArchiveSink::Describe(const SchemaOp& op) const {
  const std::string& t = op.table.name;
  switch (op.kind) {
    case SchemaOp::Kind::kCreateTable: {
      std::string columns;
      for (const auto& c : op.table.columns)
        columns += (columns.empty() ? "" : ", ") + c.name + " " + (c.native_type.empty() ? c.type.ToString() : c.native_type);
      return std::vector<std::string>{"archive: table " + t + " (" + columns + ") as Parquet"};
    }
    case SchemaOp::Kind::kDropTable: return std::vector<std::string>{"archive: remove table " + t + " and its file"};
    case SchemaOp::Kind::kEmptyTables:
      return std::vector<std::string>{"archive: remove the file of " + ColumnList(op.tables) + " (written again)"};
    case SchemaOp::Kind::kAddPrimaryKey:
      return std::vector<std::string>{"archive: record primary key of " + t + " (" + ColumnList(op.table.primary_key) + ")"};
    case SchemaOp::Kind::kCreateIndex:
      return std::vector<std::string>{"archive: record " + op.index.Describe() + " of " + t};
    case SchemaOp::Kind::kAddForeignKey:
      return std::vector<std::string>{"archive: record foreign key " + op.foreign_key.name + " of " + t + " (" +
                                      ColumnList(op.foreign_key.columns) + ") -> " + op.foreign_key.ref_table + " (" +
                                      ColumnList(op.foreign_key.ref_columns) + ")"};
  }
  return Status::Internal("archive: unknown schema operation");
}

Status ArchiveSink::Apply(const SchemaOp& op, const std::function<Status()>& record, bool may_be_done) {
  if (dry_run_) return Status::Internal("a dry run writes no archive");
  {
    std::lock_guard<std::mutex> lock(mu_);
    FERRY_RETURN_NOT_OK(ApplyLocked(op, may_be_done));
    FERRY_RETURN_NOT_OK(WriteManifest(dir_.string(), manifest_));
  }
  return record ? record() : Status::OK();
}

Status ArchiveSink::ApplyLocked(const SchemaOp& op, bool may_be_done) {
  const std::string& name = op.table.name;
  switch (op.kind) {
    case SchemaOp::Kind::kCreateTable: {
      if (manifest_.Find(name) && !may_be_done)
        return Status::Target("archive " + display_ + " already holds table " + name);
      // The key the rows may arrive in the order of (a checkpointed read is
      // in key order): the writer watches for it.
      if (op.table.primary_key.size() == 1) order_key_[name] = op.table.primary_key[0];
      ManifestTable entry;
      entry.schema = op.table;
      // What comes after the data is recorded as it comes.
      if (!op.keys_inline) entry.schema.primary_key.clear();
      if (!op.keys_inline) entry.schema.foreign_keys.clear();
      entry.schema.indexes.clear();
      entry.schema.row_estimate = -1;
      if (ManifestTable* old = manifest_.Find(name)) *old = std::move(entry);
      else manifest_.tables.push_back(std::move(entry));
      return Status::OK();
    }
    case SchemaOp::Kind::kDropTable: {
      auto& tables = manifest_.tables;
      for (auto it = tables.begin(); it != tables.end(); ++it) {
        if (it->schema.name != name) continue;
        if (!it->file.empty()) fs::remove(dir_ / it->file);
        tables.erase(it);
        break;
      }
      return Status::OK();
    }
    case SchemaOp::Kind::kEmptyTables:
      // A resumed run reloading a table it cannot resume by key: its file
      // goes (the writer writes it whole again).
      for (const auto& table : op.tables) {
        FERRY_ASSIGN_OR_RETURN(ManifestTable * t, Entry(table));
        if (!t->file.empty()) fs::remove(dir_ / t->file);
        t->rows = t->bytes = -1;
        t->sha256.clear();
      }
      return Status::OK();
    case SchemaOp::Kind::kAddPrimaryKey: {
      FERRY_ASSIGN_OR_RETURN(ManifestTable * t, Entry(name));
      t->schema.primary_key = op.table.primary_key;
      return Status::OK();
    }
    case SchemaOp::Kind::kCreateIndex: {
      FERRY_ASSIGN_OR_RETURN(ManifestTable * t, Entry(name));
      for (const auto& i : t->schema.indexes)
        if (i.name == op.index.name) return Status::OK();  // a resumed run's
      t->schema.indexes.push_back(op.index);
      return Status::OK();
    }
    case SchemaOp::Kind::kAddForeignKey: {
      FERRY_ASSIGN_OR_RETURN(ManifestTable * t, Entry(name));
      for (const auto& fk : t->schema.foreign_keys)
        if (fk.name == op.foreign_key.name && fk.columns == op.foreign_key.columns) return Status::OK();
      t->schema.foreign_keys.push_back(op.foreign_key);
      return Status::OK();
    }
  }
  return Status::Internal("archive: unknown schema operation");
}

Result<std::unique_ptr<TableWriter>> ArchiveSink::OpenWriter(const WriteSpec& spec) {
  if (dry_run_) return Status::Internal("a dry run writes no archive");
  std::string path, order_key;
  {
    std::lock_guard<std::mutex> lock(mu_);
    FERRY_ASSIGN_OR_RETURN(ManifestTable * t, Entry(spec.table));
    if (auto it = order_key_.find(spec.table); it != order_key_.end()) order_key = it->second;
    if (t->file.empty()) {
      std::set<std::string> taken;
      for (const auto& other : manifest_.tables) taken.insert(other.file);
      t->file = TableFileName(spec.table, taken);
      FERRY_RETURN_NOT_OK(WriteManifest(dir_.string(), manifest_));
    }
    // Written again from its start (a Parquet file cannot be continued).
    t->rows = t->bytes = -1;
    t->sha256.clear();
    path = (dir_ / t->file).string();
  }
  auto digest = std::make_shared<verify::Checksum>();
  FERRY_ASSIGN_OR_RETURN(
      auto writer,
      OpenParquetWriter(
          path, spec,
          [this, order_key, digest](const FinishedFile& f) { return Record(f, f.sorted ? order_key : "", *digest); },
          ParquetOptions{order_key}));
  return DigestRows(std::move(writer), spec, digest);
}

Status ArchiveSink::Record(const FinishedFile& file, const std::string& sorted_by, const verify::Checksum& digest) {
  std::lock_guard<std::mutex> lock(mu_);
  FERRY_ASSIGN_OR_RETURN(ManifestTable * t, Entry(file.table));
  t->sorted_by.clear();
  if (!sorted_by.empty()) t->sorted_by.push_back(sorted_by);
  t->rows = file.rows;
  t->bytes = file.digest.bytes;
  t->sha256 = file.digest.sha256;
  t->checksum = digest.Hex();
  return WriteManifest(dir_.string(), manifest_);
}

Result<int64_t> ArchiveSink::CountRows(const std::string& table) {
  std::string path;
  {
    std::lock_guard<std::mutex> lock(mu_);
    FERRY_ASSIGN_OR_RETURN(ManifestTable * t, Entry(table));
    if (t->file.empty() || t->rows < 0) return int64_t{0};  // no file yet
    path = (dir_ / t->file).string();
  }
  return CountParquetRows(path);
}

Status ArchiveSink::Finish() {
  // Tables no writer finished (a schema-only run) get an empty file, so
  // every table of the manifest has one.
  std::vector<ManifestTable> unwritten;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& t : manifest_.tables)
      if (t.rows < 0) unwritten.push_back(t);
  }
  for (const auto& t : unwritten) {
    WriteSpec spec;
    spec.table = t.schema.name;
    for (const auto& c : t.schema.columns) spec.columns.push_back(Field{c.name, c.type});
    FERRY_ASSIGN_OR_RETURN(auto writer, OpenWriter(spec));
    FERRY_RETURN_NOT_OK(writer->Finish());
  }
  std::lock_guard<std::mutex> lock(mu_);
  // Every file was fsynced, and renamed into place durably, by its writer.
  manifest_.complete = true;
  return WriteManifest(dir_.string(), manifest_);
}

// A new archive's manifest: name and time from the folder's name
// ("NAME-YYYYMMDDTHHMMSSZ"), else the folder's name and now.
Manifest NewManifest(const fs::path& dir, const Uri& uri) {
  Manifest m;
  m.ferry_version = FERRY_VERSION;
  const std::string folder = dir.filename().string();
  if (auto parsed = ParseArchiveFolderName(folder)) {
    m.name = parsed->name;
    m.created = FormatRfc3339(parsed->time);
  } else {
    m.name = folder;
    m.created = FormatRfc3339(
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  }
  return m;
}

}  // namespace

Result<std::unique_ptr<Sink>> OpenArchiveSink(const Uri& uri, bool dry_run) {
  if (uri.path.empty()) return Status::InvalidInput("archive URI has no folder (archive:///path/to/NAME-20261203T020000Z)");
  fs::path dir = fs::path(uri.path).lexically_normal();
  if (dir.filename().empty()) dir = dir.parent_path();
  Manifest manifest;
  auto found = ReadManifest(dir.string());
  if (found.ok()) {
    if (found->complete)
      return Status::InvalidInput("archive " + dir.string() +
                                  " is complete: an archive is written once (ferry backup makes a new one each time)");
    manifest = std::move(found).value();  // an interrupted run's: resumed or replaced by the executor
  } else if (found.status().code() != StatusCode::kNotFound) {
    return found.status();
  } else {
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_empty(dir, ec))
      return Status::InvalidInput(dir.string() + " holds files and no archive manifest: an archive needs a new folder");
    manifest = NewManifest(dir, uri);
  }
  if (auto it = uri.params.find("source_engine"); it != uri.params.end()) manifest.source_engine = it->second;
  if (auto it = uri.params.find("source_uri"); it != uri.params.end()) manifest.source_uri = it->second;
  if (auto it = uri.params.find("source_schema"); it != uri.params.end()) manifest.schema_name = it->second;
  std::unique_ptr<Dialect> dialect;
  if (!manifest.source_engine.empty()) {
    auto made = MakeDialect(manifest.source_engine);
    if (made.ok()) dialect = std::move(made).value();
  }
  if (!dialect) dialect = std::make_unique<ArchiveDialect>();
  auto sink = std::make_unique<ArchiveSink>(dir, "archive://" + dir.string(), std::move(dialect), dry_run,
                                            std::move(manifest));
  if (!dry_run) FERRY_RETURN_NOT_OK(sink->MakeFolder());
  return std::unique_ptr<Sink>(std::move(sink));
}

}  // namespace ferry::archive
