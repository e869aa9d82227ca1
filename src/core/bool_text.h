// Booleans written as text: the one reading of "t", "yes", "off" and the
// like, for values (SQLite text in BOOLEAN columns, text converted to bool,
// verify's canonical form), column defaults from catalogs and plan files.
// Pure function; thread-safe.
#pragma once

#include <optional>
#include <string_view>

namespace ferry {

// true for 1, t, true, y, yes, on; false for 0, f, false, n, no, off; any
// mix of case ("TRUE", "Off"). Anything else, "" and text with spaces
// around included, is no boolean: nullopt.
std::optional<bool> ParseBool(std::string_view text);

}  // namespace ferry
