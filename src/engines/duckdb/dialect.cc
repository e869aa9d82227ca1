#include "engines/duckdb/dialect.h"

#include "core/sql_text.h"

namespace ferry::duckdb {

std::string DuckdbDialect::QuoteIdent(std::string_view identifier) const {
  return QuoteDoubling(identifier, '"');
}

std::string DuckdbDialect::SequenceName(const std::string& table, const std::string& column) {
  return table + "_" + column + "_seq";
}

Result<std::string> DuckdbDialect::NativeType(const LogicalType& type) const {
  switch (type.id) {
    case TypeId::kBool: return std::string("BOOLEAN");
    case TypeId::kInt8: return std::string("TINYINT");
    case TypeId::kInt16: return std::string("SMALLINT");
    case TypeId::kInt32: return std::string("INTEGER");
    case TypeId::kInt64: return std::string("BIGINT");
    case TypeId::kFloat32: return std::string("REAL");
    case TypeId::kFloat64: return std::string("DOUBLE");
    case TypeId::kDecimal:
      // DuckDB decimals hold at most 38 digits; beyond that (or without a
      // declared precision) the canonical text is kept exactly in VARCHAR.
      if (type.precision <= 0 || type.precision > 38) return std::string("VARCHAR");
      return "DECIMAL(" + std::to_string(type.precision) + "," +
             std::to_string(type.scale < 0 ? 0 : type.scale) + ")";
    case TypeId::kText: return std::string("VARCHAR");
    case TypeId::kBytes: return std::string("BLOB");
    case TypeId::kDate: return std::string("DATE");
    case TypeId::kTime: return std::string("TIME");
    case TypeId::kTimestamp: return std::string("TIMESTAMP");
    case TypeId::kTimestampTz: return std::string("TIMESTAMPTZ");
    case TypeId::kInterval: return std::string("INTERVAL");
    case TypeId::kUuid: return std::string("UUID");
    case TypeId::kJson: return std::string("JSON");
    case TypeId::kEnum: {
      if (type.enum_values.empty()) return std::string("VARCHAR");
      std::string out = "ENUM(";
      for (size_t i = 0; i < type.enum_values.size(); ++i) {
        if (i) out += ", ";
        out += QuoteString(type.enum_values[i]);
      }
      return out + ")";
    }
  }
  return Status::Unsupported("duckdb: no native type for " + type.ToString());
}

std::optional<std::string> DuckdbDialect::DefaultSql(const ColumnSchema& column) const {
  // Expressions are carried only between engines of the same dialect, so
  // they are already DuckDB SQL.
  if (column.default_value.kind == DefaultKind::kExpression) return column.default_value.text;
  return Dialect::DefaultSql(column);
}

Result<std::string> DuckdbDialect::ColumnSql(const TableSchema& table, const ColumnSchema& column,
                                             bool with_keys) const {
  std::string type;
  if (!column.native_type.empty()) {
    type = column.native_type;  // same-engine copy: the exact source type
  } else {
    auto native = NativeType(column.type);
    if (!native.ok()) return native.status().WithContext("column " + column.name);
    type = *native;
  }
  std::string out = QuoteIdent(column.name) + " " + type;
  if (!column.nullable) out += " NOT NULL";
  if (column.auto_increment) {
    out += " DEFAULT nextval(" + QuoteString(QuoteIdent(SequenceName(table.name, column.name))) + ")";
  } else if (auto def = DefaultSql(column)) {
    out += " DEFAULT " + *def;
  }
  return out;
}

Result<std::vector<std::string>> DuckdbDialect::CreateTableSql(const TableSchema& table,
                                                               bool with_keys) const {
  std::vector<std::string> out;
  for (const auto& col : table.columns) {
    // OR REPLACE: a sequence left behind by a dropped table is reset, and
    // one still used by an existing table makes this fail loudly.
    if (col.auto_increment)
      out.push_back("CREATE OR REPLACE SEQUENCE " + QuoteIdent(SequenceName(table.name, col.name)));
  }
  std::string sql = "CREATE TABLE " + QuoteIdent(table.name) + " (";
  for (size_t i = 0; i < table.columns.size(); ++i) {
    FERRY_ASSIGN_OR_RETURN(std::string col, ColumnSql(table, table.columns[i], with_keys));
    sql += i ? ",\n  " : "\n  ";
    sql += col;
  }
  if (with_keys && !table.primary_key.empty())
    sql += ",\n  PRIMARY KEY (" + QuoteIdentList(table.primary_key) + ")";
  // DuckDB refuses ON DELETE/UPDATE actions; the key itself is kept.
  if (with_keys)
    for (const auto& fk : table.foreign_keys) sql += ",\n  " + ForeignKeyClause(fk, /*with_actions=*/false);
  sql += "\n)";
  out.push_back(std::move(sql));
  return out;
}

std::optional<std::string> DuckdbDialect::IndexPrefixSql(const ColumnSchema& column, int length) const {
  if (column.type.id == TypeId::kBytes) return std::nullopt;
  return Dialect::IndexPrefixSql(column, length);
}

std::optional<std::string> DuckdbDialect::TemporalLiteral(const ColumnSchema& column,
                                                         int64_t value) const {
  if (column.native_type.find("_NS") != std::string::npos) return std::nullopt;
  return CastTemporal(column.type.id, value);
}

}  // namespace ferry::duckdb
