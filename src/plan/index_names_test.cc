#include "plan/index_names.h"

#include <gtest/gtest.h>

#include "engines/postgres/dialect.h"
#include "engines/sqlite/dialect.h"

namespace ferry {
namespace {

TableJob Job(const std::string& table, std::vector<IndexSchema> indexes) {
  TableJob job;
  job.source_table = job.target_table = table;
  job.target_schema.name = table;
  job.target_schema.columns.push_back(ColumnSchema{"id", LogicalType(TypeId::kInt64)});
  job.target_schema.primary_key = {"id"};
  job.target_schema.indexes = std::move(indexes);
  return job;
}

TEST(IndexNames, LongNamesStayApartWithinPostgresLimit) {
  auto sink = MakeSqlSink(nullptr, std::make_unique<postgres::PostgresDialect>());
  const std::string long_a(70, 'a');
  Plan plan;
  plan.jobs.push_back(Job("t", {IndexSchema{long_a + "_1", {"id"}}, IndexSchema{long_a + "_2", {"id"}}}));
  std::vector<std::string> notes;
  NameIndexes(*sink, Catalog(), &plan, &notes);
  const auto& idx = plan.jobs[0].target_schema.indexes;
  EXPECT_LE(idx[0].name.size(), 63u);
  EXPECT_LE(idx[1].name.size(), 63u);
  EXPECT_NE(idx[0].name, idx[1].name);
  EXPECT_EQ(notes.size(), 2u);
  // Deterministic: the same plan names them the same.
  Plan again;
  again.jobs.push_back(Job("t", {IndexSchema{long_a + "_1", {"id"}}, IndexSchema{long_a + "_2", {"id"}}}));
  NameIndexes(*sink, Catalog(), &again, &notes);
  EXPECT_EQ(again.jobs[0].target_schema.indexes[0].name, idx[0].name);
}

TEST(IndexNames, ReservedPrefixUnnamedAndExistingNames) {
  auto sink = MakeSqlSink(nullptr, std::make_unique<sqlite::SqliteDialect>());
  Plan plan;
  plan.jobs.push_back(Job("t", {IndexSchema{"sqlite_x", {"v"}}, IndexSchema{"", {"v"}, true},
                                IndexSchema{"taken", {"v"}}, IndexSchema{"kept", {"v"}}}));
  Catalog target;
  TableSchema other;
  other.name = "other";
  other.indexes.push_back(IndexSchema{"taken", {"x"}});
  target.tables.push_back(other);
  std::vector<std::string> notes;
  NameIndexes(*sink, target, &plan, &notes);
  const auto& idx = plan.jobs[0].target_schema.indexes;
  EXPECT_EQ(idx[0].name, "t_v_idx");
  EXPECT_EQ(idx[1].name, "t_v_key");
  EXPECT_EQ(idx[2].name, "t_v_idx_2");
  EXPECT_EQ(idx[3].name, "kept");
  ASSERT_EQ(notes.size(), 2u);  // the unnamed one was given a name, not renamed
  EXPECT_NE(notes[0].find("t: index sqlite_x renamed t_v_idx"), std::string::npos) << notes[0];
  EXPECT_NE(notes[1].find("already has an index of that name"), std::string::npos) << notes[1];
}

}  // namespace
}  // namespace ferry
