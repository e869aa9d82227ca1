// DuckDB's SQL dialect: logical <-> native types, double-quoted identifiers,
// DDL. Stateless and thread-safe.
// Limits written here: DECIMAL holds at most 38 digits (wider or unconstrained
// decimals become VARCHAR holding the canonical text); VARCHAR(n) lengths are
// not enforced by DuckDB, so text(n) is plain VARCHAR; foreign keys exist only
// inline in CREATE TABLE and without ON DELETE/UPDATE actions (DuckDB rejects
// CASCADE/SET NULL/SET DEFAULT; it always behaves as NO ACTION).
// Auto-increment is a sequence "<table>_<column>_seq" created before the table
// and referenced by DEFAULT nextval(...).
#pragma once

#include "engines/engine.h"

namespace ferry::duckdb {

class DuckdbDialect : public Dialect {
 public:
  std::string_view name() const override { return "duckdb"; }
  std::string QuoteIdent(std::string_view identifier) const override;
  // As PostgreSQL's; nullopt for TIMESTAMP_NS, which ferry reads cut to
  // microseconds (the literal would not equal the stored value).
  std::optional<std::string> TemporalLiteral(const ColumnSchema& column,
                                             int64_t value) const override;
  Result<std::string> NativeType(const LogicalType& type) const override;
  std::string SettleDdlSql() const override { return "CHECKPOINT"; }
  // The load runs with a small memory_limit (duckdb_database.cc), raised
  // for the tables' widths and as their unique indexes grow
  // (load_memory.h); an index build needs more: the 256MB ferry used for
  // the whole run before, or what the load reached (the database runs this
  // through LoadMemory::AtLeast). RESET would go back to the small limit
  // the database was opened with.
  static constexpr int64_t kIndexMemoryBytes = int64_t{256} << 20;
  std::string BeforeIndexesSql() const override { return "SET memory_limit = '256MB'"; }
  std::optional<std::string> DefaultSql(const ColumnSchema& column) const override;

  // Keys and FKs inline: DuckDB can ALTER TABLE ADD PRIMARY KEY, but a
  // child table's inline FOREIGN KEY needs the parent's key to exist when the
  // child is created, which happens before any data is loaded. It checks
  // them on insert, refuses FK actions and keeps no text lengths.
  SinkCapabilities Capabilities() const override {
    SinkCapabilities c;
    c.primary_keys = c.foreign_keys = SinkCapabilities::When::kInline;
    c.checks_inline_foreign_keys = true;
    c.foreign_key_actions = false;
    c.text_lengths = false;
    c.index_names = SinkCapabilities::IndexNames::kPerSchema;
    c.max_index_key_bytes = 122880;  // ART keys
    c.hash_indexes = true;
    return c;
  }
  // Measured on 1.4: UPDATE t SET parent = ... of an FK column is a delete
  // plus an insert; all rows of one statement are checked against the
  // rows stored before it ("key ... does not exist"), and a row that
  // another row references cannot be updated ("still referenced").
  bool UpdateChecksAgainstStoredRows() const override { return true; }
  std::optional<std::string> IndexHashSql(const std::string& expr) const override { return "md5(" + expr + ")"; }
  // substr() takes no BLOB: a prefix of binary values cannot be indexed.
  std::optional<std::string> IndexPrefixSql(const ColumnSchema& column, int length) const override;

  // CREATE SEQUENCE for each auto-increment column, then CREATE TABLE.
  Result<std::vector<std::string>> CreateTableSql(const TableSchema& table,
                                                  bool with_keys) const override;

  // The sequence an auto-increment column gets at creation.
  static std::string SequenceName(const std::string& table, const std::string& column);

 protected:
  Result<std::string> ColumnSql(const TableSchema& table, const ColumnSchema& column,
                                bool with_keys) const override;
};

}  // namespace ferry::duckdb
