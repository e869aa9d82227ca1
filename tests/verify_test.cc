// Whole-tool tests of `ferry verify`: faithful cross-engine copies verify
// equal; changed, deleted and added rows are named by key; missing tables
// and columns are reported; --tables, --json-normalize and --float-digits
// change what counts as equal. Real servers, no mocks.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/test_env.h"

namespace ferry::test {
namespace {

nlohmann::json ReadJson(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

std::string Explain(const RunResult& r) { return "stdout:\n" + r.out + "\nstderr:\n" + r.err; }

// Source tables created natively per engine, with the types that differ
// most between engines: floats, decimals, bools, timestamps, JSON, unicode.
const char* SourceSql(const std::string& engine) {
  if (engine == "sqlite")
    return R"sql(
CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, price DECIMAL(10,2), ratio REAL, flag BOOLEAN,
                    seen DATETIME, doc JSON, note TEXT);
INSERT INTO items VALUES (1, 'Zoë ☃', '12.50', 0.1, 1, '2024-02-29 23:59:59.123456', '{"b":1,"a":[1,2]}', ''),
                         (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                         (3, '日本語', '-0.01', 1e300, 0, '1970-01-01 00:00:00', '[]', 'x'),
                         (4, 'tab	quote''s', '0.00', -2.5e-300, 1, '2099-12-31 00:00:00.5', '{"k":"v"}', 'NULL');
)sql";
  if (engine == "postgres")
    return R"sql(
CREATE TABLE items (id integer PRIMARY KEY, name varchar(40), price numeric(10,2), ratio double precision,
                    small real, flag boolean, seen timestamp(6), seen_tz timestamptz, day date, doc jsonb,
                    u uuid, note text);
INSERT INTO items VALUES
  (1, 'Zoë ☃', 12.50, 0.1, 0.1, true, '2024-02-29 23:59:59.123456', '2024-02-29 23:59:59.5+02', '2024-02-29',
   '{"b":1,"a":[1,2]}', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', ''),
  (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (3, '日本語', -0.01, 1e300, 3.25, false, '1970-01-01 00:00:00', '1970-01-01 00:00:00+00', '1970-01-01',
   '[]', '00000000-0000-0000-0000-000000000000', 'x');
)sql";
  return R"sql(
CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(40) CHARACTER SET utf8mb4, price DECIMAL(10,2),
                    ratio DOUBLE, small FLOAT, flag TINYINT(1), seen DATETIME(6), day DATE, doc JSON, note TEXT);
INSERT INTO items VALUES
  (1, 'Zoë ☃', 12.50, 0.1, 0.1, 1, '2024-02-29 23:59:59.123456', '2024-02-29', '{"b":1,"a":[1,2]}', ''),
  (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (3, '日本語', -0.01, 1e300, 3.25, 0, '1970-01-01 00:00:00', '1970-01-01', '[]', 'x');
)sql";
}

class VerifyFaithfulCopy : public ::testing::TestWithParam<std::pair<std::string, std::string>> {};

TEST_P(VerifyFaithfulCopy, ReportsEqual) {
  const auto& [from, to] = GetParam();
  std::string src = FreshDatabase(from, "_src");
  Query(src, SourceSql(from));
  std::string dst = FreshDatabase(to, "_dst");
  auto copy = RunFerry({"copy", src, dst, "--no-progress"});
  ASSERT_EQ(copy.exit_code, 0) << Explain(copy);
  std::string report = TempDir() + "/verify.json";
  auto run = RunFerry({"verify", src, dst, "--report", report});
  EXPECT_EQ(run.exit_code, 0) << Explain(run);
  EXPECT_NE(run.out.find("equal"), std::string::npos) << run.out;
  auto j = ReadJson(report);
  EXPECT_EQ(j["exit_code"], 0);
  EXPECT_TRUE(j["equal"].get<bool>());
  ASSERT_EQ(j["tables"].size(), 1u);
  EXPECT_EQ(j["tables"][0]["status"], "equal");
  EXPECT_GE(j["tables"][0]["rows_source"].get<int64_t>(), 3);
  // Passwords never reach output or report.
  EXPECT_EQ(run.out.find(kPassword), std::string::npos);
  EXPECT_EQ(run.err.find(kPassword), std::string::npos);
  EXPECT_EQ(j.dump().find(kPassword), std::string::npos);
  // Every column pair had a common meaning, and every value was read.
  EXPECT_TRUE(j["tables"][0]["notes"].empty()) << j["tables"][0]["notes"].dump();

  // The same comparison does see a one-value change.
  Query(dst, "UPDATE items SET note = 'changed' WHERE id = 3");
  auto changed = RunFerry({"verify", src, dst, "--report", report});
  EXPECT_EQ(changed.exit_code, 9) << Explain(changed);
  EXPECT_EQ(ReadJson(report)["tables"][0]["differences"][0]["key"], "id=3");
}

INSTANTIATE_TEST_SUITE_P(Pairs, VerifyFaithfulCopy,
                         ::testing::Values(std::make_pair("sqlite", "postgres"), std::make_pair("postgres", "mysql"),
                                           std::make_pair("mysql", "duckdb")),
                         [](const auto& info) { return info.param.first + "_to_" + info.param.second; });

TEST(Verify, NamesChangedDeletedAndAddedRows) {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src, R"sql(
CREATE TABLE big (id INTEGER PRIMARY KEY, name TEXT NOT NULL, amount REAL, created DATETIME);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 20000)
INSERT INTO big SELECT i, 'name ' || i, i * 0.25, datetime(1700000000 + i * 60, 'unixepoch') FROM c;
)sql");
  std::string dst = FreshDatabase("postgres", "_dst");
  auto copy = RunFerry({"copy", src, dst, "--no-progress"});
  ASSERT_EQ(copy.exit_code, 0) << Explain(copy);
  Query(dst, "UPDATE big SET name = 'changed' WHERE id = 777; DELETE FROM big WHERE id = 12345; "
             "INSERT INTO big VALUES (30000, 'new', 1.5, NULL)");

  std::string report = TempDir() + "/verify.json";
  auto run = RunFerry({"verify", src, dst, "--report", report});
  ASSERT_EQ(run.exit_code, 9) << Explain(run);
  EXPECT_NE(run.out.find("DIFFERENT"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("id=777: different: name 'name 777' vs 'changed'"), std::string::npos) << run.out;
  auto j = ReadJson(report);
  EXPECT_EQ(j["exit_code"], 9);
  const auto& t = j["tables"][0];
  EXPECT_EQ(t["status"], "different");
  EXPECT_EQ(t["rows_source"], 20000);
  EXPECT_EQ(t["rows_target"], 20000);
  EXPECT_EQ(t["rows_differing"], 3);
  ASSERT_EQ(t["differences"].size(), 3u) << t.dump(2);
  EXPECT_EQ(t["differences"][0]["key"], "id=777");
  EXPECT_EQ(t["differences"][0]["kind"], "different");
  ASSERT_EQ(t["differences"][0]["columns"].size(), 1u);
  EXPECT_EQ(t["differences"][0]["columns"][0]["column"], "name");
  EXPECT_EQ(t["differences"][0]["columns"][0]["source"], "name 777");
  EXPECT_EQ(t["differences"][0]["columns"][0]["target"], "changed");
  EXPECT_EQ(t["differences"][1]["key"], "id=12345");
  EXPECT_EQ(t["differences"][1]["kind"], "missing in target");
  EXPECT_EQ(t["differences"][2]["key"], "id=30000");
  EXPECT_EQ(t["differences"][2]["kind"], "missing in source");

  // --show limits the list, not the count.
  auto few = RunFerry({"verify", src, dst, "--show", "1", "--report", report});
  ASSERT_EQ(few.exit_code, 9) << Explain(few);
  auto k = ReadJson(report);
  EXPECT_EQ(k["tables"][0]["rows_differing"], 3);
  EXPECT_EQ(k["tables"][0]["differences"].size(), 1u);
  EXPECT_NE(few.out.find("2 more"), std::string::npos) << few.out;
}

// At scale and across engines: a million rows made in PostgreSQL, copied to
// MariaDB, then one value changed, one row deleted and one added there.
// verify names exactly those three, by key, through bisection.
TEST(Verify, FindsThreeDifferencesInAMillionRowsAcrossEngines) {
  std::string src = FreshDatabase("postgres", "_src");
  Query(src, "CREATE TABLE events (id bigint PRIMARY KEY, kind text NOT NULL, amount numeric(12,2), at timestamp);"
             "INSERT INTO events SELECT i, 'kind ' || (i % 97), (i % 100000) / 100.0, "
             "timestamp '2024-01-01' + i * interval '1 second' FROM generate_series(1, 1000000) AS i");
  std::string dst = FreshDatabase("mysql", "_dst");
  auto copy = RunFerry({"copy", src, dst, "--no-progress"});
  ASSERT_EQ(copy.exit_code, 0) << Explain(copy);
  Query(dst, "UPDATE events SET amount = amount + 0.01 WHERE id = 654321; DELETE FROM events WHERE id = 99999; "
             "INSERT INTO events VALUES (1000001, 'late', NULL, NULL)");
  std::string report = TempDir() + "/verify.json";
  auto run = RunFerry({"verify", src, dst, "--report", report});
  ASSERT_EQ(run.exit_code, 9) << Explain(run);
  auto t = ReadJson(report)["tables"][0];
  EXPECT_EQ(t["rows_source"], 1000000);
  EXPECT_EQ(t["rows_target"], 1000000);
  EXPECT_EQ(t["rows_differing"], 3);
  ASSERT_EQ(t["differences"].size(), 3u) << t.dump(2);
  EXPECT_EQ(t["differences"][0]["key"], "id=99999");
  EXPECT_EQ(t["differences"][0]["kind"], "missing in target");
  EXPECT_EQ(t["differences"][1]["key"], "id=654321");
  EXPECT_EQ(t["differences"][1]["columns"][0]["column"], "amount");
  EXPECT_EQ(t["differences"][1]["columns"][0]["source"], "543.21");
  EXPECT_EQ(t["differences"][1]["columns"][0]["target"], "543.22");
  EXPECT_EQ(t["differences"][2]["key"], "id=1000001");
  EXPECT_EQ(t["differences"][2]["kind"], "missing in source");
}

TEST(Verify, MissingTableAndColumnAreDifferences) {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src, R"sql(
CREATE TABLE keep (id INTEGER PRIMARY KEY, v TEXT);
CREATE TABLE shrunk (id INTEGER PRIMARY KEY, a TEXT, gone TEXT);
CREATE TABLE lost (id INTEGER PRIMARY KEY);
INSERT INTO keep VALUES (1, 'a'), (2, 'b');
INSERT INTO shrunk VALUES (1, 'x', 'y');
INSERT INTO lost VALUES (1);
)sql");
  std::string dst = FreshDatabase("duckdb", "_dst");
  auto copy = RunFerry({"copy", src, dst, "--no-progress"});
  ASSERT_EQ(copy.exit_code, 0) << Explain(copy);
  Query(dst, "DROP TABLE lost; ALTER TABLE shrunk DROP COLUMN gone; ALTER TABLE keep ADD COLUMN extra INTEGER");

  std::string report = TempDir() + "/verify.json";
  auto run = RunFerry({"verify", src, dst, "--report", report});
  ASSERT_EQ(run.exit_code, 9) << Explain(run);
  EXPECT_NE(run.out.find("table lost is missing in the target"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("column gone is missing in the target"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("target column extra is not in the source"), std::string::npos) << run.out;
  auto j = ReadJson(report);
  std::map<std::string, std::string> status;
  for (const auto& t : j["tables"]) status[t["table"]] = t["status"];
  EXPECT_EQ(status["keep"], "equal");
  EXPECT_EQ(status["shrunk"], "different");
  EXPECT_EQ(status["lost"], "missing");

  // --tables and --exclude choose what is compared.
  auto only_keep = RunFerry({"verify", src, dst, "--tables", "kee*", "--report", report});
  EXPECT_EQ(only_keep.exit_code, 0) << Explain(only_keep);
  EXPECT_EQ(ReadJson(report)["tables"].size(), 1u);
  auto excluded = RunFerry({"verify", src, dst, "--exclude", "lost,shrunk"});
  EXPECT_EQ(excluded.exit_code, 0) << Explain(excluded);
  auto no_match = RunFerry({"verify", src, dst, "--tables", "nothing*"});
  EXPECT_NE(no_match.exit_code, 0);
  EXPECT_NE(no_match.exit_code, 9);
  EXPECT_NE(no_match.err.find("nothing*"), std::string::npos) << no_match.err;
}

TEST(Verify, JsonNormalizeIgnoresKeyOrder) {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src, R"sql(CREATE TABLE docs (id INTEGER PRIMARY KEY, doc JSON);
INSERT INTO docs VALUES (1, '{"b":1,"a":2}'), (2, '{"z":[1,{"y":true,"x":null}]}'), (3, 'not json');)sql");
  std::string dst = FreshDatabase("postgres", "_dst");
  // jsonb stores keys sorted and spaced its own way: same meaning, other text.
  Query(dst, R"sql(CREATE TABLE docs (id integer PRIMARY KEY, doc jsonb);
INSERT INTO docs VALUES (1, '{"b":1,"a":2}'), (2, '{"z":[1,{"y":true,"x":null}]}'), (3, '"not json"');)sql");
  auto strict = RunFerry({"verify", src, dst});
  EXPECT_EQ(strict.exit_code, 9) << Explain(strict);
  // Row 3 still differs with the flag: 'not json' is not JSON, '"not json"' is.
  Query(dst, R"sql(DELETE FROM docs WHERE id = 3)sql");
  Query(src, R"sql(DELETE FROM docs WHERE id = 3)sql");
  auto normalized = RunFerry({"verify", src, dst, "--json-normalize"});
  EXPECT_EQ(normalized.exit_code, 0) << Explain(normalized);
  EXPECT_EQ(RunFerry({"verify", src, dst}).exit_code, 9);
}

TEST(Verify, FloatDigitsAndCrossTypeComparisons) {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src, R"sql(CREATE TABLE m (id INTEGER PRIMARY KEY, f REAL, flag INTEGER, at TEXT, amount REAL, price DECIMAL(8,3));
INSERT INTO m VALUES (1, 0.1 + 0.2, 1, '2024-01-01T10:00:00Z', 12.5, '1.500'), (2, 1.0, 0, '2024-06-30 23:59:59.25+02:00', 0, '-0.000');)sql");
  std::string dst = FreshDatabase("postgres", "_dst");
  Query(dst, R"sql(CREATE TABLE m (id integer PRIMARY KEY, f double precision, flag boolean, at timestamptz,
                              amount numeric(10,2), price numeric(8,1));
INSERT INTO m VALUES (1, 0.3, true, '2024-01-01 10:00:00+00', 12.50, 1.5), (2, 1, false, '2024-06-30 21:59:59.25+00', 0.00, 0.0);)sql");
  auto loose = RunFerry({"verify", src, dst});
  EXPECT_EQ(loose.exit_code, 0) << Explain(loose);
  std::string report = TempDir() + "/verify.json";
  auto strict = RunFerry({"verify", src, dst, "--float-digits", "17", "--report", report});
  EXPECT_EQ(strict.exit_code, 9) << Explain(strict);
  auto j = ReadJson(report);
  ASSERT_EQ(j["tables"][0]["differences"].size(), 1u) << j.dump(2);
  EXPECT_EQ(j["tables"][0]["differences"][0]["key"], "id=1");
  EXPECT_EQ(j["tables"][0]["differences"][0]["columns"][0]["column"], "f");
}

TEST(Verify, TableWithoutIntegerKeyIsDiffedInMemory) {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src, R"sql(CREATE TABLE tags (name TEXT, n INTEGER);
INSERT INTO tags VALUES ('a', 1), ('a', 1), ('b', 2);)sql");
  std::string dst = FreshDatabase("mysql", "_dst");
  Query(dst, R"sql(CREATE TABLE tags (name VARCHAR(10), n INT);
INSERT INTO tags VALUES ('a', 1), ('b', 2), ('c', 3);)sql");
  std::string report = TempDir() + "/verify.json";
  auto run = RunFerry({"verify", src, dst, "--report", report});
  ASSERT_EQ(run.exit_code, 9) << Explain(run);
  auto t = ReadJson(report)["tables"][0];
  EXPECT_EQ(t["rows_differing"], 2) << t.dump(2);
  ASSERT_EQ(t["differences"].size(), 2u);
  EXPECT_EQ(t["differences"][0]["kind"], "missing in target");
  EXPECT_EQ(t["differences"][0]["key"], "('a', '1')");
  EXPECT_EQ(t["differences"][1]["kind"], "missing in source");
}

TEST(Verify, ErrorsUseTheUsualExitCodes) {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
  auto bad = RunFerry({"verify", src, "postgres://ferry:wrong@127.0.0.1:" + std::to_string(PostgresPort()) + "/nope"});
  EXPECT_EQ(bad.exit_code, 5) << Explain(bad);
  EXPECT_EQ(bad.err.find("wrong"), std::string::npos) << bad.err;
  auto usage = RunFerry({"verify", src, src, "--float-digits", "40"});
  EXPECT_EQ(usage.exit_code, 2) << Explain(usage);
}

}  // namespace
}  // namespace ferry::test
