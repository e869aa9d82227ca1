// RateLimiter: paces a run to N rows per second across all its writers.
// A writer asks for its rows before writing and sleeps until the schedule
// allows them: the flow is even over time, not a burst per second.
//
// The schedule (RateSchedule, pure, so tests can give it the time) is
// accurate over time and never bursts: rows owed after a stall (a commit's
// fsync, a slow read) are made up at no more than twice the rate until the
// schedule has caught up; a lag over kMaxLag (idle time, not a stall) is
// forgiven rather than saved up. Thread-safe.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <thread>

namespace ferry {

class RateSchedule {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::seconds kMaxLag{1};

  explicit RateSchedule(int64_t rows_per_second) : rate_(std::max<int64_t>(1, rows_per_second)) {}

  // When `rows` asked for at `now` may go.
  Clock::time_point Next(Clock::time_point now, int64_t rows) {
    if (!started_) {  // the first rows start the schedule
      started_ = true;
      due_ = now;
      last_ = now - kMaxLag;
    }
    if (due_ < now - kMaxLag) due_ = now - kMaxLag;
    const auto cost = std::chrono::nanoseconds(rows * 1'000'000'000LL / rate_);
    // On schedule: at the rows' due time. Behind it: no sooner than half
    // their cost after the previous rows (twice the rate) until caught up.
    const Clock::time_point wake = std::max(due_, last_ + cost / 2);
    due_ += cost;
    last_ = std::max(wake, now);  // when they actually go
    return wake;
  }

 private:
  const int64_t rate_;
  bool started_ = false;
  Clock::time_point due_{}, last_{};
};

class RateLimiter {
 public:
  explicit RateLimiter(int64_t rows_per_second) : schedule_(rows_per_second) {}

  void Acquire(int64_t rows) {
    RateSchedule::Clock::time_point wake;
    {
      std::lock_guard lock(mu_);
      wake = schedule_.Next(RateSchedule::Clock::now(), rows);
    }
    std::this_thread::sleep_until(wake);
  }

 private:
  std::mutex mu_;
  RateSchedule schedule_;
};

}  // namespace ferry
