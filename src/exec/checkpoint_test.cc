// Resume keys: which columns a task resumes after, and the literals each
// source engine gets for a checkpointed key.
#include "exec/checkpoint.h"

#include <gtest/gtest.h>

#include "engines/duckdb/dialect.h"
#include "engines/mysql/dialect.h"
#include "engines/postgres/dialect.h"
#include "engines/sqlite/dialect.h"

namespace ferry {
namespace {

ColumnSchema Col(std::string name, TypeId type, bool nullable = false, bool auto_increment = false,
                 std::string native = "") {
  ColumnSchema c;
  c.name = std::move(name);
  c.type = LogicalType(type);
  c.nullable = nullable;
  c.auto_increment = auto_increment;
  c.native_type = std::move(native);
  return c;
}

// A job reading every column of `schema`.
TableJob JobOf(TableSchema schema) {
  TableJob job;
  job.source_table = schema.name;
  for (const auto& c : schema.columns) job.columns.push_back({c.name, c.name, c.type, c.type});
  job.source_schema = std::move(schema);
  return job;
}

// Homer's hep_proto_* shape: no key, a bigserial id, create_date.
TableSchema Hep() {
  TableSchema t;
  t.name = "hep_proto_1_call";
  t.columns = {Col("id", TypeId::kInt64, false, true), Col("sid", TypeId::kText),
               Col("inserted", TypeId::kTimestampTz), Col("create_date", TypeId::kTimestampTz),
               Col("raw", TypeId::kText)};
  t.indexes = {{"hep_sid", {"sid"}, false}, {"hep_date", {"create_date"}, false}};
  return t;
}

TEST(ResumeKey, PrimaryKeyThenUniqueIndexThenTimeAndId) {
  postgres::PostgresDialect pg;
  TableSchema keyed = Hep();
  keyed.primary_key = {"id"};
  EXPECT_EQ(ChooseResumeKey(JobOf(keyed), pg).ColumnNames(), std::vector<std::string>{"id"});

  TableSchema unique = Hep();
  unique.indexes.push_back({"hep_sid_u", {"sid"}, true});
  EXPECT_EQ(ChooseResumeKey(JobOf(unique), pg).ColumnNames(), std::vector<std::string>{"sid"});

  // Of two NOT NULL timestamps, the one an index leads.
  ResumeKey pair = ChooseResumeKey(JobOf(Hep()), pg);
  EXPECT_EQ(pair.ColumnNames(), (std::vector<std::string>{"create_date", "id"}));
  EXPECT_EQ(pair.batch_columns, (std::vector<size_t>{3, 0}));
}

TEST(ResumeKey, NoGuessWithoutASequenceOrOnASqliteSource) {
  postgres::PostgresDialect pg;
  TableSchema plain_id = Hep();
  plain_id.columns[0].auto_increment = false;  // an id nothing generates may repeat
  EXPECT_TRUE(ChooseResumeKey(JobOf(plain_id), pg).empty());
  TableSchema nullable_time = Hep();
  nullable_time.columns[2].nullable = nullable_time.columns[3].nullable = true;
  EXPECT_TRUE(ChooseResumeKey(JobOf(nullable_time), pg).empty());
  // A declared unique key with a nullable column is not replaced by a guess.
  TableSchema weak_unique = Hep();
  weak_unique.columns[1].nullable = true;
  weak_unique.indexes.push_back({"hep_sid_u", {"sid"}, true});
  EXPECT_TRUE(ChooseResumeKey(JobOf(weak_unique), pg).empty());
  // SQLite keeps times as the application wrote them: no exact literal.
  EXPECT_TRUE(ChooseResumeKey(JobOf(Hep()), sqlite::SqliteDialect()).empty());
  // DuckDB TIMESTAMP_NS is read cut to microseconds.
  TableSchema ns = Hep();
  for (auto& c : ns.columns)
    if (c.type.id == TypeId::kTimestampTz) c = Col(c.name, TypeId::kTimestamp, false, false, "TIMESTAMP_NS");
  EXPECT_TRUE(ChooseResumeKey(JobOf(ns), duckdb::DuckdbDialect()).empty());
  EXPECT_FALSE(ChooseResumeKey(JobOf(Hep()), duckdb::DuckdbDialect()).empty());
}

TEST(ResumeKey, LiteralsPerSourceEngine) {
  ResumeKey key = ChooseResumeKey(JobOf(Hep()), postgres::PostgresDialect());
  const std::string json = "[1709251199123456, 42]";  // 2024-02-29 23:59:59.123456 UTC
  auto pg = KeyLiterals(json, key, postgres::PostgresDialect());
  ASSERT_TRUE(pg.ok()) << pg.status().ToString();
  EXPECT_EQ(*pg, (std::vector<std::string>{"'2024-02-29 23:59:59.123456+00'::timestamptz", "42"}));
  auto my = KeyLiterals(json, key, mysql::MysqlDialect());
  ASSERT_TRUE(my.ok());
  EXPECT_EQ(*my, (std::vector<std::string>{"'2024-02-29 23:59:59.123456'", "42"}));
  auto duck = KeyLiterals(json, key, duckdb::DuckdbDialect());
  ASSERT_TRUE(duck.ok());
  EXPECT_EQ(*duck, (std::vector<std::string>{"'2024-02-29 23:59:59.123456+00'::timestamptz", "42"}));

  TableSchema dated = Hep();
  dated.columns[3] = Col("create_date", TypeId::kDate);
  ResumeKey by_date;
  by_date.columns = {dated.columns[3], Col("name", TypeId::kText)};
  auto d = KeyLiterals("[19782, \"it's\"]", by_date, postgres::PostgresDialect());
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, (std::vector<std::string>{"'2024-02-29'::date", "'it''s'"}));

  // What ferry did not write is refused, naming it.
  EXPECT_FALSE(KeyLiterals("[1]", key, postgres::PostgresDialect()).ok());
  EXPECT_FALSE(KeyLiterals("[\"x\", 1]", key, postgres::PostgresDialect()).ok());
  EXPECT_FALSE(KeyLiterals("{}", key, postgres::PostgresDialect()).ok());
}

}  // namespace
}  // namespace ferry
