// The data-file sink: a directory of one file per table, in one format
// named by the URI scheme: "csv:///abs/dir", "jsonl://rel/dir",
// "parquet:///dir" (the directory is created when missing). Tables are
// "<dir>/<table>.csv" etc.; csv and jsonl rows in row_encoder.h, Parquet
// through archive/parquet_writer.h. (Read back through file_source.h.) They
// hold rows only and have no transactions: ferry's checkpoints for them live
// in "<dir>/.ferry-checkpoint.json" (CheckpointPath), and each writer makes
// its rows durable before it reports a checkpoint; a Parquet file is durable
// only once finished, so an unfinished one is written again whole.
//
// Schema ops are done natively: creating a table makes an empty file (a
// Parquet file with the columns and no rows; an existing file is an error),
// dropping removes it, emptying truncates (Parquet: removes) it. CountRows
// counts the records in a file (Parquet: its footer's count).
#pragma once

#include <memory>

#include "core/result.h"
#include "core/uri.h"
#include "engines/sink.h"

namespace ferry::files {

// `dry_run`: creates nothing, and refuses to write.
Result<std::unique_ptr<Sink>> OpenFilesSink(const Uri& uri, bool dry_run);

}  // namespace ferry::files
