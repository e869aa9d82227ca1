// Unit tests of the PostgreSQL binary codecs (no server needed).
#include <gtest/gtest.h>

#include "engines/postgres/introspect.h"
#include "engines/postgres/wire.h"

namespace ferry::postgres {
namespace {

std::string RoundTripNumeric(const std::string& text) {
  std::string bin;
  EXPECT_TRUE(EncodeNumeric(text, &bin)) << text;
  std::string out;
  EXPECT_TRUE(DecodeNumeric(bin.data(), bin.size(), &out)) << text;
  return out;
}

TEST(PostgresWire, NumericRoundTrip) {
  for (const char* s : {"0", "1", "-1", "-12.340", "0.0001", "10000", "9999", "-0.5",
                        "123456789.000000001", "99999999999999999999", "1.00000",
                        "0.00000000000000000001", "100000000.0000", "NaN", "Infinity",
                        "-Infinity", "12345678901234567890123456789012345678.123456789"})
    EXPECT_EQ(RoundTripNumeric(s), s);
  EXPECT_EQ(RoundTripNumeric(".5"), "0.5");
  EXPECT_EQ(RoundTripNumeric("-0.000"), "0.000");
  EXPECT_EQ(RoundTripNumeric("+007"), "7");
  std::string bin;
  EXPECT_FALSE(EncodeNumeric("1e5", &bin));
  EXPECT_FALSE(EncodeNumeric("abc", &bin));
  EXPECT_FALSE(EncodeNumeric("", &bin));
  EXPECT_FALSE(EncodeNumeric("-", &bin));
}

TEST(PostgresWire, IntervalFormatMatchesServerStyle) {
  auto fmt = [](int64_t micros, int32_t days, int32_t months) {
    std::string s;
    FormatInterval(micros, days, months, &s);
    return s;
  };
  EXPECT_EQ(fmt(0, 0, 0), "00:00:00");
  EXPECT_EQ(fmt(14706500000, 3, 14), "1 year 2 mons 3 days 04:05:06.5");
  EXPECT_EQ(fmt(0, 1, 1), "1 mon 1 day");
  EXPECT_EQ(fmt(-3600000000LL, 0, 0), "-01:00:00");
  EXPECT_EQ(fmt(3600000000LL, -2, 0), "-2 days +01:00:00");
  EXPECT_EQ(fmt(0, 0, -13), "-1 years -1 mons");
  EXPECT_EQ(fmt(100LL * 3600000000LL + 1, 0, 0), "100:00:00.000001");
}

TEST(PostgresWire, IntervalParse) {
  int64_t us;
  int32_t d, m;
  ASSERT_TRUE(ParseInterval("1 year 2 mons 3 days 04:05:06.5", &us, &d, &m));
  EXPECT_EQ(m, 14);
  EXPECT_EQ(d, 3);
  EXPECT_EQ(us, 14706500000);
  ASSERT_TRUE(ParseInterval("-2 days +01:00:00", &us, &d, &m));
  EXPECT_EQ(d, -2);
  EXPECT_EQ(us, 3600000000LL);
  ASSERT_TRUE(ParseInterval("-1 years -1 mons", &us, &d, &m));
  EXPECT_EQ(m, -13);
  ASSERT_TRUE(ParseInterval("2 months 1 week 3 hours 5.25 seconds", &us, &d, &m));
  EXPECT_EQ(m, 2);
  EXPECT_EQ(d, 7);
  EXPECT_EQ(us, 3 * 3600000000LL + 5250000);
  ASSERT_TRUE(ParseInterval("00:00:00", &us, &d, &m));
  EXPECT_EQ(us, 0);
  EXPECT_FALSE(ParseInterval("", &us, &d, &m));
  EXPECT_FALSE(ParseInterval("soon", &us, &d, &m));
  EXPECT_FALSE(ParseInterval("3 fortnights", &us, &d, &m));
}

TEST(PostgresWire, DefaultClassification) {
  bool ai = false;
  EXPECT_EQ(ParseDefault("now()", &ai).kind, DefaultKind::kCurrentTimestamp);
  EXPECT_EQ(ParseDefault("CURRENT_TIMESTAMP", &ai).kind, DefaultKind::kCurrentTimestamp);
  EXPECT_EQ(ParseDefault("CURRENT_DATE", &ai).kind, DefaultKind::kCurrentDate);
  auto lit = ParseDefault("'it''s'::character varying", &ai);
  EXPECT_EQ(lit.kind, DefaultKind::kLiteral);
  EXPECT_EQ(lit.text, "it's");
  lit = ParseDefault("'-1'::integer", &ai);
  EXPECT_EQ(lit.kind, DefaultKind::kLiteral);
  EXPECT_EQ(lit.text, "-1");
  lit = ParseDefault("42", &ai);
  EXPECT_EQ(lit.kind, DefaultKind::kLiteral);
  EXPECT_EQ(lit.text, "42");
  lit = ParseDefault("1.5", &ai);
  EXPECT_EQ(lit.text, "1.5");
  EXPECT_EQ(ParseDefault("true", &ai).text, "true");
  auto ex = ParseDefault("gen_random_uuid()", &ai);
  EXPECT_EQ(ex.kind, DefaultKind::kExpression);
  EXPECT_EQ(ex.text, "gen_random_uuid()");
  EXPECT_EQ(ParseDefault("'a'::text || 'b'::text", &ai).kind, DefaultKind::kExpression);
  EXPECT_FALSE(ai);
  EXPECT_EQ(ParseDefault("nextval('t_id_seq'::regclass)", &ai).kind, DefaultKind::kNone);
  EXPECT_TRUE(ai);
}

}  // namespace
}  // namespace ferry::postgres
