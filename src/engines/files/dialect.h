// FilesDialect: how ferry names the columns of a data-file sink (csv,
// jsonl, parquet). Files have no types, keys or indexes of their own: every logical
// type is its own "native" type, and the sink's capabilities
// (files_sink.cc) make the planner keep only columns. Stateless;
// thread-safe.
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
  // The data file of `table` in a target directory: "<table>.<format>".
  std::string FileName(const std::string& table) const { return table + "." + format_; }

 private:
  std::string format_;
};

}  // namespace ferry::files
