// The data-file sink: a directory of one file per table, in one format
// named by the URI scheme: "csv:///abs/dir", "jsonl://rel/dir" (the
// directory is created when missing). Tables are "<dir>/<table>.csv" etc.;
// row formats in row_encoder.h. Files are a sink only (reading them is not
// built yet). They hold rows only and have no transactions: ferry's
// checkpoints for them live in "<dir>/.ferry-checkpoint.json"
// (CheckpointPath), and each writer makes its rows durable before it
// reports a checkpoint.
//
// Schema ops are done natively: creating a table makes an empty file (an
// existing one is an error), dropping removes it, emptying truncates it.
// CountRows counts the records in a file.
#pragma once

#include <memory>

#include "core/result.h"
#include "core/uri.h"
#include "engines/sink.h"

namespace ferry::files {

// `dry_run`: creates nothing, and refuses to write.
Result<std::unique_ptr<Sink>> OpenFilesSink(const Uri& uri, bool dry_run);

}  // namespace ferry::files
