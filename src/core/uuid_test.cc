#include "core/uuid.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

std::string Normalized(std::string_view text) {
  std::string out;
  return NormalizeUuid(text, &out) ? out : "<no uuid>";
}

// uuid5(namespace, name) as text; the namespace as UuidNamespace reads it.
std::string V5(std::string_view name_space, std::string_view name) {
  unsigned char ns[kUuidBytes], out[kUuidBytes];
  if (!UuidNamespace(name_space, ns)) return "<bad namespace>";
  UuidV5(ns, name, out);
  std::string text;
  AppendUuid(out, &text);
  return text;
}

std::string Namespace(std::string_view text) {
  unsigned char ns[kUuidBytes];
  if (!UuidNamespace(text, ns)) return "<bad namespace>";
  std::string out;
  AppendUuid(ns, &out);
  return out;
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

TEST(Uuid, V5PublishedVectors) {
  // RFC 9562 Appendix A.4.
  EXPECT_EQ(V5("dns", "www.example.com"), "2ed6657d-e927-568b-95e1-2665a8aea6a2");
  // Python's uuid module documentation.
  EXPECT_EQ(V5("dns", "python.org"), "886313e1-3b8a-5372-9b90-0c9aee199e5d");
}

// Each checked against python3: uuid.uuid5(uuid.NAMESPACE_..., '...').
TEST(Uuid, V5MatchesPython) {
  struct Case {
    const char* name_space;
    std::string name;
    const char* want;
  };
  const Case cases[] = {
      {"url", "https://example.com/ferry", "3d53a296-7da9-51f2-ba01-a2aa26940f41"},
      {"url", "", "1b4db7eb-4057-5ddf-91e0-36dec72071f5"},  // empty name: namespace alone
      {"dns", "m\xc3\xbcnchen.example", "b0a686dd-7bbb-5935-9663-c50a1bc538c3"},  // münchen
      {"url", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", "7d340f48-c165-55f5-8ac5-8d642da1c20d"},
      {"oid", "1.3.6.1.4.1", "106dd502-8b3e-50db-80ed-1134f5c18eae"},
      {"x500", "CN=Alice Smith,O=Example", "0489e4bd-5c82-5bba-8e92-b8da56178165"},
      {"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "user:42", "9e08f899-cecd-5eac-a038-25d71834f5ca"},
      // A NUL inside the name is hashed like any byte, not taken as its end.
      {"dns", std::string("a\0b", 3), "0a63f66b-e02f-5d2d-9fd4-aad819cf5352"},
  };
  for (const Case& c : cases) EXPECT_EQ(V5(c.name_space, c.name), c.want) << c.name;
}

TEST(Uuid, V5SetsVersionAndVariant) {
  unsigned char ns[kUuidBytes], out[kUuidBytes];
  ASSERT_TRUE(UuidNamespace("url", ns));
  for (const char* name : {"", "a", "b", "ferry", "0123456789"}) {
    UuidV5(ns, name, out);
    EXPECT_EQ(out[6] >> 4, 5) << name;
    EXPECT_EQ(out[8] >> 6, 2) << name;
  }
}

TEST(Uuid, V5OutputMayBeTheNamespace) {
  unsigned char bytes[kUuidBytes];
  ASSERT_TRUE(UuidNamespace("dns", bytes));
  UuidV5(bytes, "www.example.com", bytes);
  std::string text;
  AppendUuid(bytes, &text);
  EXPECT_EQ(text, "2ed6657d-e927-568b-95e1-2665a8aea6a2");
}

TEST(Uuid, V5NamespaceNames) {
  EXPECT_EQ(Namespace("dns"), "6ba7b810-9dad-11d1-80b4-00c04fd430c8");
  EXPECT_EQ(Namespace("url"), "6ba7b811-9dad-11d1-80b4-00c04fd430c8");
  EXPECT_EQ(Namespace("oid"), "6ba7b812-9dad-11d1-80b4-00c04fd430c8");
  EXPECT_EQ(Namespace("x500"), "6ba7b814-9dad-11d1-80b4-00c04fd430c8");
  EXPECT_EQ(Namespace("DNS"), "6ba7b810-9dad-11d1-80b4-00c04fd430c8");
  EXPECT_EQ(Namespace("Url"), "6ba7b811-9dad-11d1-80b4-00c04fd430c8");
  EXPECT_EQ(Namespace("X500"), "6ba7b814-9dad-11d1-80b4-00c04fd430c8");
  // Any spelling ParseUuid reads.
  EXPECT_EQ(Namespace("{6BA7B810-9DAD-11D1-80B4-00C04FD430C8}"),
            "6ba7b810-9dad-11d1-80b4-00c04fd430c8");
  EXPECT_EQ(Namespace("a0eebc999c0b4ef8bb6d6bb9bd380a11"), "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
}

TEST(Uuid, V5RefusesBadNamespaceText) {
  for (const char* text : {"", "DNS ", " dns", "dns.", "x.500", "x509", "nil", "urls", "d\xc3\xb1s",
                           "6ba7b810-9dad-11d1-80b4-00c04fd430c", "{dns}", "namespace_dns"}) {
    EXPECT_EQ(Namespace(text), "<bad namespace>") << text;
  }
}

}  // namespace
}  // namespace ferry
