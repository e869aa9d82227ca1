// Whole-tool tests of `ferry copy`: schema objects on every target, data-only
// loads into an application's schema, dry runs, reports. The assertions use
// each engine's own client and, where possible, the engine's behaviour (a
// duplicate key must fail, the next generated id must be max+1).
#include <gtest/gtest.h>

#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/test_env.h"

namespace ferry::test {
namespace {

const char* kSchema = R"sql(
CREATE TABLE "group" (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL UNIQUE);
CREATE TABLE "user" (id INTEGER PRIMARY KEY, "displayName" VARCHAR(64) NOT NULL, email VARCHAR(100),
                     active BOOLEAN NOT NULL DEFAULT 1, created DATETIME DEFAULT CURRENT_TIMESTAMP);
CREATE UNIQUE INDEX user_email ON "user" (email);
CREATE INDEX user_created ON "user" (created);
CREATE TABLE "groupMember" ("groupId" INTEGER NOT NULL REFERENCES "group"(id) ON DELETE CASCADE,
                            "userId" INTEGER NOT NULL REFERENCES "user"(id),
                            PRIMARY KEY ("groupId", "userId"));
INSERT INTO "group" VALUES (1, 'everyone'), (2, 'admins');
INSERT INTO "user" VALUES (1, 'Zoë', 'zoe@example.org', 1, '2024-01-01 10:00:00'),
                          (2, 'Ann', NULL, 0, '2024-01-02 11:00:00'),
                          (41, 'Max', 'max@example.org', 1, NULL);
INSERT INTO "groupMember" VALUES (1, 1), (1, 2), (2, 41);
)sql";

std::string Q(const std::string& engine, const std::string& id) {
  return engine == "mysql" ? "`" + id + "`" : "\"" + id + "\"";
}

// Runs statements; returns the engine's error ("" = it worked).
std::string Try(const std::string& engine, const std::string& uri, const std::string& sql) {
  std::string prefix = engine == "sqlite" ? "PRAGMA foreign_keys=ON; " : "";
  return TryExec(uri, prefix + sql);
}

class CopySchemaObjects : public ::testing::TestWithParam<std::string> {};

TEST_P(CopySchemaObjects, KeysIndexesForeignKeysAndSequencesArrive) {
  const std::string engine = GetParam();
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src, kSchema);
  std::string dst = FreshDatabase(engine, "_dst");
  std::string report = TempDir() + "/report.json";
  auto run = RunFerry({"copy", src, dst, "--no-progress", "--report", report});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;

  // Rows, in dependency order, value by value.
  auto users = Query(dst, "SELECT id, " + Q(engine, "displayName") + ", email FROM " + Q(engine, "user") + " ORDER BY id");
  ASSERT_EQ(users.size(), 3u);
  EXPECT_EQ(*users[0][1], "Zoë");
  EXPECT_FALSE(users[1][2].has_value());
  EXPECT_EQ(*users[2][0], "41");
  EXPECT_EQ(Query(dst, "SELECT count(*) FROM " + Q(engine, "groupMember"))[0][0], "3");

  // Primary key and unique constraints hold.
  EXPECT_NE(Try(engine, dst, "INSERT INTO " + Q(engine, "group") + " VALUES (1, 'dup')"), "") << "PK not enforced";
  EXPECT_NE(Try(engine, dst, "INSERT INTO " + Q(engine, "group") + " VALUES (3, 'everyone')"), "")
      << "unique not enforced";
  EXPECT_NE(Try(engine, dst, "INSERT INTO " + Q(engine, "user") + " (id, " + Q(engine, "displayName") +
                                 ", email) VALUES (50, 'x', 'zoe@example.org')"),
            "")
      << "unique index not enforced";
  // Foreign key holds.
  EXPECT_NE(Try(engine, dst, "INSERT INTO " + Q(engine, "groupMember") + " VALUES (9, 1)"), "") << "FK not enforced";
  // The key generator continues after the copied rows.
  EXPECT_EQ(Try(engine, dst, "INSERT INTO " + Q(engine, "user") + " (" + Q(engine, "displayName") + ") VALUES ('new')"), "");
  auto next = Query(dst, "SELECT id FROM " + Q(engine, "user") + " WHERE " + Q(engine, "displayName") + " = 'new'");
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(*next[0][0], "42");
  // The non-unique index exists.
  std::string idx_sql = engine == "postgres" ? "SELECT indexname FROM pg_indexes WHERE indexname = 'user_created'"
                        : engine == "mysql"  ? "SELECT index_name FROM information_schema.statistics WHERE "
                                               "table_schema = database() AND index_name = 'user_created'"
                        : engine == "sqlite" ? "SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'user_created'"
                                             : "SELECT index_name FROM duckdb_indexes() WHERE index_name = 'user_created'";
  EXPECT_EQ(Query(dst, idx_sql).size(), 1u) << "index user_created missing on " << engine;

  if (engine == "duckdb") {
    EXPECT_NE(run.out.find("without its ON DELETE/UPDATE action"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("keeps no length limit"), std::string::npos) << run.out;
  }
  // The report says the same as the target.
  std::ifstream in(report);
  auto j = nlohmann::json::parse(in);
  EXPECT_EQ(j["exit_code"], 0);
  int64_t written = 0;
  for (const auto& t : j["tables"]) written += t["rows_written"].get<int64_t>();
  EXPECT_EQ(written, 8);
}

INSTANTIATE_TEST_SUITE_P(Targets, CopySchemaObjects, ::testing::Values("sqlite", "postgres", "mysql", "duckdb"),
                         [](const auto& info) { return info.param; });

TEST(Copy, DryRunWritesNothing) {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src, kSchema);
  std::string dir = TempDir();
  auto run = RunFerry({"copy", src, "sqlite://" + dir + "/new.db", "--dry-run"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_FALSE(std::filesystem::exists(dir + "/new.db"));
  EXPECT_NE(run.out.find("CREATE TABLE \"groupMember\""), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("groupMember"), std::string::npos);
  std::string pg = FreshDatabase("postgres");
  run = RunFerry({"copy", src, pg, "--dry-run"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(Query(pg, "SELECT 1 FROM pg_tables WHERE schemaname = 'public'").empty());
}

TEST(Copy, RefusesToOverwriteExistingTablesWithoutDrop) {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src, kSchema);
  std::string dst = FreshDatabase("postgres");
  ASSERT_EQ(RunFerry({"copy", src, dst, "--no-progress"}).exit_code, 0);
  auto again = RunFerry({"copy", src, dst, "--no-progress"});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already has table"), std::string::npos) << again.err;
  auto dropped = RunFerry({"copy", src, dst, "--no-progress", "--drop"});
  EXPECT_EQ(dropped.exit_code, 0) << dropped.err;
  EXPECT_EQ(*Query(dst, "SELECT count(*) FROM \"user\"")[0][0], "3");
}

TEST(Copy, TablesAndExcludeGlobs) {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src, kSchema);
  std::string dst = FreshDatabase("duckdb");
  auto run = RunFerry({"copy", src, dst, "--no-progress", "--tables", "user,group*", "--exclude", "groupMember"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto tables = Query(dst, "SELECT table_name FROM duckdb_tables() ORDER BY table_name");
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(*tables[0][0], "group");
  EXPECT_EQ(*tables[1][0], "user");
}

// --data-only: the application made the schema (other types, its own
// column order, FKs enforced); ferry maps by name and converts.
TEST(Copy, DataOnlyIntoTheApplicationsSchema) {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src, kSchema);
  Query(src, "CREATE TABLE __drizzle_migrations (id INTEGER PRIMARY KEY, hash TEXT); "
             "INSERT INTO __drizzle_migrations VALUES (1, 'sqlite-hash')");
  std::string dst = FreshDatabase("postgres");
  Query(dst, R"sql(
    CREATE TABLE "group" (id integer PRIMARY KEY, name text NOT NULL UNIQUE);
    CREATE TABLE "user" (email text UNIQUE, id bigint PRIMARY KEY, "displayName" text NOT NULL,
                         active boolean NOT NULL, created timestamptz, extra text DEFAULT 'x');
    CREATE TABLE "groupMember" ("groupId" integer NOT NULL REFERENCES "group"(id),
                                "userId" bigint NOT NULL REFERENCES "user"(id), PRIMARY KEY ("groupId", "userId"));
    CREATE TABLE __drizzle_migrations (id serial PRIMARY KEY, hash text);
    INSERT INTO __drizzle_migrations (hash) VALUES ('pg-hash');
  )sql");
  auto run = RunFerry({"copy", src, dst, "--data-only", "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  auto rows = Query(dst, "SELECT id, active, created, extra FROM \"user\" ORDER BY id");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(*rows[0][1], "t");
  EXPECT_EQ(*rows[1][1], "f");
  EXPECT_EQ(*rows[0][2], "2024-01-01 10:00:00+00");
  EXPECT_FALSE(rows[2][2].has_value());
  EXPECT_EQ(*rows[0][3], "x");
  EXPECT_EQ(*Query(dst, "SELECT count(*) FROM \"groupMember\"")[0][0], "3");
  auto hashes = Query(dst, "SELECT hash FROM __drizzle_migrations");
  ASSERT_EQ(hashes.size(), 1u);
  EXPECT_EQ(*hashes[0][0], "pg-hash");
  EXPECT_NE(run.out.find("__drizzle_migrations"), std::string::npos) << "the summary names the skipped table";

  // --include forces a bookkeeping table in (here onto the emptied target).
  Query(dst, "TRUNCATE \"groupMember\", \"user\", \"group\", __drizzle_migrations");
  run = RunFerry({"copy", src, dst, "--data-only", "--no-progress", "--include", "__drizzle_*"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  hashes = Query(dst, "SELECT hash FROM __drizzle_migrations");
  ASSERT_EQ(hashes.size(), 1u);
  EXPECT_EQ(*hashes[0][0], "sqlite-hash");
}

TEST(Copy, DataOnlyRefusesAColumnTheTargetHasNoPlaceFor) {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src, "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, newer TEXT); INSERT INTO t VALUES (1, 'x', 'y')");
  std::string dst = FreshDatabase("mysql");
  Query(dst, "CREATE TABLE t (id int PRIMARY KEY, a text)");
  auto run = RunFerry({"copy", src, dst, "--data-only", "--no-progress"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("newer"), std::string::npos) << run.err;
  EXPECT_TRUE(Query(dst, "SELECT * FROM t").empty()) << "nothing may be written before the refusal";
}

TEST(Copy, CastRuleEpochMillisecondsToTimestamp) {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src, "CREATE TABLE session (id INTEGER PRIMARY KEY, expires INTEGER, ok TINYINT); "
             "INSERT INTO session VALUES (1, 1700000000123, 1), (2, NULL, 0)");
  std::string dst = FreshDatabase("postgres");
  auto run = RunFerry({"copy", src, dst, "--no-progress", "--cast", "column session.expires to timestamp using epoch_ms",
                       "--cast", "type tinyint to bool"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto rows = Query(dst, "SELECT expires, ok FROM session ORDER BY id");
  EXPECT_EQ(*rows[0][0], "2023-11-14 22:13:20.123");
  EXPECT_EQ(*rows[0][1], "t");
  EXPECT_FALSE(rows[1][0].has_value());
  EXPECT_EQ(*rows[1][1], "f");
}

}  // namespace
}  // namespace ferry::test

namespace ferry::test {
namespace {

// A big table read in key ranges by several jobs: every row arrives once.
TEST(Copy, KeyRangesDeliverEveryRowExactlyOnce) {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src, "CREATE TABLE big (id INTEGER PRIMARY KEY, v TEXT);"
             "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
             "INSERT INTO big SELECT i * 3 - 7, 'v' || i FROM n;");
  std::string dst = FreshDatabase("postgres");
  auto run = RunFerry({"copy", src, dst, "--no-progress", "--jobs", "4", "--split-rows", "2000", "--batch-rows", "1000"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("key ranges"), std::string::npos) << "the table was not split:\n" << run.err;
  auto got = Query(dst, "SELECT count(*), count(DISTINCT id), sum(id), min(id), max(id), "
                        "sum(length(v)) FROM big");
  auto want = Query(src, "SELECT count(*), count(DISTINCT id), sum(id), min(id), max(id), sum(length(v)) FROM big");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], want[0]);
  EXPECT_EQ(*got[0][0], "20000");
}

}  // namespace
}  // namespace ferry::test

namespace ferry::test {
namespace {

// PostgreSQL's own types: kept exactly between PostgreSQL databases, and
// carried as text/json where the target has no such type.
TEST(Copy, PostgresSpecificTypes) {
  std::string src = FreshDatabase("postgres", "_src");
  Query(src, "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');"
             "CREATE TABLE p (id serial PRIMARY KEY, tags text[], nums int[], addr inet, m mood, "
             "doc jsonb, span interval, big numeric, money_like numeric(20,4));"
             "INSERT INTO p (tags, nums, addr, m, doc, span, big, money_like) VALUES "
             "('{a,\"b c\"}', '{1,2,NULL}', '10.0.0.1/8', 'happy', '{\"z\": 1, \"a\": [true]}', "
             "'1 year 2 mons 3 days 04:05:06.5', 123456789012345678901234567890.123456789, -12.3400)");
  std::string pg = FreshDatabase("postgres", "_dst");
  auto run = RunFerry({"copy", src, pg, "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto got = Query(pg, "SELECT tags::text, nums::text, addr::text, m::text, doc::text, span::text, big::text, "
                       "money_like::text, pg_typeof(nums)::text, pg_typeof(addr)::text FROM p");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(*got[0][0], "{a,\"b c\"}");
  EXPECT_EQ(*got[0][1], "{1,2,NULL}");
  EXPECT_EQ(*got[0][2], "10.0.0.1/8");
  EXPECT_EQ(*got[0][3], "happy");
  EXPECT_EQ(*got[0][4], "{\"a\": [true], \"z\": 1}");
  EXPECT_EQ(*got[0][5], "1 year 2 mons 3 days 04:05:06.5");
  EXPECT_EQ(*got[0][6], "123456789012345678901234567890.123456789");
  EXPECT_EQ(*got[0][7], "-12.3400");
  EXPECT_EQ(*got[0][8], "integer[]");
  EXPECT_EQ(*got[0][9], "inet");

  std::string my = FreshDatabase("mysql", "_my");
  run = RunFerry({"copy", src, my, "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  got = Query(my, "SELECT tags, nums, addr, m, span, money_like FROM p");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(*got[0][0], "{a,\"b c\"}");
  EXPECT_EQ(*got[0][1], "{1,2,NULL}");
  EXPECT_EQ(*got[0][2], "10.0.0.1/8");
  EXPECT_EQ(*got[0][3], "happy");
  EXPECT_EQ(*got[0][4], "1 year 2 mons 3 days 04:05:06.5");
  EXPECT_EQ(*got[0][5], "-12.3400");
}

// MySQL's own types: unsigned integers widen, tinyint(1) is boolean, enum
// and set keep their labels, bit(1) is boolean.
TEST(Copy, MysqlSpecificTypes) {
  std::string src = FreshDatabase("mysql", "_src");
  Query(src, "CREATE TABLE m (id int unsigned PRIMARY KEY AUTO_INCREMENT, u bigint unsigned, t tinyint unsigned, "
             "flag tinyint(1), e enum('a','b c'), s set('x','y'), b bit(1), y year);"
             "INSERT INTO m VALUES (4294967295, 18446744073709551615, 255, 1, 'b c', 'x,y', b'1', 2024)");
  for (const std::string engine : {"postgres", "duckdb", "sqlite"}) {
    std::string dst = FreshDatabase(engine, "_" + engine);
    auto run = RunFerry({"copy", src, dst, "--no-progress"});
    ASSERT_EQ(run.exit_code, 0) << engine << ": " << run.err;
    std::string bool_expr = engine == "postgres" ? "flag::text, b::text" : "CAST(flag AS TEXT), CAST(b AS TEXT)";
    auto got = Query(dst, "SELECT id, u, t, " + bool_expr + ", e, s, y FROM m");
    ASSERT_EQ(got.size(), 1u) << engine;
    EXPECT_EQ(*got[0][0], "4294967295") << engine;
    EXPECT_EQ(*got[0][1], "18446744073709551615") << engine;
    EXPECT_EQ(*got[0][2], "255") << engine;
    EXPECT_TRUE(*got[0][3] == "true" || *got[0][3] == "1") << engine << ": " << *got[0][3];
    EXPECT_TRUE(*got[0][4] == "true" || *got[0][4] == "1") << engine << ": " << *got[0][4];
    EXPECT_EQ(*got[0][5], "b c") << engine;
    EXPECT_EQ(*got[0][6], "x,y") << engine;
    EXPECT_EQ(*got[0][7], "2024") << engine;
  }
}

}  // namespace
}  // namespace ferry::test

namespace ferry::test {
namespace {

// MySQL writers load with FK checks off, so a data-only load re-validates
// the target's foreign keys afterwards and says which are broken.
TEST(Copy, DataOnlyRevalidatesForeignKeys) {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src, "CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (id INTEGER PRIMARY KEY, "
             "parent_id INTEGER REFERENCES parent(id)); INSERT INTO parent VALUES (1);"
             "INSERT INTO child VALUES (1, 1), (2, 99), (3, NULL)");
  std::string dst = FreshDatabase("mysql");
  Query(dst, "CREATE TABLE parent (id int PRIMARY KEY); CREATE TABLE child (id int PRIMARY KEY, parent_id int, "
             "CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent(id))");
  auto run = RunFerry({"copy", src, dst, "--data-only", "--no-progress"});
  EXPECT_EQ(run.exit_code, 5) << run.err;
  EXPECT_NE(run.err.find("child: 1 row(s) reference missing parent rows (child_parent)"), std::string::npos)
      << run.err;
  // A copy that creates the schema carries the source as it is and says so.
  std::string sq = FreshDatabase("sqlite", "_dst");
  run = RunFerry({"copy", src, sq, "--no-progress"});
  EXPECT_EQ(run.exit_code, 3) << run.err;  // finished, rows need attention
  EXPECT_NE(run.out.find("orphaned rows (as in the source)"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace ferry::test

namespace ferry::test {
namespace {

const char* kCycleSource = R"sql(
CREATE TABLE "user" (id TEXT PRIMARY KEY, name TEXT NOT NULL, home_board_id TEXT REFERENCES board(id) ON DELETE SET NULL);
CREATE TABLE board (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, creator_id TEXT REFERENCES "user"(id) ON DELETE SET NULL);
CREATE TABLE section (id TEXT PRIMARY KEY, board_id TEXT NOT NULL REFERENCES board(id),
                      parent_id TEXT REFERENCES section(id));
INSERT INTO "user" VALUES ('u1', 'Zoë', 'b1'), ('u2', 'Ann', NULL);
INSERT INTO board VALUES ('b1', 'home', 'u1'), ('b2', 'other', 'u2');
INSERT INTO section VALUES ('s2', 'b1', 's1'), ('s1', 'b1', NULL);
)sql";

const char* kCycleTargetPg = R"sql(
CREATE TABLE board (id varchar(64) PRIMARY KEY, name varchar(256) NOT NULL UNIQUE, creator_id varchar(64));
CREATE TABLE "user" (id varchar(64) PRIMARY KEY, name text NOT NULL,
                     home_board_id varchar(64) REFERENCES board(id) ON DELETE SET NULL);
ALTER TABLE board ADD CONSTRAINT board_creator_fk FOREIGN KEY (creator_id) REFERENCES "user"(id) ON DELETE SET NULL;
CREATE TABLE section (id varchar(64) PRIMARY KEY, board_id varchar(64) NOT NULL REFERENCES board(id),
                      parent_id varchar(64) REFERENCES section(id));
INSERT INTO "user" VALUES ('seeded', 'admin', NULL);
INSERT INTO board VALUES ('seed-board', 'home', 'seeded');
)sql";

// Into an application's PostgreSQL schema as a plain role: FK cycles
// (user <-> board, section -> section) load with the cycle columns NULL
// first and set afterwards; the seeded rows go with --truncate; no staging
// table is left behind.
TEST(Copy, DataOnlyBreaksForeignKeyCyclesAndReplacesSeedRows) {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src, kCycleSource);
  std::string dst = FreshDatabase("postgres");
  Query(dst, std::string("CREATE ROLE app_owner LOGIN PASSWORD 'app-pw';") +
                 "GRANT ALL ON SCHEMA public TO app_owner; SET ROLE app_owner;" + kCycleTargetPg);
  std::string app_uri = dst;
  app_uri.replace(app_uri.find("ferry:ferry-test-pw"), std::string("ferry:ferry-test-pw").size(), "app_owner:app-pw");

  auto refused = RunFerry({"copy", src, app_uri, "--data-only", "--no-progress"});
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("user (1 rows)"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("board (1 rows)"), std::string::npos) << refused.err;
  EXPECT_EQ(*Query(dst, "SELECT count(*) FROM board")[0][0], "1") << "nothing may be written";

  auto run = RunFerry({"copy", src, app_uri, "--data-only", "--truncate", "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  auto users = Query(dst, "SELECT id, name, home_board_id FROM \"user\" ORDER BY id");
  ASSERT_EQ(users.size(), 2u);
  EXPECT_EQ(*users[0][2], "b1");
  EXPECT_FALSE(users[1][2].has_value());
  auto boards = Query(dst, "SELECT id, creator_id FROM board ORDER BY id");
  ASSERT_EQ(boards.size(), 2u);
  EXPECT_EQ(*boards[0][1], "u1");
  EXPECT_EQ(*boards[1][1], "u2");
  auto sections = Query(dst, "SELECT id, parent_id FROM section ORDER BY id");
  ASSERT_EQ(sections.size(), 2u);
  EXPECT_FALSE(sections[0][1].has_value());
  EXPECT_EQ(*sections[1][1], "s1");
  EXPECT_TRUE(Query(dst, "SELECT 1 FROM pg_tables WHERE tablename LIKE 'ferry%'").empty()) << "staging left behind";
  // The constraints are still there and hold.
  EXPECT_NE(TryExec(dst, "INSERT INTO board VALUES ('b9', 'x', 'nobody')"), "");
}

}  // namespace
}  // namespace ferry::test

namespace ferry::test {
namespace {

// copy --verify ends with verify's comparison; it refuses filtered copies,
// which by design do not hold the whole source.
TEST(Copy, VerifyAfterCopy) {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src, kSchema);
  std::string dst = FreshDatabase("postgres");
  auto run = RunFerry({"copy", src, dst, "--verify", "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("3 of 3 table(s) equal"), std::string::npos) << run.out;
  run = RunFerry({"copy", src, FreshDatabase("duckdb"), "--verify", "--limit", "1"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--verify compares whole tables"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace ferry::test

namespace ferry::test {
namespace {

// DuckDB checks inline FKs and cannot create a cycle of them: only the FKs
// that close a cycle are left out (and named); the others still hold.
TEST(Copy, DuckdbKeepsForeignKeysOutsideCycles) {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src, kCycleSource);
  std::string dst = FreshDatabase("duckdb");
  auto run = RunFerry({"copy", src, dst, "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("closes a cycle"), std::string::npos) << run.out;
  EXPECT_EQ(*Query(dst, "SELECT count(*) FROM section")[0][0], "2");
  EXPECT_NE(TryExec(dst, "INSERT INTO section VALUES ('s9', 'no-such-board', NULL)"), "")
      << "section.board_id -> board is outside the cycle and must still be enforced";
}

}  // namespace
}  // namespace ferry::test

namespace ferry::test {
namespace {

// Runs ferry with its stdout and stderr on a pseudo-terminal (what a user
// at a shell has); returns its exit code and everything it drew there.
std::pair<int, std::string> RunFerryOnTerminal(const std::vector<std::string>& args) {
  const char* bin = std::getenv("FERRY_BIN");
  if (!bin) return {-1, "FERRY_BIN is not set (run the tests through ctest)"};
  int terminal = -1;
  pid_t pid = forkpty(&terminal, nullptr, nullptr, nullptr);
  if (pid < 0) return {-1, "forkpty failed"};
  if (pid == 0) {
    std::vector<char*> argv = {const_cast<char*>(bin)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(bin, argv.data());
    _exit(127);
  }
  std::string drawn;
  char buf[4096];
  for (ssize_t n; (n = read(terminal, buf, sizeof buf)) > 0;) drawn.append(buf, n);  // EIO at exit
  close(terminal);
  int status = 0;
  waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), drawn};
}

// On a terminal the live line is redrawn in place (carriage return, clear
// line) with rows, percent, ETA and rate, and cleared before the summary;
// --no-progress and a pipe draw none.
TEST(Copy, LiveProgressLineOnATerminal) {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src, "CREATE TABLE events (id INTEGER PRIMARY KEY, note TEXT); "
             "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
             "INSERT INTO events SELECT i, 'note ' || i FROM n");
  // 3000 rows at 1500 rows/s: about two seconds, eight redraws.
  auto [code, drawn] = RunFerryOnTerminal(
      {"copy", src, FreshDatabase("duckdb"), "--rate", "1500", "--batch-size", "100"});
  ASSERT_EQ(code, 0) << drawn;
  size_t redraw = drawn.find("\r\033[Kevents ");
  ASSERT_NE(redraw, std::string::npos) << drawn;
  std::string line = drawn.substr(redraw, drawn.find('\r', redraw + 1) - redraw);
  std::printf("[ INFO     ] %s\n", line.substr(4).c_str());
  EXPECT_NE(line.find("%, ETA "), std::string::npos) << line;
  EXPECT_NE(line.find(" rows/s, "), std::string::npos) << line;
  // The last redraw is cleared, then the summary names the table and its rows.
  size_t last_clear = drawn.rfind("\r\033[K");
  std::string after = drawn.substr(last_clear + 4);
  EXPECT_NE(after.find("events"), std::string::npos) << after;
  EXPECT_NE(after.find("3,000"), std::string::npos) << after;

  auto [quiet_code, quiet] = RunFerryOnTerminal(
      {"copy", src, FreshDatabase("duckdb", "_quiet"), "--rate", "5000", "--no-progress"});
  ASSERT_EQ(quiet_code, 0) << quiet;
  EXPECT_EQ(quiet.find("\033[K"), std::string::npos) << quiet;
  auto piped = RunFerry({"copy", src, FreshDatabase("duckdb", "_piped"), "--rate", "5000"});
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_EQ(piped.err.find("\033[K"), std::string::npos) << piped.err;
}

}  // namespace
}  // namespace ferry::test

namespace ferry::test {
namespace {

// Issue 17, part 8: into PostgreSQL, batches stream into one COPY up to each
// commit. A value the server refuses in the middle of that COPY (varchar(5)
// overflow, found only at the COPY's end) undoes the stream; its batches
// are written again one by one and halved to the row, so exactly the bad
// rows are rejected, every other row arrives once, and the checkpoint
// leaves nothing behind.
TEST(Copy, PostgresStreamsAcrossBatchesAndIsolatesARowTheServerRefuses) {
  const std::string src = FreshDatabase("sqlite", "_src");
  Query(src, "CREATE TABLE codes (id INTEGER PRIMARY KEY, code VARCHAR(5) NOT NULL, note TEXT);\n"
             "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 30000) "
             "INSERT INTO codes SELECT i, CASE WHEN i IN (4321, 4322, 17000) THEN 'far too long' "
             "ELSE 'c' || (i % 1000) END, 'row ' || i FROM c");
  const std::string dst = FreshDatabase("postgres");
  const std::string rejects = TempDir() + "/stream_rejects.jsonl";
  auto run = RunFerry({"copy", src, dst, "--no-progress", "--batch-rows", "1000", "--commit-every", "20000",
                       "--reject-file", rejects});
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  std::ifstream in(rejects);
  std::vector<std::string> keys;
  for (std::string line; std::getline(in, line);) keys.push_back(nlohmann::json::parse(line)["key"]["id"]);
  EXPECT_EQ(keys, (std::vector<std::string>{"4321", "4322", "17000"}));
  EXPECT_EQ(Query(dst, "SELECT count(*), count(DISTINCT id), sum(id), sum(length(note)) FROM codes"),
            (std::vector<Row>{{std::string("29997"), std::string("29997"),
                               std::to_string(30000LL * 30001 / 2 - 4321 - 4322 - 17000),
                               Query(src, "SELECT sum(length(note)) - 25 FROM codes")[0][0]}}));
  EXPECT_EQ(Query(dst, "SELECT code FROM codes WHERE id = 4323"), (std::vector<Row>{{std::string("c323")}}));
  EXPECT_TRUE(Query(dst, "SELECT 1 FROM pg_tables WHERE schemaname = 'ferry'").empty()) << "checkpoints left";
}

// A keyed task keeps no batches for its stream: when the server refuses a
// row, the stream is undone back to the last commit and the rows after it
// are read again (write_stage.h). Each row arrives once, in two key ranges
// and across commits, and what the first reading counted (rows read, the
// reader's rejects before the refused row) is counted once.
TEST(Copy, ARefusedStreamIsReadAgainAfterTheLastCommitAndCountedOnce) {
  const std::string src = FreshDatabase("sqlite", "_src");
  Query(src, "CREATE TABLE codes (id INTEGER PRIMARY KEY, code VARCHAR(5) NOT NULL, n INTEGER, note TEXT);\n"
             "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 40000) "
             "INSERT INTO codes SELECT i, CASE WHEN i IN (4321, 17000, 25001, 39999) THEN 'far too long' "
             "ELSE 'c' || (i % 1000) END, CASE WHEN i IN (3000, 4000, 16000, 26000) THEN 'abc' ELSE i END, "
             "'row ' || i FROM c");
  const std::string dst = FreshDatabase("postgres");
  const std::string dir = TempDir();
  auto run = RunFerry({"copy", src, dst, "--no-progress", "--batch-rows", "1000", "--commit-every", "7000",
                       "--jobs", "2", "--split-rows", "10000", "--reject-file", dir + "/reread.jsonl", "--report",
                       dir + "/reread.json"});
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  EXPECT_NE(run.err.find("2 key ranges"), std::string::npos) << run.err;
  std::ifstream in(dir + "/reread.jsonl");
  std::multiset<std::string> keys;
  for (std::string line; std::getline(in, line);) keys.insert(nlohmann::json::parse(line)["key"]["id"]);
  EXPECT_EQ(keys, (std::multiset<std::string>{"3000", "4000", "4321", "16000", "17000", "25001", "26000", "39999"}));
  const int64_t kept = 40000LL * 40001 / 2 - 3000 - 4000 - 4321 - 16000 - 17000 - 25001 - 26000 - 39999;
  EXPECT_EQ(Query(dst, "SELECT count(*), count(DISTINCT id), sum(id), sum(n) FROM codes"),
            (std::vector<Row>{{std::string("39992"), std::string("39992"), std::to_string(kept),
                               std::to_string(kept)}}));
  std::ifstream report(dir + "/reread.json");
  auto json = nlohmann::json::parse(report);
  EXPECT_EQ(json["rows_rejected"], 8) << json.dump();
  EXPECT_EQ(json["tables"][0]["rows_read"], 40000) << json.dump();
  EXPECT_EQ(json["tables"][0]["rows_written"], 39992) << json.dump();
  EXPECT_EQ(json["tables"][0]["rows_inserted"], 39992) << json.dump();
  EXPECT_EQ(json["tables"][0]["rows_rejected"], 8) << json.dump();
}

}  // namespace
}  // namespace ferry::test

namespace ferry::test {
namespace {

// A DuckDB target's PRIMARY KEY is an in-memory index that grows with the
// rows; the load's small buffer pool must grow with it (load_memory.h).
// 200k random 192-byte keys need more than the pool the load starts with:
// before, the COMMIT that crossed it failed ("could not allocate block")
// and the retry saw its own rows as duplicate keys.
TEST(Copy, DuckdbTargetWithALargeKeyIndexLoadsEveryRow) {
  std::string src = FreshDatabase("sqlite");
  Query(src,
        "CREATE TABLE wide_key (k TEXT PRIMARY KEY, n INTEGER NOT NULL);\n"
        "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 200000) "
        "INSERT INTO wide_key SELECT hex(randomblob(96)), i FROM s");
  std::string dst = FreshDatabase("duckdb");
  auto run = RunFerry({"copy", src, dst, "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  auto rows = Query(dst, "SELECT count(*), count(DISTINCT k), sum(n) FROM wide_key");
  EXPECT_EQ(rows[0][0], std::optional<std::string>("200000"));
  EXPECT_EQ(rows[0][1], std::optional<std::string>("200000"));
  EXPECT_EQ(rows[0][2], std::optional<std::string>("20000100000"));
  EXPECT_NE(TryExec(dst, "INSERT INTO wide_key SELECT k, 0 FROM wide_key LIMIT 1"), "") << "the key arrived";
}

// A commit into DuckDB pins a block per column twice over (the table's row
// group, the transaction's local storage), so the pool grows with the
// width of the tables being written (load_memory.h). With a fixed 32 MB,
// this 200-column table failed its commits ("could not allocate block"),
// and the retries saw their own rows as duplicate keys: 2,248 of 3,000
// rows were rejected, after a minute and a half.
TEST(Copy, DuckdbTargetWithAWideTableLoadsEveryRow) {
  constexpr int kColumns = 200;
  std::string create = "CREATE TABLE wide_row (id INTEGER PRIMARY KEY";
  std::string values = "i";
  std::string lengths = "0";
  for (int c = 1; c <= kColumns; ++c) {
    create += ", c" + std::to_string(c) + " TEXT";
    values += ", hex(randomblob(8)) || '-' || i";
    lengths += " + length(c" + std::to_string(c) + ")";
  }
  std::string src = FreshDatabase("sqlite");
  Query(src, create + ");\nWITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 3000) "
                      "INSERT INTO wide_row SELECT " + values + " FROM s");
  const std::string check = "SELECT count(*), sum(id), sum(" + lengths + "), max(c200) FROM wide_row";
  auto want = Query(src, check);
  std::string dst = FreshDatabase("duckdb");
  auto run = RunFerry({"copy", src, dst, "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(Query(dst, check), want);
  EXPECT_EQ(want[0][0], std::optional<std::string>("3000"));
  EXPECT_EQ(run.out.find("rejected, see"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace ferry::test

namespace ferry::test {
namespace {

// Ids given out and deleted are not given out again: the source's counter
// (a PostgreSQL sequence, MySQL's AUTO_INCREMENT, SQLite's sqlite_sequence)
// is past the last row, and each target's counter is set to it, not to
// max + 1. Through an archive too (its manifest records the position).
TEST(Copy, SequencePositionsPastTheLastRowArrive) {
  const std::map<std::string, std::pair<std::string, int>> sources = {
      {"postgres",
       {"CREATE TABLE ticket (id serial PRIMARY KEY, v text);\n"
        "INSERT INTO ticket (v) SELECT 'r' || i FROM generate_series(1, 5) i;\n"
        "DELETE FROM ticket WHERE id > 3",
        6}},
      {"mysql",
       {"CREATE TABLE ticket (id INT AUTO_INCREMENT PRIMARY KEY, v TEXT) AUTO_INCREMENT = 100;\n"
        "INSERT INTO ticket (v) VALUES ('a'), ('b'), ('c');\n"
        "DELETE FROM ticket WHERE id = 102",
        103}},
      {"sqlite",
       {"CREATE TABLE ticket (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);\n"
        "INSERT INTO ticket (v) VALUES ('a'), ('b'), ('c'), ('d'), ('e');\n"
        "DELETE FROM ticket WHERE id > 3",
        6}},
  };
  for (const auto& [from, setup] : sources) {
    std::string src = FreshDatabase(from, "_" + from);
    Query(src, setup.first);
    for (const std::string to : {"postgres", "mysql", "duckdb"}) {
      SCOPED_TRACE(from + " -> " + to);
      std::string dst = FreshDatabase(to, "_" + from + "_" + to);
      auto run = RunFerry({"copy", src, dst, "--no-progress"});
      ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
      Query(dst, "INSERT INTO ticket (v) VALUES ('new')");
      auto id = Query(dst, "SELECT id FROM ticket WHERE v = 'new'");
      ASSERT_EQ(id.size(), 1u);
      EXPECT_EQ(id[0][0], std::optional<std::string>(std::to_string(setup.second)));
    }
  }
  // PostgreSQL -> archive -> PostgreSQL.
  std::string src = FreshDatabase("postgres", "_archived"), dst = FreshDatabase("postgres", "_restored");
  Query(src, sources.at("postgres").first);
  const std::string dir = TempDir() + "/b";
  ASSERT_EQ(RunFerry({"backup", src, dir, "--name", "t", "--time", "2026-12-03T02:00:00Z", "--no-progress"}).exit_code, 0);
  std::ifstream manifest(dir + "/t-20261203T020000Z/manifest.json");
  auto m = nlohmann::json::parse(manifest);
  EXPECT_EQ(m["tables"][0]["schema"]["columns"][0].value("next_value", 0), 6) << m.dump();
  auto restore = RunFerry({"restore", dir, dst, "--no-progress"});
  ASSERT_EQ(restore.exit_code, 0) << restore.out << restore.err;
  Query(dst, "INSERT INTO ticket (v) VALUES ('new')");
  EXPECT_EQ(Query(dst, "SELECT id FROM ticket WHERE v = 'new'")[0][0], std::optional<std::string>("6"));
}

}  // namespace
}  // namespace ferry::test
