#include "engines/mysql/introspect.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "engines/mysql/dialect.h"

namespace ferry::mysql {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// 'it''s' / 'a\nb' -> the literal's value; false when not one quoted literal.
bool Unquote(std::string_view text, std::string* out) {
  if (text.size() < 2 || text.front() != '\'' || text.back() != '\'') return false;
  out->clear();
  for (size_t i = 1; i + 1 < text.size(); ++i) {
    char c = text[i];
    if (c == '\'' && i + 2 < text.size() && text[i + 1] == '\'') {
      *out += '\'';
      ++i;
    } else if (c == '\\' && i + 2 < text.size()) {
      char e = text[++i];
      switch (e) {
        case 'n': *out += '\n'; break;
        case 't': *out += '\t'; break;
        case 'r': *out += '\r'; break;
        case '0': *out += '\0'; break;
        case 'Z': *out += '\x1a'; break;
        case 'b': *out += '\b'; break;
        default: *out += e;
      }
    } else if (c == '\'') {
      return false;  // an unpaired quote: an expression such as 'a' || 'b'
    } else {
      *out += c;
    }
  }
  return true;
}

bool LooksNumeric(std::string_view s) {
  if (s.empty()) return false;
  size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  bool digit = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') digit = true;
    else if (c != '.' && c != 'e' && c != 'E' && c != '-' && c != '+') return false;
  }
  return digit;
}

FkAction ParseAction(const std::optional<std::string>& rule) {
  std::string r = rule ? *rule : "";
  if (r == "CASCADE") return FkAction::kCascade;
  if (r == "SET NULL") return FkAction::kSetNull;
  if (r == "SET DEFAULT") return FkAction::kSetDefault;
  if (r == "RESTRICT") return FkAction::kRestrict;
  return FkAction::kNoAction;
}

const std::string& Str(const std::optional<std::string>& v) {
  static const std::string kEmpty;
  return v ? *v : kEmpty;
}

int64_t ToInt(const std::optional<std::string>& v, int64_t fallback) {
  if (!v) return fallback;
  int64_t out = fallback;
  std::from_chars(v->data(), v->data() + v->size(), out);
  return out;
}

}  // namespace

ColumnDefault ParseColumnDefault(const std::optional<std::string>& text, const LogicalType& type,
                                 const std::string& extra, bool mariadb) {
  ColumnDefault d;
  if (!text) return d;
  const std::string& t = *text;
  std::string lower = Lower(t);
  if (mariadb && lower == "null") return d;  // DEFAULT NULL is no default
  if (lower.rfind("current_timestamp", 0) == 0 || lower.rfind("now(", 0) == 0 ||
      lower.rfind("localtimestamp", 0) == 0 || lower.rfind("localtime", 0) == 0) {
    d.kind = DefaultKind::kCurrentTimestamp;
    return d;
  }
  if (lower == "curdate()" || lower == "current_date" || lower == "current_date()") {
    d.kind = DefaultKind::kCurrentDate;
    return d;
  }
  std::string value;
  if (Unquote(t, &value)) {
    d.kind = DefaultKind::kLiteral;
    d.text = std::move(value);
    return d;
  }
  // bit defaults: b'101'.
  if (lower.size() >= 3 && lower[0] == 'b' && lower[1] == '\'' && lower.back() == '\'') {
    uint64_t v = 0;
    for (size_t i = 2; i + 1 < lower.size(); ++i) v = v * 2 + (lower[i] == '1');
    d.kind = DefaultKind::kLiteral;
    d.text = std::to_string(v);
    return d;
  }
  bool generated = extra.find("DEFAULT_GENERATED") != std::string::npos;
  if (LooksNumeric(t) || (!mariadb && !generated)) {
    d.kind = DefaultKind::kLiteral;
    d.text = t;
    return d;
  }
  d.kind = DefaultKind::kExpression;
  d.text = t;
  return d;
}

namespace {

// MariaDB's JSON is LONGTEXT plus a CHECK (json_valid(`col`)) constraint:
// the (table, column) pairs that have one. Best effort: unreadable checks
// leave the columns text.
std::set<std::pair<std::string, std::string>> MariadbJsonColumns(Connection* conn, const std::string& db) {
  std::set<std::pair<std::string, std::string>> json_columns;
  auto checks = conn->Query(
      "SELECT TABLE_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS "
      "WHERE CONSTRAINT_SCHEMA = " + db);
  if (checks.ok()) {
    for (auto& row : *checks) {
      std::string clause = Str(row[1]);
      std::string lower = Lower(clause);
      if (lower.rfind("json_valid(`", 0) != 0 || lower.size() < 14 ||
          lower.substr(lower.size() - 2) != "`)")
        continue;
      std::string col = clause.substr(12, clause.size() - 14);
      std::string unq;
      for (size_t i = 0; i < col.size(); ++i) {
        unq += col[i];
        if (col[i] == '`' && i + 1 < col.size() && col[i + 1] == '`') ++i;
      }
      json_columns.insert({Str(row[0]), unq});
    }
  }
  return json_columns;
}

// One row of information_schema.COLUMNS (TABLE_NAME, COLUMN_NAME,
// COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, DATA_TYPE) as a column;
// `next_value` is its table's AUTO_INCREMENT counter, if any.
template <typename Row>
ColumnSchema ColumnOf(const Row& row, const std::set<std::pair<std::string, std::string>>& json_columns,
                      std::optional<int64_t> next_value, bool mariadb) {
  ColumnSchema c;
  c.name = Str(row[1]);
  std::string column_type = Str(row[2]);
  std::string data_type = Lower(Str(row[6]));
  bool is_json = data_type == "json" || json_columns.count({Str(row[0]), c.name}) > 0;
  c.type = LogicalFromNative(column_type, is_json);
  // MariaDB reports JSON as longtext; "json" recreates the CHECK.
  c.native_type = is_json ? "json" : column_type;
  c.nullable = Str(row[3]) == "YES";
  std::string extra = Str(row[5]);
  c.auto_increment = Lower(extra).find("auto_increment") != std::string::npos;
  if (c.auto_increment) c.next_value = next_value;
  c.default_value = ParseColumnDefault(row[4], c.type, extra, mariadb);
  return c;
}

}  // namespace

Result<Catalog> IntrospectDatabase(Connection* conn, const std::string& database) {
  Catalog catalog;
  catalog.schema_name = database;
  std::string db = "'" + conn->Escape(database) + "'";
  bool mariadb = std::string_view(mysql_get_server_info(conn->get())).find("MariaDB") !=
                 std::string_view::npos;

  FERRY_ASSIGN_OR_RETURN(
      auto tables,
      conn->Query("SELECT TABLE_NAME, TABLE_ROWS, AUTO_INCREMENT FROM information_schema.TABLES "
                  "WHERE TABLE_SCHEMA = " + db + " AND TABLE_TYPE = 'BASE TABLE' "
                  "ORDER BY TABLE_NAME"));
  std::map<std::string, size_t> by_name;
  std::map<std::string, int64_t> next_values;  // the table's AUTO_INCREMENT counter
  for (auto& row : tables) {
    TableSchema t;
    t.name = Str(row[0]);
    t.row_estimate = ToInt(row[1], -1);
    if (int64_t next = ToInt(row[2], -1); next > 0) next_values[t.name] = next;
    by_name[t.name] = catalog.tables.size();
    catalog.tables.push_back(std::move(t));
  }

  const auto json_columns = mariadb ? MariadbJsonColumns(conn, db) : std::set<std::pair<std::string, std::string>>();

  FERRY_ASSIGN_OR_RETURN(
      auto columns,
      conn->Query("SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, "
                  "EXTRA, DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = " + db +
                  " ORDER BY TABLE_NAME, ORDINAL_POSITION"));
  for (auto& row : columns) {
    auto it = by_name.find(Str(row[0]));
    if (it == by_name.end()) continue;  // a view
    auto next = next_values.find(Str(row[0]));
    catalog.tables[it->second].columns.push_back(
        ColumnOf(row, json_columns, next == next_values.end() ? std::nullopt : std::optional(next->second), mariadb));
  }

  FERRY_ASSIGN_OR_RETURN(
      auto stats,
      conn->Query("SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, INDEX_TYPE, SUB_PART "
                  "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = " + db +
                  " ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX"));
  std::set<std::pair<std::string, std::string>> skipped;  // expression indexes
  for (auto& row : stats) {
    auto it = by_name.find(Str(row[0]));
    if (it == by_name.end()) continue;
    TableSchema& t = catalog.tables[it->second];
    const std::string& index = Str(row[1]);
    if (!row[3]) {
      skipped.insert({t.name, index});
      continue;
    }
    if (index == "PRIMARY") {
      t.primary_key.push_back(*row[3]);
      continue;
    }
    if (t.indexes.empty() || t.indexes.back().name != index) {
      IndexSchema idx;
      idx.name = index;
      idx.unique = Str(row[2]) == "0";
      const std::string type = Str(row[4]);
      idx.kind = type == "FULLTEXT" ? IndexKind::kFullText : type == "SPATIAL" ? IndexKind::kSpatial : IndexKind::kBtree;
      t.indexes.push_back(std::move(idx));
    }
    IndexSchema& idx = t.indexes.back();
    idx.columns.push_back(*row[3]);
    // SUB_PART: the prefix length of KEY (col(10)), in characters for text
    // and bytes for binary columns (a SPATIAL index reports its own, which
    // means nothing elsewhere).
    int prefix = idx.kind == IndexKind::kBtree ? static_cast<int>(ToInt(row[5], 0)) : 0;
    if (prefix > 0) idx.prefix_lengths.resize(idx.columns.size(), 0);
    if (!idx.prefix_lengths.empty()) {
      idx.prefix_lengths.resize(idx.columns.size(), 0);
      idx.prefix_lengths.back() = prefix;
    }
  }
  for (auto& t : catalog.tables) {
    t.indexes.erase(std::remove_if(t.indexes.begin(), t.indexes.end(),
                                   [&](const IndexSchema& i) {
                                     return skipped.count({t.name, i.name}) > 0;
                                   }),
                    t.indexes.end());
  }

  FERRY_ASSIGN_OR_RETURN(
      auto fks,
      conn->Query("SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, "
                  "k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, "
                  "r.DELETE_RULE FROM information_schema.KEY_COLUMN_USAGE k "
                  "JOIN information_schema.REFERENTIAL_CONSTRAINTS r "
                  "ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA "
                  "AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME "
                  "WHERE k.TABLE_SCHEMA = " + db + " AND k.REFERENCED_TABLE_NAME IS NOT NULL "
                  "ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION"));
  for (auto& row : fks) {
    auto it = by_name.find(Str(row[0]));
    if (it == by_name.end()) continue;
    TableSchema& t = catalog.tables[it->second];
    const std::string& name = Str(row[1]);
    if (t.foreign_keys.empty() || t.foreign_keys.back().name != name) {
      ForeignKeySchema fk;
      fk.name = name;
      fk.ref_table = Str(row[3]);
      fk.on_update = ParseAction(row[5]);
      fk.on_delete = ParseAction(row[6]);
      t.foreign_keys.push_back(std::move(fk));
    }
    t.foreign_keys.back().columns.push_back(Str(row[2]));
    t.foreign_keys.back().ref_columns.push_back(Str(row[4]));
  }
  return catalog;
}

}  // namespace ferry::mysql
