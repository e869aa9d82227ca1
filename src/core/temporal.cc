#include "core/temporal.h"

#include <cstdio>

namespace ferry {

// Howard Hinnant's civil-from-days algorithms (public domain description).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yy + (*m <= 2);
}

namespace {

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

void AppendDigits(std::string* out, int64_t v, int width) {
  char buf[24];
  int n = std::snprintf(buf, sizeof buf, "%0*lld", width, static_cast<long long>(v));
  out->append(buf, n);
}

bool Digits(std::string_view s, size_t pos, size_t n, int64_t* out) {
  if (pos + n > s.size()) return false;
  int64_t v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

unsigned DaysInMonth(int64_t y, unsigned m) {
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// Parses [-]YYYY-MM-DD at the start of s; sets *used.
std::optional<int64_t> ParseDatePart(std::string_view s, size_t* used) {
  bool neg = !s.empty() && s[0] == '-';
  size_t p = neg ? 1 : 0;
  size_t dash = s.find('-', p);
  if (dash == std::string_view::npos || dash - p < 4 || dash - p > 6) return std::nullopt;
  int64_t y, mo, d;
  if (!Digits(s, p, dash - p, &y) || !Digits(s, dash + 1, 2, &mo) || s.size() < dash + 6 ||
      s[dash + 3] != '-' || !Digits(s, dash + 4, 2, &d))
    return std::nullopt;
  if (neg) y = -y;
  if (mo < 1 || mo > 12 || d < 1 || d > DaysInMonth(y, static_cast<unsigned>(mo)))
    return std::nullopt;
  *used = dash + 6;
  return DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
}

// Parses HH:MM[:SS[.ffffff]] at the start of s.
std::optional<int64_t> ParseTimePart(std::string_view s, size_t* used) {
  int64_t h, mi, sec = 0;
  if (!Digits(s, 0, 2, &h) || s.size() < 5 || s[2] != ':' || !Digits(s, 3, 2, &mi))
    return std::nullopt;
  size_t p = 5;
  int64_t micros = 0;
  if (p < s.size() && s[p] == ':') {
    if (!Digits(s, p + 1, 2, &sec)) return std::nullopt;
    p += 3;
    if (p < s.size() && s[p] == '.') {
      ++p;
      int digits = 0;
      while (p < s.size() && s[p] >= '0' && s[p] <= '9') {
        if (digits < 6) {
          micros = micros * 10 + (s[p] - '0');
          ++digits;
        }
        ++p;  // digits beyond microseconds are truncated
      }
      if (digits == 0) return std::nullopt;
      while (digits++ < 6) micros *= 10;
    }
  }
  if (h > 24 || mi > 59 || sec > 60 || (h == 24 && (mi || sec || micros))) return std::nullopt;
  *used = p;
  return ((h * 60 + mi) * 60 + sec) * kMicrosPerSecond + micros;
}

}  // namespace

void AppendDate(std::string* out, int64_t days) {
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  if (y < 0) {
    out->push_back('-');
    y = -y;
  }
  AppendDigits(out, y, 4);
  out->push_back('-');
  AppendDigits(out, m, 2);
  out->push_back('-');
  AppendDigits(out, d, 2);
}

void AppendTime(std::string* out, int64_t micros) {
  int64_t secs = micros / kMicrosPerSecond, frac = micros % kMicrosPerSecond;
  AppendDigits(out, secs / 3600, 2);
  out->push_back(':');
  AppendDigits(out, secs / 60 % 60, 2);
  out->push_back(':');
  AppendDigits(out, secs % 60, 2);
  if (frac) {
    out->push_back('.');
    AppendDigits(out, frac, 6);
  }
}

void AppendTimestamp(std::string* out, int64_t micros) {
  int64_t days = FloorDiv(micros, kMicrosPerDay);
  AppendDate(out, days);
  out->push_back(' ');
  AppendTime(out, micros - days * kMicrosPerDay);
}

std::string FormatDate(int64_t days) {
  std::string s;
  AppendDate(&s, days);
  return s;
}
std::string FormatTime(int64_t micros) {
  std::string s;
  AppendTime(&s, micros);
  return s;
}
std::string FormatTimestamp(int64_t micros) {
  std::string s;
  AppendTimestamp(&s, micros);
  return s;
}
std::string FormatTimestampTz(int64_t micros) { return FormatTimestamp(micros) + "+00"; }

std::optional<int64_t> ParseDate(std::string_view text) {
  size_t used = 0;
  auto d = ParseDatePart(text, &used);
  if (!d || used != text.size()) return std::nullopt;
  return d;
}

std::optional<int64_t> ParseTime(std::string_view text) {
  size_t used = 0;
  auto t = ParseTimePart(text, &used);
  if (!t || used != text.size()) return std::nullopt;
  return t;
}

std::optional<int64_t> ParseTimestamp(std::string_view s) {
  size_t used = 0;
  auto days = ParseDatePart(s, &used);
  if (!days) return std::nullopt;
  int64_t micros = *days * kMicrosPerDay;
  if (used == s.size()) return micros;
  if (s[used] != ' ' && s[used] != 'T') return std::nullopt;
  s.remove_prefix(used + 1);
  auto t = ParseTimePart(s, &used);
  if (!t) return std::nullopt;
  micros += *t;
  s.remove_prefix(used);
  while (!s.empty() && s[0] == ' ') s.remove_prefix(1);
  if (s.empty()) return micros;
  if (s == "Z" || s == "z" || s == "UTC") return micros;
  if (s[0] != '+' && s[0] != '-') return std::nullopt;
  int sign = s[0] == '-' ? -1 : 1;
  int64_t oh = 0, om = 0;
  if (!Digits(s, 1, 2, &oh)) return std::nullopt;
  size_t p = 3;
  if (p < s.size() && s[p] == ':') ++p;
  if (p < s.size()) {
    if (!Digits(s, p, 2, &om)) return std::nullopt;
    p += 2;
  }
  if (p != s.size()) return std::nullopt;
  return micros - sign * (oh * 3600 + om * 60) * kMicrosPerSecond;
}

bool IsZeroDate(std::string_view text) {
  return text.size() >= 10 && text.substr(0, 10) == "0000-00-00";
}

bool IsZeroDateFamily(std::string_view text) {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return false;
  return text.substr(5, 2) == "00" || text.substr(8, 2) == "00";
}

}  // namespace ferry
