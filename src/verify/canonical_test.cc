#include "verify/canonical.h"

#include <gtest/gtest.h>

namespace ferry::verify {
namespace {

std::string Norm(std::string_view s) {
  std::string out;
  AppendNormalizedDecimal(s, &out);
  return out;
}

std::string Dbl(double v, int digits) {
  std::string out;
  AppendDouble(v, digits, &out);
  return out;
}

// Canonical text of one value of `type` rendered as planned against `other`.
template <typename Fill>
std::string Canon(const LogicalType& type, const LogicalType& other, Fill fill, CanonOptions o = {}) {
  Column col(type);
  fill(col);
  ColumnRender r = PlanColumnPair(type, other, o).source;
  std::string out;
  AppendCanonical(col, 0, r, &out);
  return out;
}

TEST(Canonical, DecimalsLoseOnlyTheirSpelling) {
  EXPECT_EQ(Norm("12.500"), "12.5");
  EXPECT_EQ(Norm("-0.000"), "0");
  EXPECT_EQ(Norm("-0"), "0");
  EXPECT_EQ(Norm("007.10"), "7.1");
  EXPECT_EQ(Norm("100"), "100");
  EXPECT_EQ(Norm("-.5"), "-0.5");
  EXPECT_EQ(Norm("NaN"), "NaN");
}

TEST(Canonical, FloatsAtSignificantDigits) {
  EXPECT_EQ(Dbl(0.1 + 0.2, 15), "0.3");
  EXPECT_NE(Dbl(0.1 + 0.2, 17), Dbl(0.3, 17));
  EXPECT_EQ(Dbl(-0.0, 15), "0");
  EXPECT_EQ(Dbl(1.0 / 0.0, 15), "Infinity");
  EXPECT_EQ(Dbl(1e300, 15), "1e+300");
}

TEST(Canonical, AcrossTypes) {
  const LogicalType b(TypeId::kBool), i(TypeId::kInt64), f(TypeId::kFloat64), t = LogicalType::Text();
  const LogicalType d = LogicalType::Decimal(10, 2), ts(TypeId::kTimestamp), u(TypeId::kUuid);
  // bool true and integer 1 are one value.
  EXPECT_EQ(Canon(b, i, [](Column& c) { c.AppendInt(1); }), Canon(i, b, [](Column& c) { c.AppendInt(1); }));
  // decimal vs float, through the float's digits.
  EXPECT_EQ(Canon(d, f, [](Column& c) { c.AppendString("12.50"); }),
            Canon(f, d, [](Column& c) { c.AppendDouble(12.5); }));
  // text holding a timestamp vs a timestamp.
  EXPECT_EQ(Canon(t, ts, [](Column& c) { c.AppendString("2024-01-01T10:00:00+01:00"); }),
            Canon(ts, t, [](Column& c) { c.AppendInt(1704099600LL * 1000000); }));
  // uuid text in upper case.
  EXPECT_EQ(Canon(t, u, [](Column& c) { c.AppendString("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"); }),
            Canon(u, t, [](Column& c) { c.AppendString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"); }));
  // JSON by meaning only when asked.
  const LogicalType j(TypeId::kJson);
  CanonOptions norm;
  norm.json_normalize = true;
  auto a = [](Column& c) { c.AppendString(R"({"b":1,"a":2})"); };
  auto z = [](Column& c) { c.AppendString(R"({"a": 2, "b": 1})"); };
  EXPECT_NE(Canon(j, j, a), Canon(j, j, z));
  EXPECT_EQ(Canon(j, j, a, norm), Canon(j, j, z, norm));
}

TEST(Canonical, CharPaddingIsNotADifferenceButVarcharSpacesAre) {
  LogicalType ch = LogicalType::Text(20);
  ch.fixed_length = true;
  const LogicalType vc = LogicalType::Text(20), text = LogicalType::Text();
  auto padded = [](Column& c) { c.AppendString("English             "); };
  auto bare = [](Column& c) { c.AppendString("English"); };
  // PostgreSQL character(20) vs MySQL CHAR(20), either way round.
  EXPECT_EQ(Canon(ch, ch, padded), Canon(ch, ch, bare));
  EXPECT_EQ(Canon(ch, vc, padded), Canon(vc, ch, bare));
  EXPECT_EQ(Canon(text, ch, bare), Canon(ch, text, padded));
  // Leading spaces count; a trailing space between VARCHAR/TEXT does too.
  EXPECT_NE(Canon(ch, ch, [](Column& c) { c.AppendString(" English"); }), Canon(ch, ch, bare));
  EXPECT_NE(Canon(vc, vc, [](Column& c) { c.AppendString("English "); }), Canon(vc, vc, bare));
  EXPECT_NE(Canon(text, vc, [](Column& c) { c.AppendString("English "); }), Canon(vc, text, bare));
}

TEST(Canonical, RowEncodingSeparatesNullFromEmpty) {
  std::vector<Field> fields{{"a", LogicalType::Text()}, {"b", LogicalType::Text()}};
  RecordBatch batch(fields);
  batch.column(0).AppendNull();
  batch.column(1).AppendString("x");
  batch.FinishRow();
  batch.column(0).AppendString("");
  batch.column(1).AppendString("x");
  batch.FinishRow();
  batch.column(0).AppendString("x");
  batch.column(1).AppendString("");
  batch.FinishRow();
  std::vector<ColumnRender> renders(2);
  std::string r0, r1, r2;
  EncodeRow(batch, 0, renders, &r0);
  EncodeRow(batch, 1, renders, &r1);
  EncodeRow(batch, 2, renders, &r2);
  EXPECT_NE(r0, r1);
  EXPECT_NE(r1, r2);
}

}  // namespace
}  // namespace ferry::verify
