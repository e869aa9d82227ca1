// The archive as a sink: "archive:///path/NAME-YYYYMMDDTHHMMSSZ", a folder
// made for one backup (layout.h). Each table becomes one Parquet file
// (parquet_writer.h); its schema, keys, indexes and foreign keys are
// recorded in manifest.json as the schema operations arrive (held as
// metadata, not enforced: no orphan check, no merges, no loading into an
// existing archive). The manifest is rewritten after each operation, so an
// interrupted archive says what it was meant to hold; Finish() records each
// file's rows, size and SHA-256 and then "complete": true, last.
//
// The sink speaks the source engine's dialect when the URI names it
// (cli/open_databases adds source_engine and source_uri to the URI's
// parameters), so native types and defaults are kept as in a copy between
// two databases of that engine. A folder that holds a complete archive, or
// other files and no manifest, is refused. Schema operations and Finish on
// the main thread; writers from worker threads.
#pragma once

#include <memory>

#include "core/result.h"
#include "core/uri.h"
#include "engines/sink.h"

namespace ferry::archive {

// `dry_run`: creates nothing, and refuses to write.
Result<std::unique_ptr<Sink>> OpenArchiveSink(const Uri& uri, bool dry_run);

}  // namespace ferry::archive
