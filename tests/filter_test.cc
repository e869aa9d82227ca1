// Filters and pacing of `ferry copy`: --where in the source's SQL,
// --since/--until on --time-column, --limit, --rate; on every source engine.
#include <gtest/gtest.h>

#include <chrono>

#include "support/test_env.h"

namespace ferry::test {
namespace {

std::string Ids(const std::string& uri) {
  std::string out;
  for (const auto& row : Query(uri, "SELECT id FROM events ORDER BY id")) out += (out.empty() ? "" : ",") + *row[0];
  return out;
}

class Filters : public ::testing::TestWithParam<std::string> {};

TEST_P(Filters, WhereSinceUntilAndLimitSelectExactlyTheRows) {
  const std::string engine = GetParam();
  std::string src = FreshDatabase(engine, "_src");
  std::string ts = engine == "postgres" ? "timestamp" : engine == "mysql" ? "datetime(6)" : engine == "sqlite" ? "DATETIME" : "TIMESTAMP";
  std::string values;
  for (int i = 1; i <= 12; ++i) {
    char day[32];
    std::snprintf(day, sizeof day, "'2024-%02d-15 12:00:00'", i);
    values += std::string(values.empty() ? "" : ", ") + "(" + std::to_string(i) + ", '" + (i % 2 ? "odd" : "even") + "', " + day + ")";
  }
  Query(src, "CREATE TABLE events (id INTEGER NOT NULL PRIMARY KEY, kind VARCHAR(8), create_date " + ts + ")");
  Query(src, "INSERT INTO events VALUES " + values);
  Query(src, "CREATE TABLE other (id INTEGER PRIMARY KEY)");
  Query(src, "INSERT INTO other VALUES (1), (2)");

  std::string dst = FreshDatabase("duckdb", "_w");
  auto run = RunFerry({"copy", src, dst, "--no-progress", "--where", "events: kind = 'odd'"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(Ids(dst), "1,3,5,7,9,11");
  EXPECT_EQ(*Query(dst, "SELECT count(*) FROM other")[0][0], "2") << "--where of another table must not filter";

  dst = FreshDatabase("sqlite", "_s");
  run = RunFerry({"copy", src, dst, "--no-progress", "--tables", "events", "--time-column", "create_date",
                  "--since", "2024-03-15T12:00:00Z", "--until", "2024-06-15T14:00:00+02:00"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(Ids(dst), "3,4,5") << "--until is exclusive and honours the zone offset";

  dst = FreshDatabase("duckdb", "_l");
  run = RunFerry({"copy", src, dst, "--no-progress", "--tables", "events", "--where", "*: id > 4", "--limit", "3"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(*Query(dst, "SELECT count(*), min(id) > 4 FROM events")[0][0], "3");
}

INSTANTIATE_TEST_SUITE_P(Sources, Filters, ::testing::Values("sqlite", "postgres", "mysql", "duckdb"),
                         [](const auto& info) { return info.param; });

TEST(Filters, BadFiltersAreUsageErrors) {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src, "CREATE TABLE events (id INTEGER PRIMARY KEY, n INTEGER)");
  std::string dst = FreshDatabase("duckdb");
  auto run = RunFerry({"copy", src, dst, "--where", "no colon here"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("TABLE: CONDITION"), std::string::npos) << run.err;
  run = RunFerry({"copy", src, dst, "--since", "yesterday", "--time-column", "n"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("RFC 3339"), std::string::npos) << run.err;
  run = RunFerry({"copy", src, dst, "--since", "2024-01-01T00:00:00Z"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--time-column"), std::string::npos) << run.err;
  run = RunFerry({"copy", src, dst, "--since", "2024-01-01T00:00:00Z", "--time-column", "n"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("not a date or timestamp"), std::string::npos) << run.err;
  run = RunFerry({"copy", src, dst, "--where", "events: nonsense_column > 1", "--no-progress"});
  EXPECT_EQ(run.exit_code, 4) << "a bad condition is the source's error: " << run.err;
  EXPECT_NE(run.err.find("nonsense_column"), std::string::npos) << run.err;
}

TEST(Filters, RatePacesTheWholeRun) {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src, "CREATE TABLE t (id INTEGER PRIMARY KEY);"
             "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) INSERT INTO t SELECT i FROM n");
  auto start = std::chrono::steady_clock::now();
  auto run = RunFerry({"copy", src, FreshDatabase("duckdb"), "--no-progress", "--rate", "3000"});
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_GE(secs, 0.85) << "3000 rows at 3000 rows/s in batches of 300 take at least 0.9 s";
  EXPECT_LT(secs, 5.0);
}

}  // namespace
}  // namespace ferry::test
