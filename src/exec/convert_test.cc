#include "exec/convert.h"

#include <gtest/gtest.h>

#include "core/temporal.h"

namespace ferry {

namespace {

RecordBatch OneColumn(const LogicalType& type) { return RecordBatch({Field{"v", type}}); }

}  // namespace

TEST(Convert, TextToIntegerChecksRange) {
  RecordBatch b = OneColumn(LogicalType::Text());
  for (const char* v : {"12", "40000", "abc", "7.000"}) {
    b.column(0).AppendString(v);
    b.FinishRow();
  }
  b.column(0).AppendNull();
  b.FinishRow();
  ColumnMapping m{"v", "v", LogicalType::Text(), LogicalType(TypeId::kInt16), CastFunction::kNone};
  ConvertBatch({m}, &b);
  EXPECT_EQ(b.column(0).Int(0), 12);
  EXPECT_TRUE(b.column(0).IsNull(1));
  EXPECT_TRUE(b.column(0).IsNull(2));
  EXPECT_EQ(b.column(0).Int(3), 7);
  EXPECT_TRUE(b.column(0).IsNull(4));
  ASSERT_EQ(b.issues().size(), 2u);
  EXPECT_EQ(b.issues()[0].row, 1u);
  EXPECT_NE(b.issues()[0].reason.find("out of range"), std::string::npos);
  EXPECT_EQ(b.issues()[0].original, "40000");
  EXPECT_EQ(b.issues()[1].original, "abc");
}

TEST(Convert, EpochMillisecondsToTimestampAndBack) {
  RecordBatch b = OneColumn(LogicalType(TypeId::kInt64));
  b.column(0).AppendInt(1700000000123);
  b.FinishRow();
  ColumnMapping m{"v", "v", LogicalType(TypeId::kInt64), LogicalType(TypeId::kTimestamp),
                  CastFunction::kEpochMilliseconds};
  ConvertBatch({m}, &b);
  EXPECT_EQ(FormatTimestamp(b.column(0).Int(0)), "2023-11-14 22:13:20.123000");
  ColumnMapping back{"v", "v", LogicalType(TypeId::kTimestamp), LogicalType(TypeId::kInt64),
                     CastFunction::kEpochSeconds};
  ConvertBatch({back}, &b);
  EXPECT_TRUE(b.column(0).IsNull(0)) << "sub-second digits must not be dropped silently";
  ASSERT_EQ(b.issues().size(), 1u);
}

TEST(Convert, IntegerToTimestampWithoutUnitIsRejected) {
  RecordBatch b = OneColumn(LogicalType(TypeId::kInt64));
  b.column(0).AppendInt(5);
  b.FinishRow();
  ColumnMapping m{"v", "v", LogicalType(TypeId::kInt64), LogicalType(TypeId::kTimestamp), CastFunction::kNone};
  EXPECT_FALSE(CheckConvertible(m.source_type, m.target_type, m.using_fn).ok());
  ConvertBatch({m}, &b);
  ASSERT_EQ(b.issues().size(), 1u);
  EXPECT_NE(b.issues()[0].reason.find("epoch_s|epoch_ms"), std::string::npos);
}

TEST(Convert, ValuesToTextAndUuidNormalised) {
  RecordBatch b({Field{"b", LogicalType(TypeId::kBool)}, Field{"d", LogicalType(TypeId::kFloat64)},
                 Field{"u", LogicalType::Text()}});
  b.column(0).AppendInt(1);
  b.column(1).AppendDouble(0.1);
  b.column(2).AppendString("{A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11}");
  b.FinishRow();
  ConvertBatch({{"b", "b", LogicalType(TypeId::kBool), LogicalType::Text(), CastFunction::kNone},
                {"d", "d", LogicalType(TypeId::kFloat64), LogicalType::Decimal(10, 2), CastFunction::kNone},
                {"u", "u", LogicalType::Text(), LogicalType(TypeId::kUuid), CastFunction::kNone}},
               &b);
  EXPECT_EQ(b.column(0).String(0), "true");
  EXPECT_EQ(b.column(1).String(0), "0.1");
  EXPECT_EQ(b.column(2).String(0), "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
  EXPECT_TRUE(b.issues().empty());
}

TEST(Convert, BinaryThatIsNotUtf8CannotBecomeText) {
  RecordBatch b = OneColumn(LogicalType(TypeId::kBytes));
  b.column(0).AppendString(std::string("\xff\x00", 2));
  b.FinishRow();
  ConvertBatch({{"v", "v", LogicalType(TypeId::kBytes), LogicalType::Text(), CastFunction::kNone}}, &b);
  ASSERT_EQ(b.issues().size(), 1u);
  EXPECT_EQ(b.issues()[0].original, "\\xff00");
}

TEST(Convert, SameRepresentationMovesNothing) {
  EXPECT_TRUE(SameRepresentation(LogicalType(TypeId::kInt16), LogicalType(TypeId::kInt64)));
  EXPECT_FALSE(SameRepresentation(LogicalType(TypeId::kInt64), LogicalType(TypeId::kInt16)));
  EXPECT_TRUE(SameRepresentation(LogicalType(TypeId::kJson), LogicalType::Text()));
  EXPECT_FALSE(SameRepresentation(LogicalType::Text(), LogicalType(TypeId::kUuid)));
}

}  // namespace ferry
