// PostgresWriter: loads batches into one existing table with
// COPY ... FROM STDIN (FORMAT binary), encoding each value for the target
// column's actual type (read from pg_attribute at open). Tables with a
// column that has no binary encoder here (inet, arrays, xml...) use COPY
// text format instead. One transaction per writer: BEGIN at open, Commit()
// commits and begins anew; each Write() runs inside a savepoint so a
// refused batch leaves nothing behind. Plain loads also stream
// (TableWriter::Streams): WriteStreamed() keeps one COPY open across
// batches after a savepoint, and Flush() ends it and runs the last
// checkpoint (a checkpoint statement cannot run while a COPY is open); a
// refusal rolls back to that savepoint, undoing every batch since the
// last Flush(). Owns its connection (`conn`, already set up by Connect(),
// or null to connect here); one thread.
#pragma once

#include <memory>
#include <string>

#include "engines/engine.h"
#include "engines/postgres/handles.h"

namespace ferry::postgres {

Result<std::unique_ptr<TableWriter>> OpenPostgresWriter(const Uri& uri, const std::string& schema,
                                                        const WriteSpec& spec, PgConn conn = nullptr);

}  // namespace ferry::postgres
