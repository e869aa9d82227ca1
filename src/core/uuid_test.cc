#include "core/uuid.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

std::string Normalized(std::string_view text) {
  std::string out;
  return NormalizeUuid(text, &out) ? out : "<no uuid>";
}

TEST(Uuid, ReadsEverySpellingPostgresReads) {
  const std::string canonical = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11";
  for (const char* text :
       {"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11",
        "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", "a0eebc999c0b4ef8bb6d6bb9bd380a11",
        "{A0EEBC999C0B4EF8BB6D6BB9BD380A11}", "a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11",
        "a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11"})
    EXPECT_EQ(Normalized(text), canonical) << text;
}

TEST(Uuid, RefusesMalformedText) {
  for (const char* text : {
           "",
           "{}",
           "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1",     // 31 digits
           "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1122",  // 34 digits
           "g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",    // not hex
           "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1g",
           "a0eebc9-99c0b-4ef8-bb6d-6bb9bd380a11",    // hyphen inside a group of four
           "a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a11",   // two hyphens
           "-a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",   // leading hyphen
           "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11-",   // trailing hyphen
           "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",   // one brace
           "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}",
           "{{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}}",
           " a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",   // spaces
           "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11 ",
       }) {
    unsigned char bytes[kUuidBytes];
    EXPECT_FALSE(ParseUuid(text, bytes)) << text;
    std::string out = "kept";
    EXPECT_FALSE(NormalizeUuid(text, &out)) << text;
    EXPECT_EQ(out, "kept") << "nothing appended for " << text;
  }
}

TEST(Uuid, BytesRoundTrip) {
  unsigned char bytes[kUuidBytes];
  ASSERT_TRUE(ParseUuid("00112233-4455-6677-8899-AABBCCDDEEFF", bytes));
  for (size_t i = 0; i < kUuidBytes; ++i) EXPECT_EQ(bytes[i], i * 0x11) << i;
  std::string text = "uuid ";
  AppendUuid(bytes, &text);
  EXPECT_EQ(text, "uuid 00112233-4455-6677-8899-aabbccddeeff");
}

}  // namespace
}  // namespace ferry
