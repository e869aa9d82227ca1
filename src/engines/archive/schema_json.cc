#include "engines/archive/schema_json.h"

namespace ferry::archive {
namespace {

using json = nlohmann::ordered_json;

constexpr std::pair<DefaultKind, const char*> kDefaultKinds[] = {
    {DefaultKind::kNone, "none"},
    {DefaultKind::kLiteral, "literal"},
    {DefaultKind::kCurrentTimestamp, "current_timestamp"},
    {DefaultKind::kCurrentDate, "current_date"},
    {DefaultKind::kExpression, "expression"},
};
constexpr std::pair<IndexKind, const char*> kIndexKinds[] = {
    {IndexKind::kBtree, "btree"}, {IndexKind::kFullText, "fulltext"}, {IndexKind::kSpatial, "spatial"}};
constexpr std::pair<FkAction, const char*> kFkActions[] = {
    {FkAction::kNoAction, "no action"}, {FkAction::kRestrict, "restrict"}, {FkAction::kCascade, "cascade"},
    {FkAction::kSetNull, "set null"},   {FkAction::kSetDefault, "set default"}};

template <typename E, size_t N>
const char* NameOf(const std::pair<E, const char*> (&table)[N], E value) {
  for (const auto& [v, name] : table)
    if (v == value) return name;
  return table[0].second;
}

template <typename E, size_t N>
Result<E> ValueOf(const std::pair<E, const char*> (&table)[N], const std::string& name, const std::string& what) {
  for (const auto& [v, n] : table)
    if (name == n) return v;
  return Status::InvalidInput(what + ": unknown value '" + name + "'");
}

json TypeToJson(const LogicalType& t) {
  json out = {{"id", std::string(TypeIdName(t.id))}};
  if (t.length >= 0) out["length"] = t.length;
  if (t.fixed_length) out["fixed_length"] = true;
  if (t.precision >= 0) out["precision"] = t.precision;
  if (t.scale >= 0) out["scale"] = t.scale;
  if (!t.enum_values.empty()) out["enum_values"] = t.enum_values;
  return out;
}

Result<LogicalType> TypeFromJson(const json& j) {
  const std::string id = j.value("id", "");
  LogicalType t;
  bool found = false;
  for (int i = 0; i <= static_cast<int>(TypeId::kEnum); ++i)
    if (TypeIdName(static_cast<TypeId>(i)) == id) {
      t.id = static_cast<TypeId>(i);
      found = true;
    }
  if (!found) return Status::InvalidInput("type: unknown id '" + id + "'");
  t.length = j.value("length", -1);
  t.fixed_length = j.value("fixed_length", false);
  t.precision = j.value("precision", int16_t{-1});
  t.scale = j.value("scale", int16_t{-1});
  if (j.contains("enum_values")) t.enum_values = j["enum_values"].get<std::vector<std::string>>();
  return t;
}

json ColumnToJson(const ColumnSchema& c) {
  json out = {{"name", c.name}, {"type", TypeToJson(c.type)}, {"native_type", c.native_type},
              {"nullable", c.nullable}};
  if (c.default_value.kind != DefaultKind::kNone)
    out["default"] = {{"kind", NameOf(kDefaultKinds, c.default_value.kind)}, {"text", c.default_value.text}};
  if (c.auto_increment) out["auto_increment"] = true;
  if (c.next_value) out["next_value"] = *c.next_value;
  return out;
}

Result<ColumnSchema> ColumnFromJson(const json& j) {
  ColumnSchema c;
  c.name = j.at("name").get<std::string>();
  FERRY_ASSIGN_OR_RETURN(c.type, TypeFromJson(j.at("type")));
  c.native_type = j.value("native_type", "");
  c.nullable = j.value("nullable", true);
  if (j.contains("default")) {
    FERRY_ASSIGN_OR_RETURN(c.default_value.kind,
                           ValueOf(kDefaultKinds, j["default"].value("kind", ""), "default kind"));
    c.default_value.text = j["default"].value("text", "");
  }
  c.auto_increment = j.value("auto_increment", false);
  if (j.contains("next_value") && j["next_value"].is_number_integer()) c.next_value = j["next_value"].get<int64_t>();
  return c;
}

json IndexToJson(const IndexSchema& i) {
  json out = {{"name", i.name}, {"columns", i.columns}, {"unique", i.unique}, {"kind", NameOf(kIndexKinds, i.kind)}};
  if (!i.prefix_lengths.empty()) out["prefix_lengths"] = i.prefix_lengths;
  if (i.hashed) out["hashed"] = true;
  return out;
}

Result<IndexSchema> IndexFromJson(const json& j) {
  IndexSchema i;
  i.name = j.at("name").get<std::string>();
  i.columns = j.at("columns").get<std::vector<std::string>>();
  i.unique = j.value("unique", false);
  FERRY_ASSIGN_OR_RETURN(i.kind, ValueOf(kIndexKinds, j.value("kind", "btree"), "index kind"));
  if (j.contains("prefix_lengths")) i.prefix_lengths = j["prefix_lengths"].get<std::vector<int>>();
  i.hashed = j.value("hashed", false);
  return i;
}

json ForeignKeyToJson(const ForeignKeySchema& fk) {
  return {{"name", fk.name},           {"columns", fk.columns},
          {"ref_table", fk.ref_table}, {"ref_columns", fk.ref_columns},
          {"on_delete", NameOf(kFkActions, fk.on_delete)}, {"on_update", NameOf(kFkActions, fk.on_update)}};
}

Result<ForeignKeySchema> ForeignKeyFromJson(const json& j) {
  ForeignKeySchema fk;
  fk.name = j.value("name", "");
  fk.columns = j.at("columns").get<std::vector<std::string>>();
  fk.ref_table = j.at("ref_table").get<std::string>();
  fk.ref_columns = j.at("ref_columns").get<std::vector<std::string>>();
  FERRY_ASSIGN_OR_RETURN(fk.on_delete, ValueOf(kFkActions, j.value("on_delete", "no action"), "on_delete"));
  FERRY_ASSIGN_OR_RETURN(fk.on_update, ValueOf(kFkActions, j.value("on_update", "no action"), "on_update"));
  return fk;
}

// The parse proper; nlohmann's type errors are caught by the caller.
Result<TableSchema> Parse(const json& j) {
  TableSchema t;
  t.name = j.at("name").get<std::string>();
  for (const auto& c : j.at("columns")) {
    FERRY_ASSIGN_OR_RETURN(ColumnSchema col, ColumnFromJson(c));
    t.columns.push_back(std::move(col));
  }
  t.primary_key = j.value("primary_key", std::vector<std::string>{});
  for (const auto& i : j.value("indexes", json::array())) {
    FERRY_ASSIGN_OR_RETURN(IndexSchema index, IndexFromJson(i));
    t.indexes.push_back(std::move(index));
  }
  for (const auto& f : j.value("foreign_keys", json::array())) {
    FERRY_ASSIGN_OR_RETURN(ForeignKeySchema fk, ForeignKeyFromJson(f));
    t.foreign_keys.push_back(std::move(fk));
  }
  return t;
}

}  // namespace

json TableSchemaToJson(const TableSchema& table) {
  json out = {{"name", table.name}};
  json columns = json::array();
  for (const auto& c : table.columns) columns.push_back(ColumnToJson(c));
  out["columns"] = std::move(columns);
  out["primary_key"] = table.primary_key;
  json indexes = json::array();
  for (const auto& i : table.indexes) indexes.push_back(IndexToJson(i));
  out["indexes"] = std::move(indexes);
  json fks = json::array();
  for (const auto& fk : table.foreign_keys) fks.push_back(ForeignKeyToJson(fk));
  out["foreign_keys"] = std::move(fks);
  return out;
}

Result<TableSchema> TableSchemaFromJson(const json& json) {
  try {
    return Parse(json);
  } catch (const std::exception& e) {
    return Status::InvalidInput(std::string("table schema: ") + e.what());
  }
}

}  // namespace ferry::archive
