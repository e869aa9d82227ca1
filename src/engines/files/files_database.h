// The data-file target: a directory of one file per table, in one format
// named by the URI scheme: "csv:///abs/dir", "jsonl://rel/dir" (the
// directory is created when missing). Tables are "<dir>/<table>.csv" etc.;
// row formats in row_encoder.h. Files are a target only (reading them is
// not built yet), and have no transactions: ferry's checkpoints for them
// live in "<dir>/.ferry-checkpoint.json" (CheckpointPath), and each writer
// makes its rows durable before it reports a checkpoint.
//
// Execute() understands exactly the statements FilesDialect writes:
// CREATE TABLE (creates an empty file; an existing one is an error), DROP
// TABLE [IF EXISTS] (removes it), DELETE FROM (empties it), and BEGIN /
// COMMIT / ROLLBACK (nothing to do). CountRows counts the records in a file.
#pragma once

#include <memory>

#include "core/result.h"
#include "core/uri.h"
#include "engines/engine.h"

namespace ferry::files {

Result<std::unique_ptr<Database>> OpenFiles(const Uri& uri, AccessMode mode);

}  // namespace ferry::files
