// SQLite writer and Database: writing every logical type into tables made
// by the dialect, the atomic-write contract, commit/rollback, opening rules
// (missing source, read-only source), CountRows, KeyBounds and
// ResetAutoIncrement.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>

#include "core/temporal.h"
#include "core/uri.h"
#include "engines/engine.h"
#include "engines/sqlite/sqlite_database.h"
#include "support/status_testing.h"
#include "support/test_env.h"

namespace ferry::sqlite {
namespace {

using test::FreshDatabase;
using test::Query;
using test::Row;

std::unique_ptr<Database> Open(const std::string& uri_text, AccessMode mode) {
  auto uri = ParseUri(uri_text);
  EXPECT_TRUE(uri.ok()) << uri.status().ToString();
  auto db = OpenSqlite(*uri, mode);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  return db.ok() ? std::move(*db) : nullptr;
}

bool FileExists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

void CreateTable(Database& db, const TableSchema& table) {
  auto ddl = db.dialect().CreateTableSql(table, true);
  ASSERT_TRUE(ddl.ok()) << ddl.status().ToString();
  for (const auto& sql : *ddl) ASSERT_OK(db.Execute(sql));
}

std::vector<Field> FieldsOf(const TableSchema& table) {
  std::vector<Field> fields;
  for (const auto& c : table.columns) fields.push_back({c.name, c.type});
  return fields;
}

TableSchema AllTypesTable() {
  TableSchema t;
  t.name = "all_types";
  auto add = [&](const char* name, LogicalType type) {
    ColumnSchema c;
    c.name = name;
    c.type = std::move(type);
    t.columns.push_back(c);
  };
  add("id", LogicalType(TypeId::kInt64));
  add("b", LogicalType(TypeId::kBool));
  add("i16", LogicalType(TypeId::kInt16));
  add("i64", LogicalType(TypeId::kInt64));
  add("f32", LogicalType(TypeId::kFloat32));
  add("f64", LogicalType(TypeId::kFloat64));
  add("dec", LogicalType::Decimal(38, 10));
  add("txt", LogicalType::Text());
  add("vc", LogicalType::Text(20));
  add("bin", LogicalType(TypeId::kBytes));
  add("d", LogicalType(TypeId::kDate));
  add("tm", LogicalType(TypeId::kTime));
  add("ts", LogicalType(TypeId::kTimestamp));
  add("tz", LogicalType(TypeId::kTimestampTz));
  add("iv", LogicalType(TypeId::kInterval));
  add("u", LogicalType(TypeId::kUuid));
  add("j", LogicalType(TypeId::kJson));
  LogicalType e(TypeId::kEnum);
  e.enum_values = {"red", "green"};
  add("en", e);
  t.primary_key = {"id"};
  return t;
}

TEST(SqliteWriter, WritesEveryLogicalTypeAndReadsItBack) {
  std::string uri = FreshDatabase("sqlite");
  auto db = Open(uri, AccessMode::kReadWrite);
  TableSchema t = AllTypesTable();
  CreateTable(*db, t);
  RecordBatch batch(FieldsOf(t));
  const std::string long_text(200000, 'z');
  const std::string blob("\x00\x01\xff\x00", 4);
  // Row 0: ordinary values; row 1: extremes; row 2: NULLs.
  auto c = [&](size_t i) -> Column& { return batch.column(i); };
  c(0).AppendInt(1);
  c(1).AppendInt(1);
  c(2).AppendInt(-32768);
  c(3).AppendInt(std::numeric_limits<int64_t>::max());
  c(4).AppendDouble(1.5);
  c(5).AppendDouble(0.1);
  c(6).AppendString("12345678901234567890123456.1234567890");
  c(7).AppendString("naïve 😀 text");
  c(8).AppendString("");
  c(9).AppendString(blob);
  c(10).AppendInt(*ParseDate("2024-02-29"));
  c(11).AppendInt(*ParseTime("23:59:59.000001"));
  c(12).AppendInt(*ParseTimestamp("2024-02-29 23:59:59.123456"));
  c(13).AppendInt(*ParseTimestamp("2024-02-29 23:59:59.5"));
  c(14).AppendString("1 year 2 mons 3 days 04:05:06.5");
  c(15).AppendString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
  c(16).AppendString("1.50");
  c(17).AppendString("green");
  batch.FinishRow();
  c(0).AppendInt(2);
  c(1).AppendInt(0);
  c(2).AppendInt(32767);
  c(3).AppendInt(std::numeric_limits<int64_t>::min());
  c(4).AppendDouble(-std::numeric_limits<double>::infinity());
  c(5).AppendDouble(std::numeric_limits<double>::max());
  c(6).AppendString("-0.0000000001");
  c(7).AppendString(long_text);
  c(8).AppendString("0123");
  c(9).AppendString("");
  c(10).AppendInt(*ParseDate("0001-01-01"));
  c(11).AppendInt(0);
  c(12).AppendInt(*ParseTimestamp("1969-12-31 23:59:59.999999"));
  c(13).AppendInt(0);
  c(14).AppendString("00:00:00");
  c(15).AppendString("00000000-0000-0000-0000-000000000000");
  c(16).AppendString("{\"k\": [1, 2.50, \"\\u00e9\"]}");
  c(17).AppendString("red");
  batch.FinishRow();
  c(0).AppendInt(3);
  for (size_t i = 1; i < batch.num_columns(); ++i) c(i).AppendNull();
  batch.FinishRow();

  WriteSpec spec{t.name, FieldsOf(t)};
  auto writer = db->OpenWriter(spec);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  ASSERT_OK((*writer)->Write(batch, 0, batch.num_rows()));
  ASSERT_OK((*writer)->Commit());

  // What SQLite stored, through its own client.
  auto rows = Query(uri,
                    "SELECT typeof(b), b, i16, i64, f32, dec, typeof(dec), txt, vc, hex(bin), "
                    "typeof(bin), d, tm, ts, tz, iv, typeof(iv), u, j, typeof(j), en "
                    "FROM all_types ORDER BY id");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (Row{"integer", "1", "-32768", "9223372036854775807", "1.5",
                          "12345678901234567890123456.1234567890", "text", "naïve 😀 text", "",
                          "0001FF00", "blob", "2024-02-29", "23:59:59.000001",
                          "2024-02-29 23:59:59.123456", "2024-02-29 23:59:59.500000+00:00",
                          "1 year 2 mons 3 days 04:05:06.5", "text",
                          "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "1.50", "text", "green"}));
  EXPECT_EQ(*rows[1][7], long_text);
  EXPECT_EQ(rows[1][8], "0123");
  EXPECT_EQ(rows[1][10], "blob");  // empty blob, not NULL
  EXPECT_EQ(rows[1][13], "1969-12-31 23:59:59.999999");
  for (size_t i = 1; i < rows[2].size(); ++i)
    if (rows[2][i] != "null" && i != 9) {  // typeof() and hex() of NULL are text
      EXPECT_FALSE(rows[2][i].has_value()) << i;
    }
  // SQLite's date functions understand the stored forms.
  EXPECT_EQ(Query(uri, "SELECT datetime(tz), date(d), time(tm) FROM all_types WHERE id = 1")[0],
            (Row{"2024-02-29 23:59:59", "2024-02-29", "23:59:59"}));

  // And ferry's reader gets the same values back.
  auto catalog = db->Introspect();
  ASSERT_TRUE(catalog.ok());
  ReadSpec rspec;
  rspec.table = t.name;
  rspec.columns = catalog->tables[0].columns;
  auto reader = db->OpenReader(rspec);
  ASSERT_TRUE(reader.ok());
  RecordBatch back;
  ASSERT_TRUE(*(*reader)->Next(&back));
  ASSERT_EQ(back.num_rows(), 3u);
  EXPECT_TRUE(back.issues().empty()) << back.issues()[0].reason;
  for (size_t col = 0; col < batch.num_columns(); ++col) {
    for (size_t row = 0; row < 3; ++row) {
      SCOPED_TRACE("column " + batch.fields()[col].name + " row " + std::to_string(row));
      ASSERT_EQ(back.column(col).IsNull(row), batch.column(col).IsNull(row));
      if (batch.column(col).IsNull(row)) continue;
      switch (batch.column(col).kind()) {
        case PhysicalKind::kInt64: EXPECT_EQ(back.column(col).Int(row), batch.column(col).Int(row)); break;
        case PhysicalKind::kDouble:
          EXPECT_EQ(back.column(col).Double(row), batch.column(col).Double(row));
          break;
        case PhysicalKind::kString:
          EXPECT_EQ(back.column(col).String(row), batch.column(col).String(row));
          break;
      }
    }
  }
}

TEST(SqliteWriter, WriteIsAtomicPerCall) {
  std::string uri = FreshDatabase("sqlite");
  auto db = Open(uri, AccessMode::kReadWrite);
  ASSERT_OK(db->Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL, f REAL)"));
  std::vector<Field> fields = {{"id", LogicalType(TypeId::kInt64)},
                               {"v", LogicalType::Text()},
                               {"f", LogicalType(TypeId::kFloat64)}};
  auto writer = db->OpenWriter({"t", fields});
  ASSERT_TRUE(writer.ok());
  RecordBatch batch(fields);
  auto row = [&](int64_t id, const char* v, double f) {
    batch.column(0).AppendInt(id);
    if (v) batch.column(1).AppendString(v);
    else batch.column(1).AppendNull();
    batch.column(2).AppendDouble(f);
    batch.FinishRow();
  };
  row(1, "a", 1);     // 0
  row(2, "b", 2);     // 1
  row(3, nullptr, 3); // 2: NOT NULL violated
  row(4, "d", 4);     // 3
  row(2, "dup", 5);   // 4: duplicate key
  row(6, "f", std::nan(""));  // 5: NaN
  row(7, "g", 7);     // 6

  Status s = (*writer)->Write(batch, 0, 4);
  EXPECT_EQ(s.code(), StatusCode::kData) << s.ToString();
  EXPECT_NE(s.message().find("row 2"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("NOT NULL"), std::string::npos) << s.message();
  ASSERT_OK((*writer)->Write(batch, 0, 2));
  s = (*writer)->Write(batch, 3, 5);
  EXPECT_EQ(s.code(), StatusCode::kData) << s.ToString();
  EXPECT_NE(s.message().find("UNIQUE"), std::string::npos) << s.message();
  s = (*writer)->Write(batch, 5, 7);
  EXPECT_EQ(s.code(), StatusCode::kData) << s.ToString();
  EXPECT_NE(s.message().find("NaN cannot be stored in SQLite"), std::string::npos) << s.message();
  ASSERT_OK((*writer)->Write(batch, 3, 4));
  ASSERT_OK((*writer)->Write(batch, 6, 7));
  ASSERT_OK((*writer)->Commit());
  EXPECT_EQ(Query(uri, "SELECT group_concat(id) FROM (SELECT id FROM t ORDER BY id)")[0][0], "1,2,4,7");
  EXPECT_EQ(Query(uri, "SELECT v FROM t WHERE id = 2")[0][0], "b");
}

// A load of many batches: every row arrives; also a rough speed check
// printed for the log (prepared INSERT in one transaction).
TEST(SqliteWriter, LargeLoad) {
  std::string uri = FreshDatabase("sqlite");
  auto db = Open(uri, AccessMode::kReadWrite);
  ASSERT_OK(db->Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, f REAL, s TEXT, at DATETIME)"));
  std::vector<Field> fields = {{"id", LogicalType(TypeId::kInt64)},
                               {"n", LogicalType(TypeId::kInt64)},
                               {"f", LogicalType(TypeId::kFloat64)},
                               {"s", LogicalType::Text()},
                               {"at", LogicalType(TypeId::kTimestamp)}};
  auto writer = db->OpenWriter({"t", fields});
  ASSERT_TRUE(writer.ok());
  RecordBatch batch(fields);
  constexpr int64_t kRows = 200000, kBatch = 10000;
  auto start = std::chrono::steady_clock::now();
  for (int64_t base = 0; base < kRows; base += kBatch) {
    batch.Reset();
    for (int64_t i = base; i < base + kBatch; ++i) {
      batch.column(0).AppendInt(i + 1);
      batch.column(1).AppendInt(i * 7);
      batch.column(2).AppendDouble(i * 0.5);
      batch.column(3).AppendString("row number " + std::to_string(i));
      batch.column(4).AppendInt(i * kMicrosPerSecond);
      batch.FinishRow();
    }
    ASSERT_OK((*writer)->Write(batch, 0, batch.num_rows()));
  }
  ASSERT_OK((*writer)->Commit());
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("sqlite writer: %lld rows in %.2f s (%.0f rows/s)\n", static_cast<long long>(kRows), secs,
              kRows / secs);
  EXPECT_EQ(Query(uri, "SELECT count(*), sum(n), max(at) FROM t")[0],
            (Row{"200000", std::to_string(7 * (kRows - 1) * kRows / 2), "1970-01-03 07:33:19"}));

  auto catalog = db->Introspect();
  ReadSpec spec;
  spec.table = "t";
  spec.columns = catalog->tables[0].columns;
  auto reader = db->OpenReader(spec);
  ASSERT_TRUE(reader.ok());
  RecordBatch back;
  int64_t rows = 0, sum = 0;
  start = std::chrono::steady_clock::now();
  while (*(*reader)->Next(&back)) {
    for (size_t r = 0; r < back.num_rows(); ++r) sum += back.column(1).Int(r);
    rows += back.num_rows();
  }
  secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("sqlite reader: %lld rows in %.2f s (%.0f rows/s)\n", static_cast<long long>(rows), secs,
              rows / secs);
  EXPECT_EQ(rows, kRows);
  EXPECT_EQ(sum, 7 * (kRows - 1) * kRows / 2);
}

TEST(SqliteWriter, UncommittedWritesRollBackAndCommitBeginsAnew) {
  std::string uri = FreshDatabase("sqlite");
  auto db = Open(uri, AccessMode::kReadWrite);
  ASSERT_OK(db->Execute("CREATE TABLE t (id INTEGER PRIMARY KEY)"));
  std::vector<Field> fields = {{"id", LogicalType(TypeId::kInt64)}};
  RecordBatch batch(fields);
  for (int i = 1; i <= 4; ++i) {
    batch.column(0).AppendInt(i);
    batch.FinishRow();
  }
  {
    auto writer = db->OpenWriter({"t", fields});
    ASSERT_TRUE(writer.ok());
    ASSERT_OK((*writer)->Write(batch, 0, 2));
    ASSERT_OK((*writer)->Commit());
    ASSERT_OK((*writer)->Write(batch, 2, 3));
    ASSERT_OK((*writer)->Commit());
    ASSERT_OK((*writer)->Write(batch, 3, 4));
    // destroyed without Commit: row 4 is rolled back
  }
  EXPECT_EQ(*db->CountRows("t"), 3);
}

TEST(SqliteWriter, ParallelWritersTakeTurns) {
  std::string uri = FreshDatabase("sqlite");
  auto db = Open(uri, AccessMode::kReadWrite);
  ASSERT_OK(db->Execute("CREATE TABLE a (id INTEGER PRIMARY KEY); CREATE TABLE b (id INTEGER PRIMARY KEY)"));
  std::vector<Field> fields = {{"id", LogicalType(TypeId::kInt64)}};
  RecordBatch batch(fields);
  batch.column(0).AppendInt(1);
  batch.FinishRow();
  auto wa = db->OpenWriter({"a", fields});
  auto wb = db->OpenWriter({"b", fields});
  ASSERT_TRUE(wa.ok() && wb.ok());
  ASSERT_OK((*wa)->Write(batch, 0, 1));
  ASSERT_OK((*wa)->Commit());
  ASSERT_OK((*wb)->Write(batch, 0, 1));
  ASSERT_OK((*wb)->Commit());
  EXPECT_EQ(*db->CountRows("a") + *db->CountRows("b"), 2);
}

TEST(SqliteDatabase, MissingSourceIsNotFoundAndNotCreated) {
  std::string dir = test::TempDir();
  std::string path = dir + "/missing.db";
  auto uri = ParseUri("sqlite://" + path);
  ASSERT_TRUE(uri.ok());
  auto db = OpenSqlite(*uri, AccessMode::kReadOnly);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kNotFound);
  EXPECT_NE(db.status().message().find(path), std::string::npos) << db.status().message();
  EXPECT_FALSE(FileExists(path));
  // A target is created.
  auto target = OpenSqlite(*uri, AccessMode::kReadWrite);
  ASSERT_TRUE(target.ok()) << target.status().ToString();
  EXPECT_TRUE(FileExists(path));
}

TEST(SqliteDatabase, NotADatabaseFails) {
  std::string path = test::TempDir() + "/junk.db";
  FILE* f = fopen(path.c_str(), "w");
  fputs("this is not a database file, just text that is long enough to have a header.....", f);
  fclose(f);
  auto db = OpenSqlite(*ParseUri("sqlite://" + path), AccessMode::kReadOnly);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kSource);
  EXPECT_NE(db.status().message().find("not a database"), std::string::npos) << db.status().message();
}

TEST(SqliteDatabase, ReadOnlySourceCannotBeWritten) {
  std::string uri = FreshDatabase("sqlite");
  Query(uri, "CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1);");
  auto db = Open(uri, AccessMode::kReadOnly);
  std::vector<Field> fields = {{"id", LogicalType(TypeId::kInt64)}};
  auto writer = db->OpenWriter({"t", fields});
  ASSERT_FALSE(writer.ok());
  EXPECT_NE(writer.status().message().find("read-only"), std::string::npos);
  Status s = db->Execute("INSERT INTO t VALUES (2)");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("readonly"), std::string::npos) << s.message();
  EXPECT_EQ(Query(uri, "SELECT count(*) FROM t")[0][0], "1");
}

TEST(SqliteDatabase, CountRowsAndKeyBounds) {
  std::string uri = FreshDatabase("sqlite");
  Query(uri,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);"
        "CREATE TABLE empty (id INTEGER PRIMARY KEY);"
        "INSERT INTO t VALUES (-5, 'a'), (17, 'b'), (3, 'c');");
  auto db = Open(uri, AccessMode::kReadOnly);
  EXPECT_EQ(*db->CountRows("t"), 3);
  EXPECT_EQ(*db->CountRows("empty"), 0);
  auto bounds = db->KeyBounds("t", "id");
  ASSERT_TRUE(bounds.ok()) << bounds.status().ToString();
  ASSERT_TRUE(bounds->has_value());
  EXPECT_EQ((*bounds)->first, -5);
  EXPECT_EQ((*bounds)->second, 17);
  auto none = db->KeyBounds("empty", "id");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  EXPECT_FALSE(db->KeyBounds("t", "name").ok());
  EXPECT_FALSE(db->CountRows("nope").ok());
  EXPECT_EQ(db->DisplayName(), uri);
}

TEST(SqliteDatabase, ResetAutoIncrement) {
  std::string uri = FreshDatabase("sqlite");
  Query(uri,
        "CREATE TABLE plain (id INTEGER PRIMARY KEY, v TEXT);"
        "CREATE TABLE counted (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);");
  auto db = Open(uri, AccessMode::kReadWrite);
  auto catalog = db->Introspect();
  ASSERT_TRUE(catalog.ok());
  // Rows written with explicit keys, as a copy does.
  Query(uri,
        "INSERT INTO plain VALUES (41, 'x'); INSERT INTO counted VALUES (41, 'x');"
        "UPDATE sqlite_sequence SET seq = 5 WHERE name = 'counted';");
  const TableSchema* plain = catalog->FindTable("plain");
  auto note = db->ResetAutoIncrement(*plain, plain->columns[0]);
  ASSERT_TRUE(note.ok()) << note.status().ToString();
  EXPECT_EQ(note->rfind("--", 0), 0u) << *note;
  const TableSchema* counted = catalog->FindTable("counted");
  auto sql = db->ResetAutoIncrement(*counted, counted->columns[0]);
  ASSERT_TRUE(sql.ok()) << sql.status().ToString();
  EXPECT_NE(sql->find("sqlite_sequence"), std::string::npos);
  EXPECT_EQ(Query(uri, "SELECT seq FROM sqlite_sequence WHERE name = 'counted'")[0][0], "41");
  Query(uri, "INSERT INTO plain (v) VALUES ('y'); INSERT INTO counted (v) VALUES ('y');");
  EXPECT_EQ(Query(uri, "SELECT max(id) FROM plain")[0][0], "42");
  EXPECT_EQ(Query(uri, "SELECT max(id) FROM counted")[0][0], "42");
  // No sqlite_sequence row yet (fresh AUTOINCREMENT table): inserted.
  Query(uri, "DELETE FROM sqlite_sequence");
  ASSERT_TRUE(db->ResetAutoIncrement(*counted, counted->columns[0]).ok());
  EXPECT_EQ(Query(uri, "SELECT seq FROM sqlite_sequence WHERE name = 'counted'")[0][0], "42");
}

}  // namespace
}  // namespace ferry::sqlite
