// The mask rules alone: types, lengths, ranges and determinism per key.
#include "exec/mask.h"

#include <gtest/gtest.h>

namespace ferry {
namespace {

TEST(Masker, SameKeySameOutputOtherKeyOtherOutput) {
  Masker a("k"), b("k"), c("other");
  EXPECT_EQ(a.MaskText(MaskRule::kHash, "secret"), b.MaskText(MaskRule::kHash, "secret"));
  EXPECT_NE(a.MaskText(MaskRule::kHash, "secret"), c.MaskText(MaskRule::kHash, "secret"));
  EXPECT_NE(a.MaskText(MaskRule::kHash, "secret"), a.MaskText(MaskRule::kHash, "secreT"));
  EXPECT_NE(Masker("").MaskText(MaskRule::kEmail, "x"), Masker("").MaskText(MaskRule::kEmail, "x"));
}

TEST(Masker, TextKeepsItsLengthInCharacters) {
  Masker m("k");
  EXPECT_EQ(m.MaskText(MaskRule::kHash, "Zoë ünï").size(), 7u);
  EXPECT_EQ(m.MaskText(MaskRule::kHash, std::string(100, 'x')).size(), 100u);  // longer than one digest
  EXPECT_EQ(m.MaskText(MaskRule::kHash, ""), "");
  std::string d = m.MaskText(MaskRule::kDigits, "+1 (555) 010-2030");
  ASSERT_EQ(d.size(), 17u);
  EXPECT_EQ(d[0], '+');
  EXPECT_EQ(d[3], '(');
}

TEST(Masker, IntegersStayInTheirTypesRangeAndSign) {
  Masker m("k");
  for (int64_t v : {0, 1, 2, 32767, -1, -32768}) {
    int64_t out = m.MaskInt(v, LogicalType(TypeId::kInt16));
    EXPECT_GE(out, v >= 0 ? 0 : -32768) << v;
    EXPECT_LE(out, v >= 0 ? 32767 : -1) << v;
    EXPECT_EQ(out, m.MaskInt(v, LogicalType(TypeId::kInt16)));
  }
  EXPECT_NE(m.MaskInt(1, LogicalType(TypeId::kInt64)), m.MaskInt(2, LogicalType(TypeId::kInt64)));
}

TEST(Masker, UuidColumnsGetWellFormedUuids) {
  Masker m("k");
  Column c(LogicalType(TypeId::kUuid));
  c.AppendString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
  c.AppendNull();
  EXPECT_EQ(m.MaskColumn(MaskRule::kHash, "", LogicalType(TypeId::kUuid), &c), 1);
  ASSERT_EQ(c.String(0).size(), 36u);
  EXPECT_NE(c.String(0), "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
  EXPECT_EQ(c.String(0)[14], '4');
  EXPECT_TRUE(c.IsNull(1));
}

TEST(MaskSpec, ParsesRulesAndRefusesUnknownOnes) {
  auto s = ParseMaskSpec("public.users.email=fixed:a=b");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->table, "public.users");
  EXPECT_EQ(s->column, "email");
  EXPECT_EQ(s->rule, MaskRule::kFixed);
  EXPECT_EQ(s->fixed, "a=b");
  EXPECT_FALSE(ParseMaskSpec("users.email=rot13").ok());
  EXPECT_FALSE(ParseMaskSpec("email=hash").ok());
  EXPECT_FALSE(CheckMaskType(MaskRule::kEmail, "", LogicalType::Text(20)).ok());
  EXPECT_TRUE(CheckMaskType(MaskRule::kEmail, "", LogicalType::Text(29)).ok());
  EXPECT_FALSE(CheckMaskType(MaskRule::kHash, "", LogicalType(TypeId::kDate)).ok());
  EXPECT_FALSE(CheckMaskType(MaskRule::kFixed, "abc", LogicalType::Text(2)).ok());
}

}  // namespace
}  // namespace ferry
