#include "engines/postgres/introspect.h"

#include <cctype>
#include <cstdlib>
#include <map>

#include "core/sql_text.h"
#include "engines/postgres/connection.h"
#include "engines/postgres/wire.h"

namespace ferry::postgres {

namespace {

constexpr const char* kTablesSql = R"(
SELECT c.relname, c.reltuples::bigint
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
ORDER BY c.relname)";

// Domains are described by their base type (binary COPY sends base values).
constexpr const char* kColumnsSql = R"(
SELECT c.relname, a.attname,
       CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod)
            ELSE format_type(a.atttypid, a.atttypmod) END,
       a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity,
       CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END,
       CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END,
       CASE WHEN t.typtype = 'd' THEN bt.typtype ELSE t.typtype END,
       a.attgenerated
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_type bt ON bt.oid = t.typbasetype
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum)";

constexpr const char* kEnumsSql =
    "SELECT enumtypid, enumlabel FROM pg_enum ORDER BY enumtypid, enumsortorder";

// Plain-column indexes only: expression and partial indexes cannot be
// expressed engine-neutrally and are left out. INCLUDE columns are dropped.
constexpr const char* kIndexesSql = R"(
SELECT c.relname, ic.relname, i.indisunique, i.indisprimary, a.attname,
       (i.indexprs IS NOT NULL OR i.indpred IS NOT NULL)
FROM pg_index i
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_class ic ON ic.oid = i.indexrelid
CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND k.ord <= i.indnkeyatts
ORDER BY c.relname, i.indisprimary DESC, ic.relname, k.ord)";

constexpr const char* kForeignKeysSql = R"(
SELECT c.relname, con.conname, fc.relname, a.attname, fa.attname,
       con.confdeltype, con.confupdtype
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_class fc ON fc.oid = con.confrelid
CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, fattnum, ord)
JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
JOIN pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = k.fattnum
WHERE con.contype = 'f' AND n.nspname = $1 AND NOT c.relispartition
ORDER BY c.relname, con.conname, k.ord)";

FkAction ActionOf(char c) {
  switch (c) {
    case 'r': return FkAction::kRestrict;
    case 'c': return FkAction::kCascade;
    case 'n': return FkAction::kSetNull;
    case 'd': return FkAction::kSetDefault;
    default: return FkAction::kNoAction;
  }
}

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A cast suffix "::type name[(n)][[]]" with nothing after it.
bool IsCastSuffix(std::string_view s) {
  while (!s.empty()) {
    if (s.substr(0, 2) != "::") return false;
    s.remove_prefix(2);
    size_t i = 0;
    while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' ||
                            s[i] == ' ' || s[i] == '"' || s[i] == '.' || s[i] == '(' ||
                            s[i] == ')' || s[i] == ',' || s[i] == '[' || s[i] == ']'))
      ++i;
    if (i == 0) return false;
    s.remove_prefix(i);
  }
  return true;
}

}  // namespace

LogicalType MapNativeType(uint32_t oid, int32_t typmod, char typtype,
                          const std::vector<std::string>& labels) {
  if (typtype == 'e') {
    LogicalType t(TypeId::kEnum);
    t.enum_values = labels;
    return t;
  }
  switch (oid) {
    case kOidBool: return LogicalType(TypeId::kBool);
    case kOidInt2: return LogicalType(TypeId::kInt16);
    case kOidInt4: return LogicalType(TypeId::kInt32);
    case kOidInt8: return LogicalType(TypeId::kInt64);
    case kOidFloat4: return LogicalType(TypeId::kFloat32);
    case kOidFloat8: return LogicalType(TypeId::kFloat64);
    case kOidNumeric: {
      if (typmod < 4) return LogicalType::Decimal(-1, -1);
      int32_t m = typmod - 4;
      int16_t precision = static_cast<int16_t>((m >> 16) & 0xffff);
      int16_t scale = static_cast<int16_t>(((m & 0x7ff) ^ 1024) - 1024);
      return LogicalType::Decimal(precision, scale);
    }
    case kOidVarchar: return LogicalType::Text(typmod >= 4 ? typmod - 4 : -1);
    case kOidBpchar: {
      LogicalType t = LogicalType::Text(typmod >= 4 ? typmod - 4 : -1);
      t.fixed_length = typmod >= 4;
      return t;
    }
    case kOidText: return LogicalType::Text();
    case kOidBytea: return LogicalType(TypeId::kBytes);
    case kOidDate: return LogicalType(TypeId::kDate);
    case kOidTime:
    case kOidTimeTz: return LogicalType(TypeId::kTime);
    case kOidTimestamp: return LogicalType(TypeId::kTimestamp);
    case kOidTimestampTz: return LogicalType(TypeId::kTimestampTz);
    case kOidInterval: return LogicalType(TypeId::kInterval);
    case kOidUuid: return LogicalType(TypeId::kUuid);
    case kOidJson:
    case kOidJsonb: return LogicalType(TypeId::kJson);
    default: return LogicalType::Text();  // arrays, inet, money, xml...: read as ::text
  }
}

ColumnDefault ParseDefault(const std::string& expr, bool* auto_increment) {
  ColumnDefault out;
  if (expr.empty()) return out;
  std::string lower = Lower(expr);
  if (lower.rfind("nextval(", 0) == 0) {
    *auto_increment = true;
    return out;
  }
  static const char* kNow[] = {"now()",
                               "current_timestamp",
                               "localtimestamp",
                               "transaction_timestamp()",
                               "statement_timestamp()",
                               "clock_timestamp()",
                               "('now'::text)::timestamp without time zone",
                               "('now'::text)::timestamp with time zone"};
  for (const char* n : kNow) {
    if (lower == n) return {DefaultKind::kCurrentTimestamp, ""};
  }
  if (lower.rfind("current_timestamp(", 0) == 0 || lower.rfind("localtimestamp(", 0) == 0)
    return {DefaultKind::kCurrentTimestamp, ""};
  if (lower == "current_date" || lower == "('now'::text)::date")
    return {DefaultKind::kCurrentDate, ""};
  if (lower == "true" || lower == "false") return {DefaultKind::kLiteral, lower};
  if (IsNumberLiteral(expr)) return {DefaultKind::kLiteral, expr};
  if (lower.rfind("null::", 0) == 0 || lower == "null") return out;
  if (!expr.empty() && expr[0] == '\'') {
    std::string text;
    size_t i = 1;
    bool closed = false;
    while (i < expr.size()) {
      if (expr[i] == '\'') {
        if (i + 1 < expr.size() && expr[i + 1] == '\'') {
          text += '\'';
          i += 2;
          continue;
        }
        closed = true;
        ++i;
        break;
      }
      text += expr[i++];
    }
    if (closed && IsCastSuffix(std::string_view(expr).substr(i)))
      return {DefaultKind::kLiteral, text};
  }
  return {DefaultKind::kExpression, expr};
}

namespace {

// Each serial/identity column's next value: its sequence's last value plus
// the increment once it was called, else its start; unknown (max + 1)
// when the user may not read the sequence. One query for the schema: the
// sequences a column owns (pg_depend 'a' serial, 'i' identity), as
// pg_get_serial_sequence finds them.
constexpr const char* kSequencesSql = R"SQL(
SELECT c.relname, a.attname,
       CASE WHEN has_sequence_privilege(s.seqrelid, 'SELECT, USAGE')
            THEN COALESCE(pg_sequence_last_value(s.seqrelid) + s.seqincrement, s.seqstart) END
FROM pg_depend d
JOIN pg_sequence s ON s.seqrelid = d.objid
JOIN pg_class c ON c.oid = d.refobjid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.refobjsubid
WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
  AND d.deptype IN ('a', 'i') AND n.nspname = $1
)SQL";

Status ReadSequencePositions(PGconn* conn, const Uri& uri, const std::string& schema, StatusCode code,
                             Catalog* catalog) {
  FERRY_ASSIGN_OR_RETURN(PgResult res, ExecParams(conn, uri, kSequencesSql, {schema}, code,
                                                  "postgres introspect sequences of " + schema));
  for (int r = 0; r < PQntuples(res.get()); ++r) {
    if (PQgetisnull(res.get(), r, 2)) continue;
    for (auto& table : catalog->tables) {
      if (table.name != PQgetvalue(res.get(), r, 0)) continue;
      for (auto& c : table.columns)
        if (c.auto_increment && c.name == PQgetvalue(res.get(), r, 1))
          c.next_value = std::strtoll(PQgetvalue(res.get(), r, 2), nullptr, 10);
    }
  }
  return Status::OK();
}

}  // namespace

Result<Catalog> IntrospectSchema(PGconn* conn, const Uri& uri, const std::string& schema,
                                 StatusCode code) {
  const std::string what = "postgres introspect schema " + schema;
  Catalog catalog;
  catalog.schema_name = schema;
  std::map<std::string, size_t> by_name;

  FERRY_ASSIGN_OR_RETURN(PgResult tables, ExecParams(conn, uri, kTablesSql, {schema}, code, what));
  for (int r = 0; r < PQntuples(tables.get()); ++r) {
    TableSchema t;
    t.name = PQgetvalue(tables.get(), r, 0);
    int64_t est = std::strtoll(PQgetvalue(tables.get(), r, 1), nullptr, 10);
    t.row_estimate = est < 0 ? -1 : est;
    by_name[t.name] = catalog.tables.size();
    catalog.tables.push_back(std::move(t));
  }

  std::map<uint32_t, std::vector<std::string>> enums;
  FERRY_ASSIGN_OR_RETURN(PgResult enum_rows, Exec(conn, uri, kEnumsSql, code, what));
  for (int r = 0; r < PQntuples(enum_rows.get()); ++r)
    enums[static_cast<uint32_t>(std::strtoul(PQgetvalue(enum_rows.get(), r, 0), nullptr, 10))]
        .push_back(PQgetvalue(enum_rows.get(), r, 1));

  FERRY_ASSIGN_OR_RETURN(PgResult cols, ExecParams(conn, uri, kColumnsSql, {schema}, code, what));
  static const std::vector<std::string> kNoLabels;
  for (int r = 0; r < PQntuples(cols.get()); ++r) {
    auto it = by_name.find(PQgetvalue(cols.get(), r, 0));
    if (it == by_name.end()) continue;  // created after the table list was read
    TableSchema& table = catalog.tables[it->second];
    ColumnSchema c;
    c.name = PQgetvalue(cols.get(), r, 1);
    c.native_type = PQgetvalue(cols.get(), r, 2);
    c.nullable = PQgetvalue(cols.get(), r, 3)[0] != 't';
    uint32_t oid = static_cast<uint32_t>(std::strtoul(PQgetvalue(cols.get(), r, 6), nullptr, 10));
    int32_t typmod = static_cast<int32_t>(std::strtol(PQgetvalue(cols.get(), r, 7), nullptr, 10));
    char typtype = PQgetvalue(cols.get(), r, 8)[0];
    auto labels = enums.find(oid);
    c.type = MapNativeType(oid, typmod, typtype, labels == enums.end() ? kNoLabels : labels->second);
    const char* identity = PQgetvalue(cols.get(), r, 5);
    c.auto_increment = identity[0] == 'a' || identity[0] == 'd';
    if (!PQgetisnull(cols.get(), r, 4)) {
      bool serial = false;
      c.default_value = ParseDefault(PQgetvalue(cols.get(), r, 4), &serial);
      if (serial) c.auto_increment = true;
      if (PQgetvalue(cols.get(), r, 9)[0] == 's') {
        // A generated column: its expression, not a default; carried as one
        // so a same-engine copy keeps it computable.
        c.default_value = {DefaultKind::kExpression, PQgetvalue(cols.get(), r, 4)};
      }
    }
    table.columns.push_back(std::move(c));
  }

  FERRY_ASSIGN_OR_RETURN(PgResult idx, ExecParams(conn, uri, kIndexesSql, {schema}, code, what));
  {
    std::string cur_table, cur_index;
    bool skip = false;
    IndexSchema* index = nullptr;
    TableSchema* table = nullptr;
    bool primary = false;
    for (int r = 0; r < PQntuples(idx.get()); ++r) {
      std::string tname = PQgetvalue(idx.get(), r, 0);
      std::string iname = PQgetvalue(idx.get(), r, 1);
      if (tname != cur_table || iname != cur_index) {
        cur_table = tname;
        cur_index = iname;
        auto it = by_name.find(tname);
        table = it == by_name.end() ? nullptr : &catalog.tables[it->second];
        skip = table == nullptr || PQgetvalue(idx.get(), r, 5)[0] == 't';
        primary = PQgetvalue(idx.get(), r, 3)[0] == 't';
        index = nullptr;
        if (!skip && !primary) {
          IndexSchema ix;
          ix.name = iname;
          ix.unique = PQgetvalue(idx.get(), r, 2)[0] == 't';
          table->indexes.push_back(std::move(ix));
          index = &table->indexes.back();
        }
      }
      if (skip) continue;
      if (PQgetisnull(idx.get(), r, 4)) {  // expression column (attnum 0)
        if (primary) table->primary_key.clear();
        else table->indexes.pop_back();
        skip = true;
        continue;
      }
      if (primary) table->primary_key.push_back(PQgetvalue(idx.get(), r, 4));
      else index->columns.push_back(PQgetvalue(idx.get(), r, 4));
    }
  }

  FERRY_ASSIGN_OR_RETURN(PgResult fks, ExecParams(conn, uri, kForeignKeysSql, {schema}, code, what));
  {
    std::string cur_table, cur_fk;
    ForeignKeySchema* fk = nullptr;
    for (int r = 0; r < PQntuples(fks.get()); ++r) {
      std::string tname = PQgetvalue(fks.get(), r, 0);
      std::string fname = PQgetvalue(fks.get(), r, 1);
      auto it = by_name.find(tname);
      if (it == by_name.end()) continue;
      TableSchema& table = catalog.tables[it->second];
      if (tname != cur_table || fname != cur_fk) {
        cur_table = tname;
        cur_fk = fname;
        ForeignKeySchema f;
        f.name = fname;
        f.ref_table = PQgetvalue(fks.get(), r, 2);
        f.on_delete = ActionOf(PQgetvalue(fks.get(), r, 5)[0]);
        f.on_update = ActionOf(PQgetvalue(fks.get(), r, 6)[0]);
        table.foreign_keys.push_back(std::move(f));
        fk = &table.foreign_keys.back();
      }
      fk->columns.push_back(PQgetvalue(fks.get(), r, 3));
      fk->ref_columns.push_back(PQgetvalue(fks.get(), r, 4));
    }
  }
  FERRY_RETURN_NOT_OK(ReadSequencePositions(conn, uri, schema, code, &catalog));
  return catalog;
}

}  // namespace ferry::postgres
