// FilesDialect: how ferry spells the schema of a data-file target (csv,
// jsonl). Files have no types, keys or indexes of their own: the planner
// keeps only columns for them (and names what it drops), and the DDL here
// is a record of the columns and their logical types that FilesDatabase
// acts on (CREATE TABLE makes the file, DROP TABLE removes it, DELETE FROM
// empties it). Stateless; thread-safe.
#pragma once

#include <string>

#include "engines/engine.h"

namespace ferry::files {

class FilesDialect final : public Dialect {
 public:
  explicit FilesDialect(std::string format) : format_(std::move(format)) {}
  std::string_view name() const override { return format_; }
  std::string QuoteIdent(std::string_view identifier) const override;
  // Every logical type, by its own name: a file holds any value as text.
  Result<std::string> NativeType(const LogicalType& type) const override { return type.ToString(); }
  std::optional<std::string> DefaultSql(const ColumnSchema&) const override { return std::nullopt; }
  bool PrimaryKeyAfterData() const override { return false; }
  bool ForeignKeysAfterData() const override { return false; }
  bool WritesFiles() const override { return true; }
  bool TransactionalDdl() const override { return false; }
  std::string FerrySchema() const override { return ""; }
  // The data file of `table` in a target directory: "<table>.<format>".
  std::string FileName(const std::string& table) const { return table + "." + format_; }

 private:
  std::string format_;
};

}  // namespace ferry::files
