#include "core/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace ferry {
namespace {

TEST(Utf8, AcceptsWellFormedText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii that is longer than eight bytes"));
  EXPECT_TRUE(IsValidUtf8(std::string("nul \0 inside", 12)));
  EXPECT_TRUE(IsValidUtf8("\xC2\x80 \xDF\xBF"));                     // U+0080, U+07FF
  EXPECT_TRUE(IsValidUtf8("\xE0\xA0\x80 \xED\x9F\xBF \xEE\x80\x80"));  // U+0800, U+D7FF, U+E000
  EXPECT_TRUE(IsValidUtf8("\xF0\x90\x80\x80 \xF4\x8F\xBF\xBF"));      // U+10000, U+10FFFF
  EXPECT_TRUE(IsValidUtf8("é € 😀 after eight ascii bytes: 😀"));
}

TEST(Utf8, RefusesOverlongForms) {
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // '/' in two bytes
  EXPECT_FALSE(IsValidUtf8("\xC1\xBF"));
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // '/' in three bytes
  EXPECT_FALSE(IsValidUtf8("\xE0\x9F\xBF"));      // U+07FF in three bytes
  EXPECT_FALSE(IsValidUtf8("\xF0\x80\x80\xAF"));  // '/' in four bytes
  EXPECT_FALSE(IsValidUtf8("\xF0\x8F\xBF\xBF"));  // U+FFFF in four bytes
}

TEST(Utf8, RefusesSurrogatesAndWhatLiesBeyondUnicode) {
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // U+D800
  EXPECT_FALSE(IsValidUtf8("\xED\xBF\xBF"));      // U+DFFF
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\xBD\xED\xB8\x80"));  // a CESU-8 pair
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(IsValidUtf8("\xF5\x80\x80\x80"));
  EXPECT_FALSE(IsValidUtf8("\xFE"));
  EXPECT_FALSE(IsValidUtf8("\xFF"));
}

TEST(Utf8, RefusesTruncatedAndStraySequences) {
  EXPECT_FALSE(IsValidUtf8("\xC3"));              // cut at the end
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));
  EXPECT_FALSE(IsValidUtf8("\xF0\x9F\x98"));
  EXPECT_FALSE(IsValidUtf8("abcdefgh\xF0\x9F\x98"));  // after the fast path
  EXPECT_FALSE(IsValidUtf8("\xC3(after"));        // cut by ASCII
  EXPECT_FALSE(IsValidUtf8("\xE2\x82(x"));
  EXPECT_FALSE(IsValidUtf8("\x80"));              // continuation without a lead
  EXPECT_FALSE(IsValidUtf8("abcdefgh\xBF"));
  EXPECT_FALSE(IsValidUtf8("\xC3\xA9\xA9"));      // one continuation too many
}

}  // namespace
}  // namespace ferry
