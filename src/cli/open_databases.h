// Opening the two ends of a run from their URIs, with the checks every
// command wants: both parse, they are not the same database, the source is
// read-only, and in a dry run the target is not created or written (a
// missing SQLite/DuckDB target file or files directory counts as empty).
// A folder of data files as the source (csv://, jsonl://, parquet://) reads
// its columns with the types `casts` give them (engines/files/file_views.h),
// and a column rule naming a table or column the folder lacks is refused.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engines/engine.h"
#include "engines/sink.h"
#include "plan/cast_rules.h"

namespace ferry::cli {

struct OpenedDatabases {
  std::unique_ptr<Database> source;
  std::unique_ptr<Sink> target;  // a dry run's sink writes nothing
  Uri target_uri;                // to read the target back (--verify)
  std::string target_name;       // redacted
};

Result<OpenedDatabases> OpenSourceAndTarget(const std::string& source_uri,
                                            const std::string& target_uri, bool dry_run,
                                            const std::vector<CastRule>& casts = {});

}  // namespace ferry::cli
