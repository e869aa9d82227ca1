// The DuckDB engine's entry point. One duckdb_database per Database object;
// readers and writers each open their own connection on it (thread-safe in
// DuckDB). Sources open READ_ONLY (a missing file is kNotFound, never
// created), targets READ_WRITE; every connection runs in UTC. The URI path is
// the file; an empty path or ":memory:" is an in-memory database. The schema
// is "main" unless ?schema= says otherwise.
#pragma once

#include <memory>

#include "core/uri.h"
#include "engines/engine.h"

namespace ferry::duckdb {

Result<std::unique_ptr<Database>> OpenDuckdb(const Uri& uri, AccessMode mode);

}  // namespace ferry::duckdb
