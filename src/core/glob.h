// Table-name globs (--tables, --exclude, --include, --where and --key
// table parts): shell wildcards as fnmatch(3) reads them with no flags.
// `*` and `?` match any character, '/' and a leading '.' included;
// `[abc]`, `[!a-z]` classes; a backslash escapes the next character.
// Matching is case-sensitive. Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

namespace ferry {

bool GlobMatches(const std::string& pattern, const std::string& name);

// True when any of `patterns` matches `name`; false for no patterns.
bool MatchesAnyGlob(const std::vector<std::string>& patterns, const std::string& name);

}  // namespace ferry
