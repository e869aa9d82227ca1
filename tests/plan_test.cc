// `ferry run PLAN.yaml` and `ferry verify --plan`: tables and columns
// renamed and dropped on the way, foreign keys following the renames, a
// data-only load into a schema that already has the new names, and verify
// comparing each table with what the plan made of it.
#include <gtest/gtest.h>

#include <fstream>

#include "support/test_env.h"

namespace ferry::test {
namespace {

std::optional<std::string> S(const char* s) { return std::string(s); }

// A SER 0.9-shaped source: subscriber keyed by (username, domain), grp
// referring to it.
std::string SerSource() {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src,
        "CREATE TABLE subscriber (phplib_id TEXT, username VARCHAR(64) NOT NULL, domain VARCHAR(64) NOT NULL, "
        "email_address TEXT, datetime_created DATETIME, PRIMARY KEY (username, domain));\n"
        "CREATE TABLE grp (id INTEGER PRIMARY KEY, username VARCHAR(64) NOT NULL, domain VARCHAR(64) NOT NULL, "
        "grp VARCHAR(50), FOREIGN KEY (username, domain) REFERENCES subscriber(username, domain));\n"
        "INSERT INTO subscriber VALUES ('p1', 'alice', 'example.org', 'a@example.org', '2020-01-01 00:00:00'), "
        "('p2', 'bob', 'example.org', NULL, '2021-06-01 12:30:00');\n"
        "INSERT INTO grp VALUES (1, 'alice', 'example.org', 'admin'), (2, 'bob', 'example.org', 'voip')");
  return src;
}

std::string WritePlan(const std::string& text) {
  std::string path = TempDir() + "/plan.yaml";
  std::ofstream(path) << text;
  return path;
}

const char* kRenames = R"yaml(
source: ${SRC}
target: ${DST}
tables:
  - from: subscriber
    to: subscribers
    columns: {username: user_name, domain: realm}
    drop: [phplib_id]
  - from: grp
    to: groups
    columns: {username: user_name, domain: realm, grp: group_name}
)yaml";

TEST(Plan, RunRenamesAndVerifyComparesInThePlansTerms) {
  const std::string src = SerSource();
  const std::string dst = FreshDatabase("postgres");
  const std::string plan = WritePlan(kRenames);
  auto run = RunFerry({"run", plan, "--set", "SRC=" + src, "--set", "DST=" + dst, "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(Query(dst, "SELECT user_name, realm, email_address, datetime_created FROM subscribers ORDER BY user_name"),
            (std::vector<Row>{{S("alice"), S("example.org"), S("a@example.org"), S("2020-01-01 00:00:00")},
                              {S("bob"), S("example.org"), std::nullopt, S("2021-06-01 12:30:00")}}));
  EXPECT_EQ(Query(dst, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'subscribers' "
                       "AND column_name IN ('phplib_id', 'username', 'domain')"),
            (std::vector<Row>{{S("0")}}));
  EXPECT_EQ(Query(dst, "SELECT id, user_name, group_name FROM groups ORDER BY id"),
            (std::vector<Row>{{S("1"), S("alice"), S("admin")}, {S("2"), S("bob"), S("voip")}}));
  // The keys came along under their new names.
  EXPECT_NE(TryExec(dst, "INSERT INTO subscribers (user_name, realm) VALUES ('alice', 'example.org')"), "");
  EXPECT_NE(TryExec(dst, "INSERT INTO groups (id, user_name, realm) VALUES (3, 'carol', 'example.org')"), "");

  auto v = RunFerry({"verify", "--plan", plan, "--set", "SRC=" + src, "--set", "DST=" + dst});
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  EXPECT_NE(v.out.find("2 of 2 table(s) equal"), std::string::npos) << v.out;
  EXPECT_NE(v.out.find("column phplib_id is dropped by the plan"), std::string::npos) << v.out;
  // Without the plan the renamed tables are simply missing.
  v = RunFerry({"verify", src, dst});
  EXPECT_EQ(v.exit_code, 9) << v.out;
  EXPECT_NE(v.out.find("subscriber"), std::string::npos);
  // A changed value is found and named by its new column name.
  Query(dst, "UPDATE groups SET group_name = 'user' WHERE id = 2");
  v = RunFerry({"verify", "--plan", plan, "--set", "SRC=" + src, "--set", "DST=" + dst});
  EXPECT_EQ(v.exit_code, 9) << v.out;
  EXPECT_NE(v.out.find("id=2"), std::string::npos) << v.out;
  EXPECT_NE(v.out.find("grp -> group_name 'voip' vs 'user'"), std::string::npos) << v.out;
}

// `run --verify` compares exactly the pairs the plan it ran names: each
// renamed table with its new name, column by mapped column, and says which
// source columns the plan did not copy.
TEST(Plan, RunVerifyComparesThePairsThePlanNames) {
  const std::string src = SerSource();
  const std::string dst = FreshDatabase("sqlite");
  const std::string plan = WritePlan(kRenames);
  auto run = RunFerry({"run", plan, "--set", "SRC=" + src, "--set", "DST=" + dst, "--no-progress", "--verify"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("2 of 2 table(s) equal"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("column phplib_id is dropped by the plan"), std::string::npos) << run.out;
  EXPECT_EQ(Query(dst, "SELECT count(*) FROM subscribers"), (std::vector<Row>{{S("2")}}));
}

// The application created the new schema; the plan loads into it by the
// new names, merging by the natural key the plan names.
TEST(Plan, DataOnlyIntoTheNewSchemaByNaturalKey) {
  const std::string src = SerSource();
  const std::string dst = FreshDatabase("mysql");
  Query(dst, "CREATE TABLE subscribers (id INT AUTO_INCREMENT PRIMARY KEY, user_name VARCHAR(64) NOT NULL, "
             "realm VARCHAR(64) NOT NULL, email_address VARCHAR(128), datetime_created DATETIME, "
             "UNIQUE KEY (user_name, realm))");
  Query(dst, "INSERT INTO subscribers (user_name, realm, email_address) VALUES ('bob', 'example.org', 'old@x')");
  const std::string plan = WritePlan(R"yaml(
source: ${SRC}
target: ${DST}
mode: data-only
on_conflict: update
tables:
  - from: subscriber
    to: subscribers
    columns: {username: user_name, domain: realm}
    drop: [phplib_id]
    key: [user_name, realm]
)yaml");
  const std::string report = TempDir() + "/report.json";
  auto run = RunFerry({"run", plan, "--set", "SRC=" + src, "--set", "DST=" + dst, "--no-progress", "--report", report});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(Query(dst, "SELECT user_name, email_address FROM subscribers ORDER BY user_name"),
            (std::vector<Row>{{S("alice"), S("a@example.org")}, {S("bob"), std::nullopt}}));
  std::ifstream in(report);
  std::string json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(json.find("\"command\": \"run\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"rows_inserted\": 1"), std::string::npos) << json;
  EXPECT_NE(json.find("\"rows_updated\": 1"), std::string::npos) << json;
}

// A dropped column takes the keys and foreign keys that use it along, and
// the summary says so; the rest of the schema still arrives.
TEST(Plan, DroppedColumnsTakeTheirKeysWithANote) {
  const std::string src = SerSource();
  const std::string dst = FreshDatabase("sqlite");
  const std::string plan = WritePlan(R"yaml(
source: ${SRC}
target: ${DST}
tables:
  - from: subscriber
  - from: grp
    drop: [domain]
)yaml");
  auto run = RunFerry({"run", plan, "--set", "SRC=" + src, "--set", "DST=" + dst, "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("grp: foreign key to subscriber not created (they use a dropped column)"),
            std::string::npos)
      << run.out;
  EXPECT_EQ(Query(dst, "SELECT count(*) FROM pragma_foreign_key_list('grp')"), (std::vector<Row>{{S("0")}}));
  EXPECT_EQ(Query(dst, "SELECT group_concat(name) FROM pragma_table_info('grp')"),
            (std::vector<Row>{{S("id,username,grp")}}));
  EXPECT_EQ(Query(dst, "SELECT id, username, grp FROM grp ORDER BY id"),
            (std::vector<Row>{{S("1"), S("alice"), S("admin")}, {S("2"), S("bob"), S("voip")}}));
}

// --set values land in the parsed plan, not in its text: a value holding
// every character YAML gives a meaning (and a newline) reaches the source's
// SQL verbatim, so the filter drops exactly the row that holds it.
TEST(Plan, SetValuesArriveVerbatimWhateverTheyHold) {
  const std::string special = "a\" #b: c'{ } [ ] , & * ! | > % @ = \\ ${X}\nend";
  std::string in_sql;  // the same text as a SQL literal's inside: ' doubled
  for (char c : special) in_sql += c == '\'' ? std::string("''") : std::string(1, c);
  const std::string src = FreshDatabase("sqlite", "_src");
  Query(src, "CREATE TABLE notes (id INTEGER PRIMARY KEY, v TEXT NOT NULL);\n"
             "INSERT INTO notes VALUES (1, 'plain'), (2, '" + in_sql + "'), (3, 'a\"');\n"
             "INSERT INTO notes VALUES (4, '" + in_sql.substr(0, in_sql.size() - 4) + "')");
  const std::string dst = FreshDatabase("sqlite");
  const std::string plan = WritePlan(R"yaml(
source: ${SRC}
target: ${DST}      # a comment naming ${UNSET_ANYWHERE} is only a comment
tables:
  - from: notes
    where: "v <> '${V}'"
)yaml");
  auto run = RunFerry({"run", plan, "--set", "SRC=" + src, "--set", "DST=" + dst, "--set", "V=" + in_sql,
                       "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(Query(dst, "SELECT id, v FROM notes ORDER BY id"),
            (std::vector<Row>{{S("1"), S("plain")}, {S("3"), S("a\"")},
                              {S("4"), special.substr(0, special.size() - 4)}}));
}

TEST(Plan, BadPlansAndNamesAreRefusedBeforeAnythingIsWritten) {
  const std::string src = SerSource();
  const std::string dst = FreshDatabase("sqlite");
  auto r = RunFerry({"run", WritePlan("source: ${SRC}\ntarget: ${DST}\ntables:\n  - from: subscribr\n"),
                     "--set", "SRC=" + src, "--set", "DST=" + dst});
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_NE(r.err.find("plan: the source has no table subscribr"), std::string::npos) << r.err;
  r = RunFerry({"run", WritePlan("source: ${SRC}\ntarget: ${DST}\ntables:\n  - from: subscriber\n    drop: [nope]\n"),
                "--set", "SRC=" + src, "--set", "DST=" + dst});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("plan: table subscriber has no column nope"), std::string::npos) << r.err;
  r = RunFerry({"run", WritePlan("source: ${SRC}\ntarget: ${DST}\ntables:\n  - from: subscriber\n    colums: {}\n"),
                "--set", "SRC=" + src, "--set", "DST=" + dst});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("plan.yaml:5: unknown key 'colums'"), std::string::npos) << r.err;
  r = RunFerry({"run", WritePlan(kRenames), "--set", "SRC=" + src});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("${DST} is not set"), std::string::npos) << r.err;
  r = RunFerry({"run", WritePlan(kRenames), "--set", "oops"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--set 'oops': expected NAME=VALUE"), std::string::npos) << r.err;
  EXPECT_EQ(Query(dst, "SELECT count(*) FROM sqlite_master"), (std::vector<Row>{{S("0")}}));
}

}  // namespace
}  // namespace ferry::test
