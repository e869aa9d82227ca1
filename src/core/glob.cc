#include "core/glob.h"

#include <fnmatch.h>

namespace ferry {

bool GlobMatches(const std::string& pattern, const std::string& name) {
  return fnmatch(pattern.c_str(), name.c_str(), 0) == 0;
}

bool MatchesAnyGlob(const std::vector<std::string>& patterns, const std::string& name) {
  for (const auto& p : patterns)
    if (GlobMatches(p, name)) return true;
  return false;
}

}  // namespace ferry
