// The MySQL reader's binary-protocol edges against a real MariaDB 10.11:
// values longer than their bind buffers (several in one row, over many
// rows and batches), bytes with NULs, 4-byte UTF-8, unsigned and bit(64)
// maxima, YEAR 0, exact FLOAT/DOUBLE/DECIMAL, every temporal edge (zero
// dates, invalid dates, TIME outside a day, fractions) with the original
// text of each RowIssue as the text protocol prints it, ENUM/SET/JSON,
// a latin1 column, no columns, filters, and errors.
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <limits>

#include "core/temporal.h"
#include "engines/mysql/mysql_database.h"
#include "engines/mysql/reader.h"
#include "support/read_all.h"
#include "support/status_testing.h"
#include "support/test_env.h"

namespace ferry::mysql {
namespace {

using test::ReadAll;

using test::Query;

std::unique_ptr<Database> OpenSource(const std::string& uri) {
  auto db = OpenMysql(*ParseUri(uri), AccessMode::kReadOnly);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  return db.ok() ? std::move(db).value() : nullptr;
}

ReadSpec SpecOf(Database* db, const std::string& table) {
  auto cat = db->Introspect();
  EXPECT_TRUE(cat.ok()) << cat.status().ToString();
  ReadSpec spec;
  spec.table = table;
  if (cat.ok() && cat->FindTable(table)) spec.columns = cat->FindTable(table)->columns;
  return spec;
}

const RowIssue* IssueAt(const RecordBatch& b, size_t row, size_t column) {
  for (const auto& i : b.issues())
    if (i.row == row && i.column == column) return &i;
  return nullptr;
}

std::string Pattern(size_t n, const std::string& unit) {
  std::string s;
  while (s.size() < n) s += unit;
  return s;
}

TEST(MysqlReader, LongValuesOutgrowTheirBuffersInAnyColumnAndRow) {
  std::string uri = test::FreshDatabase("mysql");
  // Row 1: two values over the initial 4 KiB buffers in one row, one of
  // them over the 1 MiB bound; the values after them in the same row must
  // survive the long fetches. Later rows shrink, grow again and are NULL.
  Query(uri,
        "CREATE TABLE big (id int PRIMARY KEY, a longtext, b longblob, c varchar(10), "
        "d mediumtext) CHARACTER SET utf8mb4;\n"
        "INSERT INTO big VALUES "
        "(1, REPEAT('a', 5000), REPEAT(X'00FF01', 1000000), 'x😀', REPEAT('é😀', 200000)), "
        "(2, 'short', REPEAT(X'00', 70000), '', ''), "
        "(3, REPEAT('b😀', 150000), NULL, NULL, REPEAT('z', 4097)), "
        "(4, '', X'00', '😀😀😀😀😀😀😀😀😀😀', 'tail')");
  auto db = OpenSource(uri);
  ReadSpec spec = SpecOf(db.get(), "big");
  spec.limits.max_rows = 2;
  size_t batches = 0;
  RecordBatch b = ReadAll(db.get(), spec, &batches);
  ASSERT_EQ(b.num_rows(), 4u);
  EXPECT_EQ(batches, 3u);  // row 1 alone is over the 4 MiB batch bound, then 2 + 1
  EXPECT_TRUE(b.issues().empty());
  EXPECT_EQ(b.column(1).String(0), std::string(5000, 'a'));
  EXPECT_EQ(b.column(2).String(0), Pattern(3000000, std::string("\0\xff\x01", 3)));
  EXPECT_EQ(b.column(3).String(0), "x😀");
  EXPECT_EQ(b.column(4).String(0), Pattern(200000 * 6, "é😀"));
  EXPECT_EQ(b.column(1).String(1), "short");
  EXPECT_EQ(b.column(2).String(1), std::string(70000, '\0'));
  EXPECT_EQ(b.column(3).String(1), "");
  EXPECT_EQ(b.column(4).String(1), "");
  EXPECT_EQ(b.column(1).String(2), Pattern(150000 * 5, "b😀"));
  EXPECT_TRUE(b.column(2).IsNull(2));
  EXPECT_TRUE(b.column(3).IsNull(2));
  EXPECT_EQ(b.column(4).String(2), std::string(4097, 'z'));
  EXPECT_EQ(b.column(1).String(3), "");
  EXPECT_EQ(b.column(2).String(3), std::string("\0", 1));
  EXPECT_EQ(b.column(3).String(3), Pattern(40, "😀"));
  EXPECT_EQ(b.column(4).String(3), "tail");
}

TEST(MysqlReader, IntegersFloatsAndDecimalsAreExact) {
  std::string uri = test::FreshDatabase("mysql");
  Query(uri,
        "CREATE TABLE n (id int PRIMARY KEY, u64 bigint unsigned, b64 bit(64), u32 int unsigned, "
        "u8 tinyint unsigned, i64 bigint, yr year, f float, d double, dc decimal(65,30), "
        "ds decimal(5,2), b tinyint(1), b1 bit(1));\n"
        "INSERT INTO n VALUES "
        "(1, 18446744073709551615, b'1111111111111111111111111111111111111111111111111111111111111111', "
        "4294967295, 255, -9223372036854775808, 0, 3.4028234663852886e38, 4.9406564584124654e-324, "
        "'12345678901234567890123456789012345.123456789012345678901234567890', -0.5, 1, b'1'), "
        "(2, 9223372036854775808, b'1000000000000000000000000000000000000000000000000000000000000000', "
        "0, 0, 9223372036854775807, 2155, 1024.125, 1.7976931348623157e308, "
        "'-0.000000000000000000000000000001', 0, 0, b'0'), "
        "(3, 0, 0, 1, 1, 0, 1901, 1.401298464324817e-45, -2.2250738585072014e-308, 0, 999.99, "
        "NULL, NULL)");
  auto db = OpenSource(uri);
  ReadSpec spec = SpecOf(db.get(), "n");
  RecordBatch b = ReadAll(db.get(), spec);
  ASSERT_EQ(b.num_rows(), 3u);
  EXPECT_TRUE(b.issues().empty());
  auto c = [&](size_t i) -> const Column& { return b.column(i); };
  EXPECT_EQ(c(1).type(), LogicalType::Decimal(20, 0));
  EXPECT_EQ(c(1).String(0), "18446744073709551615");
  EXPECT_EQ(c(1).String(1), "9223372036854775808");
  EXPECT_EQ(c(1).String(2), "0");
  EXPECT_EQ(c(2).type(), LogicalType::Decimal(20, 0));
  EXPECT_EQ(c(2).String(0), "18446744073709551615");
  EXPECT_EQ(c(2).String(1), "9223372036854775808");
  EXPECT_EQ(c(2).String(2), "0");
  EXPECT_EQ(c(3).Int(0), 4294967295LL);
  EXPECT_EQ(c(4).Int(0), 255);
  EXPECT_EQ(c(5).Int(0), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(c(5).Int(1), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(c(6).Int(0), 0);
  EXPECT_EQ(c(6).Int(1), 2155);
  EXPECT_EQ(c(6).Int(2), 1901);
  EXPECT_EQ(c(7).Double(0), static_cast<double>(FLT_MAX));
  EXPECT_EQ(c(7).Double(1), 1024.125);
  EXPECT_EQ(c(7).Double(2), static_cast<double>(std::numeric_limits<float>::denorm_min()));
  EXPECT_EQ(c(8).Double(0), std::numeric_limits<double>::denorm_min());
  EXPECT_EQ(c(8).Double(1), DBL_MAX);
  EXPECT_EQ(c(8).Double(2), -DBL_MIN);
  EXPECT_EQ(c(9).String(0), "12345678901234567890123456789012345.123456789012345678901234567890");
  EXPECT_EQ(c(9).String(1), "-0.000000000000000000000000000001");
  EXPECT_EQ(c(9).String(2), "0.000000000000000000000000000000");
  EXPECT_EQ(c(10).String(0), "-0.50");
  EXPECT_EQ(c(10).String(1), "0.00");
  EXPECT_EQ(c(10).String(2), "999.99");
  EXPECT_EQ(c(11).type().id, TypeId::kBool);
  EXPECT_EQ(c(11).Int(0), 1);
  EXPECT_EQ(c(11).Int(1), 0);
  EXPECT_TRUE(c(11).IsNull(2));
  EXPECT_EQ(c(12).type().id, TypeId::kBool);
  EXPECT_EQ(c(12).Int(0), 1);
  EXPECT_EQ(c(12).Int(1), 0);
  EXPECT_TRUE(c(12).IsNull(2));
}

TEST(MysqlReader, TemporalEdgesAndTheOriginalOfEachIssue) {
  std::string uri = test::FreshDatabase("mysql");
  Query(uri,
        "SET SESSION sql_mode = 'ALLOW_INVALID_DATES';\n"
        "CREATE TABLE tm (id int PRIMARY KEY, d date, dt datetime(3), ts timestamp(6) NULL "
        "DEFAULT NULL, t time(1), t0 time, b tinyint(1));\n"
        "INSERT INTO tm VALUES "
        "(1, '2024-02-29', '2024-02-29 23:59:59.999', '1970-01-01 00:00:01.000001', '24:00:00', "
        "'00:00:00', 1), "
        "(2, '2021-02-30', '0000-00-00 00:00:00', NULL, '-00:00:01.5', '838:59:59', 7), "
        "(3, '0000-01-01', '2020-00-10 01:02:03.004', '2038-01-19 03:14:07.999999', "
        "'12:34:56.7', '23:59:59', -1)");
  auto db = OpenSource(uri);
  ReadSpec spec = SpecOf(db.get(), "tm");
  RecordBatch b = ReadAll(db.get(), spec);
  ASSERT_EQ(b.num_rows(), 3u);
  auto c = [&](size_t i) -> const Column& { return b.column(i); };
  EXPECT_EQ(FormatDate(c(1).Int(0)), "2024-02-29");
  EXPECT_EQ(FormatTimestamp(c(2).Int(0)), "2024-02-29 23:59:59.999000");
  EXPECT_EQ(c(3).Int(0), 1000001);
  EXPECT_EQ(c(4).Int(0), kMicrosPerDay);
  EXPECT_EQ(c(5).Int(0), 0);
  EXPECT_EQ(c(6).Int(0), 1);
  EXPECT_EQ(FormatDate(c(1).Int(2)), "0000-01-01");
  EXPECT_EQ(FormatTimestamp(c(3).Int(2)), "2038-01-19 03:14:07.999999");
  EXPECT_EQ(c(4).Int(2), 45296700000LL);
  EXPECT_EQ(c(5).Int(2), kMicrosPerDay - kMicrosPerSecond);

  struct Want {
    size_t row, column;
    RowIssue::Kind kind;
    std::string original;
  };
  const std::vector<Want> want = {
      {1, 1, RowIssue::Kind::kReject, "2021-02-30"},
      {1, 2, RowIssue::Kind::kNulled, "0000-00-00 00:00:00.000"},
      {1, 4, RowIssue::Kind::kReject, "-00:00:01.5"},
      {1, 5, RowIssue::Kind::kReject, "838:59:59"},
      {1, 6, RowIssue::Kind::kReject, "7"},
      {2, 2, RowIssue::Kind::kNulled, "2020-00-10 01:02:03.004"},
      {2, 6, RowIssue::Kind::kReject, "-1"},
  };
  EXPECT_EQ(b.issues().size(), want.size());
  for (const auto& w : want) {
    const RowIssue* issue = IssueAt(b, w.row, w.column);
    ASSERT_TRUE(issue) << "row " << w.row << " column " << w.column;
    EXPECT_TRUE(c(w.column).IsNull(w.row));
    EXPECT_EQ(issue->kind, w.kind) << w.original;
    EXPECT_EQ(issue->original, w.original);
    if (w.kind == RowIssue::Kind::kNulled) EXPECT_EQ(issue->reason, "zero date");
    else EXPECT_NE(issue->reason.find("'" + w.original + "'"), std::string::npos) << issue->reason;
  }
}

TEST(MysqlReader, StringLikeTypesNoColumnsFiltersAndErrors) {
  std::string uri = test::FreshDatabase("mysql");
  Query(uri,
        "CREATE TABLE m (id int PRIMARY KEY, e enum('a','b c'), s set('x','y'), j json, "
        "l varchar(5) CHARACTER SET latin1, ch char(4));\n"
        "INSERT INTO m VALUES (1, 'b c', 'x,y', '{\"k\": [1, \"😀\"]}', 'é', 'ab'), "
        "(2, 'a', '', '[]', '', ''), (3, NULL, NULL, NULL, NULL, NULL)");
  auto db = OpenSource(uri);
  ReadSpec spec = SpecOf(db.get(), "m");
  RecordBatch b = ReadAll(db.get(), spec);
  ASSERT_EQ(b.num_rows(), 3u);
  EXPECT_EQ(b.column(1).String(0), "b c");
  EXPECT_EQ(b.column(2).String(0), "x,y");
  EXPECT_EQ(b.column(3).String(0), "{\"k\": [1, \"😀\"]}");
  EXPECT_EQ(b.column(4).String(0), "é");  // converted to the session's utf8mb4
  EXPECT_EQ(b.column(5).String(0), "ab");
  EXPECT_EQ(b.column(2).String(1), "");
  for (size_t col = 1; col < 6; ++col) EXPECT_TRUE(b.column(col).IsNull(2));

  ReadSpec none = spec;
  none.columns.clear();
  none.where = "id > 1";
  RecordBatch counted = ReadAll(db.get(), none);
  EXPECT_EQ(counted.num_rows(), 2u);
  EXPECT_EQ(counted.num_columns(), 0u);

  ReadSpec limited = spec;
  limited.where = "id >= 2";
  limited.limit = 1;
  EXPECT_EQ(ReadAll(db.get(), limited).num_rows(), 1u);

  ReadSpec missing = spec;
  missing.table = "no_such_table";
  auto reader = db->OpenReader(missing);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kSource);
  EXPECT_NE(reader.status().message().find("no_such_table"), std::string::npos)
      << reader.status().message();
  EXPECT_EQ(reader.status().message().find(test::kPassword), std::string::npos);

  ReadSpec bad_filter = spec;
  bad_filter.where = "no_such_column = 1";
  reader = db->OpenReader(bad_filter);
  ASSERT_FALSE(reader.ok());
  EXPECT_NE(reader.status().message().find("no_such_column"), std::string::npos)
      << reader.status().message();
}

TEST(MysqlReader, QueryCastsBitsAndNothingElse) {
  ReadSpec spec;
  spec.table = "t";
  ColumnSchema f{"f", LogicalType(TypeId::kFloat32), "float", true, {}, false};
  ColumnSchema bits{"b", LogicalType(TypeId::kInt64), "bit(10)", true, {}, false};
  ColumnSchema id{"id", LogicalType(TypeId::kInt64), "bigint", true, {}, false};
  spec.columns = {id, f, bits};
  EXPECT_EQ(ReaderQuery(spec), "SELECT `id`, `f`, CAST(`b` AS UNSIGNED) FROM `t`");
}

}  // namespace
}  // namespace ferry::mysql
