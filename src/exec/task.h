// Task: one unit of the data phase, a table or one key range of it, and
// what it has moved so far. The executor owns tasks; the write stage
// advances their counters. Not shared between threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "engines/engine.h"

namespace ferry {

struct Task {
  static constexpr size_t kNoPart = static_cast<size_t>(-1);  // not checkpointed (second-pass staging)

  size_t job_index = 0;
  std::optional<int64_t> lo, hi;  // key range, both set or neither
  // Checkpoint state: the task's row in the checkpoint store, the last key
  // committed (JSON, "" = none) and rows committed by earlier attempts or
  // sessions. `rows` counts this attempt's rows handed to the writer.
  size_t part = kNoPart;
  std::string after_json;
  int64_t rows_done = 0;
  bool resumed = false;  // state came from an earlier attempt or session
  // A resumed query task (TableJob::from_query) merges by the job's
  // query_key, skipping rows an earlier attempt committed.
  bool skip_existing = false;
  int64_t rows = 0;
  WriteCounts uncommitted;  // this attempt's inserted/updated/skipped since its last commit
  WriteCounts committed;    // this session's inserted/updated/skipped already committed
  int64_t rejected_uncommitted = 0;  // rows this attempt rejected since its last commit

  bool checkpointed() const { return part != kNoPart; }
  void Committed() {
    committed.Add(uncommitted);
    uncommitted = {};
    rejected_uncommitted = 0;
  }
};

}  // namespace ferry
