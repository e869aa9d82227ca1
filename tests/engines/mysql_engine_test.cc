// MySQL/MariaDB engine against a real MariaDB 10.11: connect, introspect,
// read every type, write every type, the atomic-write contract, the INSERT
// fallback, auto-increment reset, counts, key bounds and ranged reads.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <limits>

#include "core/temporal.h"
#include "engines/mysql/connection.h"
#include "engines/mysql/mysql_database.h"
#include "engines/mysql/writer.h"
#include "support/read_all.h"
#include "support/status_testing.h"
#include "support/test_env.h"

namespace ferry::mysql {
namespace {

using test::Query;
using test::Row;

std::unique_ptr<Database> OpenDb(const std::string& uri,
                                 AccessMode mode = AccessMode::kReadWrite) {
  auto parsed = ParseUri(uri);
  EXPECT_TRUE(parsed.ok());
  auto db = OpenMysql(*parsed, mode);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  return db.ok() ? std::move(db).value() : nullptr;
}

std::optional<std::string> S(const char* s) { return std::string(s); }
const std::optional<std::string> kNull;

// Reads a whole table through ferry's reader into one batch.
RecordBatch ReadAll(Database* db, const TableSchema& t, BatchLimits limits = {},
                    size_t* batches = nullptr) {
  ReadSpec spec;
  spec.table = t.name;
  spec.columns = t.columns;
  spec.limits = limits;
  return test::ReadAll(db, spec, batches);
}

void CreateTable(Database* db, const TableSchema& t) {
  auto ddl = db->dialect().CreateTableSql(t, true);
  ASSERT_TRUE(ddl.ok()) << ddl.status().ToString();
  for (const auto& s : *ddl) ASSERT_OK(db->Execute(s));
}

TEST(MysqlEngine, ConnectErrorNamesServerWithoutPassword) {
  std::string uri = test::FreshDatabase("mysql");
  std::string bad = uri;
  bad.replace(bad.find(test::kPassword), std::string(test::kPassword).size(), "wrong-secret");
  auto db = OpenMysql(*ParseUri(bad), AccessMode::kReadOnly);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kSource);
  const std::string& msg = db.status().message();
  EXPECT_NE(msg.find("cannot connect to mysql://ferry:***@127.0.0.1:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("errno 1045"), std::string::npos) << msg;
  EXPECT_EQ(msg.find("wrong-secret"), std::string::npos) << msg;

  auto target = OpenMysql(*ParseUri(bad), AccessMode::kReadWrite);
  ASSERT_FALSE(target.ok());
  EXPECT_EQ(target.status().code(), StatusCode::kTarget);

  auto badmode = OpenMysql(*ParseUri(uri + "?ssl-mode=SOMETIMES"), AccessMode::kReadOnly);
  ASSERT_FALSE(badmode.ok());
  EXPECT_NE(badmode.status().message().find("ssl-mode"), std::string::npos);
}

TEST(MysqlEngine, PasswordFromMysqlPwd) {
  std::string uri = test::FreshDatabase("mysql");
  std::string nopw = uri;
  nopw.replace(nopw.find(std::string(":") + test::kPassword), std::string(test::kPassword).size() + 1, "");
  setenv("MYSQL_PWD", test::kPassword, 1);
  auto db = OpenMysql(*ParseUri(nopw), AccessMode::kReadOnly);
  unsetenv("MYSQL_PWD");
  ASSERT_TRUE(db.ok()) << db.status().ToString();
}

TEST(MysqlEngine, Introspect) {
  std::string uri = test::FreshDatabase("mysql");
  Query(uri,
        "CREATE TABLE parent (id int unsigned NOT NULL AUTO_INCREMENT, a int NOT NULL, "
        "b varchar(10) NOT NULL, PRIMARY KEY (id), UNIQUE KEY parent_ab (a, b)) ENGINE=InnoDB;\n"
        "CREATE TABLE child (pa int NOT NULL, pb varchar(10) NOT NULL, seq smallint NOT NULL, "
        "flag tinyint(1) NOT NULL DEFAULT 1, name varchar(50) DEFAULT 'it''s', "
        "qty decimal(10,2) DEFAULT 0.50, created datetime DEFAULT current_timestamp(), "
        "doc json, kind enum('x','y') NOT NULL DEFAULT 'x', note text, "
        "PRIMARY KEY (pb, pa, seq), KEY child_seq_name (seq, name), "
        "CONSTRAINT child_parent FOREIGN KEY (pa, pb) REFERENCES parent (a, b) "
        "ON DELETE CASCADE ON UPDATE RESTRICT) ENGINE=InnoDB;\n"
        "CREATE VIEW v AS SELECT * FROM parent;\n"
        "INSERT INTO parent (a, b) VALUES (1, 'x'), (2, 'y');\n"
        "ANALYZE TABLE parent");
  auto db = OpenDb(uri, AccessMode::kReadOnly);
  auto cat = db->Introspect();
  ASSERT_TRUE(cat.ok()) << cat.status().ToString();
  ASSERT_EQ(cat->tables.size(), 2u);  // the view is not a table
  const TableSchema* parent = cat->FindTable("parent");
  const TableSchema* child = cat->FindTable("child");
  ASSERT_TRUE(parent && child);

  ASSERT_EQ(parent->columns.size(), 3u);
  EXPECT_EQ(parent->columns[0].name, "id");
  EXPECT_EQ(parent->columns[0].type.id, TypeId::kInt64);  // int unsigned widens
  EXPECT_TRUE(parent->columns[0].auto_increment);
  EXPECT_FALSE(parent->columns[0].nullable);
  EXPECT_EQ(parent->columns[0].native_type, "int(10) unsigned");
  EXPECT_EQ(parent->primary_key, std::vector<std::string>{"id"});
  ASSERT_EQ(parent->indexes.size(), 1u);
  EXPECT_EQ(parent->indexes[0].name, "parent_ab");
  EXPECT_TRUE(parent->indexes[0].unique);
  EXPECT_EQ(parent->indexes[0].columns, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(parent->row_estimate, 2);

  ASSERT_EQ(child->columns.size(), 10u);
  EXPECT_EQ(child->primary_key, (std::vector<std::string>{"pb", "pa", "seq"}));
  auto col = [&](const char* n) { return child->FindColumn(n); };
  EXPECT_EQ(col("flag")->type.id, TypeId::kBool);
  EXPECT_EQ(col("flag")->default_value.kind, DefaultKind::kLiteral);
  EXPECT_EQ(col("flag")->default_value.text, "1");
  EXPECT_EQ(col("name")->type, LogicalType::Text(50));
  EXPECT_TRUE(col("name")->nullable);
  EXPECT_EQ(col("name")->default_value.kind, DefaultKind::kLiteral);
  EXPECT_EQ(col("name")->default_value.text, "it's");
  EXPECT_EQ(col("qty")->type, LogicalType::Decimal(10, 2));
  EXPECT_EQ(col("qty")->default_value.text, "0.50");
  EXPECT_EQ(col("created")->default_value.kind, DefaultKind::kCurrentTimestamp);
  EXPECT_EQ(col("doc")->type.id, TypeId::kJson);
  EXPECT_EQ(col("doc")->default_value.kind, DefaultKind::kNone);
  EXPECT_EQ(col("kind")->type.id, TypeId::kEnum);
  EXPECT_EQ(col("kind")->type.enum_values, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(col("kind")->default_value.text, "x");
  EXPECT_EQ(col("note")->type, LogicalType::Text());
  EXPECT_EQ(col("note")->default_value.kind, DefaultKind::kNone);

  const IndexSchema* seq_name = nullptr;
  for (const auto& i : child->indexes)
    if (i.name == "child_seq_name") seq_name = &i;
  ASSERT_TRUE(seq_name);
  EXPECT_FALSE(seq_name->unique);
  EXPECT_EQ(seq_name->columns, (std::vector<std::string>{"seq", "name"}));
  ASSERT_EQ(child->foreign_keys.size(), 1u);
  const auto& fk = child->foreign_keys[0];
  EXPECT_EQ(fk.name, "child_parent");
  EXPECT_EQ(fk.columns, (std::vector<std::string>{"pa", "pb"}));
  EXPECT_EQ(fk.ref_table, "parent");
  EXPECT_EQ(fk.ref_columns, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(fk.on_delete, FkAction::kCascade);
  EXPECT_EQ(fk.on_update, FkAction::kRestrict);
}

// One table with every MySQL type: max values, min values, NULLs.
const char* kAllTypesDdl =
    "CREATE TABLE t (id int PRIMARY KEY, b tinyint(1), i8 tinyint, u8 tinyint unsigned, "
    "i16 smallint, u16 smallint unsigned, i24 mediumint, i32 int, u32 int unsigned, "
    "i64 bigint, u64 bigint unsigned, f float, d double, dc decimal(12,3), c char(5), "
    "vc varchar(20), tx mediumtext, bn binary(4), vb varbinary(10), bl blob, bt1 bit(1), "
    "bt bit(10), dt date, tm time(6), dtm datetime(6), ts timestamp(6) NULL DEFAULT NULL, "
    "yr year, js json, en enum('a','b c','it''s'), st set('x','y'), u uuid)";

TEST(MysqlEngine, ReadsEveryType) {
  std::string uri = test::FreshDatabase("mysql");
  std::string longtext(100000, 'z');
  Query(uri, std::string(kAllTypesDdl) + ";\n" +
                 "INSERT INTO t VALUES (1, 1, 127, 255, 32767, 65535, 8388607, 2147483647, "
                 "4294967295, 9223372036854775807, 18446744073709551615, 1.5, "
                 "1.7976931348623157e308, 123456789.125, 'ab', 'héllo 😀', '" + longtext +
                 "', X'00010200', X'00FF', X'', b'1', b'1111111111', '9999-12-31', "
                 "'23:59:59.999999', '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999999', "
                 "2155, '{\"a\": [1, 2]}', 'it''s', 'x,y', "
                 "'123e4567-e89b-12d3-a456-426614174000');\n"
                 "INSERT INTO t VALUES (2, 0, -128, 0, -32768, 0, -8388608, -2147483648, 0, "
                 "-9223372036854775808, 0, -0.25, -2.2250738585072014e-308, -0.001, '', '', '', "
                 "X'00000000', X'', X'00', b'0', b'0', '1000-01-01', '00:00:00', "
                 "'1000-01-01 00:00:00', '1970-01-01 00:00:01', 1901, '[]', 'b c', '', "
                 "'00000000-0000-0000-0000-000000000000');\n"
                 "INSERT INTO t (id) VALUES (3)");
  auto db = OpenDb(uri, AccessMode::kReadOnly);
  auto cat = db->Introspect();
  ASSERT_TRUE(cat.ok()) << cat.status().ToString();
  const TableSchema* t = cat->FindTable("t");
  ASSERT_TRUE(t);
  RecordBatch b = ReadAll(db.get(), *t);
  ASSERT_EQ(b.num_rows(), 3u);
  EXPECT_TRUE(b.issues().empty());
  auto c = [&](const char* name) -> const Column& { return b.column(t->ColumnIndex(name)); };
  auto ty = [&](const char* name) { return t->FindColumn(name)->type; };

  EXPECT_EQ(ty("b").id, TypeId::kBool);
  EXPECT_EQ(c("b").Int(0), 1);
  EXPECT_EQ(c("b").Int(1), 0);
  EXPECT_EQ(c("i8").Int(0), 127);
  EXPECT_EQ(c("i8").Int(1), -128);
  EXPECT_EQ(ty("u8").id, TypeId::kInt16);
  EXPECT_EQ(c("u8").Int(0), 255);
  EXPECT_EQ(c("i16").Int(1), -32768);
  EXPECT_EQ(ty("u16").id, TypeId::kInt32);
  EXPECT_EQ(c("u16").Int(0), 65535);
  EXPECT_EQ(c("i24").Int(0), 8388607);
  EXPECT_EQ(c("i32").Int(1), -2147483648LL);
  EXPECT_EQ(ty("u32").id, TypeId::kInt64);
  EXPECT_EQ(c("u32").Int(0), 4294967295LL);
  EXPECT_EQ(c("i64").Int(0), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(c("i64").Int(1), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(ty("u64"), LogicalType::Decimal(20, 0));
  EXPECT_EQ(c("u64").String(0), "18446744073709551615");
  EXPECT_EQ(c("u64").String(1), "0");
  EXPECT_EQ(ty("f").id, TypeId::kFloat32);
  EXPECT_EQ(c("f").Double(0), 1.5);
  EXPECT_EQ(c("f").Double(1), -0.25);
  EXPECT_EQ(c("d").Double(0), 1.7976931348623157e308);
  EXPECT_EQ(c("d").Double(1), -2.2250738585072014e-308);
  EXPECT_EQ(c("dc").String(0), "123456789.125");
  EXPECT_EQ(c("dc").String(1), "-0.001");
  EXPECT_EQ(c("c").String(0), "ab");
  EXPECT_EQ(c("c").String(1), "");
  EXPECT_EQ(c("vc").String(0), "héllo 😀");
  EXPECT_EQ(c("vc").String(1), "");
  EXPECT_EQ(c("tx").String(0), longtext);
  EXPECT_EQ(c("bn").String(0), std::string("\0\1\2\0", 4));
  EXPECT_EQ(c("vb").String(0), std::string("\0\xff", 2));
  EXPECT_EQ(c("bl").String(0), "");
  EXPECT_EQ(c("bl").String(1), std::string("\0", 1));
  EXPECT_EQ(ty("bt1").id, TypeId::kBool);
  EXPECT_EQ(c("bt1").Int(0), 1);
  EXPECT_EQ(c("bt1").Int(1), 0);
  EXPECT_EQ(ty("bt").id, TypeId::kInt64);
  EXPECT_EQ(c("bt").Int(0), 1023);
  EXPECT_EQ(FormatDate(c("dt").Int(0)), "9999-12-31");
  EXPECT_EQ(FormatDate(c("dt").Int(1)), "1000-01-01");
  EXPECT_EQ(c("tm").Int(0), kMicrosPerDay - 1);
  EXPECT_EQ(c("tm").Int(1), 0);
  EXPECT_EQ(FormatTimestamp(c("dtm").Int(0)), "9999-12-31 23:59:59.999999");
  EXPECT_EQ(ty("ts").id, TypeId::kTimestamp);
  EXPECT_EQ(FormatTimestamp(c("ts").Int(0)), "2038-01-19 03:14:07.999999");
  EXPECT_EQ(c("ts").Int(1), 1000000);  // UTC: time_zone is +00:00
  EXPECT_EQ(ty("yr").id, TypeId::kInt16);
  EXPECT_EQ(c("yr").Int(0), 2155);
  EXPECT_EQ(ty("js").id, TypeId::kJson);
  EXPECT_EQ(c("js").String(0), "{\"a\": [1, 2]}");
  EXPECT_EQ(ty("en").id, TypeId::kEnum);
  EXPECT_EQ(c("en").String(0), "it's");
  EXPECT_EQ(c("en").String(1), "b c");
  EXPECT_EQ(c("st").String(0), "x,y");
  EXPECT_EQ(c("st").String(1), "");
  EXPECT_EQ(ty("u").id, TypeId::kUuid);
  EXPECT_EQ(c("u").String(0), "123e4567-e89b-12d3-a456-426614174000");
  for (size_t col = 1; col < b.num_columns(); ++col)
    EXPECT_TRUE(b.column(col).IsNull(2)) << b.fields()[col].name;
  EXPECT_FALSE(b.column(0).IsNull(2));
}

TEST(MysqlEngine, ZeroDatesBecomeNullAndBadValuesAreRejected) {
  std::string uri = test::FreshDatabase("mysql");
  Query(uri,
        "SET SESSION sql_mode = '';\n"
        "CREATE TABLE z (id int PRIMARY KEY, d date, dt datetime, flag tinyint(1), tm time);\n"
        "INSERT INTO z VALUES (1, '0000-00-00', '0000-00-00 00:00:00', 1, '10:00:00'), "
        "(2, '2020-00-10', '2020-01-00 10:00:00', 5, '-01:00:00'), "
        "(3, '2020-01-10', '2020-01-10 10:00:00', 0, '100:00:00')");
  auto db = OpenDb(uri, AccessMode::kReadOnly);
  auto cat = db->Introspect();
  ASSERT_TRUE(cat.ok());
  RecordBatch b = ReadAll(db.get(), *cat->FindTable("z"));
  ASSERT_EQ(b.num_rows(), 3u);
  EXPECT_TRUE(b.column(1).IsNull(0));
  EXPECT_TRUE(b.column(2).IsNull(0));
  EXPECT_TRUE(b.column(1).IsNull(1));
  EXPECT_TRUE(b.column(2).IsNull(1));
  EXPECT_EQ(FormatDate(b.column(1).Int(2)), "2020-01-10");
  EXPECT_EQ(b.column(3).Int(2), 0);
  EXPECT_TRUE(b.column(3).IsNull(1));  // tinyint(1) holding 5 is no boolean
  int nulled = 0, rejected = 0;
  for (const auto& issue : b.issues()) {
    if (issue.kind == RowIssue::Kind::kNulled) {
      ++nulled;
      EXPECT_EQ(issue.reason, "zero date");
      EXPECT_TRUE(issue.original.rfind("0000-00-00", 0) == 0 || issue.original.rfind("2020-", 0) == 0)
          << issue.original;
    } else {
      ++rejected;
    }
  }
  EXPECT_EQ(nulled, 4);
  EXPECT_EQ(rejected, 3);  // flag=5, time -01:00:00, time 100:00:00
  bool saw_original = false;
  for (const auto& issue : b.issues())
    if (issue.original == "2020-00-10") saw_original = true;
  EXPECT_TRUE(saw_original);
}

TEST(MysqlEngine, BatchLimitsRangesCountsAndBounds) {
  std::string uri = test::FreshDatabase("mysql");
  std::string sql = "CREATE TABLE n (id bigint PRIMARY KEY, v varchar(10));\nINSERT INTO n VALUES ";
  for (int i = 1; i <= 25; ++i) sql += (i > 1 ? "," : "") + std::string("(") + std::to_string(i * 10) + ",'v')";
  Query(uri, sql);
  auto db = OpenDb(uri, AccessMode::kReadOnly);
  auto cat = db->Introspect();
  ASSERT_TRUE(cat.ok());
  const TableSchema& t = *cat->FindTable("n");
  size_t batches = 0;
  BatchLimits limits;
  limits.max_rows = 10;
  RecordBatch all = ReadAll(db.get(), t, limits, &batches);
  EXPECT_EQ(all.num_rows(), 25u);
  EXPECT_EQ(batches, 3u);

  ReadSpec spec;
  spec.table = "n";
  spec.columns = t.columns;
  spec.range_column = "id";
  spec.range_lo = 50;
  spec.range_hi = 100;
  auto reader = db->OpenReader(spec);
  ASSERT_TRUE(reader.ok());
  RecordBatch b;
  auto more = (*reader)->Next(&b);
  ASSERT_TRUE(more.ok() && *more);
  ASSERT_EQ(b.num_rows(), 5u);
  std::vector<int64_t> ids;
  for (size_t r = 0; r < b.num_rows(); ++r) ids.push_back(b.column(0).Int(r));
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<int64_t>{50, 60, 70, 80, 90}));
  more = (*reader)->Next(&b);
  ASSERT_TRUE(more.ok());
  EXPECT_FALSE(*more);
  EXPECT_EQ(b.num_rows(), 0u);

  auto count = db->CountRows("n");
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 25);
  auto bounds = db->KeyBounds("n", "id");
  ASSERT_TRUE(bounds.ok());
  ASSERT_TRUE(bounds->has_value());
  EXPECT_EQ(**bounds, (std::pair<int64_t, int64_t>(10, 250)));
  Query(uri, "CREATE TABLE empty_t (id int PRIMARY KEY)");
  auto none = db->KeyBounds("empty_t", "id");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST(MysqlEngine, ManyRowsThroughTheFeedAndEarlyReaderClose) {
  std::string uri = test::FreshDatabase("mysql");
  auto db = OpenDb(uri);
  TableSchema t;
  t.name = "big";
  t.columns = {{"id", LogicalType(TypeId::kInt64), "", false, {}, false},
               {"v", LogicalType::Text(40), "", true, {}, false}};
  t.primary_key = {"id"};
  CreateTable(db.get(), t);
  std::vector<Field> fields = {{"id", t.columns[0].type}, {"v", t.columns[1].type}};
  RecordBatch b(fields);
  const int64_t kRows = 200000;
  for (int64_t i = 0; i < kRows; ++i) {
    b.column(0).AppendInt(i);
    b.column(1).AppendString("value number " + std::to_string(i));
    b.FinishRow();
  }
  auto w = db->OpenWriter({t.name, fields});
  ASSERT_TRUE(w.ok());
  ASSERT_OK((*w)->Write(b, 0, kRows));
  ASSERT_OK((*w)->Commit());
  EXPECT_EQ(Query(uri, "SELECT COUNT(*), SUM(id), MAX(v) FROM big")[0],
            (Row{S("200000"), S("19999900000"), S("value number 99999")}));
  auto count = db->CountRows("big");
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, kRows);

  ReadSpec spec;
  spec.table = "big";
  spec.columns = t.columns;
  spec.limits.max_rows = 100;
  auto reader = db->OpenReader(spec);
  ASSERT_TRUE(reader.ok());
  RecordBatch part;
  auto more = (*reader)->Next(&part);
  ASSERT_TRUE(more.ok() && *more);
  EXPECT_EQ(part.num_rows(), 100u);
  reader->reset();  // must not hang or crash with rows still on the wire
}

TEST(MysqlEngine, ReaderSeesSnapshot) {
  std::string uri = test::FreshDatabase("mysql");
  Query(uri, "CREATE TABLE s (id int PRIMARY KEY); INSERT INTO s VALUES (1), (2)");
  auto db = OpenDb(uri, AccessMode::kReadOnly);
  auto cat = db->Introspect();
  ASSERT_TRUE(cat.ok());
  ReadSpec spec;
  spec.table = "s";
  spec.columns = cat->FindTable("s")->columns;
  auto reader = db->OpenReader(spec);
  ASSERT_TRUE(reader.ok());
  Query(uri, "INSERT INTO s VALUES (3)");
  RecordBatch b;
  auto more = (*reader)->Next(&b);
  ASSERT_TRUE(more.ok());
  EXPECT_EQ(b.num_rows(), 2u);
}

// A schema with one column per logical type, as the planner would hand it.
TableSchema AllLogicalTypes() {
  TableSchema t;
  t.name = "all_types";
  auto add = [&](const char* name, LogicalType type) {
    t.columns.push_back({name, std::move(type), "", true, {}, false});
  };
  add("id", LogicalType(TypeId::kInt64));
  t.columns[0].nullable = false;
  add("b", LogicalType(TypeId::kBool));
  add("i8", LogicalType(TypeId::kInt8));
  add("i16", LogicalType(TypeId::kInt16));
  add("i32", LogicalType(TypeId::kInt32));
  add("i64", LogicalType(TypeId::kInt64));
  add("f32", LogicalType(TypeId::kFloat32));
  add("f64", LogicalType(TypeId::kFloat64));
  add("dec", LogicalType::Decimal(12, 3));
  add("vc", LogicalType::Text(10));
  LogicalType ch = LogicalType::Text(3);
  ch.fixed_length = true;
  add("ch", ch);
  add("tx", LogicalType::Text());
  add("by", LogicalType(TypeId::kBytes));
  add("dt", LogicalType(TypeId::kDate));
  add("tm", LogicalType(TypeId::kTime));
  add("ts", LogicalType(TypeId::kTimestamp));
  add("tz", LogicalType(TypeId::kTimestampTz));
  add("iv", LogicalType(TypeId::kInterval));
  add("uu", LogicalType(TypeId::kUuid));
  add("js", LogicalType(TypeId::kJson));
  LogicalType en(TypeId::kEnum);
  en.enum_values = {"red", "it's"};
  add("en", en);
  t.primary_key = {"id"};
  return t;
}

std::vector<Field> FieldsOf(const TableSchema& t) {
  std::vector<Field> f;
  for (const auto& c : t.columns) f.push_back({c.name, c.type});
  return f;
}

// Appends one row of AllLogicalTypes(): n = 0 typical, 1 extreme, 2 NULLs.
void AppendRow(RecordBatch* b, int64_t id, int kind) {
  std::string longtext(70000, 'x');
  longtext += "😀\t\n\\";
  b->column(0).AppendInt(id);
  if (kind == 2) {
    for (size_t c = 1; c < b->num_columns(); ++c) b->column(c).AppendNull();
    b->FinishRow();
    return;
  }
  bool x = kind == 1;
  b->column(1).AppendInt(x ? 0 : 1);
  b->column(2).AppendInt(x ? -128 : 127);
  b->column(3).AppendInt(x ? -32768 : 32767);
  b->column(4).AppendInt(x ? std::numeric_limits<int32_t>::min() : 2147483647);
  b->column(5).AppendInt(x ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max());
  b->column(6).AppendDouble(x ? -3.4028234663852886e38 : 1.5);
  b->column(7).AppendDouble(x ? 2.2250738585072014e-308 : 0.1);
  b->column(8).AppendString(x ? "-999999999.999" : "12.340");
  b->column(9).AppendString(x ? "" : "héllo 😀 \t");
  b->column(10).AppendString(x ? "" : "abc");
  b->column(11).AppendString(x ? longtext : std::string("line1\nline2\r\\N\0end", 19));
  b->column(12).AppendString(x ? std::string() : std::string("\0\\\t\n\r\xff\xfe N", 10));
  b->column(13).AppendInt(x ? DaysFromCivil(1000, 1, 1) : DaysFromCivil(2024, 2, 29));
  b->column(14).AppendInt(x ? kMicrosPerDay - 1 : 45296500000LL);
  b->column(15).AppendInt(x ? *ParseTimestamp("9999-12-31 23:59:59.999999")
                            : *ParseTimestamp("2024-02-29 23:59:59.123456"));
  b->column(16).AppendInt(*ParseTimestamp("2024-06-01 12:00:00+02:00"));
  b->column(17).AppendString("1 year 2 mons 3 days 04:05:06.5");
  b->column(18).AppendString("123e4567-e89b-12d3-a456-426614174000");
  b->column(19).AppendString(x ? "[]" : "{\"k\": \"v\\u00e9\", \"n\": [1, 2.5]}");
  b->column(20).AppendString(x ? "it's" : "red");
  b->FinishRow();
}

void CheckAllTypesRows(const std::string& uri) {
  auto rows = Query(uri,
                    "SELECT id, b, i8, i16, i32, i64, f32, f64, `dec`, vc, ch, tx, `by`, dt, tm, "
                    "ts, tz, iv, uu, js, en FROM all_types ORDER BY id");
  ASSERT_EQ(rows.size(), 3u);
  std::string longtext(70000, 'x');
  longtext += "😀\t\n\\";
  Row r0 = {S("1"), S("1"), S("127"), S("32767"), S("2147483647"), S("9223372036854775807"),
            S("1.5"), S("0.1"), S("12.340"), S("héllo 😀 \t"), S("abc"),
            std::string("line1\nline2\r\\N\0end", 19), std::string("\0\\\t\n\r\xff\xfe N", 10),
            S("2024-02-29"), S("12:34:56.500000"), S("2024-02-29 23:59:59.123456"),
            S("2024-06-01 10:00:00.000000"), S("1 year 2 mons 3 days 04:05:06.5"),
            S("123e4567-e89b-12d3-a456-426614174000"),
            S("{\"k\": \"v\\u00e9\", \"n\": [1, 2.5]}"), S("red")};
  EXPECT_EQ(rows[0], r0);
  Row r1 = {S("2"), S("0"), S("-128"), S("-32768"), S("-2147483648"), S("-9223372036854775808"),
            S("-3.40282e38"), S("2.2250738585072014e-308"), S("-999999999.999"), S(""), S(""),
            longtext, S(""), S("1000-01-01"), S("23:59:59.999999"),
            S("9999-12-31 23:59:59.999999"), S("2024-06-01 10:00:00.000000"),
            S("1 year 2 mons 3 days 04:05:06.5"), S("123e4567-e89b-12d3-a456-426614174000"),
            S("[]"), S("it's")};
  EXPECT_EQ(rows[1], r1);
  Row r2(21, kNull);
  r2[0] = S("3");
  EXPECT_EQ(rows[2], r2);
}

TEST(MysqlEngine, WritesEveryLogicalType) {
  std::string uri = test::FreshDatabase("mysql");
  auto db = OpenDb(uri);
  TableSchema t = AllLogicalTypes();
  CreateTable(db.get(), t);
  RecordBatch b(FieldsOf(t));
  AppendRow(&b, 1, 0);
  AppendRow(&b, 2, 1);
  AppendRow(&b, 3, 2);
  WriteSpec ws{t.name, FieldsOf(t)};
  auto w = db->OpenWriter(ws);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  ASSERT_OK((*w)->Write(b, 0, 3));
  // Uncommitted rows are invisible to another session.
  EXPECT_EQ(Query(uri, "SELECT COUNT(*) FROM all_types")[0][0], S("0"));
  ASSERT_OK((*w)->Commit());
  CheckAllTypesRows(uri);

  // And what ferry writes, ferry reads back as the same values.
  auto cat = db->Introspect();
  ASSERT_TRUE(cat.ok());
  RecordBatch back = ReadAll(db.get(), *cat->FindTable("all_types"));
  ASSERT_EQ(back.num_rows(), 3u);
  EXPECT_EQ(back.column(6).Double(0), 1.5);
  EXPECT_EQ(back.column(7).Double(0), 0.1);
  EXPECT_EQ(back.column(5).Int(1), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(back.column(12).String(0), std::string("\0\\\t\n\r\xff\xfe N", 10));
}

TEST(MysqlEngine, WriteIsAtomicPerCall) {
  std::string uri = test::FreshDatabase("mysql");
  auto db = OpenDb(uri);
  TableSchema t;
  t.name = "w";
  t.columns = {{"id", LogicalType(TypeId::kInt32), "", false, {}, false},
               {"name", LogicalType::Text(5), "", true, {}, false},
               {"small", LogicalType(TypeId::kInt8), "", true, {}, false},
               {"f", LogicalType(TypeId::kFloat64), "", true, {}, false}};
  t.primary_key = {"id"};
  CreateTable(db.get(), t);
  // The target column is narrower than the batch type: out of range is possible.
  Query(uri, "ALTER TABLE w MODIFY small tinyint unsigned");
  auto fields = FieldsOf(t);
  auto w = db->OpenWriter({t.name, fields});
  ASSERT_TRUE(w.ok());

  auto make = [&](std::vector<std::tuple<int, std::string, int, double>> rows) {
    RecordBatch b(fields);
    for (auto& [id, name, small, f] : rows) {
      b.column(0).AppendInt(id);
      b.column(1).AppendString(name);
      b.column(2).AppendInt(small);
      b.column(3).AppendDouble(f);
      b.FinishRow();
    }
    return b;
  };
  // Over-long varchar in the middle.
  RecordBatch bad = make({{1, "ok", 1, 0}, {2, "too long!", 1, 0}, {3, "ok", 1, 0}});
  Status s = (*w)->Write(bad, 0, 3);
  EXPECT_EQ(s.code(), StatusCode::kData) << s.ToString();
  EXPECT_NE(s.message().find("name"), std::string::npos) << s.ToString();
  // Out-of-range integer.
  RecordBatch range = make({{4, "ok", -1, 0}});
  s = (*w)->Write(range, 0, 1);
  EXPECT_EQ(s.code(), StatusCode::kData) << s.ToString();
  // NaN cannot be stored.
  RecordBatch nan = make({{5, "ok", 1, std::nan("")}});
  s = (*w)->Write(nan, 0, 1);
  EXPECT_EQ(s.code(), StatusCode::kData);
  EXPECT_NE(s.message().find("NaN/Infinity cannot be stored in MySQL DOUBLE"), std::string::npos);
  // The good rows of later calls land, also a sub-range of the bad batch.
  ASSERT_OK((*w)->Write(bad, 0, 1));
  ASSERT_OK((*w)->Write(bad, 2, 3));
  // A duplicate key (LOCAL turns it into a warning) is refused as a whole.
  RecordBatch dup = make({{7, "ok", 1, 0}, {1, "dup", 1, 0}});
  s = (*w)->Write(dup, 0, 2);
  EXPECT_EQ(s.code(), StatusCode::kData) << s.ToString();
  ASSERT_OK((*w)->Commit());
  auto rows = Query(uri, "SELECT id, name FROM w ORDER BY id");
  EXPECT_EQ(rows, (std::vector<Row>{{S("1"), S("ok")}, {S("3"), S("ok")}}));
}

TEST(MysqlEngine, InsertFallbackWhenLocalInfileIsOff) {
  std::string uri = test::FreshDatabase("mysql");
  auto db = OpenDb(uri);
  TableSchema t = AllLogicalTypes();
  CreateTable(db.get(), t);
  Query(uri, "SET GLOBAL local_infile = 0");
  struct Restore {
    std::string uri;
    ~Restore() { test::Query(uri, "SET GLOBAL local_infile = 1"); }
  } restore{uri};
  auto conn = Connection::Open(*ParseUri(uri), AccessMode::kReadWrite, SessionRole::kWriter);
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  auto w = Writer::Open(std::move(conn).value(), {t.name, FieldsOf(t)});
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  RecordBatch b(FieldsOf(t));
  AppendRow(&b, 1, 0);
  AppendRow(&b, 2, 1);
  AppendRow(&b, 3, 2);
  ASSERT_OK((*w)->Write(b, 0, 3));
  EXPECT_TRUE((*w)->using_insert_fallback());
  // Atomic in the fallback too: a NULL row then a row with an over-long vc.
  RecordBatch good(FieldsOf(t));
  AppendRow(&good, 11, 0);
  RecordBatch mixed(FieldsOf(t));
  AppendRow(&mixed, 10, 2);
  for (size_t c = 0; c < good.num_columns(); ++c) {
    if (c == 9) mixed.column(c).AppendString("much too long for ten");
    else mixed.column(c).AppendFrom(good.column(c), 0);
  }
  mixed.FinishRow();
  Status s = (*w)->Write(mixed, 0, 2);
  EXPECT_EQ(s.code(), StatusCode::kData) << s.ToString();
  ASSERT_OK((*w)->Commit());
  CheckAllTypesRows(uri);
}

TEST(MysqlEngine, SameEngineCopyKeepsNativeTypes) {
  std::string src_uri = test::FreshDatabase("mysql", "_src");
  std::string dst_uri = test::FreshDatabase("mysql", "_dst");
  Query(src_uri,
        "CREATE TABLE k (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, "
        "flags bit(10), code text NOT NULL, body longblob, at timestamp(3) NULL, "
        "doc json, UNIQUE KEY k_code (code(20)));\n"
        "INSERT INTO k VALUES (1, b'101', 'a', X'00', '2024-01-01 00:00:00.123', '{}'), "
        "(2, NULL, 'b', NULL, NULL, NULL)");
  auto src = OpenDb(src_uri, AccessMode::kReadOnly);
  auto dst = OpenDb(dst_uri);
  auto cat = src->Introspect();
  ASSERT_TRUE(cat.ok());
  const TableSchema& t = *cat->FindTable("k");
  CreateTable(dst.get(), t);
  for (const auto& idx : t.indexes) ASSERT_OK(dst->Execute(dst->dialect().CreateIndexSql(t, idx)));
  RecordBatch all = ReadAll(src.get(), t);
  auto w = dst->OpenWriter({t.name, FieldsOf(t)});
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  ASSERT_OK((*w)->Write(all, 0, all.num_rows()));
  ASSERT_OK((*w)->Commit());
  auto rows = Query(dst_uri, "SELECT id, flags + 0, code, HEX(body), at, doc FROM k ORDER BY id");
  EXPECT_EQ(rows, (std::vector<Row>{
                      {S("1"), S("5"), S("a"), S("00"), S("2024-01-01 00:00:00.123"), S("{}")},
                      {S("2"), kNull, S("b"), kNull, kNull, kNull}}));
  auto types = Query(dst_uri,
                     "SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS WHERE "
                     "TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'k' ORDER BY ORDINAL_POSITION");
  ASSERT_EQ(types.size(), 6u);
  EXPECT_EQ(types[0][1], S("int(10) unsigned"));
  EXPECT_EQ(types[1][1], S("bit(10)"));
  EXPECT_EQ(types[2][1], S("text"));  // its key is the prefix code(20), as in the source
  EXPECT_EQ(Query(dst_uri, "SELECT SUB_PART FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
                          "AND TABLE_NAME = 'k' AND INDEX_NAME = 'k_code'"),
            (std::vector<Row>{{S("20")}}));
  EXPECT_EQ(types[4][1], S("timestamp(3)"));

  auto reset = dst->ResetAutoIncrement(t, t.columns[0]);
  ASSERT_TRUE(reset.ok()) << reset.status().ToString();
  EXPECT_EQ(*reset, "ALTER TABLE `k` AUTO_INCREMENT = 3");
  Query(dst_uri, "INSERT INTO k (code) VALUES ('c')");
  EXPECT_EQ(Query(dst_uri, "SELECT MAX(id) FROM k")[0][0], S("3"));
}

// Introspect -> DDL -> introspect again, both as a cross-engine plan sees it
// (native_type cleared: logical types only) and as a same-engine copy.
TEST(MysqlEngine, DdlRoundTripsThroughIntrospection) {
  std::string src_uri = test::FreshDatabase("mysql", "_src");
  Query(src_uri,
        "CREATE TABLE parent (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, a int NOT NULL, "
        "b varchar(10) NOT NULL, UNIQUE KEY parent_ab (a, b));\n"
        "CREATE TABLE child (id int NOT NULL PRIMARY KEY, pa int NOT NULL, pb varchar(10) NOT NULL, "
        "flag tinyint(1) NOT NULL DEFAULT 1, name varchar(50) DEFAULT 'it''s \\\\ x', "
        "qty decimal(10,2) DEFAULT 0.50, created datetime(6) DEFAULT current_timestamp(6), "
        "doc json DEFAULT '{}', kind enum('x','y') NOT NULL DEFAULT 'y', note text DEFAULT 'n', "
        "KEY child_name (name, flag), CONSTRAINT child_parent FOREIGN KEY (pa, pb) "
        "REFERENCES parent (a, b) ON DELETE CASCADE)");
  auto src = OpenDb(src_uri, AccessMode::kReadOnly);
  auto cat = src->Introspect();
  ASSERT_TRUE(cat.ok());
  for (bool keep_native : {false, true}) {
    SCOPED_TRACE(keep_native ? "same engine" : "logical types");
    std::string dst_uri = test::FreshDatabase("mysql", keep_native ? "_native" : "_logical");
    auto dst = OpenDb(dst_uri);
    for (TableSchema t : cat->tables) {
      if (!keep_native)
        for (auto& c : t.columns) c.native_type.clear();
      CreateTable(dst.get(), t);
      for (const auto& idx : t.indexes)
        ASSERT_OK(dst->Execute(dst->dialect().CreateIndexSql(t, idx)));
    }
    for (const auto& t : cat->tables)
      for (const auto& fk : t.foreign_keys)
        ASSERT_OK(dst->Execute(dst->dialect().AddForeignKeySql(t, fk)));
    auto again = dst->Introspect();
    ASSERT_TRUE(again.ok());
    ASSERT_EQ(again->tables.size(), cat->tables.size());
    for (const auto& want : cat->tables) {
      const TableSchema* got = again->FindTable(want.name);
      ASSERT_TRUE(got);
      EXPECT_EQ(got->primary_key, want.primary_key);
      ASSERT_EQ(got->columns.size(), want.columns.size());
      for (size_t i = 0; i < want.columns.size(); ++i) {
        const auto &w = want.columns[i], &g = got->columns[i];
        SCOPED_TRACE(want.name + "." + w.name);
        EXPECT_EQ(g.type, w.type);
        EXPECT_EQ(g.nullable, w.nullable);
        EXPECT_EQ(g.auto_increment, w.auto_increment);
        EXPECT_EQ(g.default_value.kind, w.default_value.kind);
        EXPECT_EQ(g.default_value.text, w.default_value.text);
      }
      ASSERT_EQ(got->indexes.size(), want.indexes.size());
      ASSERT_EQ(got->foreign_keys.size(), want.foreign_keys.size());
      for (size_t i = 0; i < want.foreign_keys.size(); ++i) {
        EXPECT_EQ(got->foreign_keys[i].columns, want.foreign_keys[i].columns);
        EXPECT_EQ(got->foreign_keys[i].on_delete, want.foreign_keys[i].on_delete);
      }
    }
  }
}

// The session cipher ("" when the connection is plain).
std::string SessionCipher(Connection* c) {
  auto rows = c->Query("SHOW SESSION STATUS LIKE 'Ssl_cipher'");
  EXPECT_TRUE(rows.ok());
  return rows.ok() && !rows->empty() && (*rows)[0][1] ? *(*rows)[0][1] : "";
}

// MySQL 8 logs users in with caching_sha2_password by default. Debian 12
// ships no MySQL 8 server to test the handshake against, so this checks
// the part ferry controls: the client library it links loads that
// authentication plugin (libmariadb3 installs it as a separate module).
TEST(MysqlEngine, ClientLoadsMysql8AuthenticationPlugin) {
  // MYSQL_CLIENT_AUTHENTICATION_PLUGIN; its header does not compile alone.
  constexpr int kAuthenticationPlugin = 2;
  MysqlPtr handle(mysql_init(nullptr));
  ASSERT_NE(handle, nullptr);
  for (const char* plugin : {"caching_sha2_password", "sha256_password"}) {
    st_mysql_client_plugin* loaded =
        mysql_client_find_plugin(handle.get(), plugin, kAuthenticationPlugin);
    EXPECT_NE(loaded, nullptr) << plugin << ": " << mysql_error(handle.get());
  }
}

// The test server has a certificate signed by a private CA
// (test::MariadbTlsDir). Each mode is held to what it promises: REQUIRED
// runs encrypted, VERIFY_CA accepts the right CA and refuses another, and a
// user created REQUIRE SSL proves the server really enforces it.
TEST(MysqlEngine, TlsModes) {
  std::string uri = test::FreshDatabase("mysql");
  std::string tls = test::MariadbTlsDir();
  auto open = [&](const std::string& base, const std::string& params) {
    return Connection::Open(*ParseUri(base + "?" + params), AccessMode::kReadOnly,
                            SessionRole::kControl);
  };
  auto disabled = open(uri, "ssl-mode=DISABLED");
  ASSERT_TRUE(disabled.ok()) << disabled.status().ToString();
  EXPECT_EQ(SessionCipher(&*disabled), "");
  auto preferred = open(uri, "ssl-mode=PREFERRED");
  ASSERT_TRUE(preferred.ok()) << preferred.status().ToString();
  EXPECT_NE(SessionCipher(&*preferred), "");
  auto required = open(uri, "ssl-mode=REQUIRED");
  ASSERT_TRUE(required.ok()) << required.status().ToString();
  EXPECT_NE(SessionCipher(&*required), "");
  auto verified = open(uri, "ssl-mode=VERIFY_CA&ssl-ca=" + tls + "/ca.pem");
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_NE(SessionCipher(&*verified), "");
  auto underscore = open(uri, "ssl_mode=VERIFY_IDENTITY&ssl_ca=" + tls + "/ca.pem");
  ASSERT_TRUE(underscore.ok()) << underscore.status().ToString();

  auto wrong_ca = open(uri, "ssl-mode=VERIFY_CA&ssl-ca=" + tls + "/other-ca.pem");
  ASSERT_FALSE(wrong_ca.ok());
  EXPECT_NE(wrong_ca.status().message().find("cannot connect to"), std::string::npos)
      << wrong_ca.status().message();
  EXPECT_EQ(wrong_ca.status().message().find(test::kPassword), std::string::npos);
  auto bad_mode = open(uri, "ssl-mode=SOMETIMES");
  ASSERT_FALSE(bad_mode.ok());
  EXPECT_NE(bad_mode.status().message().find("ssl-mode 'SOMETIMES' is not one of"),
            std::string::npos)
      << bad_mode.status().message();

  // A user the server only lets in over TLS.
  Query(uri, "DROP USER IF EXISTS 'ferry_tls'@'%'");
  Query(uri, "CREATE USER 'ferry_tls'@'%' IDENTIFIED BY 'tls-pw' REQUIRE SSL");
  Query(uri, "GRANT ALL PRIVILEGES ON *.* TO 'ferry_tls'@'%'");
  std::string tls_user_uri = uri;
  tls_user_uri.replace(tls_user_uri.find(test::kUser),
                       std::string(test::kUser).size() + 1 + std::string(test::kPassword).size(),
                       "ferry_tls:tls-pw");
  auto plain = open(tls_user_uri, "ssl-mode=DISABLED");
  ASSERT_FALSE(plain.ok());
  EXPECT_NE(plain.status().message().find("errno 1045"), std::string::npos)
      << plain.status().message();
  auto secure = open(tls_user_uri, "ssl-mode=VERIFY_CA&ssl-ca=" + tls + "/ca.pem");
  ASSERT_TRUE(secure.ok()) << secure.status().ToString();
  EXPECT_NE(SessionCipher(&*secure), "");

  // And a whole copy over a verified TLS session, source and target.
  Query(uri, "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20)); "
             "INSERT INTO t VALUES (1, 'über'), (2, NULL)");
  std::string target = test::FreshDatabase("mysql", "_target");
  std::string target_tls = target;
  target_tls.replace(target_tls.find(test::kUser),
                     std::string(test::kUser).size() + 1 + std::string(test::kPassword).size(),
                     "ferry_tls:tls-pw");
  std::string params = "?ssl-mode=VERIFY_CA&ssl-ca=" + tls + "/ca.pem";
  auto run = test::RunFerry({"copy", tls_user_uri + params, target_tls + params});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err.find("tls-pw"), std::string::npos);
  EXPECT_EQ(Query(target, "SELECT id, name FROM t ORDER BY id"),
            (std::vector<Row>{{S("1"), S("über")}, {S("2"), kNull}}));
}

}  // namespace
}  // namespace ferry::mysql
