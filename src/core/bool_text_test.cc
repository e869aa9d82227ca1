#include "core/bool_text.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

TEST(BoolText, ReadsEverySpellingInAnyCase) {
  for (const char* text : {"1", "t", "T", "true", "TRUE", "True", "tRuE", "y", "Y", "yes", "YES", "Yes", "on",
                           "ON", "On"})
    EXPECT_EQ(ParseBool(text), std::optional<bool>(true)) << text;
  for (const char* text : {"0", "f", "F", "false", "FALSE", "False", "fAlSe", "n", "N", "no", "NO", "No", "off",
                           "OFF", "Off"})
    EXPECT_EQ(ParseBool(text), std::optional<bool>(false)) << text;
}

TEST(BoolText, RefusesEverythingElse) {
  for (const char* text : {"", " ", "2", "-1", "01", "10", "tru", "truee", "yess", "of", "offf", "nope", "maybe",
                           " true", "true ", "t\n", "FALSE!", "oui", "\xC3\xA9", "truefalse", "null"})
    EXPECT_EQ(ParseBool(text), std::nullopt) << "'" << text << "'";
}

}  // namespace
}  // namespace ferry
