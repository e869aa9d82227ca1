#include "engines/duckdb/introspect.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <map>

#include <nlohmann/json.hpp>

#include "core/bool_text.h"
#include "core/sql_text.h"

namespace ferry::duckdb {
namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::string SqlString(std::string_view s) {
  return QuoteDoubling(s, '\'');
}

// Reads the quoted labels of "ENUM('a', 'it''s')".
std::vector<std::string> ParseEnumLabels(std::string_view text) {
  std::vector<std::string> labels;
  size_t i = text.find('(');
  if (i == std::string_view::npos) return labels;
  while (++i < text.size()) {
    if (text[i] != '\'') continue;
    std::string label;
    for (++i; i < text.size(); ++i) {
      if (text[i] == '\'') {
        if (i + 1 < text.size() && text[i + 1] == '\'') {
          label += '\'';
          ++i;
        } else {
          break;
        }
      } else {
        label += text[i];
      }
    }
    labels.push_back(std::move(label));
  }
  return labels;
}

std::vector<std::string> JsonStrings(const std::optional<std::string>& text) {
  std::vector<std::string> out;
  if (!text) return out;
  auto j = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_array()) return out;
  for (const auto& v : j)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

// "[id, pid]" from duckdb_indexes().expressions; empty when any element is
// an expression rather than a plain column name.
std::vector<std::string> ParseIndexColumns(const std::string& text,
                                           const TableSchema& table) {
  std::vector<std::string> cols;
  if (text.size() < 2 || text.front() != '[' || text.back() != ']') return {};
  std::string_view body(text.data() + 1, text.size() - 2);
  size_t start = 0;
  while (start <= body.size()) {
    size_t comma = body.find(", ", start);
    std::string_view part =
        body.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    std::string name(part);
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
    if (!table.FindColumn(name)) return {};  // an expression index: not carried
    cols.push_back(std::move(name));
    if (comma == std::string_view::npos) break;
    start = comma + 2;
  }
  return cols;
}

bool IsSimpleNumber(std::string_view s) {
  if (s.empty()) return false;
  size_t i = (s[0] == '-') ? 1 : 0;
  bool digits = false, dot = false;
  for (; i < s.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(s[i]))) {
      digits = true;
    } else if (s[i] == '.' && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  return digits;
}

// 'it''s' -> it's; nullopt when `s` is not exactly one string literal.
std::optional<std::string> UnquoteLiteral(std::string_view s) {
  if (s.size() < 2 || s.front() != '\'' || s.back() != '\'') return std::nullopt;
  std::string out;
  for (size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] == '\'') {
      if (s[i + 1] != '\'' || i + 2 >= s.size()) return std::nullopt;
      ++i;
    }
    out += s[i];
  }
  return out;
}

}  // namespace

bool IsNestedNative(const std::string& data_type) {
  std::string t = Upper(data_type);
  return (!t.empty() && t.back() == ']') || StartsWith(t, "STRUCT(") || StartsWith(t, "MAP(") ||
         StartsWith(t, "UNION(");
}

LogicalType LogicalFromNative(const std::string& data_type) {
  std::string t = Upper(data_type);
  if (IsNestedNative(t)) return LogicalType(TypeId::kJson);
  if (StartsWith(t, "DECIMAL(") || StartsWith(t, "NUMERIC(")) {
    int p = 18, s = 3;
    if (std::sscanf(t.c_str() + t.find('(') + 1, "%d,%d", &p, &s) < 1) p = 18;
    return LogicalType::Decimal(static_cast<int16_t>(p), static_cast<int16_t>(s));
  }
  if (StartsWith(t, "ENUM(")) {
    LogicalType e(TypeId::kEnum);
    e.enum_values = ParseEnumLabels(data_type);
    return e;
  }
  static const std::map<std::string, LogicalType, std::less<>> kTypes = {
      {"BOOLEAN", LogicalType(TypeId::kBool)},
      {"TINYINT", LogicalType(TypeId::kInt8)},
      {"SMALLINT", LogicalType(TypeId::kInt16)},
      {"INTEGER", LogicalType(TypeId::kInt32)},
      {"BIGINT", LogicalType(TypeId::kInt64)},
      {"UTINYINT", LogicalType(TypeId::kInt16)},
      {"USMALLINT", LogicalType(TypeId::kInt32)},
      {"UINTEGER", LogicalType(TypeId::kInt64)},
      {"UBIGINT", LogicalType::Decimal(20, 0)},
      {"HUGEINT", LogicalType::Decimal(38, 0)},
      {"UHUGEINT", LogicalType::Decimal(39, 0)},
      {"FLOAT", LogicalType(TypeId::kFloat32)},
      {"DOUBLE", LogicalType(TypeId::kFloat64)},
      {"DECIMAL", LogicalType::Decimal(18, 3)},
      {"VARCHAR", LogicalType(TypeId::kText)},
      {"BLOB", LogicalType(TypeId::kBytes)},
      {"DATE", LogicalType(TypeId::kDate)},
      {"TIME", LogicalType(TypeId::kTime)},
      {"TIMESTAMP", LogicalType(TypeId::kTimestamp)},
      {"TIMESTAMP_S", LogicalType(TypeId::kTimestamp)},
      {"TIMESTAMP_MS", LogicalType(TypeId::kTimestamp)},
      {"TIMESTAMP_NS", LogicalType(TypeId::kTimestamp)},
      {"TIMESTAMP WITH TIME ZONE", LogicalType(TypeId::kTimestampTz)},
      {"INTERVAL", LogicalType(TypeId::kInterval)},
      {"UUID", LogicalType(TypeId::kUuid)},
      {"JSON", LogicalType(TypeId::kJson)},
  };
  auto it = kTypes.find(t);
  if (it != kTypes.end()) return it->second;
  return LogicalType(TypeId::kText);  // BIT, BIGNUM, TIME WITH TIME ZONE: their text form
}

void ParseDefault(const std::string& raw, ColumnSchema* column) {
  std::string text = raw;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  std::string up = Upper(text);
  ColumnDefault& d = column->default_value;
  if (text.empty() || up == "NULL") {
    d = {};
    return;
  }
  if (StartsWith(up, "NEXTVAL(")) {
    column->auto_increment = true;
    d = {};
    return;
  }
  if (up == "CURRENT_TIMESTAMP" || up == "NOW()" || up == "GET_CURRENT_TIMESTAMP()" ||
      up == "TRANSACTION_TIMESTAMP()" || up == "LOCALTIMESTAMP") {
    d = {DefaultKind::kCurrentTimestamp, ""};
    return;
  }
  if (up == "CURRENT_DATE" || up == "TODAY()") {
    d = {DefaultKind::kCurrentDate, ""};
    return;
  }
  if (IsSimpleNumber(text)) {
    d = {DefaultKind::kLiteral, text};
    return;
  }
  if (auto lit = UnquoteLiteral(text)) {
    d = {DefaultKind::kLiteral, *lit};
    return;
  }
  // CAST('t' AS BOOLEAN), CAST('2024-01-01' AS DATE): a typed literal.
  if (StartsWith(up, "CAST(") && up.back() == ')') {
    size_t as = up.rfind(" AS ");
    if (as != std::string::npos) {
      if (auto lit = UnquoteLiteral(std::string_view(text).substr(5, as - 5))) {
        std::string v = *lit;
        if (column->type.id == TypeId::kBool) v = ParseBool(v).value_or(false) ? "true" : "false";
        d = {DefaultKind::kLiteral, v};
        return;
      }
    }
  }
  d = {DefaultKind::kExpression, text};
}

Result<Catalog> IntrospectSchema(const Session& session, const std::string& schema) {
  Catalog catalog;
  catalog.schema_name = schema;
  const std::string where =
      " WHERE database_name = current_database() AND schema_name = " + SqlString(schema);

  FERRY_ASSIGN_OR_RETURN(
      auto tables, session.QueryText("SELECT table_name, estimated_size FROM duckdb_tables()" + where +
                                     " AND NOT internal AND NOT temporary ORDER BY table_name"));
  std::map<std::string, size_t> index_of;
  for (const auto& row : tables) {
    TableSchema t;
    t.name = row[0].value_or("");
    if (row[1]) t.row_estimate = std::strtoll(row[1]->c_str(), nullptr, 10);
    index_of[t.name] = catalog.tables.size();
    catalog.tables.push_back(std::move(t));
  }

  FERRY_ASSIGN_OR_RETURN(
      auto columns,
      session.QueryText("SELECT table_name, column_name, data_type, is_nullable, column_default "
                        "FROM duckdb_columns()" + where + " AND NOT internal ORDER BY table_name, column_index"));
  for (const auto& row : columns) {
    auto it = index_of.find(row[0].value_or(""));
    if (it == index_of.end()) continue;  // a view
    ColumnSchema c;
    c.name = row[1].value_or("");
    c.native_type = row[2].value_or("");
    c.type = LogicalFromNative(c.native_type);
    c.nullable = row[3].value_or("true") == "true";
    if (row[4]) ParseDefault(*row[4], &c);
    catalog.tables[it->second].columns.push_back(std::move(c));
  }

  FERRY_ASSIGN_OR_RETURN(
      auto constraints,
      session.QueryText("SELECT table_name, constraint_type, constraint_name, "
                        "to_json(constraint_column_names)::VARCHAR, referenced_table, "
                        "to_json(referenced_column_names)::VARCHAR FROM duckdb_constraints()" + where +
                        " AND constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY') "
                        "ORDER BY table_name, constraint_index"));
  for (const auto& row : constraints) {
    auto it = index_of.find(row[0].value_or(""));
    if (it == index_of.end()) continue;
    TableSchema& t = catalog.tables[it->second];
    const std::string type = row[1].value_or("");
    std::vector<std::string> cols = JsonStrings(row[3]);
    if (type == "PRIMARY KEY") {
      t.primary_key = cols;
    } else if (type == "UNIQUE") {
      t.indexes.push_back(IndexSchema{row[2].value_or(""), cols, true});
    } else {
      ForeignKeySchema fk;
      fk.name = row[2].value_or("");
      fk.columns = cols;
      fk.ref_table = row[4].value_or("");
      fk.ref_columns = JsonStrings(row[5]);
      t.foreign_keys.push_back(std::move(fk));
    }
  }

  FERRY_ASSIGN_OR_RETURN(
      auto indexes, session.QueryText("SELECT table_name, index_name, is_unique, expressions "
                                      "FROM duckdb_indexes()" + where +
                                      " AND NOT is_primary ORDER BY table_name, index_name"));
  for (const auto& row : indexes) {
    auto it = index_of.find(row[0].value_or(""));
    if (it == index_of.end()) continue;
    TableSchema& t = catalog.tables[it->second];
    std::vector<std::string> cols = ParseIndexColumns(row[3].value_or(""), t);
    if (cols.empty()) continue;  // expression index: DuckDB SQL only, not carried
    t.indexes.push_back(IndexSchema{row[1].value_or(""), cols, row[2].value_or("false") == "true"});
  }
  return catalog;
}

}  // namespace ferry::duckdb
