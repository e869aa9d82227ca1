#include "engines/sqlite/values.h"

#include <charconv>
#include <cmath>

#include "core/temporal.h"

namespace ferry::sqlite {

bool CanonicalDecimal(std::string_view text, int precision, int scale, bool round,
                      std::string* out, std::string* error) {
  out->clear();
  size_t i = 0, n = text.size();
  while (i < n && text[i] == ' ') ++i;
  while (n > i && text[n - 1] == ' ') --n;
  bool negative = false;
  if (i < n && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  // All digits without the point; `point` = digits before the point.
  std::string digits;
  size_t int_digits = 0, frac_digits = 0;
  while (i < n && text[i] >= '0' && text[i] <= '9') digits += text[i++], ++int_digits;
  if (i < n && text[i] == '.') {
    ++i;
    while (i < n && text[i] >= '0' && text[i] <= '9') digits += text[i++], ++frac_digits;
  }
  if (digits.empty()) {
    *error = "not a number";
    return false;
  }
  long exponent = 0;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    auto [p, ec] = std::from_chars(text.data() + i + (i < n && text[i] == '+'), text.data() + n,
                                   exponent);
    if (ec != std::errc() || p != text.data() + n || exponent > 4000 || exponent < -4000) {
      *error = "not a number";
      return false;
    }
    i = n;
  }
  if (i != n) {
    *error = "not a number";
    return false;
  }
  // Apply the exponent by moving the point.
  long point = static_cast<long>(int_digits) + exponent;
  if (point < 0) {
    digits.insert(0, static_cast<size_t>(-point), '0');
    point = 0;
  } else if (point > static_cast<long>(digits.size())) {
    digits.append(static_cast<size_t>(point) - digits.size(), '0');
  }
  std::string int_part = digits.substr(0, static_cast<size_t>(point));
  std::string frac_part = digits.substr(static_cast<size_t>(point));
  (void)frac_digits;
  if (scale >= 0) {
    if (frac_part.size() > static_cast<size_t>(scale)) {
      std::string_view extra(frac_part.data() + scale, frac_part.size() - scale);
      bool nonzero = extra.find_first_not_of('0') != std::string_view::npos;
      if (nonzero && !round) {
        *error = "has more than " + std::to_string(scale) + " decimal places";
        return false;
      }
      bool up = round && extra[0] >= '5';
      frac_part.resize(static_cast<size_t>(scale));
      if (up) {
        // Carry through the fraction into the integer part.
        std::string all = int_part + frac_part;
        int k = static_cast<int>(all.size()) - 1;
        for (; k >= 0; --k) {
          if (all[k] == '9') {
            all[k] = '0';
          } else {
            ++all[k];
            break;
          }
        }
        if (k < 0) all.insert(0, 1, '1');
        int_part = all.substr(0, all.size() - scale);
        frac_part = all.substr(all.size() - scale);
      }
    } else {
      frac_part.append(static_cast<size_t>(scale) - frac_part.size(), '0');
    }
  }
  size_t first = int_part.find_first_not_of('0');
  int_part = first == std::string::npos ? "0" : int_part.substr(first);
  if (precision > 0) {
    size_t max_int = static_cast<size_t>(precision - std::max(scale, 0));
    size_t used = int_part == "0" ? 0 : int_part.size();
    if (used > max_int) {
      *error = "out of range for decimal(" + std::to_string(precision) + "," +
               std::to_string(std::max(scale, 0)) + ")";
      return false;
    }
  }
  bool zero = int_part == "0" && frac_part.find_first_not_of('0') == std::string::npos;
  if (negative && !zero) *out += '-';
  *out += int_part;
  if (!frac_part.empty()) {
    *out += '.';
    *out += frac_part;
  }
  return true;
}

void AppendDoubleFixed(std::string* out, double v) {
  char buf[400];  // DBL_MAX in fixed notation is 309 digits
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  if (ec == std::errc()) out->append(buf, p);
}

void AppendDoubleText(std::string* out, double v) {
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  if (ec != std::errc()) return;
  std::string_view s(buf, p - buf);
  out->append(s);
  if (std::isfinite(v) && s.find_first_of(".e") == std::string_view::npos) out->append(".0");
}

namespace {

inline void Put2(char* p, unsigned v) {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
}

}  // namespace

void AppendDateFast(std::string* out, int64_t days) {
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  if (y < 0 || y > 9999) {
    AppendDate(out, days);  // rare: the general path handles signs and width
    return;
  }
  char buf[10];
  Put2(buf, static_cast<unsigned>(y / 100));
  Put2(buf + 2, static_cast<unsigned>(y % 100));
  buf[4] = '-';
  Put2(buf + 5, m);
  buf[7] = '-';
  Put2(buf + 8, d);
  out->append(buf, 10);
}

void AppendTimeFast(std::string* out, int64_t micros) {
  if (micros < 0 || micros >= kMicrosPerDay + 1) {
    AppendTime(out, micros);
    return;
  }
  int64_t secs = micros / kMicrosPerSecond;
  unsigned frac = static_cast<unsigned>(micros % kMicrosPerSecond);
  char buf[15];
  Put2(buf, static_cast<unsigned>(secs / 3600));
  buf[2] = ':';
  Put2(buf + 3, static_cast<unsigned>(secs / 60 % 60));
  buf[5] = ':';
  Put2(buf + 6, static_cast<unsigned>(secs % 60));
  size_t n = 8;
  if (frac) {
    buf[8] = '.';
    for (int i = 14; i >= 9; --i) {
      buf[i] = static_cast<char>('0' + frac % 10);
      frac /= 10;
    }
    n = 15;
  }
  out->append(buf, n);
}

void AppendTimestampFast(std::string* out, int64_t micros) {
  int64_t days = micros / kMicrosPerDay - (micros % kMicrosPerDay < 0);
  AppendDateFast(out, days);
  out->push_back(' ');
  AppendTimeFast(out, micros - days * kMicrosPerDay);
}

}  // namespace ferry::sqlite
