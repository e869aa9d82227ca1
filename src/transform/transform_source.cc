#include "transform/transform_source.h"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>

#include "engines/duckdb/api.h"
#include "engines/duckdb/dialect.h"
#include "engines/duckdb/handles.h"
#include "engines/duckdb/introspect.h"
#include "engines/duckdb/reader.h"
#include "engines/duckdb/session.h"
#include "transform/sql_functions.h"

namespace ferry::transform {

struct TransformSource::State {
  std::unique_ptr<Database> source;
  Catalog source_catalog;
  ScanCounters counters;
  ScanSource scan;
  std::string temp_dir;  // ours to remove
  duckdb::DatabaseHandle db;
  duckdb::Session session;  // views, counts
  std::mutex session_mu;
  std::set<std::string> queries;  // entry names

  ~State() {
    session = duckdb::Session();  // queries end before the source they read closes
    db.Reset();
    if (!temp_dir.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(temp_dir, ignored);
    }
  }
};

namespace {

// The select-list item that gives a scanned column its DuckDB type: the
// scan carries decimals, uuids and json as text (duckdb::ChunkType).
std::string TypedColumn(const duckdb::DuckdbDialect& d, const ColumnSchema& col) {
  const std::string q = d.QuoteIdent(col.name);
  switch (col.type.id) {
    case TypeId::kDecimal:
      if (col.type.precision > 0 && col.type.precision <= 38)
        return "CAST(" + q + " AS DECIMAL(" + std::to_string(col.type.precision) + "," +
               std::to_string(std::max<int>(0, col.type.scale)) + ")) AS " + q;
      return "CAST(" + q + " AS DOUBLE) AS " + q;
    case TypeId::kUuid: return "CAST(" + q + " AS UUID) AS " + q;
    case TypeId::kJson: return "CAST(" + q + " AS JSON) AS " + q;
    default: return q;
  }
}

Result<std::string> MakeSpillDirectory() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/ferry-transform-XXXXXX";
  if (!::mkdtemp(pattern.data())) return Status::Io("cannot create a spill directory " + pattern);
  return pattern;
}

Result<duckdb::DatabaseHandle> OpenEmbedded(const TransformSettings& settings, const std::string& temp_dir) {
  FERRY_RETURN_NOT_OK(duckdb::LoadApi());
  duckdb::ConfigHandle config;
  if (duckdb::Api().duckdb_create_config(config.out()) != DuckDBSuccess)
    return Status::Internal("transform: duckdb config");
  const std::pair<const char*, std::string> options[] = {
      {"memory_limit", settings.memory_limit},
      {"temp_directory", temp_dir},
      {"threads", std::to_string(std::max(1, settings.threads))},
  };
  for (const auto& [name, value] : options)
    if (duckdb::Api().duckdb_set_config(config.get(), name, value.c_str()) != DuckDBSuccess)
      return Status::InvalidInput(std::string("transform: DuckDB refuses ") + name + " = " + value);
  duckdb::DatabaseHandle db;
  char* error = nullptr;
  if (duckdb::Api().duckdb_open_ext(nullptr, db.out(), config.get(), &error) != DuckDBSuccess) {
    std::string msg = error ? error : "unknown error";
    if (error) duckdb::Api().duckdb_free(error);
    return Status::Internal("transform: cannot open DuckDB: " + msg);
  }
  return db;
}

// src.<table> for every source table: its columns, typed.
Status CreateSourceViews(const duckdb::Session& session, const Catalog& catalog) {
  duckdb::DuckdbDialect d;
  FERRY_RETURN_NOT_OK(session.Exec("CREATE SCHEMA src"));
  for (const auto& t : catalog.tables) {
    std::string cols;
    for (const auto& c : t.columns) cols += (cols.empty() ? "" : ", ") + TypedColumn(d, c);
    if (cols.empty()) continue;
    FERRY_RETURN_NOT_OK(session.Exec("CREATE VIEW src." + d.QuoteIdent(t.name) + " AS SELECT " + cols +
                                     " FROM ferry_scan(" + d.QuoteString(t.name) + ")")
                            .WithContext("source table " + t.name));
  }
  return Status::OK();
}

// The trailing ';' and blanks a query in YAML often ends with.
std::string Trimmed(std::string sql) {
  while (!sql.empty() && (sql.back() == ';' || std::isspace(static_cast<unsigned char>(sql.back())))) sql.pop_back();
  return sql;
}

// The entry's view, and its result columns as a table.
Result<TableSchema> CreateEntryView(const duckdb::Session& session, const TransformEntry& entry) {
  duckdb::DuckdbDialect d;
  std::string sql = Trimmed(entry.sql);
  if (!entry.where.empty()) sql = "SELECT * FROM (" + sql + "\n) AS q WHERE " + entry.where;
  Status made = session.Exec("CREATE VIEW main." + d.QuoteIdent(entry.name) + " AS " + sql);
  if (!made.ok())
    return Status::InvalidInput(entry.origin + ": sql: of " + entry.name + " (to " + entry.target_table +
                                "): " + made.message());
  FERRY_ASSIGN_OR_RETURN(
      auto rows, session.QueryText("SELECT column_name, data_type, is_nullable FROM duckdb_columns() "
                                   "WHERE schema_name = 'main' AND table_name = " + d.QuoteString(entry.name) +
                                   " ORDER BY column_index"));
  TableSchema table;
  table.name = entry.name;
  std::set<std::string> names;
  for (const auto& row : rows) {
    ColumnSchema col;
    col.name = row[0].value_or("");
    col.native_type = row[1].value_or("VARCHAR");
    col.type = duckdb::LogicalFromNative(col.native_type);
    col.nullable = row[2].value_or("true") != "false";
    if (!names.insert(col.name).second)
      return Status::InvalidInput(entry.origin + ": sql: of " + entry.name + " yields two columns named " +
                                  col.name + " (name each with AS)");
    table.columns.push_back(std::move(col));
  }
  for (const auto& k : entry.key)
    if (!names.count(k))
      return Status::InvalidInput(entry.origin + ": key column " + k + " is not among the columns sql: yields");
  // The key becomes the created table's primary key: NOT NULL.
  for (auto& col : table.columns)
    if (std::find(entry.key.begin(), entry.key.end(), col.name) != entry.key.end()) col.nullable = false;
  table.primary_key = entry.key;
  return table;
}

// What a table several entries feed holds: every entry's rows (columns by
// name) when all of them insert; under merges, one row per key, the first
// entry's when they skip, the last one's when they update or replace,
// exactly as the writes left it.
std::string AllEntriesSql(const std::vector<const TransformEntry*>& group, ConflictMode plan_mode) {
  duckdb::DuckdbDialect d;
  bool merges = false, overwrites = false;
  for (const TransformEntry* e : group) {
    const ConflictMode mode = e->on_conflict.value_or(plan_mode);
    merges |= mode != ConflictMode::kInsert;
    overwrites |= mode == ConflictMode::kUpdate || mode == ConflictMode::kReplace;
  }
  std::string all;
  for (size_t i = 0; i < group.size(); ++i)
    all += (i ? " UNION ALL BY NAME " : "") + std::string("SELECT *, ") + std::to_string(i) +
           " AS ferry_entry FROM main." + d.QuoteIdent(group[i]->name);
  const std::vector<std::string>& key = group[0]->key;
  if (!merges) return "SELECT * EXCLUDE (ferry_entry) FROM (" + all + ")";
  if (key.empty()) return "SELECT DISTINCT * EXCLUDE (ferry_entry) FROM (" + all + ")";
  std::string by;
  for (const auto& k : key) by += (by.empty() ? "" : ", ") + d.QuoteIdent(k);
  return "SELECT * EXCLUDE (ferry_entry) FROM (" + all + ") QUALIFY row_number() OVER (PARTITION BY " + by +
         " ORDER BY ferry_entry" + (overwrites ? " DESC" : "") + ") = 1";
}

// AllEntriesOf(table) for each table several entries feed.
Status CreateFanInViews(const duckdb::Session& session, const std::vector<TransformEntry>& entries,
                        ConflictMode plan_mode, std::set<std::string>* queries) {
  duckdb::DuckdbDialect d;
  std::map<std::string, std::vector<const TransformEntry*>> feeds;
  for (const auto& e : entries) feeds[e.target_table].push_back(&e);
  for (const auto& [table, group] : feeds) {
    if (group.size() < 2) continue;
    const std::string name = AllEntriesOf(table);
    Status made = session.Exec("CREATE VIEW main." + d.QuoteIdent(name) + " AS " + AllEntriesSql(group, plan_mode));
    if (!made.ok())
      return Status::InvalidInput(group[1]->origin + ": the entries feeding " + table +
                                  " yield columns of types that do not combine: " + made.message());
    queries->insert(name);
  }
  return Status::OK();
}

}  // namespace

Result<std::unique_ptr<TransformSource>> TransformSource::Open(std::unique_ptr<Database> source, Catalog catalog,
                                                               const std::vector<TransformEntry>& entries,
                                                               const TransformSettings& settings) {
  auto state = std::make_unique<State>();
  state->source = std::move(source);
  state->source_catalog = std::move(catalog);
  state->scan = ScanSource{state->source.get(), &state->source_catalog, settings.limits, &state->counters};
  if (settings.temp_directory.empty()) {
    FERRY_ASSIGN_OR_RETURN(state->temp_dir, MakeSpillDirectory());
  }
  const std::string spill = settings.temp_directory.empty() ? state->temp_dir : settings.temp_directory;
  FERRY_ASSIGN_OR_RETURN(state->db, OpenEmbedded(settings, spill));
  FERRY_ASSIGN_OR_RETURN(state->session, duckdb::Session::Connect(state->db.get(), StatusCode::kSource));
  FERRY_RETURN_NOT_OK(RegisterSourceScan(state->session.get(), &state->scan));
  FERRY_RETURN_NOT_OK(RegisterSqlFunctions(state->session.get()));
  FERRY_RETURN_NOT_OK(CreateSourceViews(state->session, state->source_catalog).WithContext("transform"));

  Catalog combined = state->source_catalog;
  for (const auto& entry : entries) {
    if (combined.FindTable(entry.name))
      return Status::InvalidInput(entry.origin + ": the entry name " + entry.name +
                                  " is a source table's name too (give the entry another name:)");
    FERRY_ASSIGN_OR_RETURN(TableSchema table, CreateEntryView(state->session, entry));
    state->queries.insert(entry.name);
    combined.tables.push_back(std::move(table));
  }
  FERRY_RETURN_NOT_OK(CreateFanInViews(state->session, entries, settings.on_conflict, &state->queries));
  std::unique_ptr<TransformSource> out(new TransformSource(std::move(state)));
  out->combined_ = std::move(combined);
  return out;
}

TransformSource::TransformSource(std::unique_ptr<State> state)
    : state_(std::move(state)), source_(state_->source.get()) {}

TransformSource::~TransformSource() = default;

bool TransformSource::IsQuery(const std::string& table) const { return state_->queries.count(table) > 0; }

Result<std::unique_ptr<TableReader>> TransformSource::OpenReader(const ReadSpec& spec) {
  if (!IsQuery(spec.table)) return source_->OpenReader(spec);
  FERRY_ASSIGN_OR_RETURN(auto reader, duckdb::Reader::Open(state_->db.get(), "main", spec));
  return std::unique_ptr<TableReader>(std::move(reader));
}

Result<std::unique_ptr<TableWriter>> TransformSource::OpenWriter(const WriteSpec& spec) {
  return Status::Internal("transform: the source is never written (table " + spec.table + ")");
}

Status TransformSource::Execute(const std::string& sql) {
  return Status::Internal("transform: the source is never written");
}

Result<int64_t> TransformSource::CountRows(const std::string& table) {
  if (!IsQuery(table)) return source_->CountRows(table);
  std::lock_guard<std::mutex> lock(state_->session_mu);
  FERRY_ASSIGN_OR_RETURN(auto rows, state_->session.QueryText("SELECT count(*) FROM main." +
                                                              duckdb::DuckdbDialect().QuoteIdent(table)));
  if (rows.empty() || !rows[0][0]) return Status::Source("transform: count of " + table + " returned nothing");
  return static_cast<int64_t>(std::strtoll(rows[0][0]->c_str(), nullptr, 10));
}

Result<std::optional<std::pair<int64_t, int64_t>>> TransformSource::KeyBounds(const std::string& table,
                                                                              const std::string& column) {
  if (!IsQuery(table)) return source_->KeyBounds(table, column);
  // Verify bisects a query's rows by its integer key like a table's.
  duckdb::DuckdbDialect d;
  const std::string col = d.QuoteIdent(column);
  std::lock_guard<std::mutex> lock(state_->session_mu);
  FERRY_ASSIGN_OR_RETURN(auto rows, state_->session.QueryText("SELECT CAST(min(" + col + ") AS BIGINT), CAST(max(" +
                                                              col + ") AS BIGINT) FROM main." + d.QuoteIdent(table)));
  if (rows.empty() || !rows[0][0] || !rows[0][1]) return std::optional<std::pair<int64_t, int64_t>>();
  return std::optional<std::pair<int64_t, int64_t>>(
      std::make_pair(std::strtoll(rows[0][0]->c_str(), nullptr, 10), std::strtoll(rows[0][1]->c_str(), nullptr, 10)));
}

Result<std::string> TransformSource::ResetAutoIncrement(const TableSchema& table, const ColumnSchema& column) {
  return Status::Internal("transform: the source is never written");
}

std::vector<std::string> TransformSource::TakeNotes() {
  std::vector<std::string> notes;
  for (const auto& [what, n] : state_->counters.Take()) {
    const size_t colon = what.find(": ");
    notes.push_back(std::to_string(n) + " value(s) of " + what.substr(0, colon) + " reached the queries as NULL (" +
                    what.substr(colon + 2) + ")");
  }
  return notes;
}

}  // namespace ferry::transform
