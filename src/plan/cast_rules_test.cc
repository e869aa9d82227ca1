#include "plan/cast_rules.h"

#include <gtest/gtest.h>

namespace ferry {

ColumnSchema Col(const std::string& name, const std::string& native) {
  ColumnSchema c;
  c.name = name;
  c.native_type = native;
  return c;
}

TEST(CastRules, ParsesTypeAndColumnRules) {
  auto r = ParseCastRule("type tinyint(1) to boolean");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->match, CastRule::Match::kType);
  EXPECT_EQ(r->to.id, TypeId::kBool);
  auto c = ParseCastRule("column user.email_verified to timestamp using epoch_ms");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->table, "user");
  EXPECT_EQ(c->column, "email_verified");
  EXPECT_EQ(c->to.id, TypeId::kTimestamp);
  EXPECT_EQ(c->using_fn, CastFunction::kEpochMilliseconds);
}

TEST(CastRules, BadRulesSayWhy) {
  auto r = ParseCastRule("type tinyint(1) boolean");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("missing 'to'"), std::string::npos);
  EXPECT_FALSE(ParseCastRule("column nodot to text").ok());
  EXPECT_FALSE(ParseCastRule("type int to frobnicator").ok());
  auto fn = ParseCastRule("column a.b to timestamp using epoch_days");
  ASSERT_FALSE(fn.ok());
  EXPECT_NE(fn.status().message().find("unknown function 'epoch_days'"), std::string::npos);
}

TEST(CastRules, MatchesTypesWithAndWithoutArguments) {
  std::vector<CastRule> rules = {*ParseCastRule("type tinyint(1) to bool"),
                                 *ParseCastRule("type datetime to text"),
                                 *ParseCastRule("column t.c to int64")};
  EXPECT_EQ(FindCastRule(rules, "x", Col("a", "tinyint(1)")), &rules[0]);
  EXPECT_EQ(FindCastRule(rules, "x", Col("a", "tinyint(4)")), nullptr);
  EXPECT_EQ(FindCastRule(rules, "x", Col("a", "datetime(6)")), &rules[1]);
  EXPECT_EQ(FindCastRule(rules, "x", Col("a", "datetimeoffset")), nullptr);
  EXPECT_EQ(FindCastRule(rules, "t", Col("c", "int")), &rules[2]);
  EXPECT_EQ(FindCastRule(rules, "u", Col("c", "int")), nullptr);
}

}  // namespace ferry
