// csv:// and jsonl:// targets: the bytes of each format, value by value;
// copies killed at random moments (SIGKILL) and resumed from the JSON
// checkpoint file end with exactly the source's rows; what files cannot do
// is refused before anything is written.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/interrupt.h"
#include "support/test_env.h"

namespace ferry::test {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// One row of each kind of value, NULLs and empty strings apart.
std::string SmallSource() {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, price REAL, data BLOB, doc JSON, "
        "at DATETIME, flag BOOLEAN, amount DECIMAL(10,2));\n"
        "INSERT INTO t VALUES (1, 'a,b \"q\" ü', 1.5, x'00ff', '{\"b\":1,\"a\":[1,2]}', '2024-01-01 10:00:00', 1, 12.30);\n"
        "INSERT INTO t VALUES (2, '', NULL, NULL, NULL, NULL, 0, NULL);\n"
        "INSERT INTO t VALUES (3, 'line\ntwo', -0.25, x'', '[]', '2024-02-29 23:59:59.5', NULL, -0.05)");
  return src;
}

TEST(FilesTarget, CsvSpellsEveryValue) {
  std::string dir = TempDir() + "/out";
  auto run = RunFerry({"copy", SmallSource(), "csv://" + dir, "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("t: primary key not kept: csv files hold rows only"), std::string::npos) << run.out;
  EXPECT_EQ(ReadFile(dir + "/t.csv"),
            "id,name,price,data,doc,at,flag,amount\n"
            "1,\"a,b \"\"q\"\" ü\",1.5,\\x00ff,\"{\"\"b\"\":1,\"\"a\"\":[1,2]}\",2024-01-01 10:00:00,true,12.30\n"
            "2,\"\",,,,,false,\n"
            "3,\"line\ntwo\",-0.25,\\x,[],2024-02-29 23:59:59.500000,,-0.05\n");
  EXPECT_FALSE(fs::exists(dir + "/.ferry-checkpoint.json")) << "a finished run leaves no checkpoint file";
  // DuckDB's own CSV reader reads it back: NULL and "" apart, the line break kept.
  auto rows = Query("duckdb://" + TempDir() + "/check.duckdb",
                    "SELECT id, name IS NULL, length(name), price FROM read_csv('" + dir +
                        "/t.csv', header = true, quote = '\"', escape = '\"', allow_quoted_nulls = false) ORDER BY id");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1][1], std::optional<std::string>("false"));
  EXPECT_EQ(rows[1][2], std::optional<std::string>("0"));
  EXPECT_EQ(rows[2][2], std::optional<std::string>("8"));
  EXPECT_EQ(rows[1][3], std::nullopt);
}

TEST(FilesTarget, JsonlSpellsEveryValue) {
  std::string dir = TempDir() + "/out";
  auto run = RunFerry({"copy", SmallSource(), "jsonl://" + dir, "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(ReadFile(dir + "/t.jsonl"),
            "{\"id\":1,\"name\":\"a,b \\\"q\\\" ü\",\"price\":1.5,\"data\":\"\\\\x00ff\","
            "\"doc\":{\"b\":1,\"a\":[1,2]},\"at\":\"2024-01-01 10:00:00\",\"flag\":true,\"amount\":\"12.30\"}\n"
            "{\"id\":2,\"name\":\"\",\"price\":null,\"data\":null,\"doc\":null,\"at\":null,\"flag\":false,"
            "\"amount\":null}\n"
            "{\"id\":3,\"name\":\"line\\ntwo\",\"price\":-0.25,\"data\":\"\\\\x\",\"doc\":[],"
            "\"at\":\"2024-02-29 23:59:59.500000\",\"flag\":null,\"amount\":\"-0.05\"}\n");
}

TEST(FilesTarget, RefusesWhatFilesCannotDo) {
  std::string src = SmallSource();
  std::string dir = TempDir() + "/out";
  auto r = RunFerry({"copy", src, "csv://" + dir, "--data-only"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--data-only needs a database target"), std::string::npos) << r.err;
  r = RunFerry({"copy", src, "csv://" + dir, "--on-conflict", "skip"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--on-conflict skip needs a database target"), std::string::npos) << r.err;
  r = RunFerry({"copy", src, "csv://" + dir, "--verify"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--verify reads the target back"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir + "/t.csv"));
  r = RunFerry({"copy", "csv://" + dir, src});  // as a source it needs its files (file_sources_test.cc)
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_NE(r.err.find("no csv files in " + dir), std::string::npos) << r.err;

  ASSERT_EQ(RunFerry({"copy", src, "csv://" + dir, "--no-progress"}).exit_code, 0);
  std::string first = ReadFile(dir + "/t.csv");
  r = RunFerry({"copy", src, "csv://" + dir, "--no-progress"});
  EXPECT_EQ(r.exit_code, 2) << "an existing file is not overwritten silently";
  EXPECT_NE(r.err.find("--drop"), std::string::npos) << r.err;
  EXPECT_EQ(ReadFile(dir + "/t.csv"), first);
  r = RunFerry({"copy", src, "csv://" + dir, "--no-progress", "--drop"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ReadFile(dir + "/t.csv"), first);
}

class KilledFileCopy : public ::testing::TestWithParam<std::string> {};

// 200k keyed rows and 30k rows with no key, into csv or jsonl, killed with
// SIGKILL at random moments and run again: every row once. The keyed table
// resumes after its last durable key (the file cut back to the bytes the
// checkpoint covers); the keyless one starts its file over.
TEST_P(KilledFileCopy, ResumesToExactlyTheSourceRows) {
  const std::string format = GetParam();
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src,
        "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT);\n"
        "CREATE TABLE events (at TEXT, n INTEGER);\n"
        "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 200000) "
        "INSERT INTO items SELECT i, 'item ' || i, CASE WHEN i % 5 = 0 THEN 'a,\"b\"\nc' END FROM c;\n"
        "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 30000) "
        "INSERT INTO events SELECT 'e' || i, i FROM c");
  const std::string dir = TempDir() + "/out";
  const std::vector<std::string> args = {"copy", src, format + "://" + dir, "--no-progress",
                                         "--commit-every", "10000", "--batch-rows", "2000", "--rate", "150000"};
  InterruptedRuns runs = RunInterrupted(args, SIGKILL);
  ASSERT_EQ(runs.failure, "");
  EXPECT_GE(runs.stopped, 1) << "no kill landed";
  EXPECT_GE(runs.resumed, 1) << "no run resumed";
  EXPECT_FALSE(fs::exists(dir + "/.ferry-checkpoint.json"));
  const std::string duck = "duckdb://" + TempDir() + "/check.duckdb";
  const std::string items = format == "csv"
                                ? "read_csv('" + dir + "/items.csv', header = true, quote = '\"', escape = '\"')"
                                : "read_json('" + dir + "/items.jsonl', format = 'newline_delimited')";
  const std::string events = format == "csv" ? "read_csv('" + dir + "/events.csv', header = true)"
                                             : "read_json('" + dir + "/events.jsonl', format = 'newline_delimited')";
  auto got = Query(duck, "SELECT count(*), count(DISTINCT id), sum(id), count(note), "
                         "sum(length(name)) FROM " + items);
  auto want = Query(src, "SELECT count(*), count(DISTINCT id), sum(id), count(note), sum(length(name)) FROM items");
  EXPECT_EQ(got, want);
  EXPECT_EQ(Query(duck, "SELECT count(*), count(DISTINCT n), sum(n) FROM " + events),
            Query(src, "SELECT count(*), count(DISTINCT n), sum(n) FROM events"));
}

// A crash after a commit made rows durable but before their checkpoint was
// recorded (a crash point; no signal can be timed to land there): the
// resumed run cuts the file back to what the checkpoint covers, so those
// rows are not there twice.
TEST_P(KilledFileCopy, RowsPastTheCheckpointAreCutBack) {
  const std::string format = GetParam();
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src, "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT);\n"
             "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 50000) "
             "INSERT INTO items SELECT i, 'item ' || i FROM c");
  const std::string dir = TempDir() + "/out";
  const std::vector<std::string> args = {"copy", src, format + "://" + dir, "--no-progress",
                                         "--commit-every", "5000", "--batch-rows", "1000"};
  setenv("FERRY_TEST_CRASH", "file-synced:3", 1);
  RunResult crashed = RunFerry(args);
  unsetenv("FERRY_TEST_CRASH");
  ASSERT_EQ(crashed.exit_code, 128 + SIGKILL) << crashed.err;
  // 15,000 rows (and a header) are on disk; the checkpoint covers 10,000.
  const auto lines = [&] {
    std::string text = ReadFile(dir + "/items." + format);
    return std::count(text.begin(), text.end(), '\n');
  };
  EXPECT_EQ(lines(), format == "csv" ? 15001 : 15000);
  RunResult resumed = RunFerry(args);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("resuming an interrupted run"), std::string::npos) << resumed.err;
  EXPECT_EQ(lines(), format == "csv" ? 50001 : 50000);
  const std::string read = format == "csv" ? "read_csv('" + dir + "/items.csv', header = true)"
                                           : "read_json('" + dir + "/items.jsonl', format = 'newline_delimited')";
  EXPECT_EQ(Query("duckdb://" + TempDir() + "/check.duckdb", "SELECT count(DISTINCT id), min(id), max(id) FROM " + read),
            (std::vector<Row>{{std::string("50000"), std::string("1"), std::string("50000")}}));
}

INSTANTIATE_TEST_SUITE_P(Formats, KilledFileCopy, ::testing::Values("csv", "jsonl"),
                         [](const auto& info) { return info.param; });

// An interrupted run is resumed only by the same plan; --restart starts over.
TEST(FilesTarget, DifferentPlanIsRefusedAndRestartStartsOver) {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src, "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT);\n"
             "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 60000) "
             "INSERT INTO items SELECT i, 'item ' || i FROM c");
  const std::string dir = TempDir() + "/out";
  std::vector<std::string> args = {"copy", src, "csv://" + dir, "--no-progress", "--commit-every", "5000",
                                   "--batch-rows", "1000", "--rate", "20000"};
  RunResult first = RunFerryWhile(args, [](int pid) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    kill(pid, SIGKILL);
  });
  ASSERT_EQ(first.exit_code, 128 + SIGKILL) << first.err;
  ASSERT_TRUE(fs::exists(dir + "/.ferry-checkpoint.json"));
  std::vector<std::string> other = {"copy", src, "csv://" + dir, "--no-progress", "--where", "items: id % 2 = 0"};
  RunResult refused = RunFerry(other);
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("different plan"), std::string::npos) << refused.err;
  other.push_back("--restart");
  RunResult again = RunFerry(other);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  auto n = Query("duckdb://" + TempDir() + "/check.duckdb",
                 "SELECT count(*), sum(id % 2) FROM read_csv('" + dir + "/items.csv', header = true)");
  EXPECT_EQ(n, (std::vector<Row>{{std::string("30000"), std::string("0")}}));
}

}  // namespace
}  // namespace ferry::test
