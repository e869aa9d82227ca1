// What an archive's files say against its manifest: every table's file is
// there, has the recorded size and SHA-256 (file_digest.h), and holds the
// recorded rows (its Parquet footer). Each problem is one line naming the
// file and what differs. Restore runs CheckFiles before it writes anything;
// `ferry backup check` runs both. Reads files only; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "engines/archive/manifest.h"

namespace ferry::archive {

// "incomplete: ..." when the manifest lacks "complete": true, then one line
// per file that is missing, of another size, or of another SHA-256.
std::vector<std::string> CheckFiles(const std::string& dir, const Manifest& manifest);
// One line per file whose row count differs from the manifest's (or that
// DuckDB cannot read). Files CheckFiles named are best left out: pass them.
std::vector<std::string> CheckRows(const std::string& dir, const Manifest& manifest,
                                   const std::vector<std::string>& skip_files = {});

}  // namespace ferry::archive
