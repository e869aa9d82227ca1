// Per-table counters of a run, updated by reader and writer threads and read
// by the progress display and the summary. Counters are atomics: readers of
// the stats may see a row counted as read but not yet written, never less.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "engines/engine.h"

namespace ferry {

struct JobStats {
  std::string table;  // target table name, as shown
  std::string source_table;  // where its rows come from
  int64_t rows_expected = -1;
  std::atomic<int64_t> rows_read{0};
  std::atomic<int64_t> rows_written{0};
  std::atomic<int64_t> rows_rejected{0};
  // Under --on-conflict: what the merges did with the rows written.
  std::atomic<int64_t> rows_inserted{0};
  std::atomic<int64_t> rows_updated{0};
  std::atomic<int64_t> rows_skipped{0};
  // Rows an interrupted earlier session committed (part of rows_written).
  std::atomic<int64_t> rows_resumed{0};
  std::atomic<int64_t> bytes{0};
  std::atomic<bool> started{false};
  std::atomic<bool> finished{false};
  std::chrono::steady_clock::time_point start_time, end_time;
  std::atomic<int> active_parts{0};

  // What writers did with rows (merges), counted as they land, and taken
  // back when rows come again (a retried or reloaded task).
  void AddCounts(const WriteCounts& c) {
    rows_inserted += c.inserted;
    rows_updated += c.updated;
    rows_skipped += c.skipped;
  }
  void TakeBackCounts(const WriteCounts& c) {
    rows_inserted -= c.inserted;
    rows_updated -= c.updated;
    rows_skipped -= c.skipped;
  }

  // Values replaced by NULL by a documented rule: "column: reason" -> count.
  void AddNote(const std::string& note, int64_t count = 1) {
    std::lock_guard lock(mu_);
    notes_[note] += count;
  }
  std::map<std::string, int64_t> notes() const {
    std::lock_guard lock(mu_);
    return notes_;
  }
  double Seconds() const {
    if (!started) return 0;
    auto end = finished ? end_time : std::chrono::steady_clock::now();
    return std::chrono::duration<double>(end - start_time).count();
  }

 private:
  mutable std::mutex mu_;
  std::map<std::string, int64_t> notes_;
};

}  // namespace ferry
