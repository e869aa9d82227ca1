// Small helpers for reading SQL text that engines' catalogs hand back
// (column defaults and the like). Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace ferry {

// True when `s` is exactly a number literal: [+-]digits[.digits][e[+-]digits].
bool IsNumberLiteral(std::string_view s);

// `text` between two `quote` characters, each `quote` inside doubled: the
// SQL spelling of identifiers ("a""b", `a``b`) and string literals ('it''s').
std::string QuoteDoubling(std::string_view text, char quote);

}  // namespace ferry
