// Trust: a copy killed at any moment (SIGKILL) and run again ends with
// exactly the source's rows, no duplicates, its checkpoints gone; the
// same when the target server restarts under it; --on-conflict merges by
// natural key and counts what they did; a re-run with a different plan
// refuses to resume silently.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/interrupt.h"
#include "support/test_env.h"

namespace ferry::test {
namespace {

constexpr int kRows = 200000;

// A SQLite source: `items` (integer key, 200k rows, text/real/blob/NULLs)
// and `events` (no key at all, 30k rows).
std::string MakeSource(int rows = kRows) {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src,
        "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL, note TEXT, data BLOB);\n"
        "CREATE TABLE events (at TEXT, what TEXT, n INTEGER);\n"
        "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < " +
            std::to_string(rows) +
            ") INSERT INTO items SELECT i, 'item ' || i, i * 0.25, CASE WHEN i % 7 = 0 THEN NULL ELSE "
            "printf('%.*c', 40 + i % 60, 'x') END, randomblob(8) FROM c;\n"
            "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 30000) "
            "INSERT INTO events SELECT '2024-01-01 00:00:' || (i % 60), 'event ' || (i % 17), i FROM c");
  return src;
}

int64_t Count(const std::string& uri, const std::string& sql) {
  auto rows = Query(uri, sql);
  return rows.empty() || !rows[0][0] ? -1 : std::stoll(*rows[0][0]);
}

// Every row once: counts, distinct keys, and ferry verify's checksums.
void ExpectSameRows(const std::string& src, const std::string& dst, int rows = kRows) {
  EXPECT_EQ(Count(dst, "SELECT count(*) FROM items"), rows);
  EXPECT_EQ(Count(dst, "SELECT count(DISTINCT id) FROM items"), rows);
  EXPECT_EQ(Count(dst, "SELECT count(*) FROM events"), 30000);
  RunResult v = RunFerry({"verify", src, dst, "--tables", "items,events"});
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
}

nlohmann::json ReportOf(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

bool HasCheckpointTable(const std::string& engine, const std::string& dst) {
  if (engine == "postgres")
    return Count(dst, "SELECT count(*) FROM pg_tables WHERE tablename = 'ferry_checkpoint'") > 0;
  if (engine == "mysql")
    return Count(dst, "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_NAME = 'ferry_checkpoint' "
                      "AND TABLE_SCHEMA = DATABASE()") > 0;
  if (engine == "sqlite")
    return Count(dst, "SELECT count(*) FROM sqlite_master WHERE name = 'ferry_checkpoint'") > 0;
  return Count(dst, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'ferry_checkpoint'") > 0;
}

class KilledCopy : public ::testing::TestWithParam<std::string> {};

// Killed three times at random moments, then run to the end: exactly the
// source's rows. Small commits and key ranges make the kills land between
// committed checkpoints of several tasks.
TEST_P(KilledCopy, ResumesToExactlyTheSourceRows) {
  const std::string engine = GetParam();
  const std::string src = MakeSource();
  const std::string dst = FreshDatabase(engine);
  const std::vector<std::string> args = {"copy", src, dst, "--no-progress", "--commit-every", "15000",
                                         "--batch-rows", "5000", "--split-rows", "60000", "--jobs", "2",
                                         "--rate", "150000"};
  // DuckDB 1.4.4 sometimes cannot reopen a file whose process was killed
  // mid-load: its WAL replay fails with "GetDefaultDatabase with no default
  // database set" (duckdb/duckdb#19712, #22044, open upstream). Not ferry's
  // to fix; DuckDB targets are interrupted with SIGINT instead, which
  // exercises the same resume path without the engine's crash recovery.
  InterruptedRuns runs = RunInterrupted(args, engine == "duckdb" ? SIGINT : SIGKILL);
  ASSERT_EQ(runs.failure, "");
  EXPECT_GE(runs.stopped, 1) << "no kill landed: the copy finished before every kill";
  EXPECT_GE(runs.resumed, 1) << "no run resumed from a checkpoint";
  ExpectSameRows(src, dst);
  EXPECT_FALSE(HasCheckpointTable(engine, dst)) << "a finished run leaves no checkpoint table";
  // Keys, indexes and sequences were made once, after the data.
  if (engine == "postgres") {
    EXPECT_NE(TryExec(dst, "INSERT INTO items (id, name) VALUES (5, 'dup')"), "");
  }
}

INSTANTIATE_TEST_SUITE_P(Targets, KilledCopy, ::testing::Values("postgres", "mysql", "sqlite", "duckdb"),
                         [](const auto& info) { return info.param; });

class KilledMerge : public ::testing::TestWithParam<std::string> {};

// A merge into a finished copy, killed twice and resumed: the changed and
// new source rows arrive once; skip keeps the target's versions.
TEST_P(KilledMerge, ResumesToTheMergedRows) {
  const std::string mode = GetParam();
  const std::string src = MakeSource();
  const std::string dst = FreshDatabase("postgres");
  ASSERT_EQ(RunFerry({"copy", src, dst, "--no-progress"}).exit_code, 0);
  Query(src, "UPDATE items SET name = 'renamed ' || id WHERE id % 200 = 0;\n"
             "WITH RECURSIVE c(i) AS (SELECT 200001 UNION ALL SELECT i + 1 FROM c WHERE i < 205000) "
             "INSERT INTO items (id, name) SELECT i, 'new ' || i FROM c");
  const std::vector<std::string> args = {"copy", src, dst, "--no-progress", "--tables", "items", "--on-conflict", mode,
                                         "--commit-every", "15000", "--batch-rows", "5000", "--rate", "100000"};
  int killed = 0;
  bool finished = false;
  for (int wait_ms : {500, 900}) {
    RunResult r = RunFerryWhile(args, [&](int pid) {
      std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
      kill(pid, SIGKILL);
    });
    killed += r.exit_code == 128 + SIGKILL;
    finished = r.exit_code == 0;
    if (finished) break;
    ASSERT_EQ(r.exit_code, 128 + SIGKILL) << r.out << r.err;
  }
  if (!finished) {
    RunResult last = RunFerry(args);
    ASSERT_EQ(last.exit_code, 0) << last.out << last.err;
    EXPECT_NE(last.err.find("resuming an interrupted run"), std::string::npos) << last.err;
  }
  EXPECT_GE(killed, 1);
  EXPECT_EQ(Count(dst, "SELECT count(*) FROM items"), kRows + 5000);
  EXPECT_EQ(Count(dst, "SELECT count(DISTINCT id) FROM items"), kRows + 5000);
  EXPECT_EQ(Count(dst, "SELECT count(*) FROM items WHERE name LIKE 'new %'"), 5000);
  RunResult v = RunFerry({"verify", src, dst, "--tables", "items"});
  if (mode == "skip") {
    EXPECT_EQ(Count(dst, "SELECT count(*) FROM items WHERE name LIKE 'renamed %'"), 0);
    EXPECT_EQ(v.exit_code, 9) << v.out << v.err;
  } else {
    EXPECT_EQ(Count(dst, "SELECT count(*) FROM items WHERE name LIKE 'renamed %'"), kRows / 200);
    EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  }
}

INSTANTIATE_TEST_SUITE_P(Modes, KilledMerge, ::testing::Values("skip", "update", "replace"),
                         [](const auto& info) { return info.param; });

// A crash after a rejected row went to the reject file but before its batch
// committed (a crash point): the resumed run reads that row again and
// rejects it again, and the reject file still names each row once.
TEST(Resume, RejectedRowsAreOnFileOnceAcrossAResume) {
  const std::string src = FreshDatabase("sqlite", "_src");
  Query(src, "CREATE TABLE codes (id INTEGER PRIMARY KEY, code VARCHAR(5) NOT NULL);\n"
             "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 20000) "
             "INSERT INTO codes SELECT i, CASE WHEN i % 2500 = 0 THEN 'far too long' ELSE 'c' || (i % 1000) END FROM c");
  const std::string dst = FreshDatabase("postgres");
  const std::string rejects = TempDir() + "/rejects.jsonl";
  const std::vector<std::string> args = {"copy", src, dst, "--no-progress", "--commit-every", "6000",
                                         "--batch-rows", "1000", "--reject-file", rejects};
  setenv("FERRY_TEST_CRASH", "after-reject:3", 1);
  RunResult crashed = RunFerry(args);
  unsetenv("FERRY_TEST_CRASH");
  ASSERT_EQ(crashed.exit_code, 128 + SIGKILL) << crashed.err;
  RunResult resumed = RunFerry(args);
  EXPECT_EQ(resumed.exit_code, 3) << "rows were rejected: " << resumed.err;
  EXPECT_NE(resumed.err.find("resuming an interrupted run"), std::string::npos) << resumed.err;
  std::ifstream in(rejects);
  std::vector<std::string> keys;
  for (std::string line; std::getline(in, line);) keys.push_back(nlohmann::json::parse(line)["key"]["id"]);
  EXPECT_EQ(keys, (std::vector<std::string>{"2500", "5000", "7500", "10000", "12500", "15000", "17500", "20000"}));
  EXPECT_EQ(Count(dst, "SELECT count(*) FROM codes"), 20000 - 8);
}

TEST(Resume, RefusesToResumeWithADifferentPlanAndRestartStartsOver) {
  const std::string src = MakeSource(60000);
  const std::string dst = FreshDatabase("postgres");
  std::vector<std::string> args = {"copy", src, dst, "--no-progress", "--commit-every", "5000",
                                   "--batch-rows", "2000", "--rate", "20000"};
  RunResult first = RunFerryWhile(args, [](int pid) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    kill(pid, SIGKILL);
  });
  ASSERT_EQ(first.exit_code, 128 + SIGKILL) << first.out << first.err;
  ASSERT_GT(Count(dst, "SELECT count(*) FROM ferry.ferry_checkpoint"), 0);
  const int64_t partial = Count(dst, "SELECT count(*) FROM items");

  // Another plan (a filter) must not pick up these checkpoints.
  std::vector<std::string> other = args;
  other.push_back("--where");
  other.push_back("items: id % 2 = 0");
  RunResult refused = RunFerry(other);
  EXPECT_EQ(refused.exit_code, 2) << refused.out << refused.err;
  EXPECT_NE(refused.err.find("different plan"), std::string::npos) << refused.err;
  EXPECT_EQ(Count(dst, "SELECT count(*) FROM items"), partial) << "a refused run wrote nothing";

  // --restart drops what the interrupted run created and copies afresh.
  std::vector<std::string> restart = other;
  restart.erase(restart.begin() + 6, restart.begin() + 10);  // no --batch-rows/--rate: full speed
  restart.push_back("--restart");
  RunResult again = RunFerry(restart);
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(Count(dst, "SELECT count(*) FROM items"), 30000);
  EXPECT_EQ(Count(dst, "SELECT count(*) FROM items WHERE id % 2 = 1"), 0);
}

class TargetRestart : public ::testing::TestWithParam<std::string> {};

// A copy paced to a few seconds, several writes per commit, during which
// the target server dies (immediate shutdown / SIGKILL) and comes back 2 s later.
RunResult CopyWhileTargetRestarts(const std::string& engine, const std::string& src, const std::string& dst,
                                  const std::string& report) {
  return RunFerryWhile({"copy", src, dst, "--no-progress", "--commit-every", "20000", "--batch-rows", "2000",
                        "--rate", "150000", "--retries", "6", "--report", report},
                       [&](int) {
                         std::this_thread::sleep_for(std::chrono::milliseconds(700));
                         RestartServer(engine, 2.0);
                       });
}

// The target server dies mid-run (immediate shutdown / SIGKILL) and comes
// back 2 s later: ferry retries each task from its checkpoint.
TEST_P(TargetRestart, RetriesFromTheCheckpoint) {
  const std::string engine = GetParam();
  const std::string src = MakeSource();
  const std::string dst = FreshDatabase(engine);
  const std::string report = TempDir() + "/report.json";
  // Several writes per commit: the lost attempt has counted some it never committed.
  RunResult r = CopyWhileTargetRestarts(engine, src, dst, report);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("retry 1 of 6"), std::string::npos) << "the restart did not hit the run:\n" << r.err;
  ExpectSameRows(src, dst);
  // Rows the lost attempts counted but never committed are not counted twice.
  nlohmann::json j = ReportOf(report);
  int64_t written = 0, inserted = 0;
  for (const auto& t : j["tables"]) {
    written += t["rows_written"].get<int64_t>();
    inserted += t["rows_inserted"].get<int64_t>();
  }
  EXPECT_EQ(written, kRows + 30000);
  EXPECT_EQ(inserted, kRows + 30000);
}

// A table without a key cannot resume after a row: the retry empties it and
// loads it again, and counts each row once (the rows the lost attempt had
// committed are not inserted twice in the report).
TEST_P(TargetRestart, ReloadsATableWithoutAKeyFromItsStart) {
  const std::string engine = GetParam();
  const std::string src = FreshDatabase("sqlite", "_src");
  Query(src, "CREATE TABLE events (at TEXT, what TEXT, n INTEGER);\n"
             "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 200000) "
             "INSERT INTO events SELECT '2024-01-01 00:00:' || (i % 60), 'event ' || (i % 17), i FROM c");
  const std::string dst = FreshDatabase(engine);
  const std::string report = TempDir() + "/report.json";
  RunResult r = CopyWhileTargetRestarts(engine, src, dst, report);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("reloading the table from its start"), std::string::npos) << r.err;
  EXPECT_EQ(Count(dst, "SELECT count(*) FROM events"), 200000);
  EXPECT_EQ(Count(dst, "SELECT count(DISTINCT n) FROM events"), 200000);
  nlohmann::json j = ReportOf(report);
  EXPECT_EQ(j["tables"][0]["rows_written"], 200000) << j.dump();
  EXPECT_EQ(j["tables"][0]["rows_inserted"], 200000) << j.dump();
}

INSTANTIATE_TEST_SUITE_P(Servers, TargetRestart, ::testing::Values("postgres", "mysql"),
                         [](const auto& info) { return info.param; });

class ConflictModes : public ::testing::TestWithParam<std::string> {};

// Re-running a finished copy: skip changes nothing and counts every row as
// skipped; update applies exactly the changed source rows; error stops.
TEST_P(ConflictModes, RerunSkipsAndUpdateAppliesOnlyChanges) {
  const std::string engine = GetParam();
  const std::string src = MakeSource(2000);
  const std::string dst = FreshDatabase(engine);
  ASSERT_EQ(RunFerry({"copy", src, dst, "--no-progress", "--tables", "items"}).exit_code, 0);
  const std::string report = TempDir() + "/report.json";

  RunResult skip = RunFerry({"copy", src, dst, "--no-progress", "--tables", "items", "--on-conflict", "skip",
                             "--report", report});
  ASSERT_EQ(skip.exit_code, 0) << skip.out << skip.err;
  auto j = ReportOf(report);
  EXPECT_EQ(j["on_conflict"], "skip") << j.dump();
  EXPECT_EQ(j["tables"][0]["rows_skipped"], 2000) << j.dump();
  EXPECT_EQ(j["tables"][0]["rows_inserted"], 0);
  EXPECT_EQ(Count(dst, "SELECT count(*) FROM items"), 2000);

  // Three rows change, two are new, one target row is not in the source.
  Query(src, "UPDATE items SET name = 'renamed' WHERE id IN (10, 20);\n"
             "UPDATE items SET price = NULL WHERE id = 30;\n"
             "INSERT INTO items (id, name) VALUES (5001, 'new one'), (5002, 'new two')");
  Query(dst, "INSERT INTO items (id, name) VALUES (9999, 'only in the target')");
  RunResult update = RunFerry({"copy", src, dst, "--no-progress", "--tables", "items", "--on-conflict", "update",
                               "--report", report});
  ASSERT_EQ(update.exit_code, 0) << update.out << update.err;
  j = ReportOf(report);
  EXPECT_EQ(j["tables"][0]["rows_updated"], 3) << j.dump();
  EXPECT_EQ(j["tables"][0]["rows_inserted"], 2);
  EXPECT_EQ(j["tables"][0]["rows_skipped"], 1997);
  EXPECT_NE(update.out.find("updated"), std::string::npos) << update.out;
  EXPECT_EQ(Count(dst, "SELECT count(*) FROM items WHERE name = 'renamed'"), 2);
  EXPECT_EQ(Count(dst, "SELECT count(*) FROM items WHERE id = 30 AND price IS NULL"), 1);
  EXPECT_EQ(Count(dst, "SELECT count(*) FROM items"), 2003);

  // replace overwrites every match, changed or not.
  RunResult replace = RunFerry({"copy", src, dst, "--no-progress", "--tables", "items", "--on-conflict",
                                "replace", "--report", report});
  ASSERT_EQ(replace.exit_code, 0) << replace.out << replace.err;
  j = ReportOf(report);
  EXPECT_EQ(j["tables"][0]["rows_updated"], 2002) << j.dump();
  EXPECT_EQ(j["tables"][0]["rows_inserted"], 0);

  // error: the first batch holding an existing key stops the run.
  Query(src, "INSERT INTO items (id, name) VALUES (6000, 'newest')");
  RunResult error = RunFerry({"copy", src, dst, "--no-progress", "--tables", "items", "--on-conflict", "error"});
  EXPECT_EQ(error.exit_code, 10) << error.out << error.err;
  EXPECT_NE(error.err.find("already holds"), std::string::npos) << error.err;
  EXPECT_EQ(Count(dst, "SELECT count(*) FROM items WHERE id = 6000"), 0) << "nothing of the refused batch landed";
}

// A natural key other than the primary key: rows match by name.
TEST_P(ConflictModes, MatchesByTheNaturalKeyGivenWithKey) {
  const std::string engine = GetParam();
  const std::string src = FreshDatabase("sqlite", "_src");
  Query(src, "CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, email TEXT);\n"
             "INSERT INTO users VALUES (1, 'ann', 'ann@new'), (2, 'bob', 'bob@x'), (3, 'cy', 'cy@x');\n"
             "CREATE TABLE items (id INTEGER PRIMARY KEY, guid TEXT NOT NULL UNIQUE, name TEXT);\n"
             "INSERT INTO items VALUES (1, 'g1', 'new'), (2, 'g2', 'x')");
  const std::string dst = FreshDatabase(engine);
  ASSERT_EQ(RunFerry({"copy", src, dst, "--no-progress", "--schema-only"}).exit_code, 0);
  // The target numbered its rows differently.
  Query(dst, "INSERT INTO users (id, username, email) VALUES (10, 'ann', 'ann@old'), (11, 'bob', 'bob@x')");
  Query(dst, "INSERT INTO items (id, guid, name) VALUES (20, 'g1', 'old')");
  const std::string report = TempDir() + "/report.json";
  // An exact table name wins over the glob that covers every other table.
  RunResult r = RunFerry({"copy", src, dst, "--no-progress", "--on-conflict", "update", "--key", "users=username",
                          "--key", "*=guid", "--report", report});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  auto j = ReportOf(report);
  std::map<std::string, nlohmann::json> by_table;
  for (const auto& t : j["tables"]) by_table[t["table"]] = t;
  EXPECT_EQ(by_table["users"]["rows_updated"], 2) << j.dump();  // ann's email; bob's id
  EXPECT_EQ(by_table["users"]["rows_inserted"], 1);
  EXPECT_EQ(by_table["items"]["rows_updated"], 1) << j.dump();  // g1 matched by guid
  EXPECT_EQ(by_table["items"]["rows_inserted"], 1);
  EXPECT_EQ(Count(dst, "SELECT count(*) FROM users"), 3);
  EXPECT_EQ(Count(dst, "SELECT count(*) FROM users WHERE username = 'ann' AND email = 'ann@new'"), 1);
  EXPECT_EQ(Count(dst, "SELECT count(*) FROM items"), 2);
  EXPECT_EQ(Count(dst, "SELECT count(*) FROM items WHERE guid = 'g1' AND name = 'new' AND id = 1"), 1);
}

INSTANTIATE_TEST_SUITE_P(Targets, ConflictModes, ::testing::Values("postgres", "mysql", "sqlite", "duckdb"),
                         [](const auto& info) { return info.param; });

TEST(ConflictModes, BadFlagsAreRefusedBeforeAnythingIsWritten) {
  const std::string src = MakeSource(100);
  const std::string dst = FreshDatabase("sqlite");
  RunResult r = RunFerry({"copy", src, dst, "--key", "items=id"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--on-conflict"), std::string::npos) << r.err;
  r = RunFerry({"copy", src, dst, "--on-conflict", "skip", "--key", "items"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("TABLE=COLUMN"), std::string::npos) << r.err;
  ASSERT_EQ(RunFerry({"copy", src, dst, "--no-progress"}).exit_code, 0);
  r = RunFerry({"copy", src, dst, "--on-conflict", "skip", "--key", "items=nosuch"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no column nosuch"), std::string::npos) << r.err;
  r = RunFerry({"copy", src, dst, "--on-conflict", "skip"});
  EXPECT_EQ(r.exit_code, 2) << "events has no primary key: a merge needs --key";
  EXPECT_NE(r.err.find("--key events="), std::string::npos) << r.err;
}

class KilledAfterKeyDdl : public ::testing::TestWithParam<std::string> {};

// A crash right after each key/index/foreign-key statement ran, before its
// step was recorded (a crash point: no signal can be timed to land there).
// On MySQL each DDL commits by itself, so the re-run finds that object
// already made and must take it as done; elsewhere the statement rolled
// back with its step and runs again. Every object exists once in the end.
TEST_P(KilledAfterKeyDdl, ResumeFinishesEveryKeyIndexAndForeignKey) {
  const std::string engine = GetParam();
  const std::string src = FreshDatabase("sqlite", "_src");
  Query(src, "CREATE TABLE owner (id INTEGER PRIMARY KEY, email VARCHAR(80) NOT NULL UNIQUE);\n"
             "CREATE TABLE pet (id INTEGER PRIMARY KEY, owner_id INTEGER NOT NULL REFERENCES owner(id), "
             "name VARCHAR(40));\n"
             "CREATE INDEX pet_name ON pet (name);\n"
             "INSERT INTO owner VALUES (1, 'a@example.org'), (2, 'b@example.org');\n"
             "INSERT INTO pet VALUES (10, 1, 'Rex'), (11, 2, 'Tom'), (12, 2, NULL)");
  int crashed = 0;
  for (int step = 1; step < 20; ++step) {
    const std::string dst = FreshDatabase(engine, "_" + std::to_string(step));
    std::vector<std::string> args = {"copy", src, dst, "--no-progress"};
    setenv("FERRY_TEST_CRASH", ("after-post-ddl:" + std::to_string(step)).c_str(), 1);
    RunResult first = RunFerry(args);
    unsetenv("FERRY_TEST_CRASH");
    if (first.exit_code == 0) break;  // fewer statements than `step`: all covered
    ASSERT_EQ(first.exit_code, 128 + SIGKILL) << first.out << first.err;
    ++crashed;
    RunResult resumed = RunFerry(args);
    ASSERT_EQ(resumed.exit_code, 0) << "crash after statement " << step << ":\n" << resumed.err;
    EXPECT_NE(resumed.err.find("resum"), std::string::npos) << resumed.err;
    RunResult v = RunFerry({"verify", src, dst});
    EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
    EXPECT_FALSE(HasCheckpointTable(engine, dst));
    // The keys hold: duplicate id, duplicate email, an orphan pet.
    const char* pet_orphan = "INSERT INTO pet (id, owner_id, name) VALUES (13, 99, 'x')";
    EXPECT_NE(TryExec(dst, "INSERT INTO owner (id, email) VALUES (1, 'c@example.org')"), "");
    EXPECT_NE(TryExec(dst, "INSERT INTO owner (id, email) VALUES (3, 'a@example.org')"), "");
    EXPECT_NE(TryExec(dst, engine == "sqlite" ? std::string("PRAGMA foreign_keys=ON; ") + pet_orphan
                                              : std::string(pet_orphan)),
              "");
  }
  // After the data: PostgreSQL adds the primary keys, the unique key, the
  // index and the foreign key; MySQL declares the primary keys inline (the
  // clustered index); SQLite declares all but the index inline.
  EXPECT_GE(crashed, engine == "postgres" ? 5 : engine == "mysql" ? 3 : 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, KilledAfterKeyDdl, ::testing::Values("mysql", "postgres", "sqlite"),
                         [](const auto& info) { return info.param; });

class KilledKeylessCopy : public ::testing::TestWithParam<std::string> {};

// A table with no key at all, shaped like Homer's hep_proto_* tables (on
// PostgreSQL partitioned by create_date, as heplify-server makes them): the
// copy resumes after its last (create_date, id), not from the start. Times
// repeat and run against id order, so the tie-break on id matters.
TEST_P(KilledKeylessCopy, ResumesAfterTimeAndId) {
  const std::string engine = GetParam();
  const std::string src = FreshDatabase(engine, "_src");
  constexpr int kHep = 60000;
  const std::string rows =
      "(SELECT 'sid-' || i AS sid, ((i * 7919) % 5000) AS sec, i AS n FROM generate_series(1, " +
      std::to_string(kHep) + ") AS g(i)) AS s";
  if (engine == "postgres") {
    Query(src,
          "CREATE TABLE hep_proto_1_call (id bigserial NOT NULL, sid varchar NOT NULL, "
          "create_date timestamptz NOT NULL DEFAULT now(), protocol_header jsonb NOT NULL, "
          "raw varchar NOT NULL) PARTITION BY RANGE (create_date);\n"
          "CREATE TABLE hep_proto_1_call_a PARTITION OF hep_proto_1_call "
          "FOR VALUES FROM ('2024-01-01') TO ('2024-01-01 00:40:00+00');\n"
          "CREATE TABLE hep_proto_1_call_b PARTITION OF hep_proto_1_call "
          "FOR VALUES FROM ('2024-01-01 00:40:00+00') TO ('2024-01-02');\n"
          "CREATE INDEX ON hep_proto_1_call_a (create_date);\n"
          "CREATE INDEX ON hep_proto_1_call_b (create_date);\n"
          "INSERT INTO hep_proto_1_call (sid, create_date, protocol_header, raw) "
          "SELECT sid, timestamptz '2024-01-01 00:00:00+00' + sec * interval '0.5 second', "
          "jsonb_build_object('captureId', 'node-' || (n % 3)), repeat('x', 50 + n % 100) FROM " + rows);
  } else {
    Query(src,
          "CREATE TABLE hep_proto_1_call (id bigint NOT NULL AUTO_INCREMENT, sid varchar(100) NOT NULL, "
          "create_date datetime(6) NOT NULL, protocol_header json NOT NULL, raw text NOT NULL, "
          "KEY (id), KEY (create_date));\n"
          "INSERT INTO hep_proto_1_call (sid, create_date, protocol_header, raw) "
          "SELECT concat('sid-', seq), timestamp '2024-01-01 00:00:00' + interval ((seq * 7919) % 5000) * 500000 "
          "microsecond, json_object('captureId', concat('node-', seq % 3)), repeat('x', 50 + seq % 100) "
          "FROM seq_1_to_" + std::to_string(kHep));
  }
  const std::string dst = FreshDatabase("sqlite");
  const std::vector<std::string> args = {"copy", src, dst, "--no-progress", "--commit-every", "4000",
                                         "--batch-rows", "1000", "--rate", "40000"};
  RunResult first = RunFerryWhile(args, [](int pid) {
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    kill(pid, SIGKILL);
  });
  ASSERT_EQ(first.exit_code, 128 + SIGKILL) << first.out << first.err;
  const int64_t partial = Count(dst, "SELECT count(*) FROM hep_proto_1_call");
  ASSERT_GT(partial, 0);
  ASSERT_LT(partial, kHep);
  auto marks = Query(dst, "SELECT after_key FROM ferry_checkpoint WHERE table_name = 'hep_proto_1_call'");
  ASSERT_EQ(marks.size(), 1u);
  ASSERT_TRUE(marks[0][0].has_value());
  EXPECT_EQ(std::count(marks[0][0]->begin(), marks[0][0]->end(), ','), 1) << *marks[0][0];

  const std::string report = TempDir() + "/report.json";
  std::vector<std::string> again = args;
  again.insert(again.end(), {"--report", report});
  RunResult resumed = RunFerry(again);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.out << resumed.err;
  EXPECT_NE(resumed.err.find("resuming an interrupted run"), std::string::npos) << resumed.err;
  EXPECT_EQ(resumed.err.find("no key to resume after"), std::string::npos) << resumed.err;
  // The report counts what the first session committed as resumed, inside written.
  auto j = ReportOf(report);
  EXPECT_EQ(j["tables"][0]["rows_resumed"], partial) << j.dump();
  EXPECT_EQ(j["tables"][0]["rows_written"], kHep) << j.dump();
  EXPECT_EQ(Count(dst, "SELECT count(*) FROM hep_proto_1_call"), kHep);
  EXPECT_EQ(Count(dst, "SELECT count(DISTINCT id) FROM hep_proto_1_call"), kHep);
  RunResult v = RunFerry({"verify", src, dst});
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
}

INSTANTIATE_TEST_SUITE_P(Sources, KilledKeylessCopy, ::testing::Values("postgres", "mysql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ferry::test
