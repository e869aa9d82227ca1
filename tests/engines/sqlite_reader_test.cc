// SQLite reader: every logical type from real files, SQLite's per-value
// typing (mixed storage classes), rejects with reasons, batch bounds,
// ranges and the read snapshot.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/temporal.h"
#include "core/uri.h"
#include "engines/engine.h"
#include "engines/sqlite/sqlite_database.h"
#include "support/test_env.h"

namespace ferry::sqlite {
namespace {

using test::FreshDatabase;
using test::Query;

std::unique_ptr<Database> Open(const std::string& uri_text, AccessMode mode) {
  auto uri = ParseUri(uri_text);
  EXPECT_TRUE(uri.ok()) << uri.status().ToString();
  auto db = OpenSqlite(*uri, mode);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  return db.ok() ? std::move(*db) : nullptr;
}

// Everything a read produced: all rows in one batch, issues renumbered to
// absolute row indexes.
struct ReadOutcome {
  RecordBatch rows;
  std::vector<RowIssue> issues;
  size_t batches = 0;
};

ReadOutcome ReadTable(Database& db, const std::string& table, BatchLimits limits = {},
                      const std::string& range_column = "", std::optional<int64_t> lo = {},
                      std::optional<int64_t> hi = {}) {
  ReadOutcome out;
  auto catalog = db.Introspect();
  EXPECT_TRUE(catalog.ok()) << catalog.status().ToString();
  const TableSchema* schema = catalog->FindTable(table);
  EXPECT_NE(schema, nullptr);
  ReadSpec spec;
  spec.table = table;
  spec.columns = schema->columns;
  spec.limits = limits;
  spec.range_column = range_column;
  spec.range_lo = lo;
  spec.range_hi = hi;
  std::vector<Field> fields;
  for (const auto& c : spec.columns) fields.push_back({c.name, c.type});
  out.rows = RecordBatch(fields);
  auto reader = db.OpenReader(spec);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  if (!reader.ok()) return out;
  RecordBatch batch(fields);
  while (true) {
    auto more = (*reader)->Next(&batch);
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    ++out.batches;
    EXPECT_LE(batch.num_rows(), limits.max_rows);
    for (auto issue : batch.issues()) {
      issue.row += out.rows.num_rows();
      out.issues.push_back(issue);
    }
    out.rows.AppendRows(batch, 0, batch.num_rows());
  }
  return out;
}

TEST(SqliteReader, ReadsEveryLogicalType) {
  std::string uri = FreshDatabase("sqlite");
  std::string long_text(100000, 'x');
  Query(uri,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, b BOOLEAN, i BIGINT, f REAL, "
        "d DECIMAL(12,3), s TEXT, v VARCHAR(10), y BLOB, dt DATE, tm TIME, ts DATETIME, "
        "tz TIMESTAMPTZ, j JSON, u UUID, iv INTERVAL);"
        "INSERT INTO t VALUES (1, 1, 9223372036854775807, 1.5, '123456789.125', 'héllo 😀', '', "
        "  X'00FF0041', '2024-02-29', '23:59:59.123456', '2024-02-29 23:59:59.123456', "
        "  '2024-02-29 23:59:59.5+02:00', '{\"a\": [1, 2.50]}', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', "
        "  '1 year 2 mons 3 days 04:05:06.5');"
        "INSERT INTO t VALUES (2, 0, -9223372036854775808, -1e308, -0.5, '', 'abc', X'', "
        "  '0001-01-01', '00:00:00', '1970-01-01T00:00:00Z', '1969-12-31 23:59:59', '1.50', "
        "  X'A0EEBC999C0B4EF8BB6D6BB9BD380A11', '00:00:00');"
        "INSERT INTO t VALUES (3, 'true', 0, 5, 7, '" + long_text + "', NULL, NULL, "
        "  '9999-12-31 00:00:00', '12:00', '9999-12-31 23:59:59.999999', NULL, NULL, NULL, NULL);"
        "INSERT INTO t (id) VALUES (4);");
  auto db = Open(uri, AccessMode::kReadOnly);
  ReadOutcome r = ReadTable(*db, "t");
  ASSERT_EQ(r.rows.num_rows(), 4u);
  EXPECT_TRUE(r.issues.empty()) << r.issues[0].reason;
  const RecordBatch& b = r.rows;
  // id
  EXPECT_EQ(b.column(0).Int(0), 1);
  // bool
  EXPECT_EQ(b.column(1).Int(0), 1);
  EXPECT_EQ(b.column(1).Int(1), 0);
  EXPECT_EQ(b.column(1).Int(2), 1);
  // int64 extremes
  EXPECT_EQ(b.column(2).Int(0), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(b.column(2).Int(1), std::numeric_limits<int64_t>::min());
  // float
  EXPECT_EQ(b.column(3).Double(0), 1.5);
  EXPECT_EQ(b.column(3).Double(1), -1e308);
  EXPECT_EQ(b.column(3).Double(2), 5.0);
  // decimal(12,3): NUMERIC affinity stored REAL/INTEGER; canonical text with the scale
  EXPECT_EQ(b.column(4).String(0), "123456789.125");
  EXPECT_EQ(b.column(4).String(1), "-0.500");
  EXPECT_EQ(b.column(4).String(2), "7.000");
  // text: 4-byte UTF-8, empty, long
  EXPECT_EQ(b.column(5).String(0), "héllo 😀");
  EXPECT_FALSE(b.column(5).IsNull(1));
  EXPECT_EQ(b.column(5).String(1), "");
  EXPECT_EQ(b.column(5).String(2), long_text);
  EXPECT_EQ(b.column(6).String(0), "");
  EXPECT_TRUE(b.column(6).IsNull(2));
  // bytes with NUL, empty blob
  EXPECT_EQ(b.column(7).String(0), std::string("\x00\xff\x00\x41", 4));
  EXPECT_FALSE(b.column(7).IsNull(1));
  EXPECT_EQ(b.column(7).String(1), "");
  // date
  EXPECT_EQ(b.column(8).Int(0), *ParseDate("2024-02-29"));
  EXPECT_EQ(b.column(8).Int(1), *ParseDate("0001-01-01"));
  EXPECT_EQ(b.column(8).Int(2), *ParseDate("9999-12-31"));
  // time
  EXPECT_EQ(b.column(9).Int(0), *ParseTime("23:59:59.123456"));
  EXPECT_EQ(b.column(9).Int(1), 0);
  EXPECT_EQ(b.column(9).Int(2), 12 * 3600 * kMicrosPerSecond);
  // timestamp
  EXPECT_EQ(b.column(10).Int(0), *ParseTimestamp("2024-02-29 23:59:59.123456"));
  EXPECT_EQ(b.column(10).Int(1), 0);
  EXPECT_EQ(b.column(10).Int(2), *ParseTimestamp("9999-12-31 23:59:59.999999"));
  // timestamptz: offset applied
  EXPECT_EQ(b.column(11).Int(0), *ParseTimestamp("2024-02-29 21:59:59.5"));
  EXPECT_EQ(b.column(11).Int(1), -kMicrosPerSecond);
  // json byte-exact, even a scalar NUMERIC affinity turned into REAL 1.5
  EXPECT_EQ(b.column(12).String(0), "{\"a\": [1, 2.50]}");
  EXPECT_EQ(b.column(12).String(1), "1.5");
  // uuid: text lowercased, 16-byte blob formatted
  EXPECT_EQ(b.column(13).String(0), "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
  EXPECT_EQ(b.column(13).String(1), "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
  // interval text
  EXPECT_EQ(b.column(14).String(0), "1 year 2 mons 3 days 04:05:06.5");
  // all NULL row
  for (size_t c = 1; c < b.num_columns(); ++c) EXPECT_TRUE(b.column(c).IsNull(3)) << c;
}

TEST(SqliteReader, MixedStorageClassesInIntegerColumn) {
  std::string uri = FreshDatabase("sqlite");
  // An untyped column keeps every value as given; the INTEGER column converts
  // what looks numeric, but keeps 'abc' as TEXT.
  Query(uri,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER);"
        "INSERT INTO t VALUES (1, 42), (2, '17'), (3, 3.0), (4, 'abc'), (5, 2.5), (6, X'01');");
  auto db = Open(uri, AccessMode::kReadOnly);
  ReadOutcome r = ReadTable(*db, "t");
  ASSERT_EQ(r.rows.num_rows(), 6u);
  const Column& n = r.rows.column(1);
  EXPECT_EQ(n.Int(0), 42);
  EXPECT_EQ(n.Int(1), 17);
  EXPECT_EQ(n.Int(2), 3);
  EXPECT_TRUE(n.IsNull(3));
  EXPECT_TRUE(n.IsNull(4));
  EXPECT_TRUE(n.IsNull(5));
  ASSERT_EQ(r.issues.size(), 3u);
  EXPECT_EQ(r.issues[0].kind, RowIssue::Kind::kReject);
  EXPECT_EQ(r.issues[0].row, 3u);
  EXPECT_EQ(r.issues[0].column, 1u);
  EXPECT_EQ(r.issues[0].reason, "column n: text 'abc' in INTEGER column");
  EXPECT_EQ(r.issues[0].original, "abc");
  EXPECT_EQ(r.issues[1].row, 4u);
  EXPECT_EQ(r.issues[1].reason, "column n: real 2.5 in INTEGER column");
  EXPECT_EQ(r.issues[2].reason, "column n: blob of 1 bytes in INTEGER column");
}

TEST(SqliteReader, DynamicValuesInTextAndFloatColumns) {
  std::string uri = FreshDatabase("sqlite");
  Query(uri,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, anything, f REAL, b BOOLEAN);"
        "INSERT INTO t VALUES (1, 12, '2.5', 'f'), (2, 1.0, 'inf', 'T'), (3, 0.1, 'x', 2),"
        " (4, CAST('plain' AS BLOB), 7, 'maybe'), (5, 'x', 1, 'YES'), (6, 'x', 1, 'Off');");
  auto db = Open(uri, AccessMode::kReadOnly);
  ReadOutcome r = ReadTable(*db, "t");
  ASSERT_EQ(r.rows.num_rows(), 6u);
  EXPECT_EQ(r.rows.column(1).String(0), "12");
  EXPECT_EQ(r.rows.column(1).String(1), "1.0");
  EXPECT_EQ(r.rows.column(1).String(2), "0.1");
  EXPECT_EQ(r.rows.column(1).String(3), "plain");  // a blob holding valid UTF-8
  EXPECT_EQ(r.rows.column(2).Double(0), 2.5);
  EXPECT_TRUE(std::isinf(r.rows.column(2).Double(1)));
  EXPECT_TRUE(r.rows.column(2).IsNull(2));
  EXPECT_EQ(r.rows.column(2).Double(3), 7.0);
  EXPECT_EQ(r.rows.column(3).Int(0), 0);
  EXPECT_EQ(r.rows.column(3).Int(1), 1);
  EXPECT_TRUE(r.rows.column(3).IsNull(2));
  EXPECT_TRUE(r.rows.column(3).IsNull(3));
  EXPECT_EQ(r.rows.column(3).Int(4), 1);  // booleans as core/bool_text.h reads them
  EXPECT_EQ(r.rows.column(3).Int(5), 0);
  ASSERT_EQ(r.issues.size(), 3u);
  EXPECT_EQ(r.issues[0].reason, "column f: text 'x' in REAL column");
  EXPECT_EQ(r.issues[1].reason, "column b: number 2 in BOOLEAN column (only 0 and 1)");
  EXPECT_EQ(r.issues[2].reason, "column b: text 'maybe' in BOOLEAN column");
}

TEST(SqliteReader, InvalidUtf8IsRejected) {
  std::string uri = FreshDatabase("sqlite");
  Query(uri,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT);"
        "INSERT INTO t VALUES (1, CAST(X'C328' AS TEXT)), (2, 'ok'), (3, X'FF00'),"
        " (4, CAST(X'EDA080' AS TEXT));");  // a lone surrogate
  auto db = Open(uri, AccessMode::kReadOnly);
  ReadOutcome r = ReadTable(*db, "t");
  ASSERT_EQ(r.rows.num_rows(), 4u);
  EXPECT_TRUE(r.rows.column(1).IsNull(0));
  EXPECT_EQ(r.rows.column(1).String(1), "ok");
  EXPECT_TRUE(r.rows.column(1).IsNull(2));
  EXPECT_TRUE(r.rows.column(1).IsNull(3));
  ASSERT_EQ(r.issues.size(), 3u);
  EXPECT_EQ(r.issues[0].row, 0u);
  EXPECT_EQ(r.issues[0].reason, "column s: text value is not valid UTF-8");
  EXPECT_EQ(r.issues[0].original, "\xC3\x28");
  EXPECT_EQ(r.issues[1].reason, "column s: blob value is not valid UTF-8");
  EXPECT_EQ(r.issues[2].row, 3u);
}

TEST(SqliteReader, NumberInDatetimeColumnRejectedWithCastHint) {
  std::string uri = FreshDatabase("sqlite");
  Query(uri,
        "CREATE TABLE events (id INTEGER PRIMARY KEY, at DATETIME, day DATE);"
        "INSERT INTO events VALUES (1, 1700000000, '2024-01-01'), (2, '2024-01-01 10:00:00', 19000),"
        " (3, 'yesterday', '2024-01-02 00:00:00'), (4, 2460000.5, '2024-01-02 10:00:00');");
  auto db = Open(uri, AccessMode::kReadOnly);
  ReadOutcome r = ReadTable(*db, "events");
  ASSERT_EQ(r.rows.num_rows(), 4u);
  EXPECT_TRUE(r.rows.column(1).IsNull(0));
  EXPECT_EQ(r.rows.column(1).Int(1), *ParseTimestamp("2024-01-01 10:00:00"));
  EXPECT_EQ(r.rows.column(2).Int(2), *ParseDate("2024-01-02"));
  ASSERT_EQ(r.issues.size(), 5u);
  EXPECT_EQ(r.issues[0].row, 0u);
  EXPECT_EQ(r.issues[0].reason,
            "column at: integer 1700000000 in a timestamp column: say its unit with --cast "
            "'column events.at to timestamp using epoch_s|epoch_ms'");
  EXPECT_EQ(r.issues[0].original, "1700000000");
  EXPECT_EQ(r.issues[1].reason,
            "column day: integer 19000 in a date column: say its unit with --cast "
            "'column events.day to date using epoch_s|epoch_ms'");
  EXPECT_EQ(r.issues[2].reason, "column at: text 'yesterday' is not a valid timestamp");
  EXPECT_EQ(r.issues[3].row, 3u);
  EXPECT_NE(r.issues[3].reason.find("real 2460000.5 in a timestamp column"), std::string::npos);
  EXPECT_EQ(r.issues[4].reason, "column day: text '2024-01-02 10:00:00' is not a valid date");
}

TEST(SqliteReader, DecimalCanonicalText) {
  std::string uri = FreshDatabase("sqlite");
  Query(uri,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, n NUMERIC(6,2), x DECIMAL_TEXT(30,10), "
        "u DECIMAL_TEXT);"
        "INSERT INTO t VALUES (1, 1.1, '12345678901234567890.0123456789', '-000.100'),"
        " (2, 0.30000000000000004, '1e3', '+1.5E-3'),"
        " (3, 2.345, '0.00000000001', 'abc'),"
        " (4, 100000, '-0', '1');");
  auto db = Open(uri, AccessMode::kReadOnly);
  ReadOutcome r = ReadTable(*db, "t");
  ASSERT_EQ(r.rows.num_rows(), 4u);
  const RecordBatch& b = r.rows;
  EXPECT_EQ(b.column(1).String(0), "1.10");
  EXPECT_EQ(b.column(1).String(1), "0.30");
  EXPECT_EQ(b.column(1).String(2), "2.35");  // REAL is approximate: rounded to the scale
  EXPECT_TRUE(b.column(1).IsNull(3));        // 100000 > 4 integer digits
  EXPECT_EQ(b.column(2).String(0), "12345678901234567890.0123456789");
  EXPECT_EQ(b.column(2).String(1), "1000.0000000000");
  EXPECT_TRUE(b.column(2).IsNull(2));  // text with more digits than the scale: no silent cut
  EXPECT_EQ(b.column(2).String(3), "0.0000000000");
  EXPECT_EQ(b.column(3).String(0), "-0.100");
  EXPECT_EQ(b.column(3).String(1), "0.0015");
  EXPECT_TRUE(b.column(3).IsNull(2));
  EXPECT_EQ(b.column(3).String(3), "1");
  ASSERT_EQ(r.issues.size(), 3u);
  EXPECT_EQ(r.issues[0].reason, "column x: '0.00000000001' in decimal(30,10) column: has more than 10 decimal places");
  EXPECT_EQ(r.issues[1].reason, "column u: 'abc' in decimal column: not a number");
  EXPECT_EQ(r.issues[2].reason, "column n: '100000' in decimal(6,2) column: out of range for decimal(6,2)");
}

TEST(SqliteReader, BatchLimitsRowsAndBytes) {
  std::string uri = FreshDatabase("sqlite");
  Query(uri,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT);"
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000) "
        "INSERT INTO t SELECT x, printf('%0100d', x) FROM c;");
  auto db = Open(uri, AccessMode::kReadOnly);
  BatchLimits by_rows;
  by_rows.max_rows = 128;
  ReadOutcome r = ReadTable(*db, "t", by_rows);
  EXPECT_EQ(r.rows.num_rows(), 1000u);
  EXPECT_EQ(r.batches, 8u);
  for (size_t i = 0; i < 1000; ++i) ASSERT_EQ(r.rows.column(0).Int(i), static_cast<int64_t>(i + 1));

  BatchLimits by_bytes;
  by_bytes.max_bytes = 10000;  // ~100 bytes of text + fixed cost per row
  r = ReadTable(*db, "t", by_bytes);
  EXPECT_EQ(r.rows.num_rows(), 1000u);
  EXPECT_GE(r.batches, 10u);
  EXPECT_LE(r.batches, 20u);
}

TEST(SqliteReader, RangedRead) {
  std::string uri = FreshDatabase("sqlite");
  Query(uri,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);"
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100) "
        "INSERT INTO t SELECT x, 'v' || x FROM c;");
  auto db = Open(uri, AccessMode::kReadOnly);
  ReadOutcome r = ReadTable(*db, "t", {}, "id", 10, 20);
  ASSERT_EQ(r.rows.num_rows(), 10u);
  EXPECT_EQ(r.rows.column(0).Int(0), 10);
  EXPECT_EQ(r.rows.column(0).Int(9), 19);
  EXPECT_EQ(r.rows.column(1).String(9), "v19");
  r = ReadTable(*db, "t", {}, "id", 95, std::nullopt);
  EXPECT_EQ(r.rows.num_rows(), 6u);
  r = ReadTable(*db, "t", {}, "id", std::nullopt, 3);
  EXPECT_EQ(r.rows.num_rows(), 2u);
  r = ReadTable(*db, "t", {}, "id", 500, 600);
  EXPECT_EQ(r.rows.num_rows(), 0u);
}

// A reader sees one snapshot: rows committed by another connection after its
// first batch do not appear (WAL mode lets that writer commit meanwhile).
TEST(SqliteReader, ReadsOneSnapshot) {
  std::string uri = FreshDatabase("sqlite");
  Query(uri,
        "PRAGMA journal_mode=WAL;"
        "CREATE TABLE t (id INTEGER PRIMARY KEY);"
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100) "
        "INSERT INTO t SELECT x FROM c;");
  auto db = Open(uri, AccessMode::kReadOnly);
  auto catalog = db->Introspect();
  ASSERT_TRUE(catalog.ok());
  ReadSpec spec;
  spec.table = "t";
  spec.columns = catalog->tables[0].columns;
  spec.limits.max_rows = 10;
  auto reader = db->OpenReader(spec);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  RecordBatch batch;
  ASSERT_TRUE(*(*reader)->Next(&batch));
  Query(uri, "INSERT INTO t VALUES (1000), (1001); DELETE FROM t WHERE id = 50;");
  size_t total = batch.num_rows();
  while (true) {
    auto more = (*reader)->Next(&batch);
    ASSERT_TRUE(more.ok()) << more.status().ToString();
    if (!*more) break;
    total += batch.num_rows();
  }
  EXPECT_EQ(total, 100u);
  EXPECT_EQ(*db->CountRows("t"), 101);  // the new state, seen by a new read
}

}  // namespace
}  // namespace ferry::sqlite
