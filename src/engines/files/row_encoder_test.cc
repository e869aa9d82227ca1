// Row encoders: the spelling of values per format, a row the format cannot
// hold leaves nothing behind, and record counting across read pieces.
#include "engines/files/row_encoder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace ferry::files {
namespace {

RecordBatch OneRow(double real, std::string_view text) {
  RecordBatch b({Field{"r", LogicalType(TypeId::kFloat64)}, Field{"s", LogicalType(TypeId::kText)},
                 Field{"n", LogicalType(TypeId::kInt64)}});
  b.column(0).AppendDouble(real);
  b.column(1).AppendString(text);
  b.column(2).AppendNull();
  b.SetRowCount(1);
  return b;
}

TEST(RowEncoder, NonFiniteFloatsAndNulls) {
  auto csv = RowEncoder::Make("csv");
  auto jsonl = RowEncoder::Make("jsonl");
  ASSERT_TRUE(csv && jsonl);
  EXPECT_EQ(RowEncoder::Make("xml"), nullptr);
  std::string out;
  ASSERT_TRUE(csv->AppendRows(OneRow(std::numeric_limits<double>::quiet_NaN(), "x"), 0, 1, &out).ok());
  ASSERT_TRUE(csv->AppendRows(OneRow(-std::numeric_limits<double>::infinity(), "a\"b"), 0, 1, &out).ok());
  EXPECT_EQ(out, "NaN,x,\n-Infinity,\"a\"\"b\",\n");
  out.clear();
  ASSERT_TRUE(jsonl->AppendRows(OneRow(std::numeric_limits<double>::infinity(), "\t"), 0, 1, &out).ok());
  EXPECT_EQ(out, "{\"r\":\"Infinity\",\"s\":\"\\t\",\"n\":null}\n");
}

TEST(RowEncoder, TextJsonCannotHoldIsRefusedAndLeavesNothing) {
  auto jsonl = RowEncoder::Make("jsonl");
  std::string out = "kept\n";
  Status st = jsonl->AppendRows(OneRow(1, std::string("ab\xff", 3)), 0, 1, &out);
  EXPECT_EQ(st.code(), StatusCode::kData);
  EXPECT_NE(st.message().find("column s"), std::string::npos) << st.message();
  EXPECT_EQ(out, "kept\n");
  // A good row before the bad one leaves nothing either: the call is atomic.
  RecordBatch two = OneRow(1, "fine");
  two.column(0).AppendDouble(2);
  two.column(1).AppendString(std::string("ab\xff", 3));
  two.column(2).AppendNull();
  two.SetRowCount(2);
  st = jsonl->AppendRows(two, 0, 2, &out);
  EXPECT_EQ(st.code(), StatusCode::kData);
  EXPECT_NE(st.message().find("row 1 of the batch"), std::string::npos) << st.message();
  EXPECT_EQ(out, "kept\n");
  ASSERT_TRUE(jsonl->AppendRows(two, 0, 1, &out).ok());
  EXPECT_EQ(out, "kept\n{\"r\":1,\"s\":\"fine\",\"n\":null}\n");
  // csv carries the bytes as they are.
  auto csv = RowEncoder::Make("csv");
  out.clear();
  EXPECT_TRUE(csv->AppendRows(OneRow(1, std::string("ab\xff", 3)), 0, 1, &out).ok());
  EXPECT_EQ(out, std::string("1,ab\xff,\n", 7));
}

TEST(RowEncoder, CountsRecordsAcrossPieces) {
  auto csv = RowEncoder::Make("csv");
  bool in_quotes = false;
  // A quoted line break split across two pieces is not a record end.
  EXPECT_EQ(csv->CountRecords("a,b\n1,\"x\n", &in_quotes), 1);
  EXPECT_TRUE(in_quotes);
  EXPECT_EQ(csv->CountRecords("y\"\"z\"\n2,\n", &in_quotes), 2);
  EXPECT_FALSE(in_quotes);
  auto jsonl = RowEncoder::Make("jsonl");
  EXPECT_EQ(jsonl->CountRecords("{}\n{\"a\":\"\\n\"}\n", &in_quotes), 2);
}

}  // namespace
}  // namespace ferry::files
