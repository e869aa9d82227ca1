// Value helpers of the SQLite engine: fast temporal formatting equals
// temporal.h, decimal canonicalisation, UTF-8 validation, uuid forms.
#include <gtest/gtest.h>

#include <random>

#include "core/temporal.h"
#include "engines/sqlite/values.h"

namespace ferry::sqlite {
namespace {

TEST(SqliteValues, FastTemporalFormattingMatchesTemporalH) {
  std::mt19937_64 rng(42);
  std::vector<int64_t> micros = {0, -1, 1, kMicrosPerDay - 1, kMicrosPerDay, -kMicrosPerDay,
                                 *ParseTimestamp("9999-12-31 23:59:59.999999"),
                                 *ParseTimestamp("0001-01-01 00:00:00"),
                                 *ParseTimestamp("10000-01-01 00:00:00"),
                                 *ParseTimestamp("-0001-06-01 12:00:00")};
  for (int i = 0; i < 100000; ++i)
    micros.push_back(static_cast<int64_t>(rng() % (400000ULL * kMicrosPerDay)) - 200000LL * kMicrosPerDay);
  for (int64_t v : micros) {
    std::string fast, slow;
    AppendTimestampFast(&fast, v);
    AppendTimestamp(&slow, v);
    ASSERT_EQ(fast, slow) << v;
    int64_t days = v / kMicrosPerDay;
    fast.clear();
    slow.clear();
    AppendDateFast(&fast, days);
    AppendDate(&slow, days);
    ASSERT_EQ(fast, slow) << days;
    int64_t t = ((v % kMicrosPerDay) + kMicrosPerDay) % kMicrosPerDay;
    fast.clear();
    slow.clear();
    AppendTimeFast(&fast, t);
    AppendTime(&slow, t);
    ASSERT_EQ(fast, slow) << t;
  }
}

TEST(SqliteValues, CanonicalDecimal) {
  struct Case {
    const char* in;
    int p, s;
    bool round;
    const char* out;  // nullptr: fails
  } cases[] = {
      {"1.1", 10, 2, false, "1.10"},      {"-0.000", 10, 2, false, "0.00"},
      {"007", -1, -1, false, "7"},         {"-.5", -1, -1, false, "-0.5"},
      {"1.005", 10, 2, true, "1.01"},      {"1.005", 10, 2, false, nullptr},
      {"1.000", 10, 2, false, "1.00"},     {"9.995", 3, 2, true, nullptr},
      {"9.995", 4, 2, true, "10.00"},      {"-9.5", 3, 0, true, "-10"},
      {"1e-2", 5, 3, false, "0.010"},      {"12E2", -1, -1, false, "1200"},
      {"abc", 10, 2, false, nullptr},      {"1.2.3", 10, 2, false, nullptr},
      {"", 10, 2, false, nullptr},         {"1e", 10, 2, false, nullptr},
      {"99999999999999999999", 20, 0, false, "99999999999999999999"},
  };
  for (const auto& c : cases) {
    std::string out, error;
    bool ok = CanonicalDecimal(c.in, c.p, c.s, c.round, &out, &error);
    if (c.out == nullptr) {
      EXPECT_FALSE(ok) << c.in << " gave " << out;
      EXPECT_FALSE(error.empty());
    } else {
      EXPECT_TRUE(ok) << c.in << ": " << error;
      EXPECT_EQ(out, c.out) << c.in;
    }
  }
}

TEST(SqliteValues, FloatText) {
  std::string fixed;
  AppendDoubleFixed(&fixed, 1e21);
  EXPECT_EQ(fixed, "1000000000000000000000");
  std::string text;
  AppendDoubleText(&text, 3.0);
  EXPECT_EQ(text, "3.0");
}

}  // namespace
}  // namespace ferry::sqlite
