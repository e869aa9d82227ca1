// RateLimiter: paces a run to N rows per second across all its writers.
// A writer asks for its batch's rows before writing and sleeps until the
// schedule allows them: the flow is even over time, not a burst per second.
// A short stall (a commit, a slow read) is made up: the schedule may lag
// the clock by up to kCatchUp, so the rate stays accurate; longer idle
// time is not saved up as a burst. Thread-safe.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <thread>

namespace ferry {

class RateLimiter {
 public:
  explicit RateLimiter(int64_t rows_per_second) : rate_(std::max<int64_t>(1, rows_per_second)) {}

  void Acquire(int64_t rows) {
    using Clock = std::chrono::steady_clock;
    Clock::time_point wake;
    {
      std::lock_guard lock(mu_);
      auto now = Clock::now();
      if (next_ == Clock::time_point{}) next_ = now;  // the first rows start the schedule
      if (next_ < now - kCatchUp) next_ = now - kCatchUp;
      wake = next_;
      next_ += std::chrono::nanoseconds(rows * 1'000'000'000LL / rate_);
    }
    std::this_thread::sleep_until(wake);
  }

 private:
  static constexpr std::chrono::milliseconds kCatchUp{100};
  const int64_t rate_;
  std::mutex mu_;
  std::chrono::steady_clock::time_point next_{};
};

}  // namespace ferry
