// MySQL/MariaDB dialect: backtick quoting, native <-> logical type mapping
// and DDL. Stateless; thread-safe. Tables are InnoDB, utf8mb4_bin. InnoDB
// needs an AUTO_INCREMENT column keyed at CREATE and clusters on the primary
// key, so the primary key always goes inline (PrimaryKeyAfterData() is
// false); FKs and secondary indexes come after the data.
#pragma once

#include <string>
#include <string_view>

#include "engines/engine.h"

namespace ferry::mysql {

class MysqlDialect : public Dialect {
 public:
  std::string_view name() const override { return "mysql"; }
  std::string QuoteIdent(std::string_view identifier) const override;
  // MySQL strings treat backslash as an escape: 'a\\b', 'it''s'.
  std::string QuoteString(std::string_view text) const override;
  // Decimal without precision (PostgreSQL bare numeric) or wider than 65
  // digits becomes decimal(65,30), MySQL's widest; a value with more digits
  // is then refused by the server (kData), never silently rounded.
  Result<std::string> NativeType(const LogicalType& type) const override;
  std::optional<std::string> DefaultSql(const ColumnSchema& column) const override;
  // The PK inline: InnoDB clusters on it and AUTO_INCREMENT needs it.
  // Writer sessions run with foreign_key_checks=0.
  SinkCapabilities Capabilities() const override {
    SinkCapabilities c;
    c.primary_keys = SinkCapabilities::When::kInline;
    c.writers_check_foreign_keys = false;
    c.index_names = SinkCapabilities::IndexNames::kPerTable;
    c.max_identifier_bytes = 64;
    c.full_text_indexes = c.spatial_indexes = true;
    return c;
  }
  // FULLTEXT, SPATIAL and prefix parts `col`(10) as MySQL declares them.
  std::string CreateIndexSql(const TableSchema& table, const IndexSchema& index) const override;
  std::optional<std::string> IndexPrefixSql(const ColumnSchema& column, int length) const override {
    return QuoteIdent(column.name) + "(" + std::to_string(length) + ")";
  }
  // DELETEs with FK checks off on the same session, so cycles do not matter.
  std::vector<std::string> EmptyTablesSql(const std::vector<std::string>& tables) const override;
  std::string UpdateFromSql(const std::string& table, const std::string& staging,
                            const std::vector<std::string>& key,
                            const std::vector<std::string>& columns, bool only_changed) const override;
  std::string DistinctSql(const std::string& a, const std::string& b) const override;
  std::string FerrySchema() const override { return ""; }  // a schema is a database here
  bool TransactionalDdl() const override { return false; }
  bool AlreadyExists(const Status& failure) const override;
  // The server's databases but its own (mysql, sys, information_schema,
  // performance_schema).
  std::string ListDatabasesSql() const override {
    return "SELECT schema_name FROM information_schema.schemata WHERE schema_name NOT IN "
           "('mysql', 'sys', 'information_schema', 'performance_schema') ORDER BY schema_name";
  }
  std::string CreateDatabaseSql(const std::string& name) const override {
    return "CREATE DATABASE IF NOT EXISTS " + QuoteIdent(name);
  }
  // A plain string literal: MySQL converts it to the column's type for the
  // comparison; TIMESTAMP columns read in the session's UTC time zone.
  std::optional<std::string> TemporalLiteral(const ColumnSchema& column,
                                             int64_t value) const override;
  Result<std::vector<std::string>> CreateTableSql(const TableSchema& table,
                                                  bool with_keys) const override;

 protected:
  Result<std::string> ColumnSql(const TableSchema& table, const ColumnSchema& column,
                                bool with_keys) const override;

 private:
  // The column type as CREATE TABLE spells it, with InnoDB's limits applied:
  // an unbounded text/bytes column in a key becomes varchar(768)/varbinary(3072).
  Result<std::string> ColumnType(const TableSchema& table, const ColumnSchema& column) const;
};

// Maps an information_schema COLUMN_TYPE ("int(10) unsigned", "tinyint(1)",
// "enum('a','b')") to ferry's logical type. `is_json` marks MariaDB's JSON
// alias (longtext with a json_valid CHECK). Unknown types read as text.
LogicalType LogicalFromNative(std::string_view column_type, bool is_json);

// True for a MySQL zero date or a date with a zero month or day
// ("0000-00-00", "2020-00-10 12:00:00"): values no calendar holds.
bool IsZeroDateFamily(std::string_view text);

}  // namespace ferry::mysql
