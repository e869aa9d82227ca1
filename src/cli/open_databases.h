// Opening the two ends of a run from their URIs, with the checks every
// command wants: both parse, they are not the same database, the source is
// read-only, and in a dry run the target is not created or written (a
// missing SQLite/DuckDB target file counts as an empty database).
#pragma once

#include <memory>
#include <string>

#include "engines/engine.h"

namespace ferry::cli {

struct OpenedDatabases {
  std::unique_ptr<Database> source;
  std::unique_ptr<Database> target;            // null in a dry run onto a missing file
  std::unique_ptr<Dialect> target_dialect;     // set when target is null
  std::string target_name;                     // redacted
};

Result<OpenedDatabases> OpenSourceAndTarget(const std::string& source_uri,
                                            const std::string& target_uri, bool dry_run);

}  // namespace ferry::cli
