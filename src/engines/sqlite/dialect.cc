#include "engines/sqlite/dialect.h"

#include <cctype>
#include <charconv>

#include "core/bool_text.h"
#include "core/sql_text.h"
#include "engines/sqlite/connection.h"

namespace ferry::sqlite {

namespace {

std::string Upper(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string Lower(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool Contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

// Upper-cased base name with runs of blanks folded to one space, and the
// integer arguments inside the first "(...)".
void SplitDeclared(std::string_view declared, std::string* base, std::vector<int>* args) {
  std::string up = Upper(Trim(declared));
  size_t open = up.find('(');
  std::string_view head(up.data(), open == std::string::npos ? up.size() : open);
  head = Trim(head);
  base->clear();
  for (char c : head) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!base->empty() && base->back() != ' ') *base += ' ';
    } else {
      *base += c;
    }
  }
  args->clear();
  if (open == std::string::npos) return;
  size_t close = up.find(')', open);
  std::string_view inner(up.data() + open + 1,
                         (close == std::string::npos ? up.size() : close) - open - 1);
  while (true) {
    size_t comma = inner.find(',');
    std::string_view part = Trim(inner.substr(0, comma));
    int v = 0;
    auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
    if (ec != std::errc() || p != part.data() + part.size()) {
      args->clear();  // "DECIMAL(p, s) something odd": ignore the arguments
      return;
    }
    args->push_back(v);
    if (comma == std::string_view::npos) break;
    inner.remove_prefix(comma + 1);
  }
}

// 'it''s' -> it's; false when `s` is not exactly one quoted literal.
bool UnquoteLiteral(std::string_view s, std::string* out) {
  if (s.size() < 2 || s.front() != '\'' || s.back() != '\'') return false;
  out->clear();
  for (size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] == '\'') {
      if (i + 2 < s.size() && s[i + 1] == '\'') {
        *out += '\'';
        ++i;
        continue;
      }
      return false;  // 'a' || 'b'
    }
    *out += s[i];
  }
  return true;
}

}  // namespace

LogicalType LogicalFromDeclared(std::string_view declared) {
  std::string base;
  std::vector<int> args;
  SplitDeclared(declared, &base, &args);
  if (base.empty()) return LogicalType::Text();
  if (base == "BOOL" || base == "BOOLEAN") return LogicalType(TypeId::kBool);
  if (base == "TINYINT" && args.size() == 1 && args[0] == 1) return LogicalType(TypeId::kBool);
  // Before the "INT" rule: INTERVAL contains INT.
  if (base == "INTERVAL" || base == "DURATION_TEXT") return LogicalType(TypeId::kInterval);
  if (base == "DATE") return LogicalType(TypeId::kDate);
  if (base == "DATETIME" || base == "TIMESTAMP" || base == "TIMESTAMP WITHOUT TIME ZONE")
    return LogicalType(TypeId::kTimestamp);
  if (base == "TIMESTAMPTZ" || base == "TIMESTAMP WITH TIME ZONE" || base == "DATETIMETZ")
    return LogicalType(TypeId::kTimestampTz);
  if (base == "TIME" || base == "TIME WITHOUT TIME ZONE") return LogicalType(TypeId::kTime);
  if (base == "JSON" || base == "JSONB" || base == "JSON_TEXT") return LogicalType(TypeId::kJson);
  if (base == "UUID" || base == "UUID_TEXT") return LogicalType(TypeId::kUuid);
  if (base == "DECIMAL_TEXT" || base == "DECIMAL" || base == "NUMERIC") {
    if (args.size() >= 2 && args[0] > 0 && args[1] >= 0 && args[1] <= args[0])
      return LogicalType::Decimal(static_cast<int16_t>(args[0]), static_cast<int16_t>(args[1]));
    if (args.size() == 1 && args[0] > 0) return LogicalType::Decimal(static_cast<int16_t>(args[0]), 0);
    if (base == "DECIMAL_TEXT" && args.empty()) return LogicalType::Decimal(-1, -1);
    return LogicalType::Text();  // bare NUMERIC/DECIMAL: values read as they are stored
  }
  if (Contains(base, "INT")) return LogicalType(TypeId::kInt64);
  if (Contains(base, "CHAR") || Contains(base, "CLOB") || Contains(base, "TEXT")) {
    // SQLite never pads CHAR(n): its values behave as varchar(n).
    if (Contains(base, "CHAR") && args.size() == 1 && args[0] > 0) return LogicalType::Text(args[0]);
    return LogicalType::Text();
  }
  if (Contains(base, "BLOB") || base == "BYTEA" || base == "BINARY" || base == "VARBINARY")
    return LogicalType(TypeId::kBytes);
  if (Contains(base, "REAL") || Contains(base, "FLOA") || Contains(base, "DOUB"))
    return LogicalType(TypeId::kFloat64);
  return LogicalType::Text();
}

ColumnDefault ParseDefault(const char* dflt_value) {
  ColumnDefault d;
  if (dflt_value == nullptr) return d;
  std::string_view raw = Trim(dflt_value);
  std::string_view inner = raw;
  // (expr) -> expr, as long as the parentheses enclose the whole text.
  while (inner.size() >= 2 && inner.front() == '(' && inner.back() == ')') {
    int depth = 0;
    bool encloses = true;
    for (size_t i = 0; i < inner.size(); ++i) {
      if (inner[i] == '(') ++depth;
      if (inner[i] == ')' && --depth == 0 && i + 1 != inner.size()) encloses = false;
    }
    if (!encloses) break;
    inner = Trim(inner.substr(1, inner.size() - 2));
  }
  std::string up = Upper(inner);
  std::string compact;
  for (char c : up)
    if (!std::isspace(static_cast<unsigned char>(c))) compact += c;
  if (up == "NULL") return d;
  if (up == "CURRENT_TIMESTAMP" || compact == "DATETIME('NOW')") {
    d.kind = DefaultKind::kCurrentTimestamp;
    return d;
  }
  if (up == "CURRENT_DATE" || compact == "DATE('NOW')") {
    d.kind = DefaultKind::kCurrentDate;
    return d;
  }
  if (up == "TRUE" || up == "FALSE") {
    d.kind = DefaultKind::kLiteral;
    d.text = up == "TRUE" ? "1" : "0";
    return d;
  }
  if (IsNumberLiteral(inner)) {
    d.kind = DefaultKind::kLiteral;
    d.text = std::string(inner.front() == '+' ? inner.substr(1) : inner);
    return d;
  }
  std::string literal;
  if (UnquoteLiteral(inner, &literal)) {
    d.kind = DefaultKind::kLiteral;
    d.text = std::move(literal);
    return d;
  }
  d.kind = DefaultKind::kExpression;
  d.text = std::string(raw);
  return d;
}

std::string SqliteDialect::QuoteIdent(std::string_view identifier) const { return Quote(identifier); }

Result<std::string> SqliteDialect::NativeType(const LogicalType& type) const {
  switch (type.id) {
    case TypeId::kBool: return std::string("BOOLEAN");
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64: return std::string("INTEGER");
    case TypeId::kFloat32:
    case TypeId::kFloat64: return std::string("REAL");
    case TypeId::kDecimal:
      if (type.precision <= 0) return std::string("DECIMAL_TEXT");
      return "DECIMAL_TEXT(" + std::to_string(type.precision) + "," +
             std::to_string(std::max<int>(type.scale, 0)) + ")";
    case TypeId::kText:
      if (type.length > 0)
        return (type.fixed_length ? "CHAR(" : "VARCHAR(") + std::to_string(type.length) + ")";
      return std::string("TEXT");
    case TypeId::kBytes: return std::string("BLOB");
    case TypeId::kDate: return std::string("DATE");
    case TypeId::kTime: return std::string("TIME");
    case TypeId::kTimestamp: return std::string("DATETIME");
    case TypeId::kTimestampTz: return std::string("TIMESTAMPTZ");
    case TypeId::kInterval: return std::string("DURATION_TEXT");
    case TypeId::kUuid: return std::string("UUID");
    case TypeId::kJson: return std::string("JSON_TEXT");
    case TypeId::kEnum: return std::string("TEXT");
  }
  return Status::Unsupported("sqlite: no native type for " + type.ToString());
}

std::optional<std::string> SqliteDialect::DefaultSql(const ColumnSchema& column) const {
  const auto& d = column.default_value;
  // A decimal literal stays text: unquoted 1.50 would be stored as REAL 1.5.
  if (d.kind == DefaultKind::kLiteral && column.type.id == TypeId::kDecimal)
    return QuoteString(d.text);
  if (d.kind == DefaultKind::kLiteral && column.type.id == TypeId::kBool)
    return std::string(ParseBool(d.text).value_or(false) ? "1" : "0");
  // A non-empty native_type means the planner copies SQLite to SQLite: the
  // expression is in our own dialect and was stored exactly as written.
  // PRAGMA table_xinfo drops the parentheses SQLite requires around an
  // expression default; put them back (doubled ones are harmless).
  if (d.kind == DefaultKind::kExpression && !column.native_type.empty()) return "(" + d.text + ")";
  return Dialect::DefaultSql(column);
}

bool SqliteDialect::IsRowidAlias(const TableSchema& table, const ColumnSchema& column) {
  return column.auto_increment && column.type.IsInteger() && table.primary_key.size() == 1 &&
         table.primary_key[0] == column.name;
}

Result<std::string> SqliteDialect::ColumnSql(const TableSchema& table, const ColumnSchema& column,
                                             bool with_keys) const {
  if (with_keys && IsRowidAlias(table, column))
    return QuoteIdent(column.name) + " INTEGER PRIMARY KEY";
  std::string type = column.native_type;
  if (type.empty()) {
    auto native = NativeType(column.type);
    if (!native.ok()) return native.status().WithContext("column " + column.name);
    type = *native;
  }
  std::string out = QuoteIdent(column.name) + " " + type;
  if (!column.nullable) out += " NOT NULL";
  if (auto def = DefaultSql(column)) out += " DEFAULT " + *def;
  return out;
}

Result<std::vector<std::string>> SqliteDialect::CreateTableSql(const TableSchema& table,
                                                               bool with_keys) const {
  std::string sql = "CREATE TABLE " + QuoteIdent(table.name) + " (";
  bool rowid_alias = false;
  for (size_t i = 0; i < table.columns.size(); ++i) {
    FERRY_ASSIGN_OR_RETURN(std::string col, ColumnSql(table, table.columns[i], with_keys));
    if (with_keys && IsRowidAlias(table, table.columns[i])) rowid_alias = true;
    sql += i ? ",\n  " : "\n  ";
    sql += col;
  }
  if (with_keys && !rowid_alias && !table.primary_key.empty())
    sql += ",\n  PRIMARY KEY (" + QuoteIdentList(table.primary_key) + ")";
  if (with_keys)
    for (const auto& fk : table.foreign_keys) sql += ",\n  " + ForeignKeyClause(fk);
  sql += "\n)";
  return std::vector<std::string>{sql};
}

std::string SqliteDialect::IndexName(const TableSchema& table, const IndexSchema& index) {
  std::string lname = Lower(index.name);
  if (index.name.empty() || lname.rfind("sqlite_", 0) == 0) {
    std::string name = table.name;
    for (const auto& c : index.columns) name += "_" + c;
    return name + (index.unique ? "_key" : "_idx");
  }
  if (Contains(lname, Lower(table.name))) return index.name;
  return table.name + "_" + index.name;
}



}  // namespace ferry::sqlite
