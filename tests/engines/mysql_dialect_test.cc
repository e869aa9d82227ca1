// MySQL dialect and type-mapping tests that need no server.
#include <gtest/gtest.h>

#include "engines/mysql/dialect.h"
#include "engines/mysql/introspect.h"

namespace ferry::mysql {
namespace {

TEST(MysqlDialect, QuoteIdentDoublesBackticks) {
  MysqlDialect d;
  EXPECT_EQ(d.QuoteIdent("users"), "`users`");
  EXPECT_EQ(d.QuoteIdent("we`ird"), "`we``ird`");
  EXPECT_EQ(d.QuoteString("it's a\\b"), "'it''s a\\\\b'");
}

TEST(MysqlDialect, NativeTypes) {
  MysqlDialect d;
  auto n = [&](LogicalType t) { return *d.NativeType(t); };
  EXPECT_EQ(n(LogicalType(TypeId::kBool)), "tinyint(1)");
  EXPECT_EQ(n(LogicalType(TypeId::kInt8)), "tinyint");
  EXPECT_EQ(n(LogicalType(TypeId::kInt16)), "smallint");
  EXPECT_EQ(n(LogicalType(TypeId::kInt32)), "int");
  EXPECT_EQ(n(LogicalType(TypeId::kInt64)), "bigint");
  EXPECT_EQ(n(LogicalType(TypeId::kFloat32)), "float");
  EXPECT_EQ(n(LogicalType(TypeId::kFloat64)), "double");
  EXPECT_EQ(n(LogicalType::Decimal(10, 2)), "decimal(10,2)");
  EXPECT_EQ(n(LogicalType::Decimal(-1, -1)), "decimal(65,30)");
  EXPECT_EQ(n(LogicalType::Decimal(100, 2)), "decimal(65,30)");
  EXPECT_EQ(n(LogicalType::Text(20)), "varchar(20)");
  LogicalType ch = LogicalType::Text(3);
  ch.fixed_length = true;
  EXPECT_EQ(n(ch), "char(3)");
  EXPECT_EQ(n(LogicalType::Text(20000)), "longtext");
  EXPECT_EQ(n(LogicalType::Text()), "longtext");
  LogicalType by(TypeId::kBytes);
  EXPECT_EQ(n(by), "longblob");
  by.length = 16;
  EXPECT_EQ(n(by), "varbinary(16)");
  by.fixed_length = true;
  EXPECT_EQ(n(by), "binary(16)");
  EXPECT_EQ(n(LogicalType(TypeId::kDate)), "date");
  EXPECT_EQ(n(LogicalType(TypeId::kTime)), "time(6)");
  EXPECT_EQ(n(LogicalType(TypeId::kTimestamp)), "datetime(6)");
  EXPECT_EQ(n(LogicalType(TypeId::kTimestampTz)), "datetime(6)");
  EXPECT_EQ(n(LogicalType(TypeId::kInterval)), "varchar(100)");
  EXPECT_EQ(n(LogicalType(TypeId::kUuid)), "char(36)");
  EXPECT_EQ(n(LogicalType(TypeId::kJson)), "json");
  LogicalType en(TypeId::kEnum);
  EXPECT_EQ(n(en), "varchar(255)");
  en.enum_values = {"a", "it's"};
  EXPECT_EQ(n(en), "enum('a','it''s')");
}

TEST(MysqlDialect, LogicalFromNative) {
  auto l = [](const char* native) { return LogicalFromNative(native, false).ToString(); };
  EXPECT_EQ(l("tinyint(1)"), LogicalType(TypeId::kBool).ToString());
  EXPECT_EQ(LogicalFromNative("tinyint(4)", false).id, TypeId::kInt8);
  EXPECT_EQ(LogicalFromNative("tinyint(3) unsigned", false).id, TypeId::kInt16);
  EXPECT_EQ(LogicalFromNative("smallint(5) unsigned", false).id, TypeId::kInt32);
  EXPECT_EQ(LogicalFromNative("smallint(6)", false).id, TypeId::kInt16);
  EXPECT_EQ(LogicalFromNative("mediumint(9)", false).id, TypeId::kInt32);
  EXPECT_EQ(LogicalFromNative("int(11)", false).id, TypeId::kInt32);
  EXPECT_EQ(LogicalFromNative("int(10) unsigned zerofill", false).id, TypeId::kInt64);
  EXPECT_EQ(LogicalFromNative("bigint(20)", false).id, TypeId::kInt64);
  EXPECT_EQ(LogicalFromNative("bigint(20) unsigned", false), LogicalType::Decimal(20, 0));
  EXPECT_EQ(LogicalFromNative("float", false).id, TypeId::kFloat32);
  EXPECT_EQ(LogicalFromNative("double", false).id, TypeId::kFloat64);
  EXPECT_EQ(LogicalFromNative("decimal(12,3)", false), LogicalType::Decimal(12, 3));
  LogicalType ch = LogicalType::Text(5);
  ch.fixed_length = true;
  EXPECT_EQ(LogicalFromNative("char(5)", false), ch);
  EXPECT_EQ(LogicalFromNative("varchar(20)", false), LogicalType::Text(20));
  EXPECT_EQ(LogicalFromNative("mediumtext", false), LogicalType::Text());
  EXPECT_EQ(LogicalFromNative("longtext", true).id, TypeId::kJson);
  EXPECT_EQ(LogicalFromNative("varbinary(10)", false).length, 10);
  EXPECT_TRUE(LogicalFromNative("binary(4)", false).fixed_length);
  EXPECT_EQ(LogicalFromNative("blob", false).id, TypeId::kBytes);
  EXPECT_EQ(LogicalFromNative("bit(1)", false).id, TypeId::kBool);
  EXPECT_EQ(LogicalFromNative("bit(10)", false).id, TypeId::kInt64);
  EXPECT_EQ(LogicalFromNative("date", false).id, TypeId::kDate);
  EXPECT_EQ(LogicalFromNative("time(6)", false).id, TypeId::kTime);
  EXPECT_EQ(LogicalFromNative("datetime(6)", false).id, TypeId::kTimestamp);
  EXPECT_EQ(LogicalFromNative("timestamp", false).id, TypeId::kTimestamp);
  EXPECT_EQ(LogicalFromNative("year(4)", false).id, TypeId::kInt16);
  EXPECT_EQ(LogicalFromNative("set('x','y')", false), LogicalType::Text());
  EXPECT_EQ(LogicalFromNative("uuid", false).id, TypeId::kUuid);
  LogicalType en = LogicalFromNative("enum('a','b c','it''s')", false);
  EXPECT_EQ(en.id, TypeId::kEnum);
  EXPECT_EQ(en.enum_values, (std::vector<std::string>{"a", "b c", "it's"}));
}

TEST(MysqlDialect, ParseColumnDefault) {
  LogicalType i(TypeId::kInt32), t = LogicalType::Text();
  auto k = [](const ColumnDefault& d) { return d.kind; };
  EXPECT_EQ(k(ParseColumnDefault(std::nullopt, i, "", true)), DefaultKind::kNone);
  EXPECT_EQ(k(ParseColumnDefault("NULL", i, "", true)), DefaultKind::kNone);
  auto lit = ParseColumnDefault("'it''s'", t, "", true);
  EXPECT_EQ(lit.kind, DefaultKind::kLiteral);
  EXPECT_EQ(lit.text, "it's");
  EXPECT_EQ(ParseColumnDefault("42", i, "", true).text, "42");
  EXPECT_EQ(k(ParseColumnDefault("current_timestamp()", t, "", true)),
            DefaultKind::kCurrentTimestamp);
  EXPECT_EQ(k(ParseColumnDefault("current_timestamp(6)", t, "", true)),
            DefaultKind::kCurrentTimestamp);
  EXPECT_EQ(k(ParseColumnDefault("CURRENT_TIMESTAMP", t, "DEFAULT_GENERATED", false)),
            DefaultKind::kCurrentTimestamp);
  EXPECT_EQ(k(ParseColumnDefault("curdate()", t, "", true)), DefaultKind::kCurrentDate);
  EXPECT_EQ(ParseColumnDefault("b'1'", i, "", true).text, "1");
  auto expr = ParseColumnDefault("uuid()", t, "", true);
  EXPECT_EQ(expr.kind, DefaultKind::kExpression);
  // MySQL 8 spells string literals bare.
  auto bare = ParseColumnDefault("abc", t, "", false);
  EXPECT_EQ(bare.kind, DefaultKind::kLiteral);
  EXPECT_EQ(bare.text, "abc");
}

TEST(MysqlDialect, ZeroDates) {
  EXPECT_TRUE(IsZeroDateFamily("0000-00-00"));
  EXPECT_TRUE(IsZeroDateFamily("0000-00-00 00:00:00"));
  EXPECT_TRUE(IsZeroDateFamily("2020-00-10"));
  EXPECT_TRUE(IsZeroDateFamily("2020-01-00 10:00:00"));
  EXPECT_FALSE(IsZeroDateFamily("0000-01-01"));
  EXPECT_FALSE(IsZeroDateFamily("2020-01-10"));
}

TEST(MysqlDialect, CreateTableAutoIncrementAndKeyedText) {
  MysqlDialect d;
  TableSchema t;
  t.name = "items";
  ColumnSchema id{"id", LogicalType(TypeId::kInt64), "", false, {}, true};
  ColumnSchema code{"code", LogicalType::Text(), "", false, {}, false};
  ColumnSchema note{"note", LogicalType::Text(), "", true, {DefaultKind::kLiteral, "n/a"}, false};
  ColumnSchema at{"at", LogicalType(TypeId::kTimestamp), "", true,
                  {DefaultKind::kCurrentTimestamp, ""}, false};
  t.columns = {id, code, note, at};
  t.primary_key = {"id"};
  t.indexes = {{"items_code", {"code"}, true}};
  auto sql = d.CreateTableSql(t, false);
  ASSERT_TRUE(sql.ok()) << sql.status().ToString();
  ASSERT_EQ(sql->size(), 1u);
  EXPECT_EQ((*sql)[0],
            "CREATE TABLE `items` (\n"
            "  `id` bigint NOT NULL AUTO_INCREMENT,\n"
            "  `code` varchar(768) NOT NULL,\n"
            "  `note` longtext DEFAULT 'n/a',\n"
            "  `at` datetime(6) DEFAULT CURRENT_TIMESTAMP(6),\n"
            "  PRIMARY KEY (`id`)\n"
            ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
  EXPECT_EQ(d.Capabilities().primary_keys, SinkCapabilities::When::kInline);
}

TEST(MysqlDialect, WideRowsMoveToLongtext) {
  MysqlDialect d;
  TableSchema t;
  t.name = "wide";
  for (int i = 0; i < 3; ++i)
    t.columns.push_back({"c" + std::to_string(i), LogicalType::Text(10000), "", true, {}, false});
  auto sql = d.CreateTableSql(t, true);
  ASSERT_TRUE(sql.ok());
  // 3 x 40002 bytes cannot fit InnoDB's 65535-byte row: two become longtext.
  std::string s = (*sql)[0];
  size_t longtexts = 0;
  for (size_t p = s.find("longtext"); p != std::string::npos; p = s.find("longtext", p + 1))
    ++longtexts;
  EXPECT_EQ(longtexts, 2u);
  EXPECT_NE(s.find("varchar(10000)"), std::string::npos);
}

}  // namespace
}  // namespace ferry::mysql
