// UTF-8 validation: the one check that decides whether bytes may travel as
// text (SQLite TEXT and BLOB read into text columns, bytes converted to
// text). Pure function; thread-safe.
#pragma once

#include <string_view>

namespace ferry {

// True when `bytes` is well-formed UTF-8 (Unicode table 3-7): no overlong
// forms (C0 AF), no surrogates (ED A0 80), nothing above U+10FFFF
// (F4 90 80 80), no stray continuation byte and no sequence cut short at
// the end. NUL bytes are valid characters. Runs eight ASCII bytes at a time.
bool IsValidUtf8(std::string_view bytes);

}  // namespace ferry
