// The archive as a source Database: "archive:///path/NAME-..." opened
// read-only. Opening refuses an incomplete archive, and one whose files
// differ from the manifest (missing, other size, other SHA-256), naming the
// file, before any reader exists (so a restore writes nothing). Introspect
// returns the catalog the manifest recorded, keys, indexes and FKs as the
// source had them; the Database speaks the source engine's dialect, so a
// restore into that engine keeps native types as a copy would. Readers
// read the Parquet files through views in a private in-memory DuckDB
// (engines/duckdb reader); each reader has its own connection.
#pragma once

#include <memory>

#include "core/result.h"
#include "core/uri.h"
#include "engines/engine.h"

namespace ferry::archive {

// `mode` must be kReadOnly: an archive is written through its sink.
Result<std::unique_ptr<Database>> OpenArchiveDatabase(const Uri& uri, AccessMode mode);

}  // namespace ferry::archive
