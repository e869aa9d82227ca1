// RateLimiter: paces a run to N rows per second across all its writers.
// A writer asks for its batch's rows before writing and sleeps until the
// schedule allows them: the flow is even over time, not a burst per second.
// Thread-safe.
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
      if (next_ < now) next_ = now;  // idle time is not saved up as a burst
      wake = next_;
      next_ += std::chrono::nanoseconds(rows * 1'000'000'000LL / rate_);
    }
    std::this_thread::sleep_until(wake);
  }

 private:
  const int64_t rate_;
  std::mutex mu_;
  std::chrono::steady_clock::time_point next_{};
};

}  // namespace ferry
