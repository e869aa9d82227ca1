// DuckDB engine: reading every logical type (NULLs, extremes, 4-byte UTF-8,
// empty and long strings, binary with NUL bytes, nested types as JSON),
// batch limits and key ranges; writing every logical type through the
// appender and the atomic-write contract. Asserts compare value by value
// with what DuckDB's own C API (test_env Query) sees.
#include <gtest/gtest.h>

#include "engines/duckdb/dialect.h"
#include "engines/duckdb/duckdb_database.h"
#include "engines/duckdb/reader.h"
#include "support/status_testing.h"
#include "support/test_env.h"

namespace ferry::duckdb {
namespace {

using test::FreshDatabase;
using test::Query;
using test::Row;

std::unique_ptr<Database> OpenOrDie(const std::string& uri_text, AccessMode mode) {
  auto uri = ParseUri(uri_text);
  EXPECT_TRUE(uri.ok());
  auto db = OpenDuckdb(*uri, mode);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  return db.ok() ? std::move(db).value() : nullptr;
}

// Reads the whole table (or range) and returns every batch.
std::vector<RecordBatch> ReadAll(Database* db, const TableSchema& table, BatchLimits limits = {},
                                 std::string range_column = "", std::optional<int64_t> lo = {},
                                 std::optional<int64_t> hi = {}) {
  ReadSpec spec;
  spec.table = table.name;
  spec.columns = table.columns;
  spec.limits = limits;
  spec.range_column = range_column;
  spec.range_lo = lo;
  spec.range_hi = hi;
  auto reader = db->OpenReader(spec);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  std::vector<RecordBatch> out;
  if (!reader.ok()) return out;
  for (;;) {
    RecordBatch batch;
    auto more = (*reader)->Next(&batch);
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    out.push_back(std::move(batch));
  }
  return out;
}

TEST(DuckdbInterval, PostgresStyleText) {
  auto fmt = [](int32_t m, int32_t d, int64_t us) {
    std::string s;
    AppendPgInterval(&s, m, d, us);
    return s;
  };
  EXPECT_EQ(fmt(14, 3, 14706500000), "1 year 2 mons 3 days 04:05:06.5");
  EXPECT_EQ(fmt(0, 0, 0), "00:00:00");
  EXPECT_EQ(fmt(-14, 0, 0), "-1 years -2 mons");
  EXPECT_EQ(fmt(0, 1, -7200000000), "1 day -02:00:00");
  EXPECT_EQ(fmt(0, -1, 7200000000), "-1 days +02:00:00");
  EXPECT_EQ(fmt(1, 1, 1), "1 mon 1 day 00:00:00.000001");
  EXPECT_EQ(fmt(0, 0, 100LL * 3600000000LL), "100:00:00");
}

TEST(DuckdbReader, EveryTypeWithNullsExtremesAndNesting) {
  std::string uri_text = FreshDatabase("duckdb");
  Query(uri_text, R"(
    CREATE TYPE mood AS ENUM ('sad', 'happy');
    CREATE TABLE t (
      id INTEGER, b BOOLEAN, i8 TINYINT, i16 SMALLINT, i32 INTEGER, i64 BIGINT,
      u8 UTINYINT, u64 UBIGINT, h HUGEINT, f32 FLOAT, f64 DOUBLE, dec DECIMAL(10,3),
      txt VARCHAR, bin BLOB, d DATE, tm TIME, ts TIMESTAMP, tsms TIMESTAMP_MS, tsns TIMESTAMP_NS,
      tz TIMESTAMPTZ, iv INTERVAL, u UUID, j JSON, e mood, l INTEGER[], s STRUCT(a INTEGER, b VARCHAR),
      m MAP(VARCHAR, INTEGER)
    );
    INSERT INTO t VALUES (
      1, true, -128, -32768, -2147483648, -9223372036854775808,
      255, 18446744073709551615, -170141183460469231731687303715884105727, 1.5, -2.25e300, -12.340,
      'héllo 𝄞 wörld', '\x00\x01\xFFab'::BLOB, DATE '1969-12-31', TIME '23:59:59.999999',
      TIMESTAMP '2024-02-29 23:59:59.123456', TIMESTAMP_MS '1900-01-01 00:00:00.123',
      TIMESTAMP_NS '2000-01-01 00:00:00.123456789', TIMESTAMPTZ '2024-06-01 12:00:00+02',
      INTERVAL '1 year 2 months 3 days 04:05:06.5', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11',
      '{"b": 1,  "a": [true, null]}', 'happy', [1, NULL, 3], {'a': 7, 'b': 'x"y'}, MAP {'k': 1}
    );
    INSERT INTO t VALUES (2, false, 127, 32767, 2147483647, 9223372036854775807, 0, 0,
      170141183460469231731687303715884105727, 0, 0, 0, '', ''::BLOB, DATE '9999-12-31', TIME '00:00:00',
      TIMESTAMP '0001-01-01 00:00:00', NULL, NULL, TIMESTAMPTZ '1970-01-01 00:00:00+00',
      INTERVAL '0 seconds', '00000000-0000-0000-0000-000000000000', '[]', 'sad', [], NULL, NULL);
    INSERT INTO t (id) VALUES (3);
    INSERT INTO t (id, txt) VALUES (4, repeat('long-ü', 20000));
  )");
  auto db = OpenOrDie(uri_text, AccessMode::kReadOnly);
  ASSERT_TRUE(db);
  auto cat = db->Introspect();
  ASSERT_OK(cat);
  const TableSchema* t = cat->FindTable("t");
  ASSERT_NE(t, nullptr);
  auto batches = ReadAll(db.get(), *t);
  ASSERT_EQ(batches.size(), 1u);
  const RecordBatch& b = batches[0];
  ASSERT_EQ(b.num_rows(), 4u);
  ASSERT_EQ(b.num_columns(), t->columns.size());
  auto c = [&](const char* name) -> const Column& { return b.column(t->ColumnIndex(name)); };

  EXPECT_EQ(c("id").Int(0), 1);
  EXPECT_EQ(c("b").Int(0), 1);
  EXPECT_EQ(c("b").Int(1), 0);
  EXPECT_EQ(c("i8").Int(0), -128);
  EXPECT_EQ(c("i8").Int(1), 127);
  EXPECT_EQ(c("i16").Int(0), -32768);
  EXPECT_EQ(c("i32").Int(0), -2147483648LL);
  EXPECT_EQ(c("i64").Int(0), INT64_MIN);
  EXPECT_EQ(c("i64").Int(1), INT64_MAX);
  EXPECT_EQ(c("u8").Int(0), 255);
  EXPECT_EQ(c("u64").String(0), "18446744073709551615");
  EXPECT_EQ(c("h").String(0), "-170141183460469231731687303715884105727");
  EXPECT_EQ(c("f32").Double(0), 1.5);
  EXPECT_EQ(c("f64").Double(0), -2.25e300);
  EXPECT_EQ(c("dec").String(0), "-12.340");
  EXPECT_EQ(c("dec").String(1), "0.000");
  EXPECT_EQ(c("txt").String(0), "héllo 𝄞 wörld");
  EXPECT_EQ(c("txt").String(1), "");
  EXPECT_FALSE(c("txt").IsNull(1));
  EXPECT_EQ(c("bin").String(0), std::string("\x00\x01\xFF" "ab", 5));
  EXPECT_EQ(c("bin").String(1), "");
  EXPECT_EQ(c("d").Int(0), -1);
  EXPECT_EQ(c("d").Int(1), 2932896);
  EXPECT_EQ(c("tm").Int(0), 86399999999LL);
  EXPECT_EQ(c("tm").Int(1), 0);
  EXPECT_EQ(c("ts").Int(0), 1709251199123456LL);
  EXPECT_EQ(c("ts").Int(1), -62135596800000000LL);
  EXPECT_EQ(c("tsms").Int(0), -2208988800000000LL + 123000);
  EXPECT_EQ(c("tsns").Int(0), 946684800123456LL);
  EXPECT_EQ(c("tz").Int(0), 1717236000000000LL);
  EXPECT_EQ(c("tz").Int(1), 0);
  EXPECT_EQ(c("iv").String(0), "1 year 2 mons 3 days 04:05:06.5");
  EXPECT_EQ(c("iv").String(1), "00:00:00");
  EXPECT_EQ(c("u").String(0), "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
  EXPECT_EQ(c("u").String(1), "00000000-0000-0000-0000-000000000000");
  EXPECT_EQ(c("j").String(0), "{\"b\": 1,  \"a\": [true, null]}");  // byte-exact
  EXPECT_EQ(c("j").String(1), "[]");
  EXPECT_EQ(c("e").String(0), "happy");
  EXPECT_EQ(c("l").String(0), "[1,null,3]");
  EXPECT_EQ(c("l").String(1), "[]");
  EXPECT_EQ(c("s").String(0), "{\"a\":7,\"b\":\"x\\\"y\"}");
  EXPECT_EQ(c("m").String(0), "{\"k\":1}");
  EXPECT_TRUE(c("tsms").IsNull(1));
  EXPECT_TRUE(c("s").IsNull(1));
  // Row 3: everything but id is NULL.
  for (size_t col = 1; col < b.num_columns(); ++col) EXPECT_TRUE(b.column(col).IsNull(2)) << col;
  EXPECT_FALSE(b.column(0).IsNull(2));
  std::string long_text;
  for (int i = 0; i < 20000; ++i) long_text += "long-ü";
  EXPECT_EQ(c("txt").String(3), long_text);
}

TEST(DuckdbReader, BatchLimitsAndRanges) {
  std::string uri_text = FreshDatabase("duckdb");
  Query(uri_text, "CREATE TABLE t (id BIGINT, v VARCHAR);"
                  "INSERT INTO t SELECT i, repeat('x', 100) FROM range(10000) r(i)");
  auto db = OpenOrDie(uri_text, AccessMode::kReadOnly);
  ASSERT_TRUE(db);
  auto cat = db->Introspect();
  ASSERT_OK(cat);
  const TableSchema& t = *cat->FindTable("t");

  BatchLimits rows_only;
  rows_only.max_rows = 3000;  // not a multiple of DuckDB's 2048-row chunks
  auto batches = ReadAll(db.get(), t, rows_only);
  ASSERT_EQ(batches.size(), 4u);
  EXPECT_EQ(batches[0].num_rows(), 3000u);
  EXPECT_EQ(batches[3].num_rows(), 1000u);
  std::vector<bool> seen(10000, false);
  for (const auto& b : batches)
    for (size_t r = 0; r < b.num_rows(); ++r) {
      int64_t id = b.column(0).Int(r);
      ASSERT_TRUE(id >= 0 && id < 10000);
      EXPECT_FALSE(seen[id]);
      seen[id] = true;
      EXPECT_EQ(b.column(1).String(r).size(), 100u);
    }
  for (bool s : seen) ASSERT_TRUE(s);

  BatchLimits bytes;
  bytes.max_bytes = 64 * 1024;
  auto small = ReadAll(db.get(), t, bytes);
  size_t total = 0;
  for (const auto& b : small) {
    total += b.num_rows();
    EXPECT_LE(b.ByteSize(), 2 * bytes.max_bytes);
  }
  EXPECT_EQ(total, 10000u);
  EXPECT_GT(small.size(), 10u);

  auto ranged = ReadAll(db.get(), t, {}, "id", 100, 250);
  size_t n = 0;
  for (const auto& b : ranged)
    for (size_t r = 0; r < b.num_rows(); ++r, ++n) {
      EXPECT_GE(b.column(0).Int(r), 100);
      EXPECT_LT(b.column(0).Int(r), 250);
    }
  EXPECT_EQ(n, 150u);
  auto open_end = ReadAll(db.get(), t, {}, "id", 9990, std::nullopt);
  ASSERT_EQ(open_end.size(), 1u);
  EXPECT_EQ(open_end[0].num_rows(), 10u);

  Query(uri_text + "", "SELECT 1");  // harmless: read-only sessions coexist
}

TEST(DuckdbReader, SnapshotIgnoresLaterWrites) {
  std::string uri_text = FreshDatabase("duckdb");
  auto db = OpenOrDie(uri_text, AccessMode::kReadWrite);
  ASSERT_TRUE(db);
  ASSERT_OK(db->Execute("CREATE TABLE t (id INTEGER)"));
  ASSERT_OK(db->Execute("INSERT INTO t SELECT * FROM range(5000)"));
  TableSchema t;
  t.name = "t";
  ColumnSchema id;
  id.name = "id";
  id.type = LogicalType(TypeId::kInt32);
  id.native_type = "INTEGER";
  t.columns = {id};
  ReadSpec spec;
  spec.table = "t";
  spec.columns = t.columns;
  spec.limits = BatchLimits{1000, 8 << 20};
  auto reader = db->OpenReader(spec);
  ASSERT_OK(reader);
  RecordBatch batch;
  auto more = (*reader)->Next(&batch);
  ASSERT_OK(more);
  ASSERT_TRUE(*more);
  size_t total = batch.num_rows();
  ASSERT_OK(db->Execute("INSERT INTO t SELECT * FROM range(5000)"));
  for (;;) {
    auto m = (*reader)->Next(&batch);
    ASSERT_OK(m);
    if (!*m) break;
    total += batch.num_rows();
  }
  EXPECT_EQ(total, 5000u);
}

// A table of every logical type, created by the dialect.
TableSchema AllTypesTable() {
  TableSchema t;
  t.name = "all types";
  LogicalType e(TypeId::kEnum);
  e.enum_values = {"red", "green"};
  auto add = [&](const char* name, LogicalType type) {
    ColumnSchema c;
    c.name = name;
    c.type = std::move(type);
    t.columns.push_back(std::move(c));
  };
  add("id", LogicalType(TypeId::kInt64));
  add("b", LogicalType(TypeId::kBool));
  add("i8", LogicalType(TypeId::kInt8));
  add("i16", LogicalType(TypeId::kInt16));
  add("i32", LogicalType(TypeId::kInt32));
  add("i64", LogicalType(TypeId::kInt64));
  add("f32", LogicalType(TypeId::kFloat32));
  add("f64", LogicalType(TypeId::kFloat64));
  add("dec", LogicalType::Decimal(38, 10));
  add("bigdec", LogicalType::Decimal(-1, -1));
  add("txt", LogicalType::Text(50));
  add("bin", LogicalType(TypeId::kBytes));
  add("d", LogicalType(TypeId::kDate));
  add("tm", LogicalType(TypeId::kTime));
  add("ts", LogicalType(TypeId::kTimestamp));
  add("tz", LogicalType(TypeId::kTimestampTz));
  add("iv", LogicalType(TypeId::kInterval));
  add("u", LogicalType(TypeId::kUuid));
  add("j", LogicalType(TypeId::kJson));
  add("e", e);
  t.primary_key = {"id"};
  return t;
}

std::vector<Field> FieldsOf(const TableSchema& t) {
  std::vector<Field> f;
  for (const auto& c : t.columns) f.push_back(Field{c.name, c.type});
  return f;
}

TEST(DuckdbWriter, EveryTypeRoundTrips) {
  std::string uri_text = FreshDatabase("duckdb");
  TableSchema t = AllTypesTable();
  RecordBatch batch(FieldsOf(t));
  auto row = [&](int64_t id, bool nulls) {
    size_t c = 0;
    auto col = [&]() -> Column& { return batch.column(c++); };
    col().AppendInt(id);
    if (nulls) {
      for (; c < batch.num_columns();) col().AppendNull();
      batch.FinishRow();
      return;
    }
    bool first = id == 1;
    col().AppendInt(first ? 1 : 0);
    col().AppendInt(first ? -128 : 127);
    col().AppendInt(first ? -32768 : 32767);
    col().AppendInt(first ? INT32_MIN : INT32_MAX);
    col().AppendInt(first ? INT64_MIN : INT64_MAX);
    col().AppendDouble(first ? 1.5 : -0.25);
    col().AppendDouble(first ? 1e300 : -2.5e-300);
    col().AppendString(first ? "-1234567890123456789012345678.0123456789" : "0.0000000000");
    col().AppendString(first ? "123456789012345678901234567890123456789012.5" : "-1");
    col().AppendString(first ? "h\xC3\xA9llo \xF0\x9D\x84\x9E" : "");
    col().AppendString(first ? std::string("\x00\xFF\x01", 3) : std::string());
    col().AppendInt(first ? -719162 : 2932896);  // 0001-01-01, 9999-12-31
    col().AppendInt(first ? 0 : 86399999999LL);
    col().AppendInt(first ? 1709251199123456LL : -62135596800000000LL);
    col().AppendInt(first ? 1717236000000000LL : 0);
    col().AppendString(first ? "1 year 2 mons 3 days 04:05:06.5" : "-1 days +02:00:00");
    col().AppendString(first ? "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11" : "00000000-0000-0000-0000-000000000000");
    col().AppendString(first ? "{\"b\": 1,  \"a\": [true]}" : "[]");
    col().AppendString(first ? "red" : "green");
    batch.FinishRow();
  };
  row(1, false);
  row(2, false);
  row(3, true);
  {
    auto db = OpenOrDie(uri_text, AccessMode::kReadWrite);
    ASSERT_TRUE(db);
    auto sqls = db->dialect().CreateTableSql(t, true);
    ASSERT_OK(sqls);
    for (const auto& sql : *sqls) ASSERT_OK(db->Execute(sql));
    auto writer = db->OpenWriter(WriteSpec{t.name, FieldsOf(t)});
    ASSERT_OK(writer);
    ASSERT_OK((*writer)->Write(batch, 0, 3));
    ASSERT_OK((*writer)->Commit());
  }
  // Every value through DuckDB's own VARCHAR cast (the legacy value API
  // test_env uses returns NULL for INTERVAL, ENUM, UUID and TIMESTAMPTZ).
  std::string select;
  for (const char* c : {"id", "b", "i8", "i16", "i32", "i64", "f32", "f64", "dec", "bigdec", "txt", "bin", "d",
                        "tm", "ts", "tz", "iv", "u", "j", "e"})
    select += std::string(select.empty() ? "" : ", ") + c + "::VARCHAR";
  auto rows = Query(uri_text, "SELECT " + select +
                                  ", typeof(dec), typeof(e), typeof(j), typeof(u), typeof(iv) "
                                  "FROM \"all types\" ORDER BY id");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (Row{"1", "true", "-128", "-32768", "-2147483648", "-9223372036854775808", "1.5", "1e+300",
                          "-1234567890123456789012345678.0123456789",
                          "123456789012345678901234567890123456789012.5", "h\xC3\xA9llo \xF0\x9D\x84\x9E",
                          "\\x00\\xFF\\x01", "0001-01-01", "00:00:00", "2024-02-29 23:59:59.123456",
                          "2024-06-01 10:00:00+00", "1 year 2 months 3 days 04:05:06.5",
                          "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "{\"b\": 1,  \"a\": [true]}", "red",
                          "DECIMAL(38,10)", "ENUM('red', 'green')", "JSON", "UUID", "INTERVAL"}));
  EXPECT_EQ(rows[1], (Row{"2", "false", "127", "32767", "2147483647", "9223372036854775807", "-0.25", "-2.5e-300",
                          "0.0000000000", "-1", "", "", "9999-12-31", "23:59:59.999999", "0001-01-01 00:00:00",
                          "1970-01-01 00:00:00+00", "-1 day 02:00:00", "00000000-0000-0000-0000-000000000000",
                          "[]", "green", "DECIMAL(38,10)", "ENUM('red', 'green')", "JSON", "UUID", "INTERVAL"}));
  for (size_t c = 1; c < 20; ++c) EXPECT_FALSE(rows[2][c].has_value()) << c;

  // And back through ferry's own reader: the same values.
  auto db = OpenOrDie(uri_text, AccessMode::kReadOnly);
  ASSERT_TRUE(db);
  auto cat = db->Introspect();
  ASSERT_OK(cat);
  auto back = ReadAll(db.get(), *cat->FindTable("all types"));
  ASSERT_EQ(back.size(), 1u);
  ASSERT_EQ(back[0].num_rows(), 3u);
  for (size_t c = 0; c < batch.num_columns(); ++c) {
    for (size_t r = 0; r < 3; ++r) {
      const Column& want = batch.column(c);
      const Column& got = back[0].column(c);
      ASSERT_EQ(want.IsNull(r), got.IsNull(r)) << c << "," << r;
      if (want.IsNull(r)) continue;
      if (want.kind() == PhysicalKind::kInt64) {
        EXPECT_EQ(want.Int(r), got.Int(r)) << c;
      } else if (want.kind() == PhysicalKind::kDouble) {
        EXPECT_EQ(want.Double(r), got.Double(r)) << c;
      } else {
        EXPECT_EQ(want.String(r), got.String(r)) << c;
      }
    }
  }
}

TEST(DuckdbWriter, SubsetOfColumnsInOtherOrderGetsDefaults) {
  std::string uri_text = FreshDatabase("duckdb");
  Query(uri_text, "CREATE SEQUENCE s; CREATE TABLE t (id BIGINT DEFAULT nextval('s'), a VARCHAR, "
                  "n INTEGER DEFAULT 42, b DOUBLE)");
  std::vector<Field> fields = {Field{"b", LogicalType(TypeId::kFloat64)}, Field{"a", LogicalType::Text()}};
  RecordBatch batch(fields);
  batch.column(0).AppendDouble(2.5);
  batch.column(1).AppendString("x");
  batch.FinishRow();
  {
    auto db = OpenOrDie(uri_text, AccessMode::kReadWrite);
    ASSERT_TRUE(db);
    auto writer = db->OpenWriter(WriteSpec{"t", fields});
    ASSERT_OK(writer);
    ASSERT_OK((*writer)->Write(batch, 0, 1));
    ASSERT_OK((*writer)->Commit());
  }
  EXPECT_EQ(Query(uri_text, "SELECT * FROM t")[0], (Row{"1", "x", "42", "2.5"}));
}

// The atomic-write contract for each way a row can be refused, on both
// appender paths: `with_json` adds a JSON column, which sends the writer
// through the query appender; without it the table appender is used.
void CheckFailedWriteLeavesNothing(bool with_json) {
  std::string uri_text = FreshDatabase("duckdb", with_json ? "_json" : "_plain");
  Query(uri_text, std::string("CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR NOT NULL, d DECIMAL(5,2), "
                              "u UUID, s SMALLINT, e ENUM('a', 'b')") +
                      (with_json ? ", j JSON)" : ")"));
  std::vector<Field> fields = {Field{"id", LogicalType(TypeId::kInt32)}, Field{"v", LogicalType::Text()},
                               Field{"d", LogicalType::Decimal(5, 2)}, Field{"u", LogicalType(TypeId::kUuid)},
                               Field{"s", LogicalType(TypeId::kInt16)}, Field{"e", LogicalType(TypeId::kEnum)}};
  if (with_json) fields.push_back(Field{"j", LogicalType(TypeId::kJson)});
  const int kBreakers = with_json ? 8 : 7;
  auto make = [&](int first, int n, int bad, int breaker) {
    RecordBatch b(fields);
    for (int i = 0; i < n; ++i) {
      const bool broken = i == bad;
      b.column(0).AppendInt(broken && breaker == 0 ? first : first + i);  // duplicate key
      if (broken && breaker == 1) {
        b.column(1).AppendNull();  // NOT NULL
      } else if (broken && breaker == 6) {
        b.column(1).AppendString("\xC3\x28");  // invalid UTF-8
      } else {
        b.column(1).AppendString("v");
      }
      b.column(2).AppendString(broken && breaker == 2 ? "12345.67" : "1.25");  // too wide
      b.column(3).AppendString(broken && breaker == 3 ? "not-a-uuid" : "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
      b.column(4).AppendInt(broken && breaker == 4 ? 70000 : 7);  // SMALLINT overflow
      b.column(5).AppendString(broken && breaker == 5 ? "zzz" : "b");  // not a label
      if (with_json) b.column(6).AppendString(broken && breaker == 7 ? "{bad json" : "{}");
      b.FinishRow();
    }
    return b;
  };
  auto db = OpenOrDie(uri_text, AccessMode::kReadWrite);
  ASSERT_TRUE(db);
  auto writer = db->OpenWriter(WriteSpec{"t", fields});
  ASSERT_OK(writer);
  int64_t expected = 0;
  for (int breaker = 0; breaker < kBreakers; ++breaker) {
    const int first = breaker * 5000;
    // 5000 rows: the bad one sits in the third 2048-row chunk.
    RecordBatch bad = make(first, 5000, 4500, breaker);
    Status st = (*writer)->Write(bad, 0, 5000);
    ASSERT_FALSE(st.ok()) << "breaker " << breaker;
    EXPECT_EQ(st.code(), StatusCode::kData) << "breaker " << breaker << ": " << st.ToString();
    auto n = db->CountRows("t");
    ASSERT_OK(n);
    EXPECT_EQ(*n, expected) << "breaker " << breaker << " left rows behind";
    // The good rows around the bad one land in later calls.
    ASSERT_OK((*writer)->Write(bad, 0, 4500));
    ASSERT_OK((*writer)->Write(bad, 4501, 5000));
    expected += 4999;
    n = db->CountRows("t");
    ASSERT_OK(n);
    EXPECT_EQ(*n, expected);
  }
  ASSERT_OK((*writer)->Commit());
  writer->reset();
  db.reset();
  auto row = Query(uri_text, "SELECT count(*), count(DISTINCT id), min(v), max(d)::VARCHAR, min(e)::VARCHAR FROM t")[0];
  EXPECT_EQ(row, (Row{std::to_string(expected), std::to_string(expected), "v", "1.25", "b"}));
}

TEST(DuckdbWriter, FailedWriteLeavesNothingTableAppender) { CheckFailedWriteLeavesNothing(false); }
TEST(DuckdbWriter, FailedWriteLeavesNothingQueryAppender) { CheckFailedWriteLeavesNothing(true); }

}  // namespace
}  // namespace ferry::duckdb
