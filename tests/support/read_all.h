// Reads a whole ReadSpec through ferry's own reader into one batch, for
// engine tests that check what a reader produces. Row issues keep their
// meaning: their row numbers are renumbered into the combined batch.
#pragma once

#include "engines/engine.h"

namespace ferry::test {

// `batches` (optional) receives how many batches the reader returned.
// Failures are reported as test failures; the batch then holds what was read.
RecordBatch ReadAll(Database* db, const ReadSpec& spec, size_t* batches = nullptr);

}  // namespace ferry::test
