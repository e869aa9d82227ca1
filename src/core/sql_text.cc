#include "core/sql_text.h"

#include <cctype>

namespace ferry {

bool IsNumberLiteral(std::string_view s) {
  size_t i = 0;
  auto digits_from = [&](size_t* count) {
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++*count;
  };
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  size_t digits = 0;
  digits_from(&digits);
  if (i < s.size() && s[i] == '.') {
    ++i;
    digits_from(&digits);
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t exp_digits = 0;
    digits_from(&exp_digits);
    if (exp_digits == 0) return false;
  }
  return i == s.size();
}

std::string QuoteDoubling(std::string_view text, char quote) {
  std::string out;
  out.reserve(text.size() + 2);
  out += quote;
  for (char c : text) {
    if (c == quote) out += quote;
    out += c;
  }
  out += quote;
  return out;
}

}  // namespace ferry
