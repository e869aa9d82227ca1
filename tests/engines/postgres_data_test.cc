// PostgreSQL engine against a real server: reading (COPY binary out) and
// writing (COPY binary/text in), value by value, plus the writer's atomic
// contract, snapshots, ranges and key maintenance.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <limits>

#include "core/temporal.h"
#include "engines/postgres/postgres_database.h"
#include "support/status_testing.h"
#include "support/test_env.h"

namespace ferry::postgres {
namespace {

using test::Query;

std::unique_ptr<Database> Open(const std::string& text, AccessMode mode) {
  auto uri = ParseUri(text);
  EXPECT_TRUE(uri.ok());
  auto db = OpenPostgres(*uri, mode);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  return db.ok() ? std::move(db).value() : nullptr;
}

// Reads a whole table through ferry's reader into one batch.
RecordBatch ReadAll(Database* db, const std::string& table, ReadSpec spec = {}) {
  auto cat = db->Introspect();
  EXPECT_TRUE(cat.ok());
  const TableSchema* t = cat->FindTable(table);
  EXPECT_NE(t, nullptr) << table;
  spec.table = table;
  if (spec.columns.empty()) spec.columns = t->columns;
  std::vector<Field> fields;
  for (const auto& c : spec.columns) fields.push_back({c.name, c.type});
  RecordBatch all(fields), batch(fields);
  auto reader = db->OpenReader(spec);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  if (!reader.ok()) return all;
  while (true) {
    auto more = (*reader)->Next(&batch);
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    all.AppendRows(batch, 0, batch.num_rows());
    for (auto issue : batch.issues()) all.issues().push_back(issue);
  }
  return all;
}

int64_t Micros(const char* text) { return *ParseTimestamp(text); }

constexpr const char* kTypesTable = R"(
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE types (
  id int PRIMARY KEY, b boolean, s smallint, i integer, l bigint, r real, f double precision,
  n numeric(30,10), nb numeric, v varchar(20), c char(3), t text, by bytea, d date, tm time,
  ttz timetz, ts timestamp, tstz timestamptz, iv interval, u uuid, j json, jb jsonb, m mood,
  addr inet, arr int[]);
INSERT INTO types VALUES
 (1, true, -32768, -2147483648, -9223372036854775808, 3.4028235e38, 1.7976931348623157e308,
  '-12345678901234567890.0123456789', '123456789012345678901234567890.000000000000000000001',
  '😀 héllo', 'ab', repeat('x', 100000), '\x00ff00'::bytea, '0001-01-01', '23:59:59.999999',
  '12:00:00+02', '2024-02-29 23:59:59.123456', '2024-01-01 00:00:00+05',
  '1 year 2 mons 3 days 04:05:06.5', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
  '{"b": 1,  "a": [1,2]}', '{"b": 1, "a": 2}', 'happy', '192.168.0.1/24', '{1,2,NULL}'),
 (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (3, false, 32767, 2147483647, 9223372036854775807, -1.5, '-Infinity', 0, 'NaN', '', '', '',
  '', '9999-12-31', '00:00:00', '00:00:00+00', '1970-01-01 00:00:00', '1900-06-15 12:00:00.5+00',
  '-1 days +01:00:00', '00000000-0000-0000-0000-000000000000', '[]', 'null', 'sad', '::1', '{}'),
 (4, true, 0, 0, 0, 0.1, 0.1, '0.0000000001', '-0.5', 'tab	nl
x\y', 'a b', 'ünïcödé ☃', '\x'::bytea, '1969-12-31', '12:34:56.000001', '23:00:00-03',
  '0214-07-04 01:02:03', '2262-04-11 23:47:16.854775+00', '-3 years -5 mons -6 days -00:00:00.000001',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', '"str"', '{"k": [true, false, null, 1.5e3]}', 'ok',
  '10.0.0.0/8', '{{1,2},{3,4}}');
)";

TEST(PostgresData, ReadEveryType) {
  std::string uri = test::FreshDatabase("postgres");
  Query(uri, kTypesTable);
  auto db = Open(uri, AccessMode::kReadOnly);
  ASSERT_TRUE(db);
  ReadSpec spec;
  RecordBatch b = ReadAll(db.get(), "types");
  ASSERT_EQ(b.num_rows(), 4u);
  EXPECT_TRUE(b.issues().empty());
  auto col = [&](const char* name) -> const Column& {
    for (size_t i = 0; i < b.num_columns(); ++i)
      if (b.fields()[i].name == name) return b.column(i);
    ADD_FAILURE() << name;
    return b.column(0);
  };
  // Row order = insertion order for a fresh heap table.
  EXPECT_EQ(col("id").Int(0), 1);
  EXPECT_EQ(col("b").Int(0), 1);
  EXPECT_EQ(col("b").Int(2), 0);
  EXPECT_EQ(col("s").Int(0), -32768);
  EXPECT_EQ(col("s").Int(2), 32767);
  EXPECT_EQ(col("i").Int(0), std::numeric_limits<int32_t>::min());
  EXPECT_EQ(col("i").Int(2), std::numeric_limits<int32_t>::max());
  EXPECT_EQ(col("l").Int(0), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(col("l").Int(2), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(col("r").Double(0), static_cast<double>(3.4028235e38f));
  EXPECT_EQ(col("r").Double(2), -1.5);
  EXPECT_EQ(col("r").Double(3), static_cast<double>(0.1f));
  EXPECT_EQ(col("f").Double(0), 1.7976931348623157e308);
  EXPECT_TRUE(std::isinf(col("f").Double(2)) && col("f").Double(2) < 0);
  EXPECT_EQ(col("f").Double(3), 0.1);
  EXPECT_EQ(col("n").String(0), "-12345678901234567890.0123456789");
  EXPECT_EQ(col("n").String(2), "0.0000000000");
  EXPECT_EQ(col("n").String(3), "0.0000000001");
  EXPECT_EQ(col("nb").String(0), "123456789012345678901234567890.000000000000000000001");
  EXPECT_EQ(col("nb").String(2), "NaN");
  EXPECT_EQ(col("nb").String(3), "-0.5");
  EXPECT_EQ(col("v").String(0), "😀 héllo");
  EXPECT_EQ(col("v").String(2), "");
  EXPECT_EQ(col("v").String(3), "tab\tnl\nx\\y");
  EXPECT_EQ(col("c").String(0), "ab ");
  EXPECT_EQ(col("c").String(2), "   ");
  EXPECT_EQ(col("t").String(0), std::string(100000, 'x'));
  EXPECT_EQ(col("t").String(2), "");
  EXPECT_EQ(col("t").String(3), "ünïcödé ☃");
  EXPECT_EQ(col("by").String(0), std::string("\0\xff\0", 3));
  EXPECT_EQ(col("by").String(2), "");
  EXPECT_EQ(col("d").Int(0), DaysFromCivil(1, 1, 1));
  EXPECT_EQ(col("d").Int(2), DaysFromCivil(9999, 12, 31));
  EXPECT_EQ(col("d").Int(3), -1);
  EXPECT_EQ(col("tm").Int(0), 86400LL * 1000000 - 1);
  EXPECT_EQ(col("tm").Int(2), 0);
  EXPECT_EQ(col("tm").Int(3), (12 * 3600 + 34 * 60 + 56) * 1000000LL + 1);
  EXPECT_EQ(col("ttz").Int(0), 10 * 3600 * 1000000LL);  // normalised to UTC
  EXPECT_EQ(col("ttz").Int(3), 2 * 3600 * 1000000LL);   // 23:00-03 = 02:00 UTC
  EXPECT_EQ(col("ts").Int(0), Micros("2024-02-29 23:59:59.123456"));
  EXPECT_EQ(col("ts").Int(2), 0);
  EXPECT_EQ(col("ts").Int(3), Micros("0214-07-04 01:02:03"));
  EXPECT_EQ(col("tstz").Int(0), Micros("2023-12-31 19:00:00"));
  EXPECT_EQ(col("tstz").Int(2), Micros("1900-06-15 12:00:00.5"));
  EXPECT_EQ(col("tstz").Int(3), Micros("2262-04-11 23:47:16.854775"));
  EXPECT_EQ(col("u").String(0), "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
  EXPECT_EQ(col("u").String(2), "00000000-0000-0000-0000-000000000000");
  EXPECT_EQ(col("u").String(3), "ffffffff-ffff-ffff-ffff-ffffffffffff");
  EXPECT_EQ(col("j").String(0), "{\"b\": 1,  \"a\": [1,2]}");  // json is byte-exact
  EXPECT_EQ(col("j").String(3), "\"str\"");
  EXPECT_EQ(col("jb").String(0), "{\"a\": 2, \"b\": 1}");     // jsonb as the server renders it
  EXPECT_EQ(col("jb").String(2), "null");
  EXPECT_EQ(col("m").String(0), "happy");
  EXPECT_EQ(col("m").String(2), "sad");
  EXPECT_EQ(col("addr").String(0), "192.168.0.1/24");
  EXPECT_EQ(col("addr").String(2), "::1");
  EXPECT_EQ(col("arr").String(0), "{1,2,NULL}");
  EXPECT_EQ(col("arr").String(3), "{{1,2},{3,4}}");
  // Row 2 is all NULL but its key.
  for (size_t c = 1; c < b.num_columns(); ++c) EXPECT_TRUE(b.column(c).IsNull(1)) << c;
  for (size_t c = 0; c < b.num_columns(); ++c) EXPECT_FALSE(b.column(c).IsNull(0)) << c;

  // Interval and numeric text agree with the server's own rendering.
  auto server = Query(uri, "SELECT iv::text, n::text, nb::text FROM types ORDER BY id");
  for (size_t r = 0; r < 4; ++r) {
    if (server[r][0]) {
      EXPECT_EQ(col("iv").String(r), *server[r][0]);
      EXPECT_EQ(col("n").String(r), *server[r][1]);
      EXPECT_EQ(col("nb").String(r), *server[r][2]);
    }
  }
  EXPECT_EQ(col("iv").String(0), "1 year 2 mons 3 days 04:05:06.5");
}

TEST(PostgresData, InfiniteTemporalsBecomeRowIssues) {
  std::string uri = test::FreshDatabase("postgres");
  Query(uri, "CREATE TABLE inf (id int, d date, ts timestamp, tz timestamptz);"
             "INSERT INTO inf VALUES (1, 'infinity', '-infinity', 'infinity'), (2, '2020-01-01', NULL, NULL)");
  auto db = Open(uri, AccessMode::kReadOnly);
  ASSERT_TRUE(db);
  RecordBatch b = ReadAll(db.get(), "inf");
  ASSERT_EQ(b.num_rows(), 2u);
  ASSERT_EQ(b.issues().size(), 3u);
  EXPECT_EQ(b.issues()[0].row, 0u);
  EXPECT_EQ(b.issues()[0].column, 1u);
  EXPECT_EQ(b.issues()[0].original, "infinity");
  EXPECT_EQ(b.issues()[1].original, "-infinity");
  EXPECT_TRUE(b.column(1).IsNull(0));
  EXPECT_TRUE(b.column(2).IsNull(0));
  EXPECT_EQ(b.column(1).Int(1), DaysFromCivil(2020, 1, 1));
}

TEST(PostgresData, BatchLimitsRangesCountsBounds) {
  std::string uri = test::FreshDatabase("postgres");
  Query(uri, "CREATE TABLE big (id bigint PRIMARY KEY, payload text);"
             "INSERT INTO big SELECT g, repeat('p', 40) FROM generate_series(1, 1000) g;"
             "CREATE TABLE empty (id int)");
  auto db = Open(uri, AccessMode::kReadOnly);
  ASSERT_TRUE(db);
  auto cat = db->Introspect();
  ASSERT_OK(cat.status());
  ReadSpec spec;
  spec.table = "big";
  spec.columns = cat->FindTable("big")->columns;
  spec.limits.max_rows = 300;
  auto reader = db->OpenReader(spec);
  ASSERT_OK(reader.status());
  RecordBatch batch;
  std::vector<size_t> sizes;
  int64_t expect_id = 1;
  while (true) {
    auto more = (*reader)->Next(&batch);
    ASSERT_OK(more.status());
    if (!*more) break;
    sizes.push_back(batch.num_rows());
    for (size_t r = 0; r < batch.num_rows(); ++r) ASSERT_EQ(batch.column(0).Int(r), expect_id++);
  }
  EXPECT_EQ(sizes, (std::vector<size_t>{300, 300, 300, 100}));
  auto again = (*reader)->Next(&batch);
  ASSERT_OK(again.status());
  EXPECT_FALSE(*again);
  EXPECT_EQ(batch.num_rows(), 0u);

  // Byte bound: each batch stops once it holds ~1 KB.
  spec.limits.max_rows = 100000;
  spec.limits.max_bytes = 1000;
  reader = db->OpenReader(spec);
  ASSERT_OK(reader.status());
  size_t total = 0, batches = 0;
  while (true) {
    auto more = (*reader)->Next(&batch);
    ASSERT_OK(more.status());
    if (!*more) break;
    EXPECT_LE(batch.num_rows(), 20u);
    total += batch.num_rows();
    ++batches;
  }
  EXPECT_EQ(total, 1000u);
  EXPECT_GE(batches, 50u);

  // Ranged read [100, 200).
  spec.limits = BatchLimits();
  spec.range_column = "id";
  spec.range_lo = 100;
  spec.range_hi = 200;
  RecordBatch ranged = ReadAll(db.get(), "big", spec);
  ASSERT_EQ(ranged.num_rows(), 100u);
  EXPECT_EQ(ranged.column(0).Int(0), 100);
  EXPECT_EQ(ranged.column(0).Int(99), 199);
  spec.range_hi.reset();
  spec.range_lo = 990;
  EXPECT_EQ(ReadAll(db.get(), "big", spec).num_rows(), 11u);

  auto count = db->CountRows("big");
  ASSERT_OK(count.status());
  EXPECT_EQ(*count, 1000);
  auto bounds = db->KeyBounds("big", "id");
  ASSERT_OK(bounds.status());
  ASSERT_TRUE(bounds->has_value());
  EXPECT_EQ((*bounds)->first, 1);
  EXPECT_EQ((*bounds)->second, 1000);
  auto none = db->KeyBounds("empty", "id");
  ASSERT_OK(none.status());
  EXPECT_FALSE(none->has_value());
  EXPECT_EQ(*db->CountRows("empty"), 0);
  EXPECT_EQ(db->CountRows("missing").status().code(), StatusCode::kSource);
}

TEST(PostgresData, ReadersShareTheSourceSnapshot) {
  std::string uri = test::FreshDatabase("postgres");
  Query(uri, "CREATE TABLE s (id int); INSERT INTO s VALUES (1), (2)");
  auto db = Open(uri, AccessMode::kReadOnly);
  ASSERT_TRUE(db);
  auto cat = db->Introspect();
  ASSERT_OK(cat.status());
  Query(uri, "INSERT INTO s VALUES (3); DELETE FROM s WHERE id = 1");
  EXPECT_EQ(ReadAll(db.get(), "s").num_rows(), 2u);
  RecordBatch b = ReadAll(db.get(), "s");
  ASSERT_EQ(b.num_rows(), 2u);
  EXPECT_EQ(b.column(0).Int(0), 1);
  EXPECT_EQ(*db->CountRows("s"), 2);
  // A fresh source sees the new state.
  auto db2 = Open(uri, AccessMode::kReadOnly);
  EXPECT_EQ(*db2->CountRows("s"), 2);
  RecordBatch b2 = ReadAll(db2.get(), "s");
  EXPECT_EQ(b2.column(0).Int(0), 2);
}

// ---- writer ----

std::vector<Field> FieldsOf(const TableSchema& t) {
  std::vector<Field> out;
  for (const auto& c : t.columns) out.push_back({c.name, c.type});
  return out;
}

TEST(PostgresData, WriteEveryLogicalType) {
  std::string uri = test::FreshDatabase("postgres");
  auto db = Open(uri, AccessMode::kReadWrite);
  ASSERT_TRUE(db);
  TableSchema t;
  t.name = "AllTypes";
  auto add = [&](const char* name, LogicalType type) {
    ColumnSchema c;
    c.name = name;
    c.type = std::move(type);
    t.columns.push_back(c);
  };
  LogicalType e(TypeId::kEnum);
  e.enum_values = {"x", "y"};
  add("id", LogicalType(TypeId::kInt32));
  add("b", LogicalType(TypeId::kBool));
  add("i8", LogicalType(TypeId::kInt8));
  add("i16", LogicalType(TypeId::kInt16));
  add("i64", LogicalType(TypeId::kInt64));
  add("f32", LogicalType(TypeId::kFloat32));
  add("f64", LogicalType(TypeId::kFloat64));
  add("dec", LogicalType::Decimal(38, 9));
  add("decu", LogicalType::Decimal(-1, -1));
  add("txt", LogicalType::Text(10));
  add("long", LogicalType::Text());
  add("bin", LogicalType(TypeId::kBytes));
  add("d", LogicalType(TypeId::kDate));
  add("tm", LogicalType(TypeId::kTime));
  add("ts", LogicalType(TypeId::kTimestamp));
  add("tz", LogicalType(TypeId::kTimestampTz));
  add("iv", LogicalType(TypeId::kInterval));
  add("u", LogicalType(TypeId::kUuid));
  add("j", LogicalType(TypeId::kJson));
  add("e", e);
  auto ddl = db->dialect().CreateTableSql(t, true);
  ASSERT_OK(ddl.status());
  for (const auto& sql : *ddl) ASSERT_OK(db->Execute(sql));

  RecordBatch batch(FieldsOf(t));
  auto row = [&](std::vector<std::function<void(Column&)>> fill) {
    for (size_t c = 0; c < fill.size(); ++c) fill[c](batch.column(c));
    batch.FinishRow();
  };
  auto I = [](int64_t v) { return [v](Column& c) { c.AppendInt(v); }; };
  auto D = [](double v) { return [v](Column& c) { c.AppendDouble(v); }; };
  auto S = [](std::string v) { return [v](Column& c) { c.AppendString(v); }; };
  auto N = [](Column& c) { c.AppendNull(); };
  row({I(1), I(1), I(-128), I(-32768), I(std::numeric_limits<int64_t>::min()), D(3.5), D(-1e300),
       S("-12345678901234567890123456789.123456789"), S("0.000000000000000000000000001"),
       S("😀😀 ünï"), S(std::string(200000, 'z')), S(std::string("\0\x01\xff\\", 4)),
       I(DaysFromCivil(1, 1, 1)), I(86400LL * 1000000 - 1), I(Micros("2024-02-29 23:59:59.123456")),
       I(Micros("1900-06-15 12:00:00.5")), S("1 year 2 mons 3 days 04:05:06.5"),
       S("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), S("{\"b\": 1,  \"a\": [1,2]}"), S("y")});
  row({I(2), N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N});
  row({I(3), I(0), I(127), I(32767), I(std::numeric_limits<int64_t>::max()),
       D(std::numeric_limits<double>::infinity()), D(std::nan("")), S("0"), S("NaN"), S(""), S(""),
       S(""), I(-1), I(0), I(-1), I(Micros("2262-04-11 23:47:16.854775")), S("-2 days +01:00:00"),
       S("FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF"), S("[]"), S("x")});

  WriteSpec ws{"AllTypes", FieldsOf(t)};
  auto writer = db->OpenWriter(ws);
  ASSERT_OK(writer.status());
  ASSERT_OK((*writer)->Write(batch, 0, 3));
  ASSERT_OK((*writer)->Commit());

  auto rows = Query(uri, "SELECT * FROM \"AllTypes\" ORDER BY id");
  ASSERT_EQ(rows.size(), 3u);
  std::vector<std::optional<std::string>> expect1 = {
      "1", "t", "-128", "-32768", "-9223372036854775808", "3.5", "-1e+300",
      "-12345678901234567890123456789.123456789", "0.000000000000000000000000001", "😀😀 ünï",
      std::string(200000, 'z'), "\\x0001ff5c", "0001-01-01", "23:59:59.999999",
      "2024-02-29 23:59:59.123456", "1900-06-15 12:00:00.5+00", "1 year 2 mons 3 days 04:05:06.5",
      "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "{\"b\": 1,  \"a\": [1,2]}", "y"};
  EXPECT_EQ(rows[0], expect1);
  for (size_t c = 1; c < rows[1].size(); ++c) EXPECT_FALSE(rows[1][c].has_value()) << c;
  std::vector<std::optional<std::string>> expect3 = {
      "3", "f", "127", "32767", "9223372036854775807", "Infinity", "NaN", "0.000000000", "NaN",
      "", "", "\\x", "1969-12-31", "00:00:00", "1969-12-31 23:59:59.999999",
      "2262-04-11 23:47:16.854775+00", "-2 days +01:00:00", "ffffffff-ffff-ffff-ffff-ffffffffffff",
      "[]", "x"};
  EXPECT_EQ(rows[2], expect3);

  // ferry reads back what it wrote, value for value.
  RecordBatch back = ReadAll(db.get(), "AllTypes");
  ASSERT_EQ(back.num_rows(), 3u);
  for (size_t c = 0; c < batch.num_columns(); ++c) {
    if (t.columns[c].name == "dec" || t.columns[c].name == "f64") continue;  // scale / NaN
    for (size_t r = 0; r < 3; ++r) {
      ASSERT_EQ(back.column(c).IsNull(r), batch.column(c).IsNull(r)) << c << "," << r;
      if (batch.column(c).IsNull(r)) continue;
      switch (batch.column(c).kind()) {
        case PhysicalKind::kInt64: EXPECT_EQ(back.column(c).Int(r), batch.column(c).Int(r)) << c; break;
        case PhysicalKind::kDouble: EXPECT_EQ(back.column(c).Double(r), batch.column(c).Double(r)) << c; break;
        case PhysicalKind::kString:
          if (t.columns[c].name == "u") break;  // case normalised
          EXPECT_EQ(back.column(c).String(r), batch.column(c).String(r)) << c;
          break;
      }
    }
  }
}

// Native types with no binary encoder here (inet, arrays, xml) switch the
// writer to COPY text; native-type target columns (jsonb, timetz, enum,
// char(n), domain) take batches of their introspected logical types.
TEST(PostgresData, WriteTextFormatAndNativeTargets) {
  std::string uri = test::FreshDatabase("postgres");
  Query(uri, "CREATE TYPE mood AS ENUM ('sad', 'happy');"
             "CREATE DOMAIN posint AS integer CHECK (VALUE > 0);"
             "CREATE TABLE nat (id posint, jb jsonb, ttz timetz, m mood, c char(3), n numeric(6,2), "
             "b bytea, d date, ts timestamptz, f real, flag boolean);"
             "CREATE TABLE txt (id int, addr inet, arr int[], x xml, note text, b bytea, d date, "
             "ts timestamp, tz timestamptz, f double precision, flag boolean, iv interval, n numeric)");
  auto db = Open(uri, AccessMode::kReadWrite);
  ASSERT_TRUE(db);
  auto cat = db->Introspect();
  ASSERT_OK(cat.status());
  for (const char* table : {"nat", "txt"}) {
    const TableSchema* t = cat->FindTable(table);
    RecordBatch batch(FieldsOf(*t));
    for (int r = 0; r < 2; ++r) {
      for (size_t c = 0; c < t->columns.size(); ++c) {
        Column& col = batch.column(c);
        const std::string& name = t->columns[c].name;
        if (r == 1 && name != "id") {
          col.AppendNull();
          continue;
        }
        if (name == "id") col.AppendInt(r + 1);
        else if (name == "jb") col.AppendString("{\"z\": 1, \"a\": \"\\t\"}");
        else if (name == "ttz") col.AppendInt(3600LL * 1000000);
        else if (name == "m") col.AppendString("happy");
        else if (name == "c") col.AppendString("ab");
        else if (name == "n") col.AppendString("1234.5");
        else if (name == "b") col.AppendString(std::string("\0\t\n\\", 4));
        else if (name == "d") col.AppendInt(DaysFromCivil(-43, 3, 15));  // 44 BC
        else if (name == "ts" || name == "tz") col.AppendInt(Micros("2001-02-03 04:05:06.7"));
        else if (name == "f") col.AppendDouble(0.1);
        else if (name == "flag") col.AppendInt(1);
        else if (name == "addr") col.AppendString("10.1.2.3/32");
        else if (name == "arr") col.AppendString("{1,NULL,3}");
        else if (name == "x") col.AppendString("<a>b</a>");
        else if (name == "note") col.AppendString("tab\there\nnew\\line\r\\N");
        else if (name == "iv") col.AppendString("1 day 02:00:00");
        else ADD_FAILURE() << name;
      }
      batch.FinishRow();
    }
    auto writer = db->OpenWriter({table, FieldsOf(*t)});
    ASSERT_OK(writer.status());
    ASSERT_OK((*writer)->Write(batch, 0, 2));
    ASSERT_OK((*writer)->Commit());
  }
  auto nat = Query(uri, "SELECT id, jb, ttz, m, c, n, encode(b, 'hex'), d, ts, f, flag FROM nat ORDER BY id");
  ASSERT_EQ(nat.size(), 2u);
  std::vector<std::optional<std::string>> e1 = {"1", "{\"a\": \"\\t\", \"z\": 1}", "01:00:00+00",
                                                "happy", "ab ", "1234.50", "00090a5c",
                                                "0044-03-15 BC", "2001-02-03 04:05:06.7+00", "0.1", "t"};
  EXPECT_EQ(nat[0], e1);
  auto txt = Query(uri, "SELECT id, addr, arr, x, note, encode(b, 'hex'), d, ts, tz, f, flag, iv, n FROM txt ORDER BY id");
  ASSERT_EQ(txt.size(), 2u);
  std::vector<std::optional<std::string>> t1 = {
      "1", "10.1.2.3", "{1,NULL,3}", "<a>b</a>", "tab\there\nnew\\line\r\\N", "00090a5c",
      "0044-03-15 BC", "2001-02-03 04:05:06.7", "2001-02-03 04:05:06.7+00", "0.1", "t",
      "1 day 02:00:00", "1234.5"};
  EXPECT_EQ(txt[0], t1);
  for (size_t c = 1; c < txt[1].size(); ++c) EXPECT_FALSE(txt[1][c].has_value()) << c;
  EXPECT_EQ(*txt[1][0], "2");
}

TEST(PostgresData, WritesAreAtomicPerCall) {
  std::string uri = test::FreshDatabase("postgres");
  Query(uri, "CREATE TABLE a (id int PRIMARY KEY, name varchar(5), s smallint);"
             "CREATE TABLE t2 (id int, addr inet)");
  auto db = Open(uri, AccessMode::kReadWrite);
  ASSERT_TRUE(db);
  std::vector<Field> fields = {{"id", LogicalType(TypeId::kInt32)},
                               {"name", LogicalType::Text(5)},
                               {"s", LogicalType(TypeId::kInt16)}};
  RecordBatch batch(fields);
  auto add = [&](int64_t id, std::string name, int64_t s) {
    batch.column(0).AppendInt(id);
    batch.column(1).AppendString(name);
    batch.column(2).AppendInt(s);
    batch.FinishRow();
  };
  add(1, "a", 1);
  add(2, "b", 2);
  add(3, "toolong", 3);  // server refuses: varchar(5)
  add(4, "d", 70000);    // ferry refuses: smallint range
  add(5, "e", 5);
  add(1, "dup", 6);      // server refuses: primary key
  auto writer = db->OpenWriter({"a", fields});
  ASSERT_OK(writer.status());
  Status st = (*writer)->Write(batch, 0, 3);
  EXPECT_EQ(st.code(), StatusCode::kData) << st.ToString();
  EXPECT_NE(st.message().find("value too long"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("COPY a"), std::string::npos) << st.message();  // context line
  st = (*writer)->Write(batch, 3, 5);
  EXPECT_EQ(st.code(), StatusCode::kData) << st.ToString();
  EXPECT_NE(st.message().find("column s, row 3"), std::string::npos) << st.message();
  ASSERT_OK((*writer)->Write(batch, 0, 2));
  ASSERT_OK((*writer)->Write(batch, 4, 5));
  st = (*writer)->Write(batch, 5, 6);
  EXPECT_EQ(st.code(), StatusCode::kData) << st.ToString();
  EXPECT_NE(st.message().find("23505"), std::string::npos) << st.message();
  ASSERT_OK((*writer)->Write(batch, 2, 2));  // empty range
  ASSERT_OK((*writer)->Commit());
  auto rows = Query(uri, "SELECT id, name FROM a ORDER BY id");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(*rows[0][0], "1");
  EXPECT_EQ(*rows[1][0], "2");
  EXPECT_EQ(*rows[2][0], "5");

  // Same contract on the text-format path.
  std::vector<Field> f2 = {{"id", LogicalType(TypeId::kInt32)}, {"addr", LogicalType::Text()}};
  RecordBatch b2(f2);
  for (auto [id, addr] : std::vector<std::pair<int, const char*>>{{1, "1.2.3.4"}, {2, "not-an-ip"}, {3, "::1"}}) {
    b2.column(0).AppendInt(id);
    b2.column(1).AppendString(addr);
    b2.FinishRow();
  }
  auto w2 = db->OpenWriter({"t2", f2});
  ASSERT_OK(w2.status());
  EXPECT_EQ((*w2)->Write(b2, 0, 3).code(), StatusCode::kData);
  ASSERT_OK((*w2)->Write(b2, 2, 3));
  ASSERT_OK((*w2)->Commit());
  EXPECT_EQ(Query(uri, "SELECT count(*) FROM t2")[0][0], "1");

  // A writer dropped without Commit leaves nothing.
  {
    auto w3 = db->OpenWriter({"a", fields});
    ASSERT_OK(w3.status());
    RecordBatch one(fields);
    one.column(0).AppendInt(100);
    one.column(1).AppendString("gone");
    one.column(2).AppendInt(1);
    one.FinishRow();
    ASSERT_OK((*w3)->Write(one, 0, 1));
  }
  EXPECT_EQ(Query(uri, "SELECT count(*) FROM a")[0][0], "3");
  EXPECT_EQ(db->OpenWriter({"nope", fields}).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(db->OpenWriter({"a", {{"zzz", LogicalType::Text()}}}).status().code(), StatusCode::kNotFound);
}

// RowsStored is the server's own tally (each COPY's command tag) of rows
// that landed in the table and were committed: a refused stream, a refused
// atomic write and rows not yet committed are not in it.
TEST(PostgresData, RowsStoredCountsWhatTheServerCommitted) {
  std::string uri = test::FreshDatabase("postgres");
  Query(uri, "CREATE TABLE s (id int PRIMARY KEY, name varchar(5))");
  auto db = Open(uri, AccessMode::kReadWrite);
  ASSERT_TRUE(db);
  std::vector<Field> fields = {{"id", LogicalType(TypeId::kInt32)}, {"name", LogicalType::Text(5)}};
  auto batch_of = [&](std::vector<std::pair<int, std::string>> rows) {
    RecordBatch b(fields);
    for (auto& [id, name] : rows) {
      b.column(0).AppendInt(id);
      b.column(1).AppendString(name);
      b.FinishRow();
    }
    return b;
  };
  auto writer = db->OpenWriter({"s", fields});
  ASSERT_OK(writer.status());
  TableWriter& w = **writer;
  ASSERT_TRUE(w.Streams());
  EXPECT_EQ(w.RowsStored(), std::optional<int64_t>(0));
  RecordBatch first = batch_of({{1, "a"}, {2, "b"}, {3, "c"}});
  RecordBatch second = batch_of({{4, "d"}, {5, "e"}});
  ASSERT_OK(w.WriteStreamed(first, ""));
  ASSERT_OK(w.WriteStreamed(second, ""));
  ASSERT_OK(w.Flush());
  EXPECT_EQ(w.RowsStored(), std::optional<int64_t>(0)) << "flushed, not committed";
  ASSERT_OK(w.Commit());
  EXPECT_EQ(w.RowsStored(), std::optional<int64_t>(5));

  RecordBatch refused = batch_of({{6, "f"}, {7, "far too long"}});
  Status st = w.WriteStreamed(refused, "");
  if (st.ok()) st = w.Flush();
  EXPECT_EQ(st.code(), StatusCode::kData) << st.ToString();
  EXPECT_EQ(w.Write(refused, 0, 2).code(), StatusCode::kData);
  ASSERT_OK(w.Write(refused, 0, 1));
  ASSERT_OK(w.Commit());
  EXPECT_EQ(w.RowsStored(), std::optional<int64_t>(6));
  ASSERT_OK(w.WriteStreamed(batch_of({{8, "h"}}), ""));
  ASSERT_OK(w.Flush());
  EXPECT_EQ(w.RowsStored(), std::optional<int64_t>(6)) << "a stream not committed";
  writer->reset();  // dropped without a commit: rolled back
  EXPECT_EQ(Query(uri, "SELECT count(*), sum(id) FROM s"), (std::vector<test::Row>{{std::string("6"), std::string("21")}}));

  // A merge loads through a staging table: it reports nothing.
  WriteSpec merge{"s", fields};
  merge.on_conflict = ConflictMode::kUpdate;
  merge.key = {"id"};
  auto merging = db->OpenWriter(merge);
  ASSERT_OK(merging.status());
  EXPECT_EQ((*merging)->RowsStored(), std::nullopt);
}

TEST(PostgresData, LargeWriteIsChunked) {
  std::string uri = test::FreshDatabase("postgres");
  Query(uri, "CREATE TABLE big (id bigint, payload text)");
  auto db = Open(uri, AccessMode::kReadWrite);
  ASSERT_TRUE(db);
  std::vector<Field> fields = {{"id", LogicalType(TypeId::kInt64)}, {"payload", LogicalType::Text()}};
  RecordBatch batch(fields);
  const int kRows = 100000;
  for (int i = 0; i < kRows; ++i) {
    batch.column(0).AppendInt(i);
    batch.column(1).AppendString("payload-" + std::to_string(i) + std::string(40, 'q'));
    batch.FinishRow();
  }
  auto writer = db->OpenWriter({"big", fields});
  ASSERT_OK(writer.status());
  ASSERT_OK((*writer)->Write(batch, 0, kRows));
  ASSERT_OK((*writer)->Commit());
  auto rows = Query(uri, "SELECT count(*), sum(id), max(payload) FROM big");
  EXPECT_EQ(*rows[0][0], std::to_string(kRows));
  EXPECT_EQ(*rows[0][1], std::to_string(int64_t{kRows} * (kRows - 1) / 2));
}

TEST(PostgresData, ResetAutoIncrement) {
  std::string uri = test::FreshDatabase("postgres");
  Query(uri, "CREATE TABLE ser (id serial PRIMARY KEY, v text);"
             "CREATE TABLE ident (id bigint GENERATED ALWAYS AS IDENTITY, v text)");
  auto db = Open(uri, AccessMode::kReadWrite);
  ASSERT_TRUE(db);
  auto cat = db->Introspect();
  ASSERT_OK(cat.status());
  for (const char* table : {"ser", "ident"}) {
    const TableSchema* t = cat->FindTable(table);
    ASSERT_TRUE(t->columns[0].auto_increment);
    RecordBatch batch(FieldsOf(*t));
    for (int id : {5, 41, 7}) {
      batch.column(0).AppendInt(id);
      batch.column(1).AppendString("v");
      batch.FinishRow();
    }
    auto writer = db->OpenWriter({table, FieldsOf(*t)});
    ASSERT_OK(writer.status());
    ASSERT_OK((*writer)->Write(batch, 0, 3));
    ASSERT_OK((*writer)->Commit());
    auto sql = db->ResetAutoIncrement(*t, t->columns[0]);
    ASSERT_OK(sql.status());
    EXPECT_NE(sql->find("setval"), std::string::npos);
    auto next = Query(uri, std::string("INSERT INTO ") + table + " (v) VALUES ('new') RETURNING id");
    ASSERT_EQ(next.size(), 1u);
    EXPECT_EQ(*next[0][0], "42") << table;
  }
  // Empty table: the next key is 1.
  Query(uri, "CREATE TABLE e (id serial, v text)");
  cat = db->Introspect();
  const TableSchema* e = cat->FindTable("e");
  ASSERT_OK(db->ResetAutoIncrement(*e, e->columns[0]).status());
  EXPECT_EQ(*Query(uri, "INSERT INTO e (v) VALUES ('x') RETURNING id")[0][0], "1");
}

// PostgreSQL -> PostgreSQL through ferry's own reader, dialect and writer:
// the copy equals the source row for row.
TEST(PostgresData, CopyBetweenDatabasesIsExact) {
  std::string src_uri = test::FreshDatabase("postgres", "_src");
  std::string dst_uri = test::FreshDatabase("postgres", "_dst");
  Query(src_uri, kTypesTable);
  Query(src_uri, "INSERT INTO types (id, t) SELECT g, md5(g::text) FROM generate_series(10, 5000) g");
  auto src = Open(src_uri, AccessMode::kReadOnly);
  auto dst = Open(dst_uri, AccessMode::kReadWrite);
  ASSERT_TRUE(src && dst);
  auto cat = src->Introspect();
  ASSERT_OK(cat.status());
  const TableSchema& t = *cat->FindTable("types");
  auto ddl = dst->dialect().CreateTableSql(t, true);
  ASSERT_OK(ddl.status());
  for (const auto& sql : *ddl) ASSERT_OK(dst->Execute(sql));
  ReadSpec spec;
  spec.table = "types";
  spec.columns = t.columns;
  spec.limits.max_rows = 1000;
  auto reader = src->OpenReader(spec);
  ASSERT_OK(reader.status());
  auto writer = dst->OpenWriter({"types", FieldsOf(t)});
  ASSERT_OK(writer.status());
  RecordBatch batch;
  while (true) {
    auto more = (*reader)->Next(&batch);
    ASSERT_OK(more.status());
    if (!*more) break;
    ASSERT_OK((*writer)->Write(batch, 0, batch.num_rows()));
  }
  ASSERT_OK((*writer)->Commit());
  std::string cols =
      "id, b, s, i, l, r, f, n, nb, v, c, t, by, d, tm, ts, tstz, iv, u, j::text, jb, m::text, "
      "addr, arr";
  auto a = Query(src_uri, "SELECT " + cols + ", (ttz AT TIME ZONE 'UTC')::time FROM types ORDER BY id");
  auto b = Query(dst_uri, "SELECT " + cols + ", ttz::time FROM types ORDER BY id");
  ASSERT_EQ(a.size(), 4995u);
  ASSERT_EQ(a.size(), b.size());
  for (size_t r = 0; r < a.size(); ++r) ASSERT_EQ(a[r], b[r]) << "row " << r;
  auto types = Query(dst_uri, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                              "WHERE attrelid = 'types'::regclass AND attname IN ('n', 'jb', 'addr', 'm') ORDER BY attname");
  ASSERT_EQ(types.size(), 4u);
  EXPECT_EQ(*types[0][0], "inet");
  EXPECT_EQ(*types[1][0], "jsonb");
  EXPECT_EQ(*types[2][0], "text");  // enum -> text until ferry creates types
  EXPECT_EQ(*types[3][0], "numeric(30,10)");
}

}  // namespace
}  // namespace ferry::postgres

namespace ferry::postgres {
namespace {

// Manual: --gtest_also_run_disabled_tests --gtest_filter=*Throughput*
TEST(PostgresData, DISABLED_Throughput) {
  std::string uri = test::FreshDatabase("postgres");
  Query(uri, "CREATE TABLE src (id bigint, a int, f float8, n numeric(12,2), t text, ts timestamptz);"
             "INSERT INTO src SELECT g, g % 1000, g * 0.5, g / 7.0, md5(g::text), now() FROM generate_series(1, 1000000) g;"
             "CREATE TABLE dst (LIKE src)");
  auto src = Open(uri, AccessMode::kReadOnly);
  auto dst = Open(uri, AccessMode::kReadWrite);
  auto cat = src->Introspect();
  const TableSchema& t = *cat->FindTable("src");
  ReadSpec spec;
  spec.table = "src";
  spec.columns = t.columns;
  auto reader = src->OpenReader(spec);
  auto writer = dst->OpenWriter({"dst", FieldsOf(t)});
  ASSERT_OK(writer.status());
  RecordBatch batch;
  auto t0 = std::chrono::steady_clock::now();
  double read_s = 0;
  size_t rows = 0;
  while (true) {
    auto r0 = std::chrono::steady_clock::now();
    auto more = (*reader)->Next(&batch);
    read_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - r0).count();
    ASSERT_OK(more.status());
    if (!*more) break;
    rows += batch.num_rows();
    ASSERT_OK((*writer)->Write(batch, 0, batch.num_rows()));
  }
  ASSERT_OK((*writer)->Commit());
  double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("rows %zu: read %.2fs, total %.2fs (%.0f rows/s), client cpu %.2fs\n", rows, read_s,
              total, rows / total, static_cast<double>(std::clock()) / CLOCKS_PER_SEC);
  auto c0 = std::chrono::steady_clock::now();
  Query(uri, "COPY src TO '/tmp/ferry_pg_bench.bin' (FORMAT binary)");
  c0 = std::chrono::steady_clock::now();
  Query(uri, "CREATE TABLE raw (LIKE src); COPY raw FROM '/tmp/ferry_pg_bench.bin' (FORMAT binary)");
  std::printf("server COPY FROM binary file: %.2fs\n",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - c0).count());
  std::remove("/tmp/ferry_pg_bench.bin");
}

}  // namespace
}  // namespace ferry::postgres
