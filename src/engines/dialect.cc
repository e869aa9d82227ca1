// Default DDL generation shared by all dialects; engines override the parts
// their SQL spells differently.
#include "engines/engine.h"

#include "core/bool_text.h"
#include "core/sql_text.h"
#include "core/temporal.h"

namespace ferry {

std::string Dialect::QuotedTemporal(TypeId type, int64_t value) const {
  switch (type) {
    case TypeId::kDate: return QuoteString(FormatDate(value));
    case TypeId::kTimestampTz: return QuoteString(FormatTimestampTz(value));
    default: return QuoteString(FormatTimestamp(value));
  }
}

std::optional<std::string> Dialect::CastTemporal(TypeId type, int64_t value) const {
  switch (type) {
    case TypeId::kDate: return QuotedTemporal(type, value) + "::date";
    case TypeId::kTimestamp: return QuotedTemporal(type, value) + "::timestamp";
    case TypeId::kTimestampTz: return QuotedTemporal(type, value) + "::timestamptz";
    default: return std::nullopt;
  }
}

std::string Dialect::QuoteString(std::string_view text) const {
  return QuoteDoubling(text, '\'');
}

std::optional<std::string> Dialect::DefaultSql(const ColumnSchema& column) const {
  const auto& d = column.default_value;
  switch (d.kind) {
    case DefaultKind::kNone: return std::nullopt;
    case DefaultKind::kCurrentTimestamp: return std::string("CURRENT_TIMESTAMP");
    case DefaultKind::kCurrentDate: return std::string("CURRENT_DATE");
    case DefaultKind::kLiteral: {
      const LogicalType& t = column.type;
      bool numeric = t.IsInteger() || t.id == TypeId::kFloat32 || t.id == TypeId::kFloat64 ||
                     t.id == TypeId::kDecimal;
      if (t.id == TypeId::kBool) return std::string(ParseBool(d.text).value_or(false) ? "TRUE" : "FALSE");
      if (numeric) return d.text;
      return QuoteString(d.text);
    }
    case DefaultKind::kExpression: return std::nullopt;
  }
  return std::nullopt;
}

std::string Dialect::QuoteIdentList(const std::vector<std::string>& names) const {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) out += ", ";
    out += QuoteIdent(names[i]);
  }
  return out;
}

Result<std::string> Dialect::ColumnSql(const TableSchema& table, const ColumnSchema& column,
                                       bool with_keys) const {
  (void)table;
  (void)with_keys;
  auto type = NativeType(column.type);
  if (!type.ok()) return type.status().WithContext("column " + column.name);
  std::string out = QuoteIdent(column.name) + " " + *type;
  if (!column.nullable) out += " NOT NULL";
  if (auto def = DefaultSql(column)) out += " DEFAULT " + *def;
  return out;
}

Result<std::vector<std::string>> Dialect::CreateTableSql(const TableSchema& table,
                                                         bool with_keys) const {
  std::string sql = "CREATE TABLE " + QuoteIdent(table.name) + " (";
  for (size_t i = 0; i < table.columns.size(); ++i) {
    FERRY_ASSIGN_OR_RETURN(std::string col, ColumnSql(table, table.columns[i], with_keys));
    sql += i ? ",\n  " : "\n  ";
    sql += col;
  }
  if (with_keys && !table.primary_key.empty())
    sql += ",\n  PRIMARY KEY (" + QuoteIdentList(table.primary_key) + ")";
  if (with_keys && Capabilities().foreign_keys == SinkCapabilities::When::kInline)
    for (const auto& fk : table.foreign_keys) sql += ",\n  " + ForeignKeyClause(fk);
  sql += "\n)";
  return std::vector<std::string>{sql};
}

std::string Dialect::DropTableSql(const std::string& table) const {
  return "DROP TABLE IF EXISTS " + QuoteIdent(table);
}

std::string Dialect::AddPrimaryKeySql(const TableSchema& table) const {
  return "ALTER TABLE " + QuoteIdent(table.name) + " ADD PRIMARY KEY (" +
         QuoteIdentList(table.primary_key) + ")";
}

std::optional<std::string> Dialect::IndexPrefixSql(const ColumnSchema& column, int length) const {
  return "substr(" + QuoteIdent(column.name) + ", 1, " + std::to_string(length) + ")";
}

std::string Dialect::CreateIndexSql(const TableSchema& table, const IndexSchema& index) const {
  std::string parts;
  for (size_t i = 0; i < index.columns.size(); ++i) {
    const ColumnSchema* col = table.FindColumn(index.columns[i]);
    std::string part = QuoteIdent(index.columns[i]);
    bool expression = false;
    if (col && index.PrefixLength(i) > 0) {
      if (auto p = IndexPrefixSql(*col, index.PrefixLength(i))) {
        part = *p;
        expression = true;
      }
    }
    const bool stringy = col && (col->type.id == TypeId::kText || col->type.id == TypeId::kBytes);
    if (index.hashed && stringy) {
      if (auto h = IndexHashSql(part)) {
        part = *h;
        expression = true;
      }
    }
    parts += (i ? ", " : "") + (expression ? "(" + part + ")" : part);
  }
  return std::string("CREATE ") + (index.unique ? "UNIQUE " : "") + "INDEX " + QuoteIdent(index.name) + " ON " +
         QuoteIdent(table.name) + " (" + parts + ")";
}

std::string Dialect::AddForeignKeySql(const TableSchema& table, const ForeignKeySchema& fk, bool validate) const {
  return "ALTER TABLE " + QuoteIdent(table.name) + " ADD " + ForeignKeyClause(fk) + (validate ? "" : " NOT VALID");
}

std::string Dialect::ForeignKeyClause(const ForeignKeySchema& fk, bool with_actions) const {
  std::string sql;
  if (!fk.name.empty()) sql += "CONSTRAINT " + QuoteIdent(fk.name) + " ";
  sql += "FOREIGN KEY (" + QuoteIdentList(fk.columns) + ") REFERENCES " + QuoteIdent(fk.ref_table) + " (" +
         QuoteIdentList(fk.ref_columns) + ")";
  if (with_actions && fk.on_delete != FkAction::kNoAction)
    sql += " ON DELETE " + std::string(FkActionSql(fk.on_delete));
  if (with_actions && fk.on_update != FkAction::kNoAction)
    sql += " ON UPDATE " + std::string(FkActionSql(fk.on_update));
  return sql;
}

std::string ReadFilterSql(const Dialect& dialect, const ReadSpec& spec) {
  std::vector<std::string> conds;
  if (!spec.range_column.empty()) {
    const std::string col = dialect.QuoteIdent(spec.range_column);
    if (spec.range_lo) conds.push_back(col + " >= " + std::to_string(*spec.range_lo));
    if (spec.range_hi) conds.push_back(col + " < " + std::to_string(*spec.range_hi));
  }
  if (!spec.where.empty()) conds.push_back("(" + spec.where + ")");
  std::string order;
  for (const auto& k : spec.order_by) order += (order.empty() ? "" : ", ") + dialect.QuoteIdent(k);
  if (!spec.after.empty() && spec.after.size() == spec.order_by.size()) {
    std::string after;
    for (const auto& v : spec.after) after += (after.empty() ? "" : ", ") + v;
    if (spec.after.size() == 1) {
      conds.push_back(order + " > " + after);
    } else {
      // The leading column's bound is implied, but spelled out it lets an
      // index on that column alone (Homer's create_date) find the start.
      conds.push_back(dialect.QuoteIdent(spec.order_by[0]) + " >= " + spec.after[0]);
      conds.push_back("(" + order + ") > (" + after + ")");
    }
  }
  std::string sql;
  for (size_t i = 0; i < conds.size(); ++i) sql += (i ? " AND " : " WHERE ") + conds[i];
  if (!order.empty()) sql += " ORDER BY " + order;
  if (spec.limit) sql += " LIMIT " + std::to_string(*spec.limit);
  return sql;
}

std::vector<std::string> Dialect::EmptyTablesSql(const std::vector<std::string>& tables) const {
  std::vector<std::string> sql;
  for (const auto& t : tables) sql.push_back("DELETE FROM " + QuoteIdent(t));
  return sql;
}

std::string Dialect::UpdateFromSql(const std::string& table, const std::string& staging,
                                   const std::vector<std::string>& key,
                                   const std::vector<std::string>& columns, bool only_changed) const {
  const std::string t = QuoteIdent(table);
  std::string sql = "UPDATE " + t + " SET ";
  for (size_t i = 0; i < columns.size(); ++i)
    sql += (i ? ", " : "") + QuoteIdent(columns[i]) + " = ferry_s." + QuoteIdent(columns[i]);
  sql += " FROM " + QuoteIdent(staging) + " AS ferry_s WHERE ";
  for (size_t i = 0; i < key.size(); ++i)
    sql += (i ? " AND " : "") + t + "." + QuoteIdent(key[i]) + " = ferry_s." + QuoteIdent(key[i]);
  if (only_changed && !columns.empty()) {
    sql += " AND (";
    for (size_t i = 0; i < columns.size(); ++i)
      sql += (i ? " OR " : "") + DistinctSql(t + "." + QuoteIdent(columns[i]), "ferry_s." + QuoteIdent(columns[i]));
    sql += ")";
  }
  return sql;
}

std::string Dialect::DistinctSql(const std::string& a, const std::string& b) const {
  return a + " IS DISTINCT FROM " + b;
}

}  // namespace ferry
