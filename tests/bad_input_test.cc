// The bad-input suite: each case gets a clear message or a reject entry,
// and the exit code says so. Passwords never appear in any output.
#include <duckdb.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <mysql.h>
#include <sqlite3.h>

#include <filesystem>
#include <cstdio>
#include <fstream>
#include <regex>
#include <nlohmann/json.hpp>

#include "support/test_env.h"

namespace ferry::test {
namespace {

std::vector<nlohmann::json> ReadRejects(const std::string& path) {
  std::vector<nlohmann::json> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) out.push_back(nlohmann::json::parse(line));
  return out;
}

std::string ReplacePassword(std::string uri, const std::string& pw) {
  auto pos = uri.find(kPassword);
  return uri.replace(pos, std::string(kPassword).size(), pw);
}

TEST(BadInput, UnreachableHostSaysWhereAndExits4) {
  std::string dst = FreshDatabase("sqlite");
  auto run = RunFerry({"copy", "postgres://ferry:topsecret1@127.0.0.1:1/db?connect_timeout=3", dst});
  EXPECT_EQ(run.exit_code, 4) << run.err;
  EXPECT_NE(run.err.find("127.0.0.1"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("topsecret1"), std::string::npos) << run.err;
  run = RunFerry({"copy", "mysql://ferry:topsecret2@127.0.0.1:1/db", dst});
  EXPECT_EQ(run.exit_code, 4) << run.err;
  EXPECT_EQ(run.err.find("topsecret2"), std::string::npos) << run.err;
}

TEST(BadInput, WrongPasswordIsNamedButNeverShown) {
  for (const std::string engine : {"postgres", "mysql"}) {
    std::string good = FreshDatabase(engine);
    std::string bad = ReplacePassword(good, "Wr0ngPassw0rd");
    std::string report = TempDir() + "/report.json";
    auto run = RunFerry({"copy", bad, FreshDatabase("sqlite"), "--report", report});
    EXPECT_EQ(run.exit_code, 4) << engine << ": " << run.err;
    EXPECT_NE(run.err.find("password"), std::string::npos) << engine << ": " << run.err;
    EXPECT_EQ(run.err.find("Wr0ngPassw0rd"), std::string::npos) << run.err;
    EXPECT_EQ(run.out.find("Wr0ngPassw0rd"), std::string::npos) << run.out;
    std::ifstream in(report);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(text.find("Wr0ngPassw0rd"), std::string::npos) << text;
    // As the target too.
    std::string src = FreshDatabase("sqlite", "_src");
    Query(src, "CREATE TABLE t (a INTEGER)");
    run = RunFerry({"copy", src, bad});
    EXPECT_EQ(run.exit_code, 5) << engine << ": " << run.err;
    EXPECT_EQ(run.err.find("Wr0ngPassw0rd"), std::string::npos) << run.err;
  }
}

TEST(BadInput, MissingTableListsWhatThereIs) {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src, "CREATE TABLE subscriber (id INTEGER); CREATE TABLE location (id INTEGER)");
  auto run = RunFerry({"copy", src, FreshDatabase("duckdb"), "--tables", "subscribers"});
  EXPECT_EQ(run.exit_code, 4);
  EXPECT_NE(run.err.find("'subscribers' matches no table"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("subscriber"), std::string::npos);
}

TEST(BadInput, MissingSqliteSourceIsNotCreated) {
  std::string dir = TempDir();
  auto run = RunFerry({"copy", "sqlite://" + dir + "/nope.db", FreshDatabase("duckdb")});
  EXPECT_EQ(run.exit_code, 4) << run.err;
  EXPECT_NE(run.err.find("nope.db"), std::string::npos) << run.err;
  EXPECT_FALSE(std::filesystem::exists(dir + "/nope.db"));
}

TEST(BadInput, BadUriAndBadCastRuleAreUsageErrors) {
  auto run = RunFerry({"copy", "oracle://x/y", "sqlite:///tmp/x.db"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("oracle"), std::string::npos);
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src, "CREATE TABLE t (a INTEGER)");
  run = RunFerry({"copy", src, FreshDatabase("duckdb"), "--cast", "type int to nonsense"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("unknown type 'nonsense'"), std::string::npos) << run.err;
  run = RunFerry({"copy", src});
  EXPECT_EQ(run.exit_code, 2);
}

// A URI that does not parse is quoted as given, its role named, the
// password replaced, then what is wrong with it; exit 2 before anything
// is opened.
TEST(BadInput, MalformedUriIsQuotedWithoutItsPassword) {
  std::string db = FreshDatabase("sqlite");
  auto run = RunFerry({"copy", db, "postgres://[::1"});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("target URI \"postgres://[::1\": host: missing ']'"), std::string::npos) << run.err;

  run = RunFerry({"copy", "postgres://ferry:Hunter2pw@[::1/db", db});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("source URI \"postgres://ferry:***@[::1/db\": host: missing ']'"), std::string::npos)
      << run.err;

  run = RunFerry({"verify", db, "mysql://ferry:Hunter2pw@127.0.0.1:port/db"});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("target URI \"mysql://ferry:***@127.0.0.1:port/db\": port 'port' is not a port number"),
            std::string::npos)
      << run.err;

  // A '/' or '@' left unencoded in the password: refused, and no part of it shown.
  for (const std::string uri : {"mysql://ferry:Hun/ter2pw@127.0.0.1/db", "postgres://ferry:Hun@ter2pw@h:x/db",
                                "postgres://h:x/db?password=Hunter2pw"}) {
    run = RunFerry({"copy", db, uri, "--report", TempDir() + "/r.json"});
    EXPECT_EQ(run.exit_code, 2) << uri << ": " << run.err;
    EXPECT_NE(run.err.find("target URI \""), std::string::npos) << run.err;
    for (const char* part : {"Hunter2pw", "ter2pw", "Hun/", "Hun@"}) {
      EXPECT_EQ(run.err.find(part), std::string::npos) << run.err;
      EXPECT_EQ(run.out.find(part), std::string::npos) << run.out;
    }
  }
  run = RunFerry({"inspect", "nonsense"});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("source URI \"nonsense\": not a database URI"), std::string::npos) << run.err;
}

// A mistyped flag or command is named with its nearest known spelling; one
// with no near spelling points to --help. Exit 2, nothing opened.
TEST(BadInput, UnknownFlagOrCommandSuggestsTheNearest) {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src, "CREATE TABLE t (a INTEGER)");
  std::string dst = FreshDatabase("sqlite", "_dst");
  auto run = RunFerry({"copy", src, dst, "--tabels", "t"});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("unknown flag --tabels for 'ferry copy': did you mean --tables?"), std::string::npos)
      << run.err;
  EXPECT_EQ(Query(dst, "SELECT count(*) FROM sqlite_master")[0][0], "0") << "nothing may be written";

  run = RunFerry({"copy", src, dst, "--dry-runn"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("did you mean --dry-run?"), std::string::npos) << run.err;

  run = RunFerry({"verify", src, dst, "--float-digit=10"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("unknown flag --float-digit for 'ferry verify': did you mean --float-digits?"),
            std::string::npos)
      << run.err;

  run = RunFerry({"cpoy", src, dst});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("unknown command 'cpoy': did you mean 'copy'?"), std::string::npos) << run.err;

  run = RunFerry({"homarr", "mvoe"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("unknown command 'mvoe' for 'ferry homarr': did you mean 'move'?"), std::string::npos)
      << run.err;

  run = RunFerry({"copy", src, dst, "--colour"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("unknown flag --colour for 'ferry copy' (see 'ferry copy --help')"), std::string::npos)
      << run.err;
  EXPECT_EQ(run.err.find("did you mean"), std::string::npos) << run.err;

  // The rest of the line is never echoed: a password in a URI stays out.
  run = RunFerry({"copy", "postgres://ferry:Hunter2pw@127.0.0.1/db", dst, "--tabels", "t"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("did you mean --tables?"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("Hunter2pw"), std::string::npos) << run.err;
}

// Bad rows: each goes to the reject file with table, key, reason and the
// original values; the good rows of the same batch still arrive; exit 3.
TEST(BadInput, RowsTheTargetRefusesAreRejectedOneByOne) {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src, "CREATE TABLE t (id INTEGER PRIMARY KEY, code VARCHAR(5), note TEXT, x DOUBLE);"
             "INSERT INTO t VALUES (1, 'ok', 'fine', 1.5), (2, 'toolongvalue', 'over-long varchar', 2),"
             "(3, 'ok', 'nul' || char(0) || 'byte', 3), (4, 'ok', 'fine', 4);");
  // Invalid UTF-8 in SQLite text and a text value in an integer column.
  Query(src, "INSERT INTO t VALUES (5, 'ok', CAST(X'C328' AS TEXT), 5), (6, 'ok', 'mixed', 'six')");
  std::string dst = FreshDatabase("postgres");
  std::string rejects = TempDir() + "/rejects.jsonl";
  auto run = RunFerry({"copy", src, dst, "--no-progress", "--reject-file", rejects});
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  auto ids = Query(dst, "SELECT id FROM t ORDER BY id");
  ASSERT_EQ(ids.size(), 2u) << run.out << run.err;
  EXPECT_EQ(*ids[0][0], "1");
  EXPECT_EQ(*ids[1][0], "4");
  auto entries = ReadRejects(rejects);
  ASSERT_EQ(entries.size(), 4u);
  std::map<std::string, std::string> reason_of;
  for (const auto& e : entries) {
    EXPECT_EQ(e["table"], "t");
    reason_of[e["values"]["note"].is_null() ? "?" : e["values"]["note"].get<std::string>()] = e["reason"];
  }
  EXPECT_NE(reason_of["over-long varchar"].find("too long"), std::string::npos) << reason_of["over-long varchar"];
  EXPECT_NE(run.out.find("4 row(s) rejected"), std::string::npos) << run.out;
}

TEST(BadInput, MaxRejectsStopsTheRun) {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src, "CREATE TABLE t (id INTEGER PRIMARY KEY, d DATETIME);"
             "INSERT INTO t VALUES (1, 'garbage'), (2, 'more garbage'), (3, '2024-01-01')");
  auto run = RunFerry({"copy", src, FreshDatabase("duckdb"), "--no-progress", "--max-rejects", "1",
                       "--reject-file", TempDir() + "/r.jsonl"});
  EXPECT_EQ(run.exit_code, 8) << run.err;
  EXPECT_NE(run.err.find("max-rejects"), std::string::npos) << run.err;
}

TEST(BadInput, NanAndOverflowIntoEnginesThatRefuseThem) {
  std::string src = FreshDatabase("postgres", "_src");
  Query(src, "CREATE TABLE f (id int PRIMARY KEY, v double precision);"
             "INSERT INTO f VALUES (1, 'NaN'), (2, 'Infinity'), (3, 2.5)");
  std::string dst = FreshDatabase("mysql");
  std::string rejects = TempDir() + "/r.jsonl";
  auto run = RunFerry({"copy", src, dst, "--no-progress", "--reject-file", rejects});
  EXPECT_EQ(run.exit_code, 3) << run.err;
  auto rows = Query(dst, "SELECT id, v FROM f");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(*rows[0][1], "2.5");
  EXPECT_EQ(ReadRejects(rejects).size(), 2u);

  // Integer overflow in a data-only load into a narrower column.
  std::string s2 = FreshDatabase("sqlite", "_s2");
  Query(s2, "CREATE TABLE n (id INTEGER PRIMARY KEY, small INTEGER); INSERT INTO n VALUES (1, 40000), (2, 7)");
  std::string d2 = FreshDatabase("postgres", "_d2");
  Query(d2, "CREATE TABLE n (id int PRIMARY KEY, small smallint)");
  std::string r2 = TempDir() + "/r2.jsonl";
  run = RunFerry({"copy", s2, d2, "--data-only", "--no-progress", "--reject-file", r2});
  EXPECT_EQ(run.exit_code, 3) << run.err;
  auto entries = ReadRejects(r2);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0]["column"], "small");
  EXPECT_EQ(entries[0]["values"]["small"], "40000");
  EXPECT_EQ(entries[0]["key"]["id"], "1");
  EXPECT_NE(entries[0]["reason"].get<std::string>().find("out of range"), std::string::npos);
}

TEST(BadInput, MysqlZeroDatesBecomeNullAndAreCounted) {
  std::string src = FreshDatabase("mysql", "_src");
  Query(src, "SET SESSION sql_mode=''; CREATE TABLE z (id int PRIMARY KEY, d datetime, day date);"
             "INSERT INTO z VALUES (1, '0000-00-00 00:00:00', '0000-00-00'), (2, '2024-05-01 10:00:00', '2024-05-01')");
  std::string dst = FreshDatabase("postgres");
  auto run = RunFerry({"copy", src, dst, "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto rows = Query(dst, "SELECT d, day FROM z ORDER BY id");
  EXPECT_FALSE(rows[0][0].has_value());
  EXPECT_FALSE(rows[0][1].has_value());
  EXPECT_EQ(*rows[1][0], "2024-05-01 10:00:00");
  EXPECT_NE(run.out.find("zero date"), std::string::npos) << "the summary must say values became NULL:\n" << run.out;
}

// --version names the commit it was built from (as git says, from the
// build directory inside the checkout) and the engine libraries it runs
// with, as those libraries report themselves.
TEST(Cli, VersionNamesTheCommitAndTheLibrariesItRunsWith) {
  auto r = RunFerry({"--version"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(std::string("DuckDB ") + duckdb_library_version()), std::string::npos) << r.out;
  const int pq = PQlibVersion();
  EXPECT_NE(r.out.find("libpq " + std::to_string(pq / 10000) + "." + std::to_string(pq % 10000)), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(std::string("MariaDB Connector/C ") + mysql_get_client_info()), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(std::string("SQLite ") + sqlite3_libversion()), std::string::npos) << r.out;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex(R"(^ferry \d+\.\d+\.\d+ \(git ([0-9a-f]{12}|unknown))")))
      << r.out;
  std::string head;
  if (std::FILE* p = popen("git rev-parse --short=12 HEAD 2>/dev/null", "r")) {
    char buf[64] = {};
    if (std::fgets(buf, sizeof buf, p)) head = buf;
    pclose(p);
  }
  while (!head.empty() && (head.back() == '\n' || head.back() == '\r')) head.pop_back();
  if (!head.empty()) EXPECT_EQ(m[1].str(), head) << r.out;
}

}  // namespace
}  // namespace ferry::test
