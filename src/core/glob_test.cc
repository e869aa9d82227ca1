#include "core/glob.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

TEST(Glob, ShellWildcards) {
  EXPECT_TRUE(GlobMatches("users", "users"));
  EXPECT_FALSE(GlobMatches("users", "Users"));  // case-sensitive
  EXPECT_FALSE(GlobMatches("users", "users2"));
  EXPECT_TRUE(GlobMatches("*", "anything"));
  EXPECT_TRUE(GlobMatches("*", ""));
  EXPECT_TRUE(GlobMatches("*", ".hidden"));  // no FNM_PERIOD
  EXPECT_TRUE(GlobMatches("*", "schema/table"));  // no FNM_PATHNAME
  EXPECT_TRUE(GlobMatches("log_*", "log_2024"));
  EXPECT_FALSE(GlobMatches("log_*", "logs"));
  EXPECT_TRUE(GlobMatches("t?", "t1"));
  EXPECT_FALSE(GlobMatches("t?", "t12"));
  EXPECT_TRUE(GlobMatches("t[0-9]", "t7"));
  EXPECT_FALSE(GlobMatches("t[!0-9]", "t7"));
  EXPECT_TRUE(GlobMatches("grp\\[1\\]", "grp[1]"));  // escaped: only itself
  EXPECT_FALSE(GlobMatches("grp\\[1\\]", "grp1"));
  EXPECT_TRUE(GlobMatches("t[", "t["));  // an unclosed class is a plain "["
  EXPECT_FALSE(GlobMatches("t[", "t"));
}

TEST(Glob, AnyOfSeveral) {
  EXPECT_FALSE(MatchesAnyGlob({}, "users"));
  EXPECT_TRUE(MatchesAnyGlob({"a*", "users"}, "users"));
  EXPECT_TRUE(MatchesAnyGlob({"x", "u*"}, "users"));
  EXPECT_FALSE(MatchesAnyGlob({"x", "y*"}, "users"));
}

}  // namespace
}  // namespace ferry
