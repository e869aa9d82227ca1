// A TableWriter around another that adds each row it accepted to a
// Checksum (verify/checksum.h, the table's columns rendered against
// themselves), so the manifest can record the digest of what the file
// holds and `ferry backup check` can compare the file's rows with it. Rows
// a Write refused (kData: the executor halves and rejects them) are not
// added. One thread calls the writer, as for the one it wraps.
#pragma once

#include <memory>

#include "engines/engine.h"
#include "verify/checksum.h"

namespace ferry::archive {

// `digest` is filled as rows are written; the caller reads it once the
// wrapped writer's Finish() reports the file (its on_finished callback).
std::unique_ptr<TableWriter> DigestRows(std::unique_ptr<TableWriter> inner, const WriteSpec& spec,
                                        std::shared_ptr<verify::Checksum> digest);

}  // namespace ferry::archive
