#include "plan/cast_rules.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace ferry {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string Squash(std::string_view s) {  // lower case, no spaces
  std::string out;
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c))) out += static_cast<char>(std::tolower(c));
  return out;
}

}  // namespace

std::string_view CastFunctionName(CastFunction fn) {
  switch (fn) {
    case CastFunction::kNone: return "none";
    case CastFunction::kEpochSeconds: return "epoch_s";
    case CastFunction::kEpochMilliseconds: return "epoch_ms";
  }
  return "?";
}

Result<CastRule> ParseCastRule(std::string_view text) {
  CastRule rule;
  rule.text = std::string(text);
  auto bad = [&](const std::string& why) {
    return Status::InvalidInput("cast rule '" + std::string(text) + "': " + why +
                                " (expected 'type NATIVE to TYPE [using FN]' or "
                                "'column TABLE.COLUMN to TYPE [using FN]')");
  };
  // Split on " to " and " using " (words), keeping the source part verbatim
  // because native types contain spaces ("double precision", "int unsigned").
  std::string lower = Lower(text);
  auto to_pos = lower.find(" to ");
  if (to_pos == std::string::npos) return bad("missing 'to'");
  std::string head = std::string(text.substr(0, to_pos));
  std::string tail = std::string(text.substr(to_pos + 4));
  std::string tail_lower = Lower(tail);
  std::string using_name;
  if (auto u = tail_lower.find(" using "); u != std::string::npos) {
    using_name = Squash(tail.substr(u + 7));
    tail = tail.substr(0, u);
  }
  std::istringstream hs(head);
  std::string kind;
  hs >> kind;
  kind = Lower(kind);
  std::string subject;
  std::getline(hs, subject);
  subject.erase(0, subject.find_first_not_of(' '));
  if (subject.empty()) return bad("nothing to match");
  if (kind == "type") {
    rule.match = CastRule::Match::kType;
    rule.type_pattern = Squash(subject);
  } else if (kind == "column") {
    rule.match = CastRule::Match::kColumn;
    auto dot = subject.rfind('.');
    if (dot == std::string::npos) return bad("column must be written TABLE.COLUMN");
    rule.table = subject.substr(0, dot);
    rule.column = subject.substr(dot + 1);
  } else {
    return bad("starts with '" + kind + "'");
  }
  auto to = ParseLogicalType(tail);
  if (!to.ok()) return to.status().WithContext("cast rule '" + std::string(text) + "'");
  rule.to = *to;
  if (!using_name.empty()) {
    if (using_name == "epoch_s" || using_name == "epoch_seconds" || using_name == "unix")
      rule.using_fn = CastFunction::kEpochSeconds;
    else if (using_name == "epoch_ms" || using_name == "epoch_milliseconds")
      rule.using_fn = CastFunction::kEpochMilliseconds;
    else
      return bad("unknown function '" + using_name + "' (known: epoch_s, epoch_ms)");
  }
  return rule;
}

const CastRule* FindCastRule(const std::vector<CastRule>& rules, const std::string& table,
                             const ColumnSchema& column) {
  std::string native = Squash(column.native_type);
  std::string native_base = native.substr(0, native.find('('));
  for (const auto& rule : rules) {
    if (rule.match == CastRule::Match::kColumn) {
      if ((rule.table == "*" || rule.table == table) && rule.column == column.name) return &rule;
      continue;
    }
    // "tinyint(1)" matches only tinyint(1); "tinyint" matches every tinyint.
    bool has_args = rule.type_pattern.find('(') != std::string::npos;
    if (has_args ? native.rfind(rule.type_pattern, 0) == 0 &&
                       (native.size() == rule.type_pattern.size() ||
                        native[rule.type_pattern.size()] == ' ' ||
                        std::isalpha(static_cast<unsigned char>(native[rule.type_pattern.size()])))
                 : native_base == rule.type_pattern ||
                       native.rfind(rule.type_pattern, 0) == 0 &&
                           (native.size() == rule.type_pattern.size() ||
                            !std::isalnum(static_cast<unsigned char>(native[rule.type_pattern.size()]))))
      return &rule;
  }
  return nullptr;
}

}  // namespace ferry
