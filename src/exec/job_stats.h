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
#include <utility>
#include <vector>

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
  // Rows the target reported storing (TableWriter::RowsStored) in tasks
  // that ran whole in this session; stored_known turns false when a task
  // could not say (another sink, a merge, a resumed or retried task).
  std::atomic<int64_t> rows_stored{0};
  std::atomic<bool> stored_known{true};
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

  // Rows written over time, for the HTML report's throughput chart: (seconds
  // since the run started, rows_written). Sampled by the progress thread;
  // thinned to at most kMaxSamples by dropping every other point.
  static constexpr size_t kMaxSamples = 512;
  void AddSample(double seconds, int64_t rows) {
    std::lock_guard<std::mutex> lock(samples_mu_);
    if (!samples_.empty() && samples_.back().second == rows && samples_.size() > 1 &&
        samples_[samples_.size() - 2].second == rows)
      samples_.back().first = seconds;  // a flat stretch needs only its ends
    else
      samples_.emplace_back(seconds, rows);
    if (samples_.size() > kMaxSamples) {
      std::vector<std::pair<double, int64_t>> kept;
      for (size_t i = 0; i < samples_.size(); i += 2) kept.push_back(samples_[i]);
      if (kept.back() != samples_.back()) kept.push_back(samples_.back());
      samples_ = std::move(kept);
    }
  }
  std::vector<std::pair<double, int64_t>> Samples() const {
    std::lock_guard<std::mutex> lock(samples_mu_);
    return samples_;
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
  mutable std::mutex samples_mu_;
  std::vector<std::pair<double, int64_t>> samples_;
};

}  // namespace ferry
