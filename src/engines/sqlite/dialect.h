// SQLite's dialect: native <-> logical types in one place, quoting, DDL.
// Stateless; thread-safe.
//
// Types. SQLite stores any value in any column; the declared type only sets
// an affinity (INT -> INTEGER, CHAR/CLOB/TEXT -> TEXT, BLOB/none -> BLOB,
// REAL/FLOA/DOUB -> REAL, else NUMERIC). ferry's names are chosen so the
// affinity never rewrites a value and introspection maps them back:
//   bool BOOLEAN | int8..int64 INTEGER | float32/64 REAL
//   decimal(p,s) DECIMAL_TEXT(p,s)  (TEXT affinity: NUMERIC would turn '1.10'
//                                    into REAL 1.1 and drop digits past 15)
//   text(n) VARCHAR(n) / CHAR(n) | text TEXT | bytes BLOB | enum TEXT
//   date DATE | time TIME | timestamp DATETIME | timestamptz TIMESTAMPTZ
//   interval DURATION_TEXT          (any name containing "INTERVAL" contains
//                                    "INT" and so has INTEGER affinity)
//   uuid UUID (NUMERIC affinity, but 8-4-4-4-12 text never looks numeric)
//   json JSON_TEXT                  (NUMERIC would turn the document '1.50'
//                                    into 1.5: json must stay byte-exact)
// Stored forms: date 'YYYY-MM-DD', time 'HH:MM:SS[.ffffff]', timestamp
// 'YYYY-MM-DD HH:MM:SS[.ffffff]', timestamptz '...+00:00' (all understood by
// SQLite's date functions), decimal as canonical text.
//
// Keys. PRIMARY KEY and FOREIGN KEY go inline in CREATE TABLE (SQLite has no
// ALTER TABLE ADD CONSTRAINT). An auto-increment single-column integer key
// becomes "INTEGER PRIMARY KEY" (the rowid alias, which assigns max+1).
// Indexes: names are global per database (shared with tables); the planner
// names the indexes it creates so none collides (plan/index_names.h).
// IndexName names an index read from a SQLite source: a name that does not
// contain its table's name gets "<table>_" in front; an unnamed index (a
// UNIQUE constraint's reserved autoindex) is called "<table>_<cols>_key".
#pragma once

#include <string>
#include <string_view>

#include "core/schema.h"
#include "engines/engine.h"

namespace ferry::sqlite {

class SqliteDialect final : public Dialect {
 public:
  std::string_view name() const override { return "sqlite"; }
  std::string QuoteIdent(std::string_view identifier) const override;
  Result<std::string> NativeType(const LogicalType& type) const override;
  std::optional<std::string> DefaultSql(const ColumnSchema& column) const override;

  // Keys and FKs only in CREATE TABLE (no ALTER TABLE ADD CONSTRAINT);
  // writers run with PRAGMA foreign_keys=OFF; one writer at a time holds
  // the file lock (parallel writers only queue).
  SinkCapabilities Capabilities() const override {
    SinkCapabilities c;
    c.primary_keys = c.foreign_keys = SinkCapabilities::When::kInline;
    c.writers_check_foreign_keys = false;
    c.concurrent_writers = false;
    c.reserved_name_prefix = "sqlite_";
    return c;
  }

  Result<std::vector<std::string>> CreateTableSql(const TableSchema& table,
                                                  bool with_keys) const override;
  std::string DistinctSql(const std::string& a, const std::string& b) const override {
    return a + " IS NOT " + b;  // SQLite's null-safe comparison
  }
  std::string FerrySchema() const override { return ""; }  // one file, one schema

  // The name introspection gives an index (see the header comment).
  static std::string IndexName(const TableSchema& table, const IndexSchema& index);

 protected:
  Result<std::string> ColumnSql(const TableSchema& table, const ColumnSchema& column,
                                bool with_keys) const override;

 private:
  // True when `column` becomes the rowid alias "INTEGER PRIMARY KEY".
  static bool IsRowidAlias(const TableSchema& table, const ColumnSchema& column);
};

// The logical type of a column declared as `declared` (any case, with or
// without arguments). Unknown names and the empty type read as text.
LogicalType LogicalFromDeclared(std::string_view declared);

// A column default as PRAGMA table_xinfo reports it (dflt_value), or kNone
// when `dflt_value` is null.
ColumnDefault ParseDefault(const char* dflt_value);

}  // namespace ferry::sqlite
