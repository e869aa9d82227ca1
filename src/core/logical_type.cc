#include "core/logical_type.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace ferry {

PhysicalKind LogicalType::physical() const {
  switch (id) {
    case TypeId::kBool:
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kDate:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      return PhysicalKind::kInt64;
    case TypeId::kFloat32:
    case TypeId::kFloat64:
      return PhysicalKind::kDouble;
    default:
      return PhysicalKind::kString;
  }
}

namespace {
struct NameEntry {
  TypeId id;
  std::string_view name;
};
constexpr NameEntry kNames[] = {
    {TypeId::kBool, "bool"},           {TypeId::kInt8, "int8"},
    {TypeId::kInt16, "int16"},         {TypeId::kInt32, "int32"},
    {TypeId::kInt64, "int64"},         {TypeId::kFloat32, "float32"},
    {TypeId::kFloat64, "float64"},     {TypeId::kDecimal, "decimal"},
    {TypeId::kText, "text"},           {TypeId::kBytes, "bytes"},
    {TypeId::kDate, "date"},           {TypeId::kTime, "time"},
    {TypeId::kTimestamp, "timestamp"}, {TypeId::kTimestampTz, "timestamptz"},
    {TypeId::kInterval, "interval"},   {TypeId::kUuid, "uuid"},
    {TypeId::kJson, "json"},           {TypeId::kEnum, "enum"},
};
}  // namespace

std::string_view TypeIdName(TypeId id) {
  for (const auto& e : kNames)
    if (e.id == id) return e.name;
  return "?";
}

std::string LogicalType::ToString() const {
  std::string out(TypeIdName(id));
  if (id == TypeId::kDecimal && precision >= 0) {
    out += "(" + std::to_string(precision) + "," + std::to_string(std::max<int>(scale, 0)) + ")";
  } else if ((id == TypeId::kText || id == TypeId::kBytes) && length >= 0) {
    if (fixed_length) out = id == TypeId::kText ? "char" : "binary";
    out += "(" + std::to_string(length) + ")";
  } else if (id == TypeId::kEnum) {
    out += "(";
    for (size_t i = 0; i < enum_values.size(); ++i) {
      if (i) out += ",";
      out += "'" + enum_values[i] + "'";
    }
    out += ")";
  }
  return out;
}

Result<LogicalType> ParseLogicalType(std::string_view text) {
  std::string s;
  for (char c : text)
    if (!std::isspace(static_cast<unsigned char>(c))) s += static_cast<char>(std::tolower(c));
  std::string base = s.substr(0, s.find('('));
  std::vector<int> args;
  if (auto open = s.find('('); open != std::string::npos) {
    auto close = s.find(')', open);
    if (close == std::string::npos)
      return Status::InvalidInput("type '" + std::string(text) + "': missing ')'");
    std::string_view inner(s.data() + open + 1, close - open - 1);
    while (!inner.empty()) {
      auto comma = inner.find(',');
      std::string_view part = inner.substr(0, comma);
      int v = 0;
      auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
      if (ec != std::errc() || p != part.data() + part.size())
        return Status::InvalidInput("type '" + std::string(text) + "': '" + std::string(part) +
                                    "' is not a number");
      args.push_back(v);
      if (comma == std::string_view::npos) break;
      inner.remove_prefix(comma + 1);
    }
  }
  // Friendly aliases so cast rules read naturally.
  static const std::pair<std::string_view, std::string_view> kAliases[] = {
      {"boolean", "bool"},   {"smallint", "int16"},  {"integer", "int32"}, {"int", "int32"},
      {"bigint", "int64"},   {"tinyint", "int8"},    {"real", "float32"},  {"double", "float64"},
      {"float", "float64"},  {"numeric", "decimal"}, {"varchar", "text"},  {"string", "text"},
      {"blob", "bytes"},     {"bytea", "bytes"},     {"datetime", "timestamp"},
      {"char", "text"},      {"binary", "bytes"},    {"jsonb", "json"},
  };
  bool fixed = base == "char" || base == "binary";
  for (const auto& [alias, name] : kAliases)
    if (base == alias) base = std::string(name);
  for (const auto& e : kNames) {
    if (e.name != base) continue;
    LogicalType t(e.id);
    t.fixed_length = fixed;
    if (e.id == TypeId::kDecimal) {
      if (!args.empty()) t.precision = static_cast<int16_t>(args[0]);
      t.scale = args.size() > 1 ? static_cast<int16_t>(args[1]) : (args.empty() ? -1 : 0);
    } else if ((e.id == TypeId::kText || e.id == TypeId::kBytes) && !args.empty()) {
      t.length = args[0];
    }
    return t;
  }
  return Status::InvalidInput("unknown type '" + std::string(text) +
                              "' (ferry types: bool, int8..int64, float32, float64, "
                              "decimal(p,s), text(n), bytes, date, time, timestamp, "
                              "timestamptz, interval, uuid, json)");
}

}  // namespace ferry
