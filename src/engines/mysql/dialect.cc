#include "engines/mysql/dialect.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <set>

#include "core/bool_text.h"
#include "core/sql_text.h"
#include "core/temporal.h"

namespace ferry::mysql {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Parses "a,b" integer arguments of "decimal(10,2)".
std::vector<int> IntArgs(std::string_view args) {
  std::vector<int> out;
  while (!args.empty()) {
    size_t comma = args.find(',');
    std::string_view part = args.substr(0, comma);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    int v = 0;
    auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
    if (ec == std::errc()) out.push_back(v);
    if (comma == std::string_view::npos) break;
    args.remove_prefix(comma + 1);
  }
  return out;
}

// Parses enum('a','b''c') labels; MySQL doubles a quote inside a label.
std::vector<std::string> EnumLabels(std::string_view args) {
  std::vector<std::string> labels;
  size_t i = 0;
  while (i < args.size()) {
    if (args[i] != '\'') {
      ++i;
      continue;
    }
    std::string label;
    ++i;
    while (i < args.size()) {
      char c = args[i];
      if (c == '\'') {
        if (i + 1 < args.size() && args[i + 1] == '\'') {
          label += '\'';
          i += 2;
          continue;
        }
        ++i;
        break;
      }
      if (c == '\\' && i + 1 < args.size()) {
        label += args[i + 1];
        i += 2;
        continue;
      }
      label += c;
      ++i;
    }
    labels.push_back(std::move(label));
  }
  return labels;
}

bool IsUnboundedTextOrBytes(const LogicalType& t) {
  return (t.id == TypeId::kText || t.id == TypeId::kBytes || t.id == TypeId::kJson) &&
         (t.length < 0 || (t.id == TypeId::kText && t.length > 768) ||
          (t.id == TypeId::kBytes && t.length > 3072));
}

// Native spellings InnoDB cannot put in a key without a prefix length.
bool IsBlobNative(std::string_view native) {
  std::string n = Lower(native);
  for (const char* p : {"tinytext", "text", "mediumtext", "longtext", "tinyblob", "blob",
                        "mediumblob", "longblob", "json"})
    if (n.rfind(p, 0) == 0) return true;
  return false;
}

// Whether `column` is in a key over its whole value (a FULLTEXT or SPATIAL
// index, or a prefix part, takes any length).
bool InAnyKey(const TableSchema& table, const std::string& column) {
  auto has = [&](const std::vector<std::string>& cols) {
    return std::find(cols.begin(), cols.end(), column) != cols.end();
  };
  if (has(table.primary_key)) return true;
  for (const auto& idx : table.indexes) {
    if (idx.kind != IndexKind::kBtree) continue;
    for (size_t i = 0; i < idx.columns.size(); ++i)
      if (idx.columns[i] == column && idx.PrefixLength(i) == 0) return true;
  }
  for (const auto& fk : table.foreign_keys)
    if (has(fk.columns)) return true;
  return false;
}

}  // namespace

bool IsZeroDateFamily(std::string_view text) { return ferry::IsZeroDateFamily(text); }

std::string MysqlDialect::QuoteIdent(std::string_view identifier) const {
  return QuoteDoubling(identifier, '`');
}

std::string MysqlDialect::QuoteString(std::string_view text) const {
  std::string out = "'";
  for (char c : text) {
    switch (c) {
      case '\'': out += "''"; break;
      case '\\': out += "\\\\"; break;
      case '\0': out += "\\0"; break;
      default: out += c;
    }
  }
  out += '\'';
  return out;
}

Result<std::string> MysqlDialect::NativeType(const LogicalType& t) const {
  switch (t.id) {
    case TypeId::kBool: return std::string("tinyint(1)");
    case TypeId::kInt8: return std::string("tinyint");
    case TypeId::kInt16: return std::string("smallint");
    case TypeId::kInt32: return std::string("int");
    case TypeId::kInt64: return std::string("bigint");
    case TypeId::kFloat32: return std::string("float");
    case TypeId::kFloat64: return std::string("double");
    case TypeId::kDecimal: {
      if (t.precision < 1 || t.precision > 65) return std::string("decimal(65,30)");
      int scale = std::clamp<int>(t.scale < 0 ? 0 : t.scale, 0, 30);
      scale = std::min<int>(scale, t.precision);
      return "decimal(" + std::to_string(t.precision) + "," + std::to_string(scale) + ")";
    }
    case TypeId::kText:
      if (t.length < 0 || t.length > 16383) return std::string("longtext");
      if (t.fixed_length && t.length <= 255) return "char(" + std::to_string(t.length) + ")";
      return "varchar(" + std::to_string(t.length) + ")";
    case TypeId::kBytes:
      if (t.length < 0 || t.length > 65532) return std::string("longblob");
      if (t.fixed_length && t.length <= 255) return "binary(" + std::to_string(t.length) + ")";
      return "varbinary(" + std::to_string(t.length) + ")";
    case TypeId::kDate: return std::string("date");
    case TypeId::kTime: return std::string("time(6)");
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: return std::string("datetime(6)");
    case TypeId::kInterval: return std::string("varchar(100)");
    case TypeId::kUuid: return std::string("char(36)");
    case TypeId::kJson: return std::string("json");
    case TypeId::kEnum: {
      if (t.enum_values.empty()) return std::string("varchar(255)");
      std::string out = "enum(";
      for (size_t i = 0; i < t.enum_values.size(); ++i) {
        if (i) out += ",";
        out += QuoteString(t.enum_values[i]);
      }
      return out + ")";
    }
  }
  return Status::Unsupported("mysql: no native type for " + t.ToString());
}

std::optional<std::string> MysqlDialect::DefaultSql(const ColumnSchema& column) const {
  const auto& d = column.default_value;
  switch (d.kind) {
    case DefaultKind::kCurrentTimestamp:
      if (column.type.id == TypeId::kDate) return std::string("(CURRENT_DATE)");
      // datetime(6) needs the matching precision; a same-engine copy keeps
      // the source's own spelling of the type, so match that instead.
      if (!column.native_type.empty()) {
        std::string n = Lower(column.native_type);
        auto open = n.find('(');
        if (open == std::string::npos) return std::string("CURRENT_TIMESTAMP");
        return "CURRENT_TIMESTAMP" + n.substr(open, n.find(')') - open + 1);
      }
      return std::string("CURRENT_TIMESTAMP(6)");
    case DefaultKind::kCurrentDate: return std::string("(CURRENT_DATE)");
    case DefaultKind::kExpression:
      // Only a MySQL source's own expression can be replayed verbatim; the
      // planner keeps native_type exactly for same-engine copies.
      if (!column.native_type.empty() && !d.text.empty()) return "(" + d.text + ")";
      return std::nullopt;
    case DefaultKind::kLiteral:
      if (column.type.id == TypeId::kBool)
        return std::string(ParseBool(d.text).value_or(false) ? "1" : "0");
      return Dialect::DefaultSql(column);
    case DefaultKind::kNone: return std::nullopt;
  }
  return std::nullopt;
}

Result<std::string> MysqlDialect::ColumnType(const TableSchema& table,
                                             const ColumnSchema& column) const {
  bool keyed = InAnyKey(table, column.name);
  if (!column.native_type.empty()) {
    if (keyed && IsBlobNative(column.native_type)) {
      bool bytes = Lower(column.native_type).find("blob") != std::string::npos;
      return std::string(bytes ? "varbinary(3072)" : "varchar(768)");
    }
    return column.native_type;
  }
  if (keyed && IsUnboundedTextOrBytes(column.type))
    return std::string(column.type.id == TypeId::kBytes ? "varbinary(3072)" : "varchar(768)");
  auto type = NativeType(column.type);
  if (!type.ok()) return type.status().WithContext("column " + column.name);
  return type;
}

Result<std::string> MysqlDialect::ColumnSql(const TableSchema& table, const ColumnSchema& column,
                                            bool with_keys) const {
  FERRY_ASSIGN_OR_RETURN(std::string type, ColumnType(table, column));
  std::string out = QuoteIdent(column.name) + " " + type;
  if (!column.nullable) out += " NOT NULL";
  bool auto_inc = column.auto_increment && column.type.IsInteger();
  if (auto_inc) {
    out += " AUTO_INCREMENT";
  } else if (auto def = DefaultSql(column)) {
    out += " DEFAULT " + *def;
  }
  return out;
}

Result<std::vector<std::string>> MysqlDialect::CreateTableSql(const TableSchema& table,
                                                              bool with_keys) const {
  // InnoDB caps a row's fixed part at 65535 bytes counting each varchar at
  // its maximum (4 bytes per utf8mb4 character). Wide bounded columns that
  // are in no key move to longtext/longblob until the row fits; the type
  // still holds every value.
  std::set<std::string> widened;
  {
    struct Wide {
      int64_t bytes;
      std::string name;
    };
    std::vector<Wide> candidates;
    int64_t total = 0;
    for (const auto& c : table.columns) {
      int64_t bytes = 12;
      const auto& t = c.type;
      if (c.native_type.empty() && t.length >= 0 &&
          (t.id == TypeId::kText || t.id == TypeId::kBytes)) {
        bytes = (t.id == TypeId::kText ? 4LL : 1LL) * t.length + 2;
        if (bytes > 1024 && !InAnyKey(table, c.name)) candidates.push_back({bytes, c.name});
      }
      total += bytes;
    }
    std::sort(candidates.begin(), candidates.end(),
              [](const Wide& a, const Wide& b) { return a.bytes > b.bytes; });
    for (const auto& w : candidates) {
      if (total <= 65000) break;
      widened.insert(w.name);
      total -= w.bytes - 12;
    }
  }

  bool has_auto_inc = false;
  std::string sql = "CREATE TABLE " + QuoteIdent(table.name) + " (";
  for (size_t i = 0; i < table.columns.size(); ++i) {
    ColumnSchema col = table.columns[i];
    if (widened.count(col.name)) col.type.length = -1;
    if (col.auto_increment && col.type.IsInteger()) has_auto_inc = true;
    FERRY_ASSIGN_OR_RETURN(std::string def, ColumnSql(table, col, with_keys));
    sql += i ? ",\n  " : "\n  ";
    sql += def;
  }
  // AUTO_INCREMENT needs its key at CREATE, so the PK goes inline then even
  // when the caller asked for keys later.
  bool pk_inline = (with_keys || has_auto_inc) && !table.primary_key.empty();
  if (pk_inline) sql += ",\n  PRIMARY KEY (" + QuoteIdentList(table.primary_key) + ")";
  for (const auto& col : table.columns) {
    if (!col.auto_increment || !col.type.IsInteger()) continue;
    bool leads_pk = pk_inline && table.primary_key.front() == col.name;
    if (!leads_pk) sql += ",\n  KEY (" + QuoteIdent(col.name) + ")";
  }
  sql += "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";
  return std::vector<std::string>{sql};
}

std::string MysqlDialect::CreateIndexSql(const TableSchema& table, const IndexSchema& index) const {
  std::string sql = "CREATE ";
  if (index.kind == IndexKind::kFullText) sql += "FULLTEXT ";
  else if (index.kind == IndexKind::kSpatial) sql += "SPATIAL ";
  else if (index.unique) sql += "UNIQUE ";
  sql += "INDEX " + QuoteIdent(index.name) + " ON " + QuoteIdent(table.name) + " (";
  for (size_t i = 0; i < index.columns.size(); ++i) {
    sql += i ? ", " : "";
    sql += QuoteIdent(index.columns[i]);
    if (index.PrefixLength(i) > 0) sql += "(" + std::to_string(index.PrefixLength(i)) + ")";
  }
  return sql + ")";
}

LogicalType LogicalFromNative(std::string_view column_type, bool is_json) {
  std::string native = Lower(column_type);
  if (is_json) return LogicalType(TypeId::kJson);
  size_t open = native.find('(');
  size_t name_end = std::min(open, native.find(' '));
  std::string base = native.substr(0, name_end);
  std::string_view args;
  if (open != std::string::npos) {
    size_t close = native.rfind(')');
    if (close != std::string::npos && close > open)
      args = std::string_view(column_type).substr(open + 1, close - open - 1);
  }
  bool is_unsigned = native.find(" unsigned") != std::string::npos;
  std::vector<int> nums = (base == "enum" || base == "set") ? std::vector<int>{} : IntArgs(args);
  int n0 = nums.empty() ? -1 : nums[0];

  if (base == "tinyint") {
    if (n0 == 1 && !is_unsigned) return LogicalType(TypeId::kBool);
    return LogicalType(is_unsigned ? TypeId::kInt16 : TypeId::kInt8);
  }
  if (base == "smallint") return LogicalType(is_unsigned ? TypeId::kInt32 : TypeId::kInt16);
  // mediumint unsigned tops at 16777215: int32 holds it.
  if (base == "mediumint") return LogicalType(TypeId::kInt32);
  if (base == "int" || base == "integer") return LogicalType(is_unsigned ? TypeId::kInt64 : TypeId::kInt32);
  if (base == "bigint") return is_unsigned ? LogicalType::Decimal(20, 0) : LogicalType(TypeId::kInt64);
  if (base == "float") return LogicalType(TypeId::kFloat32);
  if (base == "double" || base == "real") return LogicalType(TypeId::kFloat64);
  if (base == "decimal" || base == "numeric" || base == "fixed")
    return LogicalType::Decimal(static_cast<int16_t>(n0 < 0 ? 10 : n0),
                                static_cast<int16_t>(nums.size() > 1 ? nums[1] : 0));
  if (base == "char" || base == "varchar") {
    LogicalType t = LogicalType::Text(n0);
    t.fixed_length = base == "char";
    return t;
  }
  if (base == "tinytext" || base == "text" || base == "mediumtext" || base == "longtext")
    return LogicalType::Text();
  if (base == "binary" || base == "varbinary") {
    LogicalType t(TypeId::kBytes);
    t.length = n0;
    t.fixed_length = base == "binary";
    return t;
  }
  if (base == "tinyblob" || base == "blob" || base == "mediumblob" || base == "longblob")
    return LogicalType(TypeId::kBytes);
  if (base == "bit") {
    if (n0 <= 1) return LogicalType(TypeId::kBool);
    // bit(64) can exceed int64: widen like bigint unsigned.
    return n0 >= 64 ? LogicalType::Decimal(20, 0) : LogicalType(TypeId::kInt64);
  }
  if (base == "date") return LogicalType(TypeId::kDate);
  if (base == "time") return LogicalType(TypeId::kTime);
  if (base == "datetime" || base == "timestamp") return LogicalType(TypeId::kTimestamp);
  if (base == "year") return LogicalType(TypeId::kInt16);
  if (base == "json") return LogicalType(TypeId::kJson);
  if (base == "uuid") return LogicalType(TypeId::kUuid);  // MariaDB 10.7+
  if (base == "enum") {
    LogicalType t(TypeId::kEnum);
    t.enum_values = EnumLabels(args);
    return t;
  }
  if (base == "set") return LogicalType::Text();
  // Spatial types travel as their internal binary form.
  if (base == "geometry" || base == "point" || base == "linestring" || base == "polygon" ||
      base == "multipoint" || base == "multilinestring" || base == "multipolygon" ||
      base == "geometrycollection")
    return LogicalType(TypeId::kBytes);
  return LogicalType::Text();  // inet4, inet6 and anything newer: their text form
}

std::vector<std::string> MysqlDialect::EmptyTablesSql(const std::vector<std::string>& tables) const {
  std::vector<std::string> sql = {"SET SESSION foreign_key_checks = 0"};
  for (const auto& t : tables) sql.push_back("DELETE FROM " + QuoteIdent(t));
  sql.push_back("SET SESSION foreign_key_checks = 1");
  return sql;
}

std::string MysqlDialect::UpdateFromSql(const std::string& table, const std::string& staging,
                                        const std::vector<std::string>& key,
                                        const std::vector<std::string>& columns, bool only_changed) const {
  const std::string t = QuoteIdent(table);
  std::string sql = "UPDATE " + t + " JOIN " + QuoteIdent(staging) + " AS ferry_s ON ";
  for (size_t i = 0; i < key.size(); ++i)
    sql += (i ? " AND " : "") + t + "." + QuoteIdent(key[i]) + " = ferry_s." + QuoteIdent(key[i]);
  sql += " SET ";
  for (size_t i = 0; i < columns.size(); ++i)
    sql += (i ? ", " : "") + t + "." + QuoteIdent(columns[i]) + " = ferry_s." + QuoteIdent(columns[i]);
  if (only_changed && !columns.empty()) {
    sql += " WHERE ";
    for (size_t i = 0; i < columns.size(); ++i)
      sql += (i ? " OR " : "") + DistinctSql(t + "." + QuoteIdent(columns[i]), "ferry_s." + QuoteIdent(columns[i]));
  }
  return sql;
}

std::string MysqlDialect::DistinctSql(const std::string& a, const std::string& b) const {
  return "NOT (" + a + " <=> " + b + ")";
}

bool MysqlDialect::AlreadyExists(const Status& failure) const {
  // Connection::Error ends every server error with "(errno N)".
  const std::string& m = failure.message();
  size_t at = m.rfind("(errno ");
  if (at == std::string::npos) return false;
  switch (std::atoi(m.c_str() + at + 7)) {
    case 1061:  // duplicate key name (CREATE INDEX)
    case 1068:  // multiple primary key defined (ADD PRIMARY KEY)
    case 1826:  // duplicate foreign key constraint name
      return true;
    case 1005:  // can't create table: a foreign key name taken is "errno: 121" inside
      return m.find("errno: 121 ") != std::string::npos;
    default:
      return false;
  }
}

std::optional<std::string> MysqlDialect::TemporalLiteral(const ColumnSchema& column,
                                                        int64_t value) const {
  switch (column.type.id) {
    case TypeId::kDate: return QuotedTemporal(TypeId::kDate, value);
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: return QuotedTemporal(TypeId::kTimestamp, value);
    default: return std::nullopt;
  }
}

}  // namespace ferry::mysql
