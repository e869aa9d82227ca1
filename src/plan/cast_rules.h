// Cast rules: user overrides of the type mapping, pgloader's CAST rules as
// the model. A rule matches a source column by native type or by name and
// says which logical type it becomes, optionally with a conversion function:
//
//   type tinyint(1) to bool
//   type datetime to text
//   column user.email_verified to timestamp using epoch_ms
//   column events.payload to json
//
// Rules are tried in the order given; the first match wins; user rules win
// over ferry's built-in mapping. Parsed once on the main thread; immutable.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/logical_type.h"
#include "core/schema.h"

namespace ferry {

enum class CastFunction {
  kNone,
  kEpochSeconds,       // integer <-> timestamp: seconds since 1970-01-01 UTC
  kEpochMilliseconds,  // integer <-> timestamp: milliseconds since 1970-01-01 UTC
};

struct CastRule {
  enum class Match { kType, kColumn };
  Match match = Match::kType;
  std::string type_pattern;  // kType: native type, case-insensitive; "(...)" part optional
  std::string table;         // kColumn; "*" matches any table
  std::string column;        // kColumn
  LogicalType to;
  CastFunction using_fn = CastFunction::kNone;
  std::string text;          // the rule as written, for messages
};

Result<CastRule> ParseCastRule(std::string_view text);
std::string_view CastFunctionName(CastFunction fn);

// The first rule matching `column` of `table`, or nullopt.
const CastRule* FindCastRule(const std::vector<CastRule>& rules, const std::string& table,
                             const ColumnSchema& column);

}  // namespace ferry
