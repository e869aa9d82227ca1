// Folders of data files as sources (csv://, jsonl://, parquet://) and
// parquet:// as a target: what arrives is checked value by value with each
// engine's own client (DuckDB alone for the Parquet files), types included;
// bad input (a malformed csv row, an empty or missing folder, a --cast
// naming no column) is refused with a clear error and nothing written.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <signal.h>

#include "support/interrupt.h"
#include "support/test_env.h"

namespace ferry::test {
namespace {

namespace fs = std::filesystem;

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// One table of each kind of value ferry's files spell, NULLs and empty
// strings apart, plus a second table and an empty one.
std::string SmallSource() {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, price REAL, data BLOB, doc JSON, "
        "at DATETIME, flag BOOLEAN, amount DECIMAL(10,2), day DATE);\n"
        "INSERT INTO t VALUES (1, 'a,b \"q\" ü', 1.5, x'00ff', '{\"b\":1,\"a\":[1,2]}', '2024-01-01 10:00:00', 1, "
        "12.30, '2024-02-29');\n"
        "INSERT INTO t VALUES (2, '', NULL, NULL, NULL, NULL, 0, NULL, NULL);\n"
        "INSERT INTO t VALUES (3, 'line\ntwo', -0.25, x'', '[]', '2024-02-29 23:59:59.5', NULL, -0.05, '1999-12-31');\n"
        "CREATE TABLE tags (id INTEGER PRIMARY KEY, t_id INTEGER REFERENCES t(id), label TEXT NOT NULL);\n"
        "INSERT INTO tags VALUES (10, 1, 'x'), (11, 3, 'y'), (12, 3, '0042');\n"
        "CREATE TABLE unused (id INTEGER PRIMARY KEY, note TEXT)");
  return src;
}

// The rows of t as each engine renders them: what must survive any trip.
const char* kSqliteRows =
    "SELECT id, quote(name), price, hex(data), doc, \"at\", flag, day FROM t ORDER BY id";

TEST(Parquet, TargetIsReadableByDuckdbAloneAndMatchesTheSource) {
  std::string src = SmallSource();
  std::string dir = TempDir() + "/pq";
  auto run = RunFerry({"copy", src, "parquet://" + dir, "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_TRUE(fs::exists(dir + "/t.parquet"));
  EXPECT_TRUE(fs::exists(dir + "/tags.parquet"));
  EXPECT_TRUE(fs::exists(dir + "/unused.parquet")) << "an empty table is a valid empty file";
  EXPECT_FALSE(fs::exists(dir + "/t.parquet.partial"));
  EXPECT_FALSE(fs::exists(dir + "/.ferry-checkpoint.json"));
  const std::string duck = "duckdb://" + TempDir() + "/check.duckdb";
  const std::string file = "read_parquet('" + dir + "/t.parquet')";
  // The types Parquet carries: the logical types' own.
  auto types = Query(duck, "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM " + file + ")");
  std::vector<std::string> got;
  for (const auto& r : types) got.push_back(*r[0] + " " + *r[1]);
  EXPECT_EQ(got, (std::vector<std::string>{"id BIGINT", "name VARCHAR", "price DOUBLE", "data BLOB", "doc JSON",
                                           "at TIMESTAMP", "flag BOOLEAN", "amount DECIMAL(10,2)", "day DATE"}));
  EXPECT_EQ(SortedRows(duck, "SELECT id, name, name IS NULL, price, hex(data), doc, \"at\", flag, amount, day FROM " + file),
            Sorted({"1|a,b \"q\" ü|false|1.5|00FF|{\"b\":1,\"a\":[1,2]}|2024-01-01 10:00:00|true|12.30|2024-02-29",
                    "2||false|NULL|NULL|NULL|NULL|false|NULL|NULL",
                    "3|line\ntwo|false|-0.25||[]|2024-02-29 23:59:59.5|NULL|-0.05|1999-12-31"}));
  EXPECT_EQ(Query(duck, "SELECT count(*) FROM read_parquet('" + dir + "/unused.parquet')")[0][0],
            std::optional<std::string>("0"));
  // Copied again: refused, as for csv, unless --drop.
  auto again = RunFerry({"copy", src, "parquet://" + dir, "--no-progress"});
  EXPECT_EQ(again.exit_code, 2) << again.err;
  EXPECT_NE(again.err.find("--drop"), std::string::npos) << again.err;
}

// json columns are Parquet JSON, so a value that is not JSON is a rejected
// row (the reject file names it) and every other row arrives.
TEST(Parquet, ValueThatIsNotJsonIsARejectedRow) {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src, "CREATE TABLE d (id INTEGER PRIMARY KEY, doc JSON);\n"
             "INSERT INTO d VALUES (1, '{\"a\":1}'), (2, 'not json'), (3, '[2]')");
  const std::string dir = TempDir() + "/pq";
  const std::string rejects = TempDir() + "/rejects.jsonl";
  auto run = RunFerry({"copy", src, "parquet://" + dir, "--no-progress", "--reject-file", rejects});
  EXPECT_EQ(run.exit_code, 3) << run.err << run.out;
  std::ifstream in(rejects);
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  EXPECT_NE(line.find("the value is not JSON"), std::string::npos) << line;
  EXPECT_EQ(SortedRows("duckdb://" + TempDir() + "/check.duckdb",
                       "SELECT id, doc FROM read_parquet('" + dir + "/d.parquet')"),
            Sorted({"1|{\"a\":1}", "3|[2]"}));
}

// A Parquet file is durable only once finished: a copy killed at random
// moments and run again writes each unfinished table again whole and keeps
// the finished ones, ending with every row once and no partial file.
TEST(Parquet, KilledCopyResumesToExactlyTheSourceRows) {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src,
        "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT);\n"
        "CREATE TABLE events (at TEXT, n INTEGER);\n"
        "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 200000) "
        "INSERT INTO items SELECT i, 'item ' || i, CASE WHEN i % 5 = 0 THEN 'a,\"b\"\nc' END FROM c;\n"
        "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 30000) "
        "INSERT INTO events SELECT 'e' || i, i FROM c");
  const std::string dir = TempDir() + "/out";
  InterruptedRuns runs = RunInterrupted(
      {"copy", src, "parquet://" + dir, "--no-progress", "--batch-rows", "2000", "--rate", "150000"}, SIGKILL);
  ASSERT_EQ(runs.failure, "");
  EXPECT_GE(runs.stopped, 1) << "no kill landed";
  EXPECT_FALSE(fs::exists(dir + "/.ferry-checkpoint.json"));
  EXPECT_FALSE(fs::exists(dir + "/items.parquet.partial"));
  const std::string duck = "duckdb://" + TempDir() + "/check.duckdb";
  EXPECT_EQ(Query(duck, "SELECT count(*), count(DISTINCT id), sum(id), count(note), sum(length(name)) FROM "
                        "read_parquet('" + dir + "/items.parquet')"),
            Query(src, "SELECT count(*), count(DISTINCT id), sum(id), count(note), sum(length(name)) FROM items"));
  EXPECT_EQ(Query(duck, "SELECT count(*), count(DISTINCT n), sum(n) FROM read_parquet('" + dir + "/events.parquet')"),
            Query(src, "SELECT count(*), count(DISTINCT n), sum(n) FROM events"));
}

TEST(FileSources, ParquetFolderLoadsIntoPostgresWithItsTypes) {
  std::string src = SmallSource();
  std::string dir = TempDir() + "/pq";
  ASSERT_EQ(RunFerry({"copy", src, "parquet://" + dir, "--no-progress"}).exit_code, 0);
  std::string pg = FreshDatabase("postgres");
  auto run = RunFerry({"copy", "parquet://" + dir, pg, "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  auto types = SortedRows(pg,
                          "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 't'");
  EXPECT_EQ(types, Sorted({"id|bigint", "name|text", "price|double precision", "data|bytea", "doc|json",
                           "at|timestamp without time zone", "flag|boolean", "amount|numeric", "day|date"}));
  EXPECT_EQ(SortedRows(pg, "SELECT id, name, price, encode(data, 'hex'), doc::text, \"at\", flag, amount, day FROM t"),
            Sorted({"1|a,b \"q\" ü|1.5|00ff|{\"b\":1,\"a\":[1,2]}|2024-01-01 10:00:00|t|12.30|2024-02-29",
                    "2||NULL|NULL|NULL|NULL|f|NULL|NULL",
                    "3|line\ntwo|-0.25||[]|2024-02-29 23:59:59.5|NULL|-0.05|1999-12-31"}));
  EXPECT_EQ(SortedRows(pg, "SELECT id, t_id, label FROM tags"), Sorted({"10|1|x", "11|3|y", "12|3|0042"}));
  EXPECT_EQ(Query(pg, "SELECT count(*) FROM unused")[0][0], std::optional<std::string>("0"));
  // verify pairs the tables by name, the folder against the database.
  auto verify = RunFerry({"verify", "parquet://" + dir, pg});
  EXPECT_EQ(verify.exit_code, 0) << verify.err << verify.out;
}

TEST(FileSources, CsvRoundTripsEveryTypeBackIntoSqlite) {
  std::string src = SmallSource();
  std::string dir = TempDir() + "/csv";
  ASSERT_EQ(RunFerry({"copy", src, "csv://" + dir, "--no-progress"}).exit_code, 0);
  std::string back = FreshDatabase("sqlite", "_back");
  auto run = RunFerry({"copy", "csv://" + dir, back, "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  // The empty table's file is its header alone.
  EXPECT_EQ(Query(back, "SELECT count(*) FROM unused")[0][0], std::optional<std::string>("0"));
  EXPECT_EQ(SortedRows(back, kSqliteRows),
            Sorted({"1|'a,b \"q\" ü'|1.5|00FF|{\"b\":1,\"a\":[1,2]}|2024-01-01 10:00:00|1|2024-02-29",
                    "2|''|NULL||NULL|NULL|0|NULL",  // SQLite's hex(NULL) is ''
                    "3|'line\ntwo'|-0.25||[]|2024-02-29 23:59:59.500000|NULL|1999-12-31"}));
  EXPECT_EQ(SortedRows(back, "SELECT id FROM t WHERE data IS NULL"), Sorted({"2"}));
  EXPECT_EQ(SortedRows(back, "SELECT typeof(data), typeof(price) FROM t WHERE id = 1"), Sorted({"blob|real"}));
  // "0042" reads as a number unless the user says it is text.
  EXPECT_EQ(SortedRows(back, "SELECT label FROM tags"), Sorted({"x", "y", "0042"}));
  // Compared value by value, the csv folder against the database it came from.
  auto verify = RunFerry({"verify", "csv://" + dir, src, "--tables", "t,tags"});
  EXPECT_EQ(verify.exit_code, 0) << verify.err << verify.out;
}

TEST(FileSources, JsonlRoundTripsIntoDuckdb) {
  std::string src = SmallSource();
  std::string dir = TempDir() + "/jsonl";
  ASSERT_EQ(RunFerry({"copy", src, "jsonl://" + dir, "--no-progress"}).exit_code, 0);
  std::string duck = FreshDatabase("duckdb");
  auto run = RunFerry({"copy", "jsonl://" + dir, duck, "--no-progress", "--cast", "column t.amount to decimal(10,2)"});
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  auto types = SortedRows(duck, "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 't'");
  EXPECT_EQ(types, Sorted({"id|BIGINT", "name|VARCHAR", "price|DOUBLE", "data|BLOB", "doc|JSON", "at|TIMESTAMP",
                           "flag|BOOLEAN", "amount|DECIMAL(10,2)", "day|DATE"}));
  EXPECT_EQ(SortedRows(duck, "SELECT id, name, name IS NULL, price, hex(data), doc, \"at\", flag, amount, day FROM t"),
            Sorted({"1|a,b \"q\" ü|false|1.5|00FF|{\"b\":1,\"a\":[1,2]}|2024-01-01 10:00:00|true|12.30|2024-02-29",
                    "2||false|NULL|NULL|NULL|NULL|false|NULL|NULL",
                    "3|line\ntwo|false|-0.25||[]|2024-02-29 23:59:59.5|NULL|-0.05|1999-12-31"}));
}

TEST(FileSources, CastGivesACsvColumnItsType) {
  std::string dir = TempDir() + "/csv";
  fs::create_directories(dir);
  WriteFile(dir + "/events.csv",
            "id,code,amount,payload,raw\n"
            "1,007,12.30,\"{\"\"k\"\": 1}\",\\x00ff\n"
            "2,010,-0.05,[],\\x\n"
            "3,,,,\n");
  std::string pg = FreshDatabase("postgres");
  auto run = RunFerry({"copy", "csv://" + dir, pg, "--no-progress", "--cast", "column events.code to text", "--cast",
                       "column events.amount to decimal(10,2)", "--cast", "column events.payload to json", "--cast",
                       "column events.raw to text"});
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_EQ(SortedRows(pg, "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'events'"),
            Sorted({"id|bigint", "code|text", "amount|numeric", "payload|json", "raw|text"}));
  EXPECT_EQ(SortedRows(pg, "SELECT id, code, amount, payload::text, raw FROM events"),
            Sorted({"1|007|12.30|{\"k\": 1}|\\x00ff", "2|010|-0.05|[]|\\x", "3|NULL|NULL|NULL|NULL"}));
  // Without the casts: inferred (numbers with leading zeros stay text; a
  // double, text, bytes).
  std::string pg2 = FreshDatabase("postgres", "_inferred");
  ASSERT_EQ(RunFerry({"copy", "csv://" + dir, pg2, "--no-progress"}).exit_code, 0);
  EXPECT_EQ(SortedRows(pg2, "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'events'"),
            Sorted({"id|bigint", "code|text", "amount|double precision", "payload|text", "raw|bytea"}));
  EXPECT_EQ(SortedRows(pg2, "SELECT id, code, amount, encode(raw, 'hex') FROM events"),
            Sorted({"1|007|12.3|00ff", "2|010|-0.05|", "3|NULL|NULL|NULL"}));
}

TEST(FileSources, CastNamingAnUnknownColumnIsRefusedBeforeAnythingIsWritten) {
  std::string dir = TempDir() + "/csv";
  fs::create_directories(dir);
  WriteFile(dir + "/events.csv", "id,payload\n1,{}\n");
  std::string target = TempDir() + "/out.db";
  auto run = RunFerry({"copy", "csv://" + dir, "sqlite://" + target, "--cast", "column events.paylaod to json"});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("--cast 'column events.paylaod to json': table events has no column paylaod (it has: id, "
                         "payload)"),
            std::string::npos)
      << run.err;
  EXPECT_FALSE(fs::exists(target));
  run = RunFerry({"copy", "csv://" + dir, "sqlite://" + target, "--cast", "column evnts.payload to json"});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("has no table evnts"), std::string::npos) << run.err;
  EXPECT_FALSE(fs::exists(target));
}

TEST(FileSources, MalformedCsvRowIsAnErrorNamingFileAndLine) {
  std::string dir = TempDir() + "/csv";
  fs::create_directories(dir);
  // Early: the sniffer refuses the file at open, before anything is written.
  WriteFile(dir + "/t.csv", "a,b\n1,2\n3\n4,5\n");
  std::string target = TempDir() + "/out.db";
  auto run = RunFerry({"copy", "csv://" + dir, "sqlite://" + target, "--no-progress"});
  EXPECT_EQ(run.exit_code, 4) << run.err;
  EXPECT_NE(run.err.find("csv file " + dir + "/t.csv cannot be read"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("Line: 3"), std::string::npos) << run.err;
  EXPECT_FALSE(fs::exists(target));
  // Late (past the rows sniffed): the read stops there, naming file and line.
  std::string big = "a,b\n";
  for (int i = 0; i < 30000; ++i) big += std::to_string(i) + ",x\n";
  big += "oops\n";
  WriteFile(dir + "/t.csv", big);
  run = RunFerry({"copy", "csv://" + dir, "sqlite://" + target, "--no-progress", "--drop"});
  EXPECT_NE(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("Line: 30002"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find(dir + "/t.csv"), std::string::npos) << run.err;
}

TEST(FileSources, EmptyOrMissingFolderIsRefused) {
  std::string dir = TempDir() + "/empty";
  fs::create_directories(dir);
  std::string target = TempDir() + "/out.db";
  auto run = RunFerry({"copy", "csv://" + dir, "sqlite://" + target});
  EXPECT_EQ(run.exit_code, 4) << run.err;
  EXPECT_NE(run.err.find("no csv files in " + dir), std::string::npos) << run.err;
  run = RunFerry({"copy", "parquet://" + dir + "/nope", "sqlite://" + target});
  EXPECT_EQ(run.exit_code, 4) << run.err;
  EXPECT_NE(run.err.find("parquet folder " + dir + "/nope does not exist"), std::string::npos) << run.err;
  EXPECT_FALSE(fs::exists(target));
}

}  // namespace
}  // namespace ferry::test
