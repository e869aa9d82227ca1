#include "engines/postgres/wire.h"

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <vector>

namespace ferry::postgres {

namespace {

constexpr uint16_t kNumericPos = 0x0000;
constexpr uint16_t kNumericNeg = 0x4000;
constexpr uint16_t kNumericNaN = 0xC000;
constexpr uint16_t kNumericPInf = 0xD000;
constexpr uint16_t kNumericNInf = 0xF000;

void AppendInt(std::string* out, int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, end);
}

void Append2(std::string* out, int64_t v) {
  out->push_back(static_cast<char>('0' + v / 10 % 10));
  out->push_back(static_cast<char>('0' + v % 10));
}

}  // namespace

bool DecodeNumeric(const char* p, size_t len, std::string* out) {
  if (len < 8) return false;
  int ndigits = static_cast<int16_t>(ReadU16(p));
  int weight = static_cast<int16_t>(ReadU16(p + 2));
  uint16_t sign = ReadU16(p + 4);
  int dscale = static_cast<int16_t>(ReadU16(p + 6));
  if (sign == kNumericNaN) return out->append("NaN"), true;
  if (sign == kNumericPInf) return out->append("Infinity"), true;
  if (sign == kNumericNInf) return out->append("-Infinity"), true;
  if (ndigits < 0 || dscale < 0 || len != 8 + 2 * static_cast<size_t>(ndigits)) return false;
  const char* digits = p + 8;
  auto digit = [&](int i) -> int {
    return i >= 0 && i < ndigits ? static_cast<int>(ReadU16(digits + 2 * i)) : 0;
  };
  if (sign == kNumericNeg && ndigits > 0) out->push_back('-');
  if (weight < 0) {
    out->push_back('0');
  } else {
    for (int i = 0; i <= weight; ++i) {
      int d = digit(i);
      if (d > 9999) return false;
      if (i == 0) {
        AppendInt(out, d);
      } else {
        char buf[4] = {static_cast<char>('0' + d / 1000), static_cast<char>('0' + d / 100 % 10),
                       static_cast<char>('0' + d / 10 % 10), static_cast<char>('0' + d % 10)};
        out->append(buf, 4);
      }
    }
  }
  if (dscale > 0) {
    out->push_back('.');
    int emitted = 0;
    for (int i = weight + 1; emitted < dscale; ++i) {
      int d = digit(i);
      if (d > 9999) return false;
      char buf[4] = {static_cast<char>('0' + d / 1000), static_cast<char>('0' + d / 100 % 10),
                     static_cast<char>('0' + d / 10 % 10), static_cast<char>('0' + d % 10)};
      int take = dscale - emitted < 4 ? dscale - emitted : 4;
      out->append(buf, take);
      emitted += take;
    }
  }
  return true;
}

bool EncodeNumeric(std::string_view s, std::string* out) {
  auto special = [&](uint16_t sign) {
    PutU16(out, 0);
    PutU16(out, 0);
    PutU16(out, sign);
    PutU16(out, 0);
    return true;
  };
  if (s == "NaN" || s == "nan" || s == "NAN") return special(kNumericNaN);
  if (s == "Infinity" || s == "inf" || s == "+Infinity") return special(kNumericPInf);
  if (s == "-Infinity" || s == "-inf") return special(kNumericNInf);
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  size_t dot = s.find('.');
  std::string_view ip = s.substr(0, dot);
  std::string_view fp = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  if (ip.empty() && fp.empty()) return false;
  for (char c : ip)
    if (c < '0' || c > '9') return false;
  for (char c : fp)
    if (c < '0' || c > '9') return false;
  while (!ip.empty() && ip[0] == '0') ip.remove_prefix(1);
  if (fp.size() > 0x3FFF) return false;
  int dscale = static_cast<int>(fp.size());

  // Groups of 4 decimal digits aligned on the decimal point.
  size_t int_groups = (ip.size() + 3) / 4;
  size_t frac_groups = (fp.size() + 3) / 4;
  int16_t groups_stack[64];
  std::vector<int16_t> groups_heap;
  int16_t* groups = groups_stack;
  size_t total = int_groups + frac_groups;
  if (total > 64) {
    groups_heap.resize(total);
    groups = groups_heap.data();
  }
  size_t lead = int_groups * 4 - ip.size();  // zero padding on the left
  for (size_t g = 0; g < int_groups; ++g) {
    int v = 0;
    for (size_t k = 0; k < 4; ++k) {
      size_t pos = g * 4 + k;
      v = v * 10 + (pos < lead ? 0 : ip[pos - lead] - '0');
    }
    groups[g] = static_cast<int16_t>(v);
  }
  for (size_t g = 0; g < frac_groups; ++g) {
    int v = 0;
    for (size_t k = 0; k < 4; ++k) {
      size_t pos = g * 4 + k;
      v = v * 10 + (pos < fp.size() ? fp[pos] - '0' : 0);
    }
    groups[int_groups + g] = static_cast<int16_t>(v);
  }
  int weight = static_cast<int>(int_groups) - 1;
  size_t first = 0, last = total;
  while (first < last && groups[first] == 0) {
    ++first;
    --weight;
  }
  while (last > first && groups[last - 1] == 0) --last;
  size_t ndigits = last - first;
  if (ndigits == 0) {
    weight = 0;
    neg = false;
  }
  PutU16(out, static_cast<uint16_t>(ndigits));
  PutU16(out, static_cast<uint16_t>(static_cast<int16_t>(weight)));
  PutU16(out, neg ? kNumericNeg : kNumericPos);
  PutU16(out, static_cast<uint16_t>(dscale));
  for (size_t i = first; i < last; ++i) PutU16(out, static_cast<uint16_t>(groups[i]));
  return true;
}

// Mirrors the server's EncodeInterval for INTSTYLE_POSTGRES.
void FormatInterval(int64_t micros, int32_t days, int32_t months, std::string* out) {
  bool is_zero = true, is_before = false;
  auto part = [&](int64_t value, const char* unit) {
    if (value == 0) return;
    if (!is_zero) out->push_back(' ');
    if (is_before && value > 0) out->push_back('+');
    AppendInt(out, value);
    out->push_back(' ');
    out->append(unit);
    if (value != 1) out->push_back('s');
    is_before = value < 0;
    is_zero = false;
  };
  part(months / 12, "year");
  part(months % 12, "mon");
  part(days, "day");
  int64_t hour = micros / 3600000000LL;
  int64_t rest = micros % 3600000000LL;
  int64_t min = rest / 60000000LL;
  rest %= 60000000LL;
  int64_t sec = rest / 1000000;
  int64_t fsec = rest % 1000000;
  if (is_zero || hour != 0 || min != 0 || sec != 0 || fsec != 0) {
    bool minus = hour < 0 || min < 0 || sec < 0 || fsec < 0;
    if (!is_zero) out->push_back(' ');
    if (minus) out->push_back('-');
    else if (is_before) out->push_back('+');
    uint64_t h = hour < 0 ? static_cast<uint64_t>(-hour) : static_cast<uint64_t>(hour);
    if (h < 10) out->push_back('0');
    AppendInt(out, static_cast<int64_t>(h));
    out->push_back(':');
    Append2(out, min < 0 ? -min : min);
    out->push_back(':');
    Append2(out, sec < 0 ? -sec : sec);
    if (fsec != 0) {
      int64_t f = fsec < 0 ? -fsec : fsec;
      char buf[6];
      for (int i = 5; i >= 0; --i) {
        buf[i] = static_cast<char>('0' + f % 10);
        f /= 10;
      }
      int n = 6;
      while (n > 0 && buf[n - 1] == '0') --n;
      out->push_back('.');
      out->append(buf, n);
    }
  }
}

bool ParseInterval(std::string_view s, int64_t* micros_out, int32_t* days_out,
                   int32_t* months_out) {
  int64_t months = 0, days = 0;
  __int128 micros = 0;
  bool ago = false, any = false;
  size_t i = 0;
  auto skip_space = [&] {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  };
  skip_space();
  if (i < s.size() && s[i] == '@') ++i;
  while (true) {
    skip_space();
    if (i >= s.size()) break;
    if (s.substr(i) == "ago") {
      ago = true;
      break;
    }
    // A number (with sign and fraction), then either ':' (a time) or a unit.
    size_t start = i;
    int sign = 1;
    if (s[i] == '+' || s[i] == '-') {
      sign = s[i] == '-' ? -1 : 1;
      ++i;
    }
    size_t num_start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == num_start) return false;
    if (i < s.size() && s[i] == ':') {
      // [+-]H+:MM[:SS[.ffffff]]
      int64_t h = 0, m = 0, sec = 0, frac = 0;
      std::from_chars(s.data() + num_start, s.data() + i, h);
      ++i;
      size_t ms = i;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
      if (i == ms) return false;
      std::from_chars(s.data() + ms, s.data() + i, m);
      if (i < s.size() && s[i] == ':') {
        ++i;
        size_t ss = i;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
        if (i == ss) return false;
        std::from_chars(s.data() + ss, s.data() + i, sec);
        if (i < s.size() && s[i] == '.') {
          ++i;
          int digits = 0;
          while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
            if (digits < 6) {
              frac = frac * 10 + (s[i] - '0');
              ++digits;
            }
            ++i;
          }
          while (digits++ < 6) frac *= 10;
        }
      }
      micros += static_cast<__int128>(sign) * (((h * 60 + m) * 60 + sec) * 1000000 + frac);
      any = true;
      continue;
    }
    // Optional fraction (only meaningful for seconds).
    int64_t whole = 0, frac = 0;
    int frac_digits = 0;
    auto [p, ec] = std::from_chars(s.data() + num_start, s.data() + i, whole);
    if (ec != std::errc()) return false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
        if (frac_digits < 6) {
          frac = frac * 10 + (s[i] - '0');
          ++frac_digits;
        }
        ++i;
      }
    }
    for (int d = frac_digits; d < 6; ++d) frac *= 10;
    skip_space();
    size_t us = i;
    while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
    std::string unit(s.substr(us, i - us));
    for (auto& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!unit.empty() && unit.back() == 's' && unit != "s") unit.pop_back();
    int64_t v = sign * whole;
    bool fractional = frac != 0;
    if (unit == "year" || unit == "yr" || unit == "y") {
      if (fractional) return false;
      months += v * 12;
    } else if (unit == "mon" || unit == "month") {
      if (fractional) return false;
      months += v;
    } else if (unit == "week" || unit == "w") {
      if (fractional) return false;
      days += v * 7;
    } else if (unit == "day" || unit == "d") {
      if (fractional) return false;
      days += v;
    } else if (unit == "hour" || unit == "hr" || unit == "h") {
      if (fractional) return false;
      micros += static_cast<__int128>(v) * 3600000000LL;
    } else if (unit == "minute" || unit == "min") {
      if (fractional) return false;
      micros += static_cast<__int128>(v) * 60000000LL;
    } else if (unit == "second" || unit == "sec" || unit == "s") {
      micros += static_cast<__int128>(sign) * (whole * 1000000 + frac);
    } else if (unit == "millisecond" || unit == "msec") {
      micros += static_cast<__int128>(sign) * (whole * 1000 + frac / 1000);
    } else if (unit == "microsecond" || unit == "usec") {
      micros += v;
    } else {
      (void)start;
      return false;
    }
    any = true;
  }
  if (!any) return false;
  if (ago) {
    months = -months;
    days = -days;
    micros = -micros;
  }
  if (months > INT32_MAX || months < INT32_MIN || days > INT32_MAX || days < INT32_MIN ||
      micros > INT64_MAX || micros < INT64_MIN)
    return false;
  *micros_out = static_cast<int64_t>(micros);
  *days_out = static_cast<int32_t>(days);
  *months_out = static_cast<int32_t>(months);
  return true;
}

}  // namespace ferry::postgres
