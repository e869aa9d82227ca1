#include "core/bool_text.h"

namespace ferry {

std::optional<bool> ParseBool(std::string_view text) {
  // The longest spelling is "false"; longer text cannot match.
  if (text.empty() || text.size() > 5) return std::nullopt;
  char low[5];
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    low[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  const std::string_view l(low, text.size());
  for (std::string_view t : {"1", "t", "true", "y", "yes", "on"})
    if (l == t) return true;
  for (std::string_view f : {"0", "f", "false", "n", "no", "off"})
    if (l == f) return false;
  return std::nullopt;
}

}  // namespace ferry
