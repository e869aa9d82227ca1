// Small helpers shared by the subcommands' flag handling.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/result.h"

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

// "--set name=value" pairs for a plan's ${name}; a malformed one is an
// error naming it.
inline Result<std::map<std::string, std::string>> ParseSets(const std::vector<std::string>& sets) {
  std::map<std::string, std::string> out;
  for (const auto& s : sets) {
    size_t eq = s.find('=');
    if (eq == std::string::npos || eq == 0) return Status::InvalidInput("--set '" + s + "': expected NAME=VALUE");
    out[s.substr(0, eq)] = s.substr(eq + 1);
  }
  return out;
}

}  // namespace ferry::cli
