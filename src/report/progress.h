// Progress: while a run moves rows, shows per-table rows, rate and ETA.
// On a terminal: one live line on stderr, redrawn 4 times a second. Else:
// a log line per active table every 10 seconds. Start/Stop from the main
// thread; the display thread only reads the atomic JobStats counters.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "exec/job_stats.h"

namespace ferry {

class Progress {
 public:
  Progress(std::vector<std::shared_ptr<JobStats>> tables, bool live)
      : tables_(std::move(tables)), live_(live) {}
  ~Progress() { Stop(); }
  void Start();
  void Stop();

  // "1.2 MB", "3.4 GB"; "1,200,000".
  static std::string Bytes(int64_t bytes);
  static std::string Count(int64_t n);

 private:
  void Loop();
  std::vector<std::shared_ptr<JobStats>> tables_;
  bool live_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::chrono::steady_clock::time_point started_;  // the chart's time zero
};

}  // namespace ferry
