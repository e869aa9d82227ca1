// Small helpers for reading SQL text that engines' catalogs hand back
// (column defaults and the like). Pure functions; thread-safe.
#pragma once

#include <string_view>

namespace ferry {

// True when `s` is exactly a number literal: [+-]digits[.digits][e[+-]digits].
bool IsNumberLiteral(std::string_view s);

}  // namespace ferry
