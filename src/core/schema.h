// Engine-neutral description of a database's tables: what introspection
// returns and what DDL generation consumes. Plain values; copy freely.
// Names keep the source's spelling and case; quoting is each dialect's job.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/logical_type.h"

namespace ferry {

enum class DefaultKind {
  kNone,              // no default
  kLiteral,           // a constant: text holds it unquoted ("0", "abc", "1.5")
  kCurrentTimestamp,  // now()/CURRENT_TIMESTAMP/datetime('now') in any dialect
  kCurrentDate,
  kExpression,        // anything else: text holds the source expression verbatim;
                      // carried only between engines of the same dialect
};

struct ColumnDefault {
  DefaultKind kind = DefaultKind::kNone;
  std::string text;
};

struct ColumnSchema {
  std::string name;
  LogicalType type;
  std::string native_type;  // as the source spells it: "tinyint(1) unsigned", "jsonb"
  bool nullable = true;
  ColumnDefault default_value;
  bool auto_increment = false;  // identity/serial/AUTO_INCREMENT/INTEGER PRIMARY KEY
  // Auto-increment: the value the source's counter hands out next, where
  // the engine keeps one apart from the rows (a PostgreSQL sequence, MySQL's
  // AUTO_INCREMENT, SQLite's sqlite_sequence). A copy sets the target's
  // counter to at least this, so ids given out and deleted are not given out
  // again. nullopt: the next value is max + 1.
  std::optional<int64_t> next_value;
};

enum class IndexKind : uint8_t {
  kBtree,     // ordered, over the values (or prefixes) of its columns
  kFullText,  // the words of text columns (MySQL FULLTEXT; PostgreSQL GIN over to_tsvector)
  kSpatial,   // geometry (MySQL SPATIAL)
};

struct IndexSchema {
  std::string name;
  std::vector<std::string> columns;
  bool unique = false;
  IndexKind kind = IndexKind::kBtree;
  // Parallel to `columns`, or empty: the leading characters (bytes for
  // binary columns) of each value the index covers, MySQL's KEY (col(10));
  // 0 = the whole value.
  std::vector<int> prefix_lengths;
  // Set by the planner where the target cannot hold the values whole in a
  // key: each text/bytes column is indexed by a hash of its value
  // (PostgreSQL, DuckDB: md5), which keeps equality lookups and uniqueness.
  bool hashed = false;

  int PrefixLength(size_t column) const { return column < prefix_lengths.size() ? prefix_lengths[column] : 0; }
  bool HasPrefix() const;
  // "FULLTEXT index ft_body (body)", "index code_prefix (code(10))" for notes.
  std::string Describe() const;
};

enum class FkAction { kNoAction, kRestrict, kCascade, kSetNull, kSetDefault };

struct ForeignKeySchema {
  std::string name;
  std::vector<std::string> columns;
  std::string ref_table;
  std::vector<std::string> ref_columns;
  FkAction on_delete = FkAction::kNoAction;
  FkAction on_update = FkAction::kNoAction;
};

struct TableSchema {
  std::string name;
  std::vector<ColumnSchema> columns;
  std::vector<std::string> primary_key;  // column names in key order; empty = none
  std::vector<IndexSchema> indexes;      // unique constraints are unique indexes here
  std::vector<ForeignKeySchema> foreign_keys;
  int64_t row_estimate = -1;  // -1 unknown

  const ColumnSchema* FindColumn(std::string_view column_name) const;
  // Whether `index` is the primary key itself (a unique index over exactly
  // its columns, whole values), which is created as the key, not an index.
  bool IsPrimaryKeyIndex(const IndexSchema& index) const;
  // Index of the column or -1.
  int ColumnIndex(std::string_view column_name) const;
};

struct Catalog {
  std::string schema_name;  // PostgreSQL schema / MySQL database / "main"
  std::vector<TableSchema> tables;

  const TableSchema* FindTable(std::string_view table_name) const;
};

std::string_view FkActionSql(FkAction action);

}  // namespace ferry
