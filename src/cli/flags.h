// Small helpers shared by the subcommands' flag handling.
#pragma once

#include <string>
#include <vector>

namespace ferry::cli {

// "--tables a,b --tables c" -> {a, b, c}: comma lists and repeats both work.
inline std::vector<std::string> SplitCommas(const std::vector<std::string>& in) {
  std::vector<std::string> out;
  for (const auto& s : in) {
    size_t start = 0;
    for (;;) {
      size_t comma = s.find(',', start);
      std::string part = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (!part.empty()) out.push_back(part);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return out;
}

}  // namespace ferry::cli
