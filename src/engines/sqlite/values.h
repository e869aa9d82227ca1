// Value conversions shared by the SQLite reader and writer: canonical
// decimal text, shortest round-trip float text and fast temporal text (UTF-8
// and UUIDs: core/utf8.h, core/uuid.h). Pure functions; thread-safe; no
// allocation except into the caller's output string.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ferry::sqlite {

// Canonical decimal text for decimal(precision, scale) from a decimal
// literal ("-1.5", "+12", "1.2e3", ".5"). scale < 0 keeps the digits given.
// `round`: digits beyond the scale are rounded half away from zero
// (REAL sources, already approximate); otherwise a nonzero digit beyond the
// scale fails. Returns false with *error set when `text` is not a number or
// does not fit.
bool CanonicalDecimal(std::string_view text, int precision, int scale, bool round,
                      std::string* out, std::string* error);

// Shortest text that reads back as `v`, fixed notation (no exponent).
void AppendDoubleFixed(std::string* out, double v);
// Shortest text that reads back as `v` (may use an exponent); integral
// values get ".0" so they still read as REAL.
void AppendDoubleText(std::string* out, double v);

// The text forms of temporal.h (AppendDate/Time/Timestamp), written without
// snprintf for the writer's hot loop; identical output for every input.
void AppendDateFast(std::string* out, int64_t days);
void AppendTimeFast(std::string* out, int64_t micros);
void AppendTimestampFast(std::string* out, int64_t micros);

}  // namespace ferry::sqlite
