#include "exec/rate_limiter.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

using Clock = RateSchedule::Clock;
using std::chrono::milliseconds;

// Calls Next as a writer that sends as soon as it may (no work between),
// `calls` times from `now`; returns the wake times.
std::vector<Clock::time_point> Drive(RateSchedule* s, Clock::time_point now, int calls, int64_t rows,
                                     milliseconds stall_before = milliseconds(0)) {
  std::vector<Clock::time_point> wakes;
  now += stall_before;
  for (int i = 0; i < calls; ++i) {
    Clock::time_point wake = s->Next(now, rows);
    wakes.push_back(wake);
    now = std::max(now, wake);
  }
  return wakes;
}

TEST(RateSchedule, OnScheduleRowsGoEvenlyFromTheFirst) {
  RateSchedule s(1000);  // 10 rows = 10 ms
  const Clock::time_point t0 = Clock::now();
  auto wakes = Drive(&s, t0, 5, 10);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(wakes[i], t0 + milliseconds(10 * i));
}

TEST(RateSchedule, AStallIsMadeUpAtTwiceTheRateNeverInOneBurst) {
  RateSchedule s(1000);
  const Clock::time_point t0 = Clock::now();
  auto first = Drive(&s, t0, 10, 10);  // rows 0-99 at t0 .. t0+90ms
  // A 300 ms stall: the writer comes back at t0+390ms owing 300 ms of rows.
  auto after = Drive(&s, first.back() + milliseconds(300), 100, 10);
  const Clock::time_point back = first.back() + milliseconds(300);
  EXPECT_LE(after[0], back) << "the first rows after a stall go at once";
  EXPECT_EQ(after[1], back + milliseconds(5));
  for (size_t i = 2; i < after.size(); ++i)
    EXPECT_GE(after[i] - after[i - 1], milliseconds(5)) << "never faster than twice the rate, at " << i;
  // 1100 rows at 1000/s: the last 10 are due at 1.09 s, and are sent then:
  // the stall was made up.
  EXPECT_EQ(after.back(), t0 + milliseconds(1090));
}

TEST(RateSchedule, IdleTimeIsNotSavedUpBeyondOneSecond) {
  RateSchedule s(1000);
  const Clock::time_point t0 = Clock::now();
  auto first = Drive(&s, t0, 1, 10);
  auto after = Drive(&s, t0 + milliseconds(5000), 400, 10);
  // Owed: 1 s at most (not 5), made up at twice the rate: 400 calls of 10
  // ms each take 4 s of schedule, 1 s of it already owed: 3 s from the
  // return, never less.
  EXPECT_EQ(after.back() - (t0 + milliseconds(5000)), milliseconds(2990));
}

}  // namespace
}  // namespace ferry
