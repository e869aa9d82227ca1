// Rotation as restic does it, plus ferry's rules for incomplete archives:
// each keep rule alone and combined over archives made across 100 days,
// ISO week boundaries, the oldest archive kept while a rule has count left,
// --keep-within measured from the newest archive, and duration parsing.
#include "backup/retention.h"

#include <gtest/gtest.h>

#include <set>

#include "core/temporal.h"

namespace ferry::backup {
namespace {

int64_t At(int64_t y, unsigned m, unsigned d, int hour = 2) {
  return DaysFromCivil(y, m, d) * 86400 + hour * 3600;
}

// One complete archive a day at 02:00, from `y-m-d` for `days` days, named by date.
std::vector<ArchiveInfo> Daily(int64_t y, unsigned m, unsigned d, int days) {
  std::vector<ArchiveInfo> out;
  for (int i = 0; i < days; ++i) {
    const int64_t t = At(y, m, d) + int64_t{i} * 86400;
    out.push_back(ArchiveInfo{FormatDate(t / 86400), t, true});
  }
  return out;
}

std::set<std::string> Kept(const std::vector<RetentionDecision>& decisions) {
  std::set<std::string> out;
  for (const auto& d : decisions)
    if (d.keep) out.insert(d.archive.name);
  return out;
}

TEST(Retention, KeepLastKeepsTheNewestN) {
  RetentionPolicy p;
  p.last = 3;
  EXPECT_EQ(Kept(ApplyRetention(Daily(2026, 9, 1, 10), p)),
            (std::set<std::string>{"2026-09-10", "2026-09-09", "2026-09-08"}));
}

TEST(Retention, KeepDailyTakesTheNewestOfEachDay) {
  auto archives = Daily(2026, 9, 1, 10);
  // A second archive on 09-10 (later) and on 09-09 (earlier).
  archives.push_back(ArchiveInfo{"09-10 late", At(2026, 9, 10, 20), true});
  archives.push_back(ArchiveInfo{"09-09 early", At(2026, 9, 9, 1), true});
  RetentionPolicy p;
  p.daily = 3;
  EXPECT_EQ(Kept(ApplyRetention(archives, p)), (std::set<std::string>{"09-10 late", "2026-09-09", "2026-09-08"}));
}

// 2026-08-24 .. 2026-12-01: ISO weeks start on Monday. 2026-11-30 is the
// Monday of week 49; the newest archives of weeks 48, 47, 46 are the Sundays.
TEST(Retention, KeepWeeklyFollowsIsoWeeks) {
  RetentionPolicy p;
  p.weekly = 4;
  EXPECT_EQ(Kept(ApplyRetention(Daily(2026, 8, 24, 100), p)),
            (std::set<std::string>{"2026-12-01", "2026-11-29", "2026-11-22", "2026-11-15"}));
  // Across a new year: 2021-01-03 (a Sunday) belongs to 2020's week 53, so
  // it and 2021-01-04 (Monday, week 1) are different weeks, and 2020-12-31
  // shares week 53 with 2021-01-03.
  RetentionPolicy two;
  two.weekly = 2;
  EXPECT_EQ(Kept(ApplyRetention(Daily(2020, 12, 30, 6), two)), (std::set<std::string>{"2021-01-04", "2021-01-03"}));
}

TEST(Retention, KeepMonthlyAlsoKeepsTheOldestWhileCountIsLeft) {
  RetentionPolicy p;
  p.monthly = 6;
  // 100 days from 2026-08-24: months 08..12 (5 of them) and 6 allowed, so
  // the oldest archive (2026-08-24) is kept as well as each month's newest.
  EXPECT_EQ(Kept(ApplyRetention(Daily(2026, 8, 24, 100), p)),
            (std::set<std::string>{"2026-12-01", "2026-11-30", "2026-10-31", "2026-09-30", "2026-08-31",
                                   "2026-08-24"}));
  p.monthly = 2;
  EXPECT_EQ(Kept(ApplyRetention(Daily(2026, 8, 24, 100), p)), (std::set<std::string>{"2026-12-01", "2026-11-30"}));
}

TEST(Retention, KeepWithinCountsFromTheNewestArchiveNotFromNow) {
  RetentionPolicy p;
  ASSERT_TRUE(ParseKeepDuration("5d").ok());
  p.within = *ParseKeepDuration("5d");
  // Strictly newer than newest - 5 days: 12-01 02:00 - 5d = 11-26 02:00.
  EXPECT_EQ(Kept(ApplyRetention(Daily(2026, 8, 24, 100), p)),
            (std::set<std::string>{"2026-12-01", "2026-11-30", "2026-11-29", "2026-11-28", "2026-11-27"}));
  // A month back from 03-31 is 02-28 (clamped), not 03-03.
  RetentionPolicy month;
  month.within = *ParseKeepDuration("1m");
  auto kept = Kept(ApplyRetention(Daily(2026, 2, 20, 40), month));
  EXPECT_TRUE(kept.count("2026-03-01"));
  EXPECT_TRUE(kept.count("2026-02-28") == 0) << "02-28 02:00 is not after 02-28 02:00";
}

TEST(Retention, RulesCombineAndAnArchiveAnyRuleKeepsStays) {
  RetentionPolicy p;
  p.last = 2;
  p.weekly = 2;
  p.monthly = 3;
  // last: 12-01, 11-30; weekly: 12-01 (W49), 11-29 (W48); monthly: 12-01, 11-30, 10-31.
  EXPECT_EQ(Kept(ApplyRetention(Daily(2026, 8, 24, 100), p)),
            (std::set<std::string>{"2026-12-01", "2026-11-30", "2026-11-29", "2026-10-31"}));
}

TEST(Retention, IncompleteArchivesAndTheNewestCompleteOne) {
  auto archives = Daily(2026, 9, 1, 5);  // 09-01 .. 09-05, complete
  archives.push_back(ArchiveInfo{"died 09-03", At(2026, 9, 3, 14), false});
  archives.push_back(ArchiveInfo{"running 09-06", At(2026, 9, 6), false});
  RetentionPolicy p;
  p.last = 1;
  auto decisions = ApplyRetention(archives, p);
  EXPECT_EQ(Kept(decisions), (std::set<std::string>{"running 09-06", "2026-09-05"}));
  // Only complete archives count: keep-last 1 kept 09-05, not the running one.
  for (const auto& d : decisions)
    if (d.archive.name == "died 09-03") EXPECT_EQ(d.reasons.at(0), "incomplete, older than the newest complete archive");
  // No complete archive at all: nothing goes.
  std::vector<ArchiveInfo> none = {{"a", At(2026, 9, 1), false}, {"b", At(2026, 9, 2), false}};
  EXPECT_EQ(Kept(ApplyRetention(none, p)), (std::set<std::string>{"a", "b"}));
  // An empty policy keeps every complete archive.
  EXPECT_EQ(Kept(ApplyRetention(Daily(2026, 9, 1, 5), RetentionPolicy{})).size(), 5u);
}

TEST(Retention, ParsesResticDurations) {
  auto d = ParseKeepDuration("1y2m3d4h");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->years, 1);
  EXPECT_EQ(d->months, 2);
  EXPECT_EQ(d->days, 3);
  EXPECT_EQ(d->hours, 4);
  EXPECT_EQ(ParseKeepDuration("30d")->days, 30);
  for (const char* bad : {"", "30", "d", "30w", "1.5d", "-3d", "1234567d"})
    EXPECT_FALSE(ParseKeepDuration(bad).ok()) << bad;
}

}  // namespace
}  // namespace ferry::backup
