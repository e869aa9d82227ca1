#include "engines/sqlite/introspect.h"

#include <algorithm>
#include <cctype>

#include "engines/sqlite/connection.h"
#include "engines/sqlite/dialect.h"

namespace ferry::sqlite {

namespace {

std::string Text(sqlite3_stmt* stmt, int col) {
  const unsigned char* p = sqlite3_column_text(stmt, col);
  return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt, col))
           : std::string();
}

// Steps `stmt` calling `on_row` per row; a failing step becomes kSource.
template <typename F>
Status ForEachRow(sqlite3* db, sqlite3_stmt* stmt, F&& on_row) {
  while (true) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) return Status::OK();
    if (rc != SQLITE_ROW) return Status::Source(ErrorText(db));
    FERRY_RETURN_NOT_OK(on_row(stmt));
  }
}

Status BindText(sqlite3_stmt* stmt, int idx, const std::string& text) {
  sqlite3_reset(stmt);
  if (sqlite3_bind_text(stmt, idx, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) !=
      SQLITE_OK)
    return Status::Source("sqlite: cannot bind introspection parameter");
  return Status::OK();
}

FkAction ParseAction(const std::string& text) {
  if (text == "CASCADE") return FkAction::kCascade;
  if (text == "RESTRICT") return FkAction::kRestrict;
  if (text == "SET NULL") return FkAction::kSetNull;
  if (text == "SET DEFAULT") return FkAction::kSetDefault;
  return FkAction::kNoAction;
}

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

struct Statements {
  StmtHandle columns, index_list, index_info, fks, pk_of;
};

Status IntrospectTable(sqlite3* db, Statements& st, TableSchema* table) {
  // Columns.
  std::vector<std::pair<int, std::string>> pk;  // (pk order, name)
  FERRY_RETURN_NOT_OK(BindText(st.columns.get(), 1, table->name));
  FERRY_RETURN_NOT_OK(ForEachRow(db, st.columns.get(), [&](sqlite3_stmt* s) {
    int hidden = sqlite3_column_int(s, 6);
    if (hidden == 1) return Status::OK();  // virtual-table hidden column
    ColumnSchema c;
    c.name = Text(s, 1);
    c.native_type = Text(s, 2);
    c.type = LogicalFromDeclared(c.native_type);
    c.nullable = sqlite3_column_int(s, 3) == 0;
    c.default_value = ParseDefault(reinterpret_cast<const char*>(sqlite3_column_text(s, 4)));
    if (int order = sqlite3_column_int(s, 5); order > 0) pk.emplace_back(order, c.name);
    table->columns.push_back(std::move(c));
    return Status::OK();
  }));
  std::sort(pk.begin(), pk.end());
  for (auto& [order, name] : pk) table->primary_key.push_back(name);

  // Indexes: 'pk' backs the primary key, 'u' a UNIQUE constraint, 'c' CREATE INDEX.
  struct RawIndex {
    std::string name, origin;
    bool unique, partial;
  };
  std::vector<RawIndex> raw;
  bool has_pk_index = false;
  FERRY_RETURN_NOT_OK(BindText(st.index_list.get(), 1, table->name));
  FERRY_RETURN_NOT_OK(ForEachRow(db, st.index_list.get(), [&](sqlite3_stmt* s) {
    RawIndex r{Text(s, 1), Text(s, 3), sqlite3_column_int(s, 2) != 0, sqlite3_column_int(s, 4) != 0};
    if (r.origin == "pk") has_pk_index = true;
    raw.push_back(std::move(r));
    return Status::OK();
  }));
  for (const auto& r : raw) {
    if (r.origin == "pk" || r.partial) continue;
    IndexSchema index;
    index.unique = r.unique;
    bool usable = true;
    FERRY_RETURN_NOT_OK(BindText(st.index_info.get(), 1, r.name));
    FERRY_RETURN_NOT_OK(ForEachRow(db, st.index_info.get(), [&](sqlite3_stmt* s) {
      // cid -2 is an expression, -1 the bare rowid: neither is a column.
      if (sqlite3_column_int(s, 1) < 0 || sqlite3_column_type(s, 2) == SQLITE_NULL) usable = false;
      else index.columns.push_back(Text(s, 2));
      return Status::OK();
    }));
    if (!usable || index.columns.empty()) continue;
    index.name = r.origin == "u" ? std::string() : r.name;  // autoindex names are reserved
    index.name = SqliteDialect::IndexName(*table, index);
    table->indexes.push_back(std::move(index));
  }
  std::sort(table->indexes.begin(), table->indexes.end(),
            [](const IndexSchema& a, const IndexSchema& b) { return a.name < b.name; });

  // Auto-increment: only a rowid alias assigns keys. It is exactly a single
  // INTEGER primary key column of a rowid table (no separate 'pk' index).
  if (table->primary_key.size() == 1 && !has_pk_index) {
    for (auto& c : table->columns) {
      if (c.name == table->primary_key[0] && IEquals(c.native_type, "INTEGER")) {
        c.auto_increment = true;
        c.nullable = false;  // the rowid is never NULL
      }
    }
  }

  // Foreign keys, grouped by id, columns in seq order.
  FERRY_RETURN_NOT_OK(BindText(st.fks.get(), 1, table->name));
  int current_id = -1;
  std::vector<bool> implicit_ref;  // per FK: parent columns omitted (= parent's PK)
  FERRY_RETURN_NOT_OK(ForEachRow(db, st.fks.get(), [&](sqlite3_stmt* s) {
    int id = sqlite3_column_int(s, 0);
    if (id != current_id || table->foreign_keys.empty()) {
      current_id = id;
      ForeignKeySchema fk;
      fk.ref_table = Text(s, 2);
      fk.on_update = ParseAction(Text(s, 5));
      fk.on_delete = ParseAction(Text(s, 6));
      table->foreign_keys.push_back(std::move(fk));
      implicit_ref.push_back(false);
    }
    auto& fk = table->foreign_keys.back();
    fk.columns.push_back(Text(s, 3));
    if (sqlite3_column_type(s, 4) == SQLITE_NULL) implicit_ref.back() = true;
    else fk.ref_columns.push_back(Text(s, 4));
    return Status::OK();
  }));
  for (size_t i = 0; i < table->foreign_keys.size(); ++i) {
    auto& fk = table->foreign_keys[i];
    if (implicit_ref[i]) {
      fk.ref_columns.clear();
      std::vector<std::pair<int, std::string>> parent_pk;
      FERRY_RETURN_NOT_OK(BindText(st.pk_of.get(), 1, fk.ref_table));
      FERRY_RETURN_NOT_OK(ForEachRow(db, st.pk_of.get(), [&](sqlite3_stmt* s) {
        parent_pk.emplace_back(sqlite3_column_int(s, 0), Text(s, 1));
        return Status::OK();
      }));
      std::sort(parent_pk.begin(), parent_pk.end());
      for (auto& [order, name] : parent_pk) fk.ref_columns.push_back(name);
    }
    // SQLite keeps no constraint names in its catalog: use PostgreSQL's
    // convention so every target gets a stable, readable name.
    fk.name = table->name;
    for (const auto& c : fk.columns) fk.name += "_" + c;
    fk.name += "_fkey";
  }

  // SQLite keeps no row estimate without ANALYZE, and count(*) reads the
  // whole table. For rowid tables the rowid span is an O(log n) estimate
  // (each min/max in its own subquery: SQLite only optimises a lone one).
  const std::string q = Quote(table->name);
  auto span = Prepare(db, "SELECT (SELECT max(rowid) FROM " + q + ") - (SELECT min(rowid) FROM " + q + ") + 1");
  if (span.ok() && sqlite3_step(span->get()) == SQLITE_ROW) {
    table->row_estimate = sqlite3_column_type(span->get(), 0) == SQLITE_NULL ? 0 : sqlite3_column_int64(span->get(), 0);
    return Status::OK();
  }
  FERRY_ASSIGN_OR_RETURN(StmtHandle count, Prepare(db, "SELECT count(*) FROM " + q));  // WITHOUT ROWID
  if (sqlite3_step(count.get()) != SQLITE_ROW) return Status::Source(ErrorText(db));
  table->row_estimate = sqlite3_column_int64(count.get(), 0);
  return Status::OK();
}

// AUTOINCREMENT tables keep their high-water mark in sqlite_sequence (it
// exists once one such table does); the next key is one past it.
Status ReadAutoincrementPositions(sqlite3* db, Catalog* catalog) {
  FERRY_ASSIGN_OR_RETURN(StmtHandle exists, Prepare(db, "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'"));
  bool present = false;
  FERRY_RETURN_NOT_OK(ForEachRow(db, exists.get(), [&](sqlite3_stmt*) {
    present = true;
    return Status::OK();
  }));
  if (!present) return Status::OK();
  FERRY_ASSIGN_OR_RETURN(StmtHandle seqs, Prepare(db, "SELECT name, seq FROM sqlite_sequence"));
  return ForEachRow(db, seqs.get(), [&](sqlite3_stmt* s) {
    const std::string name = Text(s, 0);
    for (auto& table : catalog->tables)
      if (table.name == name)
        for (auto& c : table.columns)
          if (c.auto_increment) c.next_value = sqlite3_column_int64(s, 1) + 1;
    return Status::OK();
  });
}

}  // namespace

Result<Catalog> IntrospectCatalog(sqlite3* db) {
  Catalog catalog;
  catalog.schema_name = "main";
  // Creation order (rowid of sqlite_master) tends to put parents first.
  FERRY_ASSIGN_OR_RETURN(
      StmtHandle tables,
      Prepare(db,
              "SELECT m.name FROM sqlite_master m WHERE m.type = 'table' "
              "AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
              "AND m.name IN (SELECT name FROM pragma_table_list WHERE schema = 'main' "
              "AND type = 'table') ORDER BY m.rowid"));
  Statements st;
  FERRY_ASSIGN_OR_RETURN(st.columns, Prepare(db,
      "SELECT cid, name, type, \"notnull\", dflt_value, pk, hidden "
      "FROM pragma_table_xinfo(?) ORDER BY cid"));
  FERRY_ASSIGN_OR_RETURN(st.index_list, Prepare(db,
      "SELECT seq, name, \"unique\", origin, partial FROM pragma_index_list(?)"));
  FERRY_ASSIGN_OR_RETURN(st.index_info, Prepare(db,
      "SELECT seqno, cid, name FROM pragma_index_info(?) ORDER BY seqno"));
  FERRY_ASSIGN_OR_RETURN(st.fks, Prepare(db,
      "SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete "
      "FROM pragma_foreign_key_list(?) ORDER BY id DESC, seq"));
  FERRY_ASSIGN_OR_RETURN(st.pk_of, Prepare(db,
      "SELECT pk, name FROM pragma_table_info(?) WHERE pk > 0"));
  std::vector<std::string> names;
  FERRY_RETURN_NOT_OK(ForEachRow(db, tables.get(), [&](sqlite3_stmt* s) {
    names.push_back(Text(s, 0));
    return Status::OK();
  }));
  for (auto& name : names) {
    TableSchema table;
    table.name = name;
    Status s = IntrospectTable(db, st, &table);
    if (!s.ok()) return s.WithContext("sqlite introspection: table " + name);
    catalog.tables.push_back(std::move(table));
  }
  FERRY_RETURN_NOT_OK(ReadAutoincrementPositions(db, &catalog));
  return catalog;
}

Result<bool> UsesAutoincrementKeyword(sqlite3* db, const std::string& table) {
  FERRY_ASSIGN_OR_RETURN(StmtHandle stmt, Prepare(db,
      "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?"));
  FERRY_RETURN_NOT_OK(BindText(stmt.get(), 1, table));
  int rc = sqlite3_step(stmt.get());
  if (rc == SQLITE_DONE) return Status::NotFound("sqlite: no table " + table);
  if (rc != SQLITE_ROW) return Status::Source(ErrorText(db));
  std::string sql = Text(stmt.get(), 0);
  for (auto& ch : sql) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return sql.find("AUTOINCREMENT") != std::string::npos;
}

}  // namespace ferry::sqlite
