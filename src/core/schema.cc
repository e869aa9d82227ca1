#include "core/schema.h"

namespace ferry {

const ColumnSchema* TableSchema::FindColumn(std::string_view column_name) const {
  for (const auto& c : columns)
    if (c.name == column_name) return &c;
  return nullptr;
}

bool TableSchema::IsPrimaryKeyIndex(const IndexSchema& index) const {
  return index.unique && index.kind == IndexKind::kBtree && !index.HasPrefix() && !index.hashed &&
         index.columns == primary_key;
}

bool IndexSchema::HasPrefix() const {
  for (int p : prefix_lengths)
    if (p > 0) return true;
  return false;
}

std::string IndexSchema::Describe() const {
  std::string out = kind == IndexKind::kFullText ? "FULLTEXT index "
                    : kind == IndexKind::kSpatial ? "SPATIAL index "
                    : unique                      ? "unique index "
                                                  : "index ";
  out += name + " (";
  for (size_t i = 0; i < columns.size(); ++i) {
    out += (i ? ", " : "") + columns[i];
    if (PrefixLength(i) > 0) out += "(" + std::to_string(PrefixLength(i)) + ")";
  }
  return out + ")";
}

int TableSchema::ColumnIndex(std::string_view column_name) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i].name == column_name) return static_cast<int>(i);
  return -1;
}

const TableSchema* Catalog::FindTable(std::string_view table_name) const {
  for (const auto& t : tables)
    if (t.name == table_name) return &t;
  return nullptr;
}

std::string_view FkActionSql(FkAction action) {
  switch (action) {
    case FkAction::kNoAction: return "NO ACTION";
    case FkAction::kRestrict: return "RESTRICT";
    case FkAction::kCascade: return "CASCADE";
    case FkAction::kSetNull: return "SET NULL";
    case FkAction::kSetDefault: return "SET DEFAULT";
  }
  return "NO ACTION";
}

}  // namespace ferry
