// ArchiveDialect: how an archive names its columns when the engine its rows
// came from is not known (an archive's sink normally speaks the source
// engine's own dialect, so native types and default expressions are kept
// verbatim, as between two databases of one engine). Every logical type is
// its own "native" type; defaults are kept as their text. Stateless.
#pragma once

#include "engines/engine.h"

namespace ferry::archive {

class ArchiveDialect final : public Dialect {
 public:
  std::string_view name() const override { return "archive"; }
  std::string QuoteIdent(std::string_view identifier) const override;
  Result<std::string> NativeType(const LogicalType& type) const override { return type.ToString(); }
  std::optional<std::string> DefaultSql(const ColumnSchema& column) const override {
    if (column.default_value.kind == DefaultKind::kNone) return std::nullopt;
    return column.default_value.text;
  }
};

}  // namespace ferry::archive
