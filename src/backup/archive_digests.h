// The content check of `ferry backup check`: every table of an archive
// re-read through the archive engine, as a restore reads it, and its rows'
// digest (verify/checksum.h) compared with the one the manifest recorded
// when the file was written. Catches what a file's SHA-256 cannot: a file
// rewritten together with its manifest digest, or a reader that no longer
// gives back what was written. Main thread.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "engines/archive/manifest.h"

namespace ferry::backup {

// One line per table whose rows differ from the recorded digest ("t.parquet:
// rows differ from the manifest's checksum ..."); tables recorded without
// a digest (archives of an older ferry) are passed. An archive that cannot
// be opened is an error.
Result<std::vector<std::string>> CheckDigests(const std::string& dir, const archive::Manifest& manifest);

}  // namespace ferry::backup
