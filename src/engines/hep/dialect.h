// HepDialect: how the HEP sink and capture source name columns. Packets
// are built from values, not from declared types: every logical type is
// its own "native" type, as for data files. Stateless; thread-safe.
#pragma once

#include <string>

#include "core/sql_text.h"
#include "engines/engine.h"

namespace ferry::hep {

class HepDialect final : public Dialect {
 public:
  std::string_view name() const override { return "hep"; }
  std::string QuoteIdent(std::string_view identifier) const override { return QuoteDoubling(identifier, '"'); }
  Result<std::string> NativeType(const LogicalType& type) const override { return type.ToString(); }
  std::optional<std::string> DefaultSql(const ColumnSchema&) const override { return std::nullopt; }
};

}  // namespace ferry::hep
