// Text <-> integer forms of dates and times (see logical_type.h for the
// units). Formatting is what every text-based wire (MySQL LOAD DATA, SQLite
// storage, reject files, verify) uses; parsing accepts ISO 8601 with a space
// or 'T', optional fraction (to microseconds) and optional zone offset or 'Z'.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ferry {

constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMicrosPerDay = 86400LL * kMicrosPerSecond;

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);
void CivilFromDays(int64_t days, int64_t* y, unsigned* m, unsigned* d);

std::string FormatDate(int64_t days);                 // "2024-02-29"
std::string FormatTime(int64_t micros);               // "23:59:59" or "23:59:59.123456"
std::string FormatTimestamp(int64_t micros);          // "2024-02-29 23:59:59.123456"
std::string FormatTimestampTz(int64_t micros);        // "2024-02-29 23:59:59.123456+00"
// Appends without allocating a temporary.
void AppendDate(std::string* out, int64_t days);
void AppendTime(std::string* out, int64_t micros);
void AppendTimestamp(std::string* out, int64_t micros);

std::optional<int64_t> ParseDate(std::string_view text);
std::optional<int64_t> ParseTime(std::string_view text);
// A zone offset in the text is applied (result in UTC); none means UTC.
std::optional<int64_t> ParseTimestamp(std::string_view text);

// MySQL's "0000-00-00" family: dates that exist in no calendar.
bool IsZeroDate(std::string_view text);
// The wider family: YYYY-MM-DD[...] with the month or the day "00"
// ("0000-00-00", "2020-00-10 12:00:00"); the year alone may be 0000.
bool IsZeroDateFamily(std::string_view text);

}  // namespace ferry
