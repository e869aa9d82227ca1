#include "plan/index_rules.h"

#include <gtest/gtest.h>

#include "engines/duckdb/dialect.h"
#include "engines/mysql/dialect.h"
#include "engines/postgres/dialect.h"

namespace ferry {
namespace {

TableSchema Article() {
  TableSchema t;
  t.name = "article";
  t.columns = {ColumnSchema{"id", LogicalType(TypeId::kInt32)}, ColumnSchema{"body", LogicalType::Text()},
               ColumnSchema{"code", LogicalType::Text(100)}, ColumnSchema{"raw", LogicalType(TypeId::kBytes)}};
  t.primary_key = {"id"};
  t.indexes = {IndexSchema{"ft", {"body"}, false, IndexKind::kFullText},
               IndexSchema{"code_prefix", {"code"}, true, IndexKind::kBtree, {10}},
               IndexSchema{"raw_prefix", {"raw"}, false, IndexKind::kBtree, {4}},
               IndexSchema{"sp", {"raw"}, false, IndexKind::kSpatial}};
  return t;
}

TEST(IndexRules, PostgresFullTextAndPrefixExpressions) {
  auto sink = MakeSqlSink(nullptr, std::make_unique<postgres::PostgresDialect>());
  TableSchema t = Article();
  std::vector<std::string> notes;
  TranslateIndexes(*sink, false, &t, &notes);
  ASSERT_EQ(t.indexes.size(), 3u);  // SPATIAL left out
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("SPATIAL index sp (raw) not created"), std::string::npos) << notes[0];
  const Dialect& d = sink->dialect();
  EXPECT_EQ(d.CreateIndexSql(t, t.indexes[0]),
            "CREATE INDEX \"ft\" ON \"article\" USING gin ((to_tsvector('simple', \"body\"::text)))");
  EXPECT_EQ(d.CreateIndexSql(t, t.indexes[1]), "CREATE UNIQUE INDEX \"code_prefix\" ON \"article\" ((substr(\"code\", 1, 10)))");
  // The fallback hashes text and bytes parts, prefixes included.
  auto fallbacks = IndexFallbacks(t, t.indexes[1], sink->capabilities());
  ASSERT_EQ(fallbacks.size(), 1u);
  EXPECT_EQ(d.CreateIndexSql(t, fallbacks[0]),
            "CREATE UNIQUE INDEX \"code_prefix\" ON \"article\" ((md5(substr(\"code\", 1, 10))))");
  EXPECT_TRUE(IndexFallbacks(t, t.indexes[0], sink->capabilities()).empty());
  IndexSchema by_id{"by_id", {"id"}};
  EXPECT_TRUE(IndexFallbacks(t, by_id, sink->capabilities()).empty());  // no value too long for a key
}

TEST(IndexRules, DuckdbIndexesNoBinaryPrefixAndNoFullText) {
  auto sink = MakeSqlSink(nullptr, std::make_unique<duckdb::DuckdbDialect>());
  TableSchema t = Article();
  std::vector<std::string> notes;
  TranslateIndexes(*sink, false, &t, &notes);
  ASSERT_EQ(t.indexes.size(), 2u);
  EXPECT_EQ(t.indexes[0].name, "code_prefix");
  EXPECT_EQ(t.indexes[0].prefix_lengths, std::vector<int>{10});
  EXPECT_EQ(t.indexes[1].name, "raw_prefix");
  EXPECT_TRUE(t.indexes[1].prefix_lengths.empty());
  ASSERT_EQ(notes.size(), 3u);
  EXPECT_NE(notes[1].find("cannot index a prefix of raw"), std::string::npos) << notes[1];
}

TEST(IndexRules, MysqlKeepsItsOwnKinds) {
  auto sink = MakeSqlSink(nullptr, std::make_unique<mysql::MysqlDialect>());
  TableSchema t = Article();
  std::vector<std::string> notes;
  TranslateIndexes(*sink, true, &t, &notes);
  ASSERT_EQ(t.indexes.size(), 4u);
  EXPECT_TRUE(notes.empty());
  const Dialect& d = sink->dialect();
  EXPECT_EQ(d.CreateIndexSql(t, t.indexes[0]), "CREATE FULLTEXT INDEX `ft` ON `article` (`body`)");
  EXPECT_EQ(d.CreateIndexSql(t, t.indexes[1]), "CREATE UNIQUE INDEX `code_prefix` ON `article` (`code`(10))");
  EXPECT_EQ(d.CreateIndexSql(t, t.indexes[3]), "CREATE SPATIAL INDEX `sp` ON `article` (`raw`)");
}

}  // namespace
}  // namespace ferry
