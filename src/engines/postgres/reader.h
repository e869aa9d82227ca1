// PostgresReader: streams one table (or a key range of it) with
// COPY (SELECT ...) TO STDOUT (FORMAT binary) and decodes the binary tuples
// straight into RecordBatch columns. Every column is cast in the SELECT to
// the wire type its logical type is decoded from (exotic types as ::text).
// Owns its connection; a source reader joins the Database's exported
// snapshot so parallel readers see one state. One thread at a time.
#pragma once

#include <memory>
#include <string>

#include "engines/engine.h"
#include "engines/postgres/handles.h"

namespace ferry::postgres {

// `snapshot` is the id from pg_export_snapshot() or empty (no shared snapshot).
Result<std::unique_ptr<TableReader>> OpenPostgresReader(const Uri& uri, AccessMode mode,
                                                        const std::string& schema,
                                                        const std::string& snapshot,
                                                        const ReadSpec& spec);

}  // namespace ferry::postgres
