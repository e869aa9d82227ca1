// FileWriter: appends one table's rows to its data file through a
// RowEncoder. Rows are buffered and reach the file in large writes; Commit()
// writes the buffer, fsyncs the file and then reports the task's last
// checkpoint with the file's durable size (WriteSpec::on_durable), so a
// checkpoint never covers bytes that could still be lost. Opened with
// WriteSpec::resume_bytes it first cuts the file back to that size, which
// drops rows an interrupted run wrote after its last checkpoint.
// Write() is atomic per call: a row the format cannot hold leaves nothing of
// the call behind. One thread at a time.
#pragma once

#include <memory>
#include <string>

#include "engines/engine.h"
#include "engines/files/row_encoder.h"

namespace ferry::files {

Result<std::unique_ptr<TableWriter>> OpenFileWriter(const std::string& path, const WriteSpec& spec,
                                                    std::unique_ptr<RowEncoder> encoder);

}  // namespace ferry::files
