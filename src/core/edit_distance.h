// Edit distance between short words, for "did you mean" suggestions (an
// unknown flag or command against the known ones). Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferry {

// Damerau-Levenshtein distance in its optimal-string-alignment form: each
// insertion, deletion, substitution and swap of two neighbours counts one
// ("tabels" -> "tables" is 1). Bytes, not characters; meant for ASCII names.
size_t EditDistance(std::string_view a, std::string_view b);

// The candidate nearest to `word`, when it is near enough to be a likely
// typo: at most a third of the word's length in edits (at least 1, at most
// 3). Ties go to the first candidate. nullopt when none is that near.
std::optional<std::string> NearestWord(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace ferry
