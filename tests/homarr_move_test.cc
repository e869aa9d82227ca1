// `ferry homarr move` end to end: Homarr-shaped instances (tests/support/
// homarr_fixture) in all three dialects, the target seeded as Homarr's
// first start does, moved SQLite -> PostgreSQL -> MySQL -> SQLite and
// compared value by value in Homarr's terms after every leg.
#include <gtest/gtest.h>

#include "support/homarr_fixture.h"
#include "support/test_env.h"

namespace ferry::test {
namespace {

using homarr::CanonicalDump;

// A fresh target: Homarr's migrations and seed (its own ids), no user data.
std::string NewInstance(const std::string& dialect, int seed, const std::string& suffix) {
  std::string uri = FreshDatabase(dialect, suffix);
  homarr::CreateSchema(dialect, uri);
  homarr::Seed(dialect, uri, seed);
  return uri;
}

void ExpectSameDump(const std::map<std::string, std::string>& want,
                    const std::map<std::string, std::string>& got, const std::string& leg) {
  ASSERT_EQ(want.size(), got.size()) << leg;
  for (const auto& [table, rows] : want) {
    auto it = got.find(table);
    ASSERT_NE(it, got.end()) << leg << ": table " << table << " missing";
    EXPECT_EQ(rows, it->second) << leg << ": table " << table << " differs";
  }
}

int64_t DrizzleRows(const std::string& dialect, const std::string& uri) {
  std::string table = dialect == "postgres" ? "drizzle.__drizzle_migrations" : "__drizzle_migrations";
  return std::stoll(*Query(uri, "SELECT count(*) FROM " + table)[0][0]);
}

TEST(HomarrMove, SqliteToPostgresToMysqlToSqliteKeepsEveryValue) {
  std::string sqlite_src = FreshDatabase("sqlite", "_src");
  homarr::CreateSchema("sqlite", sqlite_src);
  homarr::Seed("sqlite", sqlite_src, 1);
  homarr::FillRealistic("sqlite", sqlite_src);
  const auto start = CanonicalDump("sqlite", sqlite_src);
  const auto counts = homarr::RowCounts("sqlite", sqlite_src);

  // Leg 1: into PostgreSQL as the role that owns the database (no superuser).
  std::string pg_admin = FreshDatabase("postgres", "_pg");
  std::string db = pg_admin.substr(pg_admin.rfind('/') + 1);
  Query(pg_admin, "DROP ROLE IF EXISTS homarr_app; CREATE ROLE homarr_app LOGIN PASSWORD 'homarr-pw'; "
                  "ALTER DATABASE \"" + db + "\" OWNER TO homarr_app; ALTER SCHEMA public OWNER TO homarr_app");
  std::string pg = pg_admin;
  pg.replace(pg.find("ferry:ferry-test-pw"), std::string("ferry:ferry-test-pw").size(), "homarr_app:homarr-pw");
  homarr::CreateSchema("postgres", pg);
  homarr::Seed("postgres", pg, 2);
  ASSERT_EQ(*Query(pg, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user")[0][0], "false");

  auto dry = RunFerry({"homarr", "move", "--from", sqlite_src, "--to", pg, "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("item_layout"), std::string::npos) << dry.out;
  EXPECT_EQ(homarr::RowCounts("postgres", pg), homarr::ExpectedRowCounts(false)) << "the dry run wrote";

  auto run = RunFerry({"homarr", "move", "--from", sqlite_src, "--to", pg, "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("35 of 35 table(s) equal"), std::string::npos)
      << "every move ends with verify's comparison:\n" << run.out;
  ExpectSameDump(start, CanonicalDump("postgres", pg), "sqlite -> postgres");
  EXPECT_EQ(homarr::RowCounts("postgres", pg), counts);
  EXPECT_EQ(*Query(pg, "SELECT id FROM \"group\" WHERE name = 'everyone'")[0][0], homarr::EveryoneGroupId(1))
      << "the target's seeded everyone group must be replaced by the source's";
  EXPECT_EQ(DrizzleRows("postgres", pg), 3) << "the target keeps its own migration bookkeeping";
  EXPECT_TRUE(Query(pg, "SELECT 1 FROM pg_tables WHERE tablename LIKE 'ferry%'").empty());

  // Running the same move again leaves the target unchanged.
  run = RunFerry({"homarr", "move", "--from", sqlite_src, "--to", pg, "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  ExpectSameDump(start, CanonicalDump("postgres", pg), "sqlite -> postgres, again");

  // Leg 2: PostgreSQL -> MySQL (whose timestamp drops milliseconds).
  std::string my = NewInstance("mysql", 3, "_my");
  run = RunFerry({"homarr", "move", "--from", pg, "--to", my, "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("35 of 35 table(s) equal"), std::string::npos) << run.out;
  ExpectSameDump(homarr::DropMilliseconds(start), CanonicalDump("mysql", my), "postgres -> mysql");
  EXPECT_EQ(homarr::RowCounts("mysql", my), counts);

  // Leg 3: MySQL -> SQLite.
  std::string sq = NewInstance("sqlite", 4, "_back");
  run = RunFerry({"homarr", "move", "--from", my, "--to", sq, "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  ExpectSameDump(homarr::DropMilliseconds(start), CanonicalDump("sqlite", sq), "mysql -> sqlite");
  EXPECT_EQ(DrizzleRows("sqlite", sq), 3);
}

TEST(HomarrMove, RefusesATargetOfAnotherVersion) {
  std::string src = FreshDatabase("sqlite", "_src");
  homarr::CreateSchema("sqlite", src);
  homarr::Seed("sqlite", src, 1);
  std::string dst = NewInstance("postgres", 2, "_dst");
  Query(dst, "ALTER TABLE board DROP COLUMN icon_color");
  auto run = RunFerry({"homarr", "move", "--from", src, "--to", dst, "--no-progress"});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("icon_color"), std::string::npos) << run.err;
  EXPECT_EQ(homarr::RowCounts("postgres", dst), homarr::ExpectedRowCounts(false)) << "nothing may be written";
}

TEST(HomarrMove, UnreachableTargetExits5) {
  std::string src = FreshDatabase("sqlite", "_src");
  homarr::CreateSchema("sqlite", src);
  auto run = RunFerry({"homarr", "move", "--from", src, "--to", "postgres://homarr:secret-pw@127.0.0.1:1/homarr"});
  EXPECT_EQ(run.exit_code, 5) << run.err;
  EXPECT_EQ(run.err.find("secret-pw"), std::string::npos);
}

}  // namespace
}  // namespace ferry::test
