#include "core/temporal.h"

#include <gtest/gtest.h>

namespace ferry {

TEST(Temporal, RoundTripsTimestamps) {
  for (const char* text : {"2024-02-29 23:59:59.123456", "1970-01-01 00:00:00", "1969-12-31 23:59:59.999999",
                           "0001-01-01 00:00:00", "9999-12-31 23:59:59.999999", "1900-03-01 12:00:00.5"}) {
    auto v = ParseTimestamp(text);
    ASSERT_TRUE(v) << text;
    std::string expect = text;
    if (expect.size() > 19 && expect.back() == '5' && expect[expect.size() - 2] == '.') expect += "00000";
    EXPECT_EQ(FormatTimestamp(*v), expect);
  }
}

TEST(Temporal, ParsesZonesAndIsoForms) {
  EXPECT_EQ(*ParseTimestamp("2024-01-01T10:00:00+02:00"), *ParseTimestamp("2024-01-01 08:00:00"));
  EXPECT_EQ(*ParseTimestamp("2024-01-01T08:00:00Z"), *ParseTimestamp("2024-01-01 08:00:00"));
  EXPECT_EQ(*ParseTimestamp("2024-01-01 08:00:00-0130"), *ParseTimestamp("2024-01-01 09:30:00"));
  EXPECT_EQ(*ParseTimestamp("2024-01-01"), 19723LL * kMicrosPerDay);
  EXPECT_EQ(*ParseDate("1970-01-02"), 1);
  EXPECT_EQ(*ParseTime("00:00:01.25"), 1250000);
}

TEST(Temporal, RefusesImpossibleDates) {
  EXPECT_FALSE(ParseDate("2023-02-29"));
  EXPECT_FALSE(ParseDate("0000-00-00"));
  EXPECT_FALSE(ParseDate("2024-13-01"));
  EXPECT_FALSE(ParseTimestamp("2024-01-01 25:00:00"));
  EXPECT_FALSE(ParseTimestamp("2024-01-01 10:00:00 junk"));
  EXPECT_TRUE(IsZeroDate("0000-00-00 00:00:00"));
}

TEST(Temporal, NegativeYearsAndBeforeEpoch) {
  EXPECT_EQ(FormatDate(-1), "1969-12-31");
  EXPECT_EQ(FormatTime(0), "00:00:00");
  EXPECT_EQ(FormatTimestampTz(0), "1970-01-01 00:00:00+00");
}

}  // namespace ferry
