// Plan transforms (`sql:` entries, docs/plans.md): queries in DuckDB's SQL
// over the source's tables, streamed from the source engine and written
// through the executor like any copy. Each transform kind is checked by the
// rows that arrived in a real target: lookup join, generated id, JSON
// rewrite, one row into many, several entries into one table, filters and
// variables; errors name the plan's file and line before anything is
// written; a transform killed mid-table resumes to every row once.
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/interrupt.h"
#include "support/test_env.h"

namespace ferry::test {
namespace {

std::optional<std::string> S(const char* s) { return std::string(s); }

std::string WritePlan(const std::string& text) {
  std::string path = TempDir() + "/plan.yaml";
  std::ofstream(path) << text;
  return path;
}

int64_t Count(const std::string& uri, const std::string& sql) {
  return std::stoll(*Query(uri, sql).at(0).at(0));
}

// Users in one table, their domains in another, settings as JSON text and
// tags as a comma list: what a schema version often flattens or splits.
std::string UsersSource() {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src,
        "CREATE TABLE domain (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);\n"
        "CREATE TABLE subscriber (username TEXT NOT NULL, domain TEXT NOT NULL, email TEXT, created TEXT, "
        "settings TEXT, tags TEXT, PRIMARY KEY (username, domain));\n"
        "CREATE TABLE grp (username TEXT, domain TEXT, grp TEXT);\n"
        "INSERT INTO domain VALUES (10, 'example.org'), (20, 'test.net');\n"
        "INSERT INTO subscriber VALUES "
        "('alice', 'example.org', 'a@example.org', '2024-03-01', '{\"color\": \"dark\", \"lang\": \"cs\"}', 'vip,beta'), "
        "('bob', 'example.org', NULL, '2023-01-01', '{\"color\": \"light\"}', ''), "
        "('carol', 'test.net', 'c@test.net', '2024-06-30', NULL, 'beta');\n"
        "INSERT INTO grp VALUES ('alice', 'example.org', 'admin'), ('carol', 'test.net', 'voip')");
  return src;
}

// uuid5(NAMESPACE_URL, 'user:<name>@<domain>'), from Python's uuid module.
constexpr const char* kAlice = "9a15e855-017e-58fe-b3c2-2f80e3874a5b";
constexpr const char* kBob = "014101e5-0ceb-51ff-8e89-3834ef89158b";
constexpr const char* kCarol = "1a4333ba-82af-53e5-b0a1-35e946389910";

const char* kUsersPlan = R"yaml(
source: ${SRC}
target: ${DST}
on_conflict: skip
tables:
  - name: users
    sql: |
      SELECT uuid_v5('url', 'user:' || s.username || '@' || s.domain) AS uid,
             s.username AS name, d.id AS domain_id, s.email
      FROM src.subscriber s JOIN src.domain d ON d.name = s.domain
    to: users
    key: [uid]
  - name: prefs
    sql: |
      SELECT uuid_v5('url', 'user:' || username || '@' || domain) AS uid,
             json_object('theme', settings::JSON->>'$.color', 'version', 2) AS data
      FROM src.subscriber WHERE settings IS NOT NULL
    to: prefs
    key: [uid]
  - name: tags
    sql: |
      SELECT uid, tag FROM (
        SELECT uuid_v5('url', 'user:' || username || '@' || domain) AS uid,
               unnest(string_split(tags, ',')) AS tag
        FROM src.subscriber) WHERE tag <> ''
    to: user_tags
    key: [uid, tag]
  - name: groups
    sql: |
      SELECT uuid_v5('url', 'user:' || username || '@' || domain) AS uid, 'group:' || grp AS tag
      FROM src.grp
    to: user_tags
    key: [uid, tag]
  - name: recent
    sql: SELECT username, CAST(created AS DATE) AS created FROM src.subscriber WHERE created >= '${SINCE}'
    where: "username <> 'carol'"
    to: recent_users
    key: username
)yaml";

TEST(Transform, LookupGeneratedIdJsonFanOutFanInFilterAndVariableArriveInTheTarget) {
  const std::string src = UsersSource();
  const std::string dst = FreshDatabase("postgres");
  const std::string plan = WritePlan(kUsersPlan);
  auto run = RunFerry({"run", plan, "--set", "SRC=" + src, "--set", "DST=" + dst, "--set", "SINCE=2024-01-01",
                       "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  // Lookup join and generated id.
  EXPECT_EQ(Query(dst, "SELECT uid, name, domain_id, email FROM users ORDER BY name"),
            (std::vector<Row>{{S(kAlice), S("alice"), S("10"), S("a@example.org")},
                              {S(kBob), S("bob"), S("10"), std::nullopt},
                              {S(kCarol), S("carol"), S("20"), S("c@test.net")}}));
  // JSON rewritten: one key renamed, one dropped, one added.
  EXPECT_EQ(Query(dst, "SELECT uid, data->>'theme', data->>'version', data->>'lang' FROM prefs ORDER BY uid"),
            (std::vector<Row>{{S(kBob), S("light"), S("2"), std::nullopt},
                              {S(kAlice), S("dark"), S("2"), std::nullopt}}));
  // One row into several (tags), and two entries into one table (groups).
  EXPECT_EQ(Query(dst, "SELECT tag, uid FROM user_tags ORDER BY tag, uid"),
            (std::vector<Row>{{S("beta"), S(kCarol)},
                              {S("beta"), S(kAlice)},
                              {S("group:admin"), S(kAlice)},
                              {S("group:voip"), S(kCarol)},
                              {S("vip"), S(kAlice)}}));
  // The query's own WHERE with a variable, then the entry's where:.
  EXPECT_EQ(Query(dst, "SELECT username, created FROM recent_users ORDER BY username"),
            (std::vector<Row>{{S("alice"), S("2024-03-01")}}));
  // The key of a sql: entry is the created table's primary key.
  EXPECT_NE(TryExec(dst, std::string("INSERT INTO users (uid, name) VALUES ('") + kAlice + "', 'dup')"), "");

  // A second run changes nothing: every key is there, every row skipped.
  auto again = RunFerry({"run", plan, "--set", "SRC=" + src, "--set", "DST=" + dst, "--set", "SINCE=2024-01-01",
                         "--no-progress"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(Count(dst, "SELECT count(*) FROM users"), 3);
  EXPECT_EQ(Count(dst, "SELECT count(*) FROM user_tags"), 5);
}

// `--verify` and `ferry verify --plan` compare each entry's query with its
// table, and a table several entries feed with all their rows at once.
TEST(Transform, VerifyComparesEveryEntryAndAllEntriesOfATableAtOnce) {
  const std::string src = UsersSource();
  const std::string dst = FreshDatabase("postgres");
  const std::string plan = WritePlan(kUsersPlan);
  const std::vector<std::string> sets = {"--set", "SRC=" + src, "--set", "DST=" + dst, "--set", "SINCE=2024-01-01"};
  std::vector<std::string> run = {"run", plan, "--verify", "--no-progress"};
  run.insert(run.end(), sets.begin(), sets.end());
  auto ran = RunFerry(run);
  ASSERT_EQ(ran.exit_code, 0) << ran.out << ran.err;
  EXPECT_NE(ran.out.find("user_tags"), std::string::npos) << ran.out;

  std::vector<std::string> verify = {"verify", "--plan", plan};
  verify.insert(verify.end(), sets.begin(), sets.end());
  auto same = RunFerry(verify);
  EXPECT_EQ(same.exit_code, 0) << same.out << same.err;
  // A row one entry made is lost: verify names the table and the row.
  Query(dst, std::string("DELETE FROM user_tags WHERE tag = 'group:voip'"));
  auto differs = RunFerry(verify);
  EXPECT_EQ(differs.exit_code, 9) << differs.out << differs.err;
  EXPECT_NE(differs.out.find("group:voip"), std::string::npos) << differs.out;
}

// ferry's SQL functions as a query sees them: SIP URI parts of header-style
// values (display names, brackets, params, IPv6, tel:), NULL for what holds
// no URI and for NULL, and uuid_v5 against RFC 9562's vector.
TEST(Transform, SipAndUuidFunctionsInQueries) {
  const std::string src = FreshDatabase("sqlite", "_src");
  Query(src,
        "CREATE TABLE calls (id INTEGER PRIMARY KEY, uri TEXT);\n"
        "INSERT INTO calls VALUES (1, '\"Alice Smith\" <sip:alice@example.com:5061;transport=tls>;tag=9'), "
        "(2, 'sips:bob@[2001:db8::1];lr'), (3, 'tel:+1-212-555-0100;phone-context=example.com'), "
        "(4, 'sip:example.org'), (5, 'alice@example.com'), (6, NULL)");
  const std::string dst = FreshDatabase("sqlite");
  const std::string plan = WritePlan(
      "source: ${SRC}\ntarget: ${DST}\ntables:\n"
      "  - sql: |\n"
      "      SELECT id, sip_user(uri) AS u, sip_host(uri) AS h, sip_port(uri) AS p, sip_params(uri) AS params,\n"
      "             uuid_v5('dns', 'www.example.com') AS v5 FROM src.calls\n"
      "    to: parts\n"
      "    key: [id]\n");
  auto run = RunFerry({"run", plan, "--set", "SRC=" + src, "--set", "DST=" + dst, "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(Query(dst, "SELECT id, u, h, p, params FROM parts ORDER BY id"),
            (std::vector<Row>{{S("1"), S("alice"), S("example.com"), S("5061"), S("transport=tls")},
                              {S("2"), S("bob"), S("2001:db8::1"), std::nullopt, S("lr")},
                              {S("3"), S("+1-212-555-0100"), S(""), std::nullopt, S("phone-context=example.com")},
                              {S("4"), S(""), S("example.org"), std::nullopt, S("")},
                              {S("5"), std::nullopt, std::nullopt, std::nullopt, std::nullopt},
                              {S("6"), std::nullopt, std::nullopt, std::nullopt, std::nullopt}}));
  EXPECT_EQ(Query(dst, "SELECT DISTINCT v5 FROM parts"),
            (std::vector<Row>{{S("2ed6657d-e927-568b-95e1-2665a8aea6a2")}}));
}

// A row of a query the target refuses goes to the reject file with its
// reason and is counted, as for a copy; the other rows arrive.
TEST(Transform, RowsTheTargetRefusesAreRejectedAndCounted) {
  const std::string src = UsersSource();
  const std::string dst = FreshDatabase("postgres");
  Query(dst, "CREATE TABLE short_names (name varchar(4) PRIMARY KEY, domain text)");
  const std::string dir = TempDir();
  const std::string plan = WritePlan(
      "source: ${SRC}\ntarget: ${DST}\nmode: data-only\ntables:\n"
      "  - sql: SELECT username AS name, domain FROM src.subscriber\n"
      "    to: short_names\n");
  auto run = RunFerry({"run", plan, "--set", "SRC=" + src, "--set", "DST=" + dst, "--no-progress",
                       "--reject-file", dir + "/rejects.jsonl", "--report", dir + "/run.json"});
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  EXPECT_EQ(Query(dst, "SELECT name, domain FROM short_names ORDER BY name"),
            (std::vector<Row>{{S("bob"), S("example.org")}}));
  std::ifstream rejects(dir + "/rejects.jsonl");
  std::vector<nlohmann::json> lines;
  for (std::string line; std::getline(rejects, line);) lines.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(lines.size(), 2u);
  std::string values;
  for (const auto& l : lines) {
    EXPECT_EQ(l["table"], "short_names");
    EXPECT_NE(l["reason"].get<std::string>().find("too long"), std::string::npos) << l.dump();
    values += l["values"].dump();
  }
  EXPECT_NE(values.find("alice"), std::string::npos) << values;
  EXPECT_NE(values.find("carol"), std::string::npos) << values;
  std::ifstream report(dir + "/run.json");
  auto json = nlohmann::json::parse(report);
  EXPECT_EQ(json["rows_rejected"], 2);
}

TEST(Transform, SqlErrorNamesTheFileLineAndDuckdbsMessageBeforeWriting) {
  const std::string src = UsersSource();
  const std::string dst = FreshDatabase("postgres");
  const std::string plan = WritePlan(
      "source: ${SRC}\n"
      "target: ${DST}\n"
      "tables:\n"
      "  - from: domain\n"
      "  - name: users\n"
      "    sql: SELECT nosuchcolumn FROM src.subscriber\n"
      "    to: users\n");
  auto run = RunFerry({"run", plan, "--set", "SRC=" + src, "--set", "DST=" + dst, "--no-progress"});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.err.find(plan + ":6"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("nosuchcolumn"), std::string::npos) << run.err;
  EXPECT_EQ(Count(dst, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), 0);

  // A source table the source does not have.
  const std::string plan2 = WritePlan(
      "source: ${SRC}\ntarget: ${DST}\ntables:\n  - sql: SELECT * FROM src.nosuchtable\n    to: x\n");
  auto run2 = RunFerry({"run", plan2, "--set", "SRC=" + src, "--set", "DST=" + dst, "--no-progress"});
  EXPECT_NE(run2.exit_code, 0);
  EXPECT_NE(run2.err.find(plan2 + ":4"), std::string::npos) << run2.err;
  EXPECT_NE(run2.err.find("nosuchtable"), std::string::npos) << run2.err;

  // A key the query does not yield.
  const std::string plan3 = WritePlan(
      "source: ${SRC}\ntarget: ${DST}\ntables:\n  - sql: SELECT username FROM src.subscriber\n    to: x\n"
      "    key: [uid]\n");
  auto run3 = RunFerry({"run", plan3, "--set", "SRC=" + src, "--set", "DST=" + dst, "--no-progress"});
  EXPECT_NE(run3.exit_code, 0);
  EXPECT_NE(run3.err.find("key column uid"), std::string::npos) << run3.err;
}

TEST(Transform, DryRunBindsEveryQueryAndWritesNothing) {
  const std::string src = UsersSource();
  const std::string dst = FreshDatabase("postgres");
  const std::string plan = WritePlan(kUsersPlan);
  auto run = RunFerry({"run", plan, "--set", "SRC=" + src, "--set", "DST=" + dst, "--set", "SINCE=2024-01-01",
                       "--dry-run", "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("user_tags"), std::string::npos) << run.out;
  EXPECT_EQ(Count(dst, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), 0);
}

// Zero dates of a MariaDB source reach the query as NULL, and the summary
// counts them; the query decides what the target gets.
TEST(Transform, ZeroDatesReachTheQueryAsNullAndAreCounted) {
  const std::string src = FreshDatabase("mysql", "_src");
  Query(src,
        "SET SESSION sql_mode = '';\n"
        "CREATE TABLE location (username VARCHAR(64) NOT NULL, expires DATETIME NOT NULL "
        "DEFAULT '0000-00-00 00:00:00', PRIMARY KEY (username)) ENGINE=MyISAM;\n"
        "INSERT INTO location VALUES ('alice', '0000-00-00 00:00:00'), ('bob', '2024-05-01 10:00:00'), "
        "('carol', '0000-00-00 00:00:00')");
  const std::string dst = FreshDatabase("sqlite");
  const std::string plan = WritePlan(
      "source: ${SRC}\ntarget: ${DST}\ntables:\n"
      "  - sql: |\n"
      "      SELECT username, COALESCE(expires, TIMESTAMP '1970-01-01 00:00:00') AS expires FROM src.location\n"
      "    to: location\n");
  auto run = RunFerry({"run", plan, "--set", "SRC=" + src, "--set", "DST=" + dst, "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(Query(dst, "SELECT username, expires FROM location ORDER BY username"),
            (std::vector<Row>{{S("alice"), S("1970-01-01 00:00:00")},
                              {S("bob"), S("2024-05-01 10:00:00")},
                              {S("carol"), S("1970-01-01 00:00:00")}}));
  EXPECT_NE(run.out.find("2 value(s) of location.expires reached the queries as NULL"), std::string::npos)
      << run.out;
}

// A transform killed (SIGKILL) mid-table and run again ends with every row
// once: the resumed entry reads its query again and skips by its key the
// rows already committed, leaving another entry's rows in the same table.
TEST(Transform, KilledMidTableResumesToEveryRowOnce) {
  constexpr int64_t kRows = 200000;
  const std::string src = FreshDatabase("sqlite", "_src");
  Query(src,
        "CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT, kind INTEGER);\n"
        "CREATE TABLE kind (id INTEGER PRIMARY KEY, label TEXT);\n"
        "INSERT INTO kind VALUES (0, 'even'), (1, 'odd');\n"
        "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 200000) "
        "INSERT INTO item SELECT i, 'item ' || i, i % 2 FROM c");
  const std::string dst = FreshDatabase("postgres");
  const std::string plan = WritePlan(
      "source: ${SRC}\ntarget: ${DST}\ntables:\n"
      "  - sql: |\n"
      "      SELECT i.id, upper(i.name) AS name, k.label FROM src.item i JOIN src.kind k ON k.id = i.kind\n"
      "    to: items\n"
      "    key: [id]\n"
      "  - name: kinds\n"
      "    sql: SELECT id + 1000000 AS id, 'KIND ' || label AS name, label FROM src.kind\n"
      "    to: items\n"
      "    key: [id]\n");
  const std::vector<std::string> args = {"run", plan, "--set", "SRC=" + src, "--set", "DST=" + dst,
                                         "--no-progress", "--commit-every", "10000", "--batch-rows", "5000",
                                         "--rate", "150000"};
  InterruptedRuns runs = RunInterrupted(args, SIGKILL);
  ASSERT_EQ(runs.failure, "");
  EXPECT_GE(runs.stopped, 1);
  EXPECT_GE(runs.resumed, 1);
  // The other entry's rows into the same table stay: a resumed entry skips
  // what is there instead of emptying the table.
  EXPECT_EQ(Count(dst, "SELECT count(*) FROM items"), kRows + 2);
  EXPECT_EQ(Count(dst, "SELECT count(DISTINCT id) FROM items"), kRows + 2);
  EXPECT_EQ(Count(dst, "SELECT count(*) FROM items WHERE id > 200000 AND name = 'KIND ' || label"), 2);
  EXPECT_EQ(Count(dst, "SELECT count(*) FROM items WHERE id <= 200000 AND (name <> 'ITEM ' || id OR label <> "
                       "CASE WHEN id % 2 = 0 THEN 'even' ELSE 'odd' END)"),
            0);
}

}  // namespace
}  // namespace ferry::test
