// Plan files: what a plan says becomes CopyOptions; a malformed plan is
// refused naming the file, the line and the problem.
#include "plan/plan_file.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace ferry {
namespace {

const char* kPlan = R"yaml(# SER 0.9 -> 2.0, the subscriber table
source: mysql://ser:${PW}@127.0.0.1/ser
target: postgres://ser@127.0.0.1/ser2
mode: data-only
truncate: true
on_conflict: update
tables:
  - from: subscriber
    to: subscribers
    columns: {username: user_name, domain: realm}
    drop: [phplib_id]
    where: "datetime_created > '2020-01-01'"
    key: [user_name, realm]
  - from: "grp[1]"
)yaml";

TEST(PlanFile, BecomesCopyOptions) {
  auto plan = ParsePlanFile(kPlan, "ser.yaml", {{"PW", "s3cret"}});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->source, "mysql://ser:s3cret@127.0.0.1/ser");
  EXPECT_EQ(plan->options.mode, SchemaMode::kDataOnly);
  EXPECT_TRUE(plan->options.truncate);
  EXPECT_EQ(plan->options.on_conflict, ConflictMode::kUpdate);
  // Exact names, glob characters escaped.
  EXPECT_EQ(plan->options.tables, (std::vector<std::string>{"subscriber", "grp\\[1\\]"}));
  ASSERT_EQ(plan->options.mappings.size(), 2u);
  const TableMapping& m = plan->options.mappings[0];
  EXPECT_EQ(m.TargetTable(), "subscribers");
  EXPECT_EQ(m.TargetColumn("username"), "user_name");
  EXPECT_EQ(m.TargetColumn("email_address"), "email_address");
  EXPECT_TRUE(m.Drops("phplib_id"));
  EXPECT_EQ(plan->options.mappings[1].TargetTable(), "grp[1]");
  ASSERT_EQ(plan->options.where.size(), 1u);
  EXPECT_EQ(plan->options.where[0].second, "datetime_created > '2020-01-01'");
  ASSERT_EQ(plan->options.keys.size(), 1u);
  EXPECT_EQ(plan->options.keys[0].first, "subscribers");
  EXPECT_EQ(plan->options.keys[0].second, (std::vector<std::string>{"user_name", "realm"}));
}

TEST(PlanFile, SetsComeBeforeTheEnvironment) {
  setenv("FERRY_PLAN_TEST_HOST", "envhost", 1);
  auto plan = ParsePlanFile("source: sqlite:///${FERRY_PLAN_TEST_HOST}.db\ntarget: x\ntables: [{from: t}]\n",
                            "p.yaml", {});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->source, "sqlite:///envhost.db");
  plan = ParsePlanFile("source: sqlite:///${FERRY_PLAN_TEST_HOST}.db\ntarget: $${literal}\ntables: [{from: t}]\n",
                       "p.yaml", {{"FERRY_PLAN_TEST_HOST", "sethost"}});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->source, "sqlite:///sethost.db");
  EXPECT_EQ(plan->target, "${literal}");
  unsetenv("FERRY_PLAN_TEST_HOST");
}

// ${NAME} fills parsed values: YAML's own characters in a value stay part of
// it, keys are filled too, aliases see the value once, the result is not
// substituted again, and comments are not read at all.
TEST(PlanFile, SetsFillParsedValuesVerbatim) {
  const std::string special = "a\" #b: c'{ } [ ] , & * ! | > % @ ${NOT_AGAIN}\n- end";
  const char* text = R"yaml(
source: &src "x${V}y"   # ${UNSET_IN_A_COMMENT} is never read
target: *src
truncate: ${T}
tables:
  - from: ${V}
    columns: {"${COL}": renamed}
    where: v <> '${V}'
    key: ["${COL}", "$${literal}"]
)yaml";
  auto plan = ParsePlanFile(text, "p.yaml", {{"V", special}, {"T", "Yes"}, {"COL", "c: d"}});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->source, "x" + special + "y");
  EXPECT_EQ(plan->target, "x" + special + "y");
  EXPECT_TRUE(plan->options.truncate);
  ASSERT_EQ(plan->options.mappings.size(), 1u);
  EXPECT_EQ(plan->options.mappings[0].source_table, special);
  EXPECT_EQ(plan->options.mappings[0].TargetColumn("c: d"), "renamed");
  ASSERT_EQ(plan->options.where.size(), 1u);
  EXPECT_EQ(plan->options.where[0].second, "v <> '" + special + "'");
  ASSERT_EQ(plan->options.keys.size(), 1u);
  EXPECT_EQ(plan->options.keys[0].second, (std::vector<std::string>{"c: d", "${literal}"}));
}

// Each malformed plan: the error names the file and line, and what is wrong.
TEST(PlanFile, MalformedPlansAreRefusedWithFileAndLine) {
  struct Case {
    const char* text;
    const char* error;
  };
  const Case cases[] = {
      {"source: a\ntables:\n  - from: t\n    rename: {a: b}\n", "p.yaml:4: unknown key 'rename' in a table"},
      {"source: a\nsorce: b\ntables: [{from: t}]\n", "p.yaml:2: unknown key 'sorce' in the plan"},
      {"tables:\n  - to: t\n", "p.yaml:2: a table without from:"},
      {"tables: []\n", "p.yaml: the plan needs a list of tables"},
      {"source: ${NOPE_NOT_SET_ANYWHERE}\ntables: [{from: t}]\n", "p.yaml:1: ${NOPE_NOT_SET_ANYWHERE} is not set"},
      {"tables:\n  - from: t\n    where: \"a = '${NOPE_NOT_SET_ANYWHERE}'\"\n", "p.yaml:3: ${NOPE_NOT_SET_ANYWHERE} is not set"},
      {"source: x\ntables:\n  - from: ${OPEN\n", "p.yaml:3: '${' without its '}'"},
      {"truncate: maybe\ntables: [{from: t}]\n", "p.yaml:1: truncate must be true or false"},
      {"tables:\n  - from: t\n    drop: [${COL}]\n", "(inside [...] and {...} write ${NAME} in quotes"},
      {"tables:\n  - from: t\n  - from: t\n", "p.yaml:3: table t is listed twice"},
      {"tables:\n  - from: a\n    to: c\n  - from: b\n    to: c\n", "p.yaml:4: two tables would land in c"},
      {"tables:\n  - from: t\n    columns: {a: x, b: x}\n", "p.yaml:3: two columns would be named x"},
      {"tables:\n  - from: t\n    columns: {a: x}\n    drop: [a]\n", "p.yaml:4: column a is both renamed and dropped"},
      {"tables:\n  - from: t\n    columns: [a, b]\n", "p.yaml:3: columns must map source names to target names"},
      {"mode: sideways\ntables: [{from: t}]\n", "p.yaml:1: mode 'sideways': expected create or data-only"},
      {"on_conflict: merge\ntables: [{from: t}]\n", "p.yaml:1: --on-conflict 'merge'"},
      {"tables:\n  - from: [t\n", "p.yaml:3: not valid YAML"},
      {"- just\n- a list\n", "p.yaml: a plan is a YAML mapping"},
      {"tables:\n  - sql: SELECT 1\n", "p.yaml:2: an sql: entry needs to:"},
      {"tables:\n  - sql: \" ; \"\n    to: t\n", "p.yaml:2: sql: is empty"},
      {"tables:\n  - sql: SELECT 1\n    to: t\n    columns: {a: b}\n", "p.yaml:4: unknown key 'columns' in an sql: entry"},
      {"tables:\n  - sql: SELECT 1\n    to: t\n    on_conflict: merge\n", "p.yaml:4: --on-conflict 'merge'"},
      {"tables:\n  - from: t\n  - sql: SELECT 1\n    to: t\n", "p.yaml:3: table t is fed by a from: entry and an sql: entry"},
      {"tables:\n  - sql: SELECT 1\n    to: t\n  - from: u\n    to: t\n", "p.yaml:4: two tables would land in t"},
      {"tables:\n  - sql: SELECT 1\n    to: t\n    name: n\n  - sql: SELECT 2\n    to: u\n    name: n\n",
       "p.yaml:5: the name n is used twice"},
  };
  for (const auto& c : cases) {
    auto plan = ParsePlanFile(c.text, "p.yaml", {});
    ASSERT_FALSE(plan.ok()) << c.text;
    EXPECT_EQ(plan.status().code(), StatusCode::kInvalidInput) << c.text;
    EXPECT_NE(plan.status().message().find(c.error), std::string::npos)
        << "plan:\n" << c.text << "error: " << plan.status().message() << "\nwanted: " << c.error;
  }
  EXPECT_EQ(LoadPlanFile("/nonexistent/plan.yaml", {}).status().code(), StatusCode::kNotFound);
}

// sql: entries become transforms: a name (given, or sql:<to> and #n for a
// second entry into the same table), the query, its key and conflict mode,
// and a mapping from the entry to its target table.
TEST(PlanFile, SqlEntriesBecomeTransforms) {
  auto plan = ParsePlanFile(R"yaml(
on_conflict: skip
tables:
  - from: domain
  - name: subscriber.credentials
    sql: |
      SELECT uuid_v5('url', username) AS uid FROM src.subscriber WHERE domain = '${D}'
    to: credentials
    key: [uid]
    on_conflict: update
    where: "uid IS NOT NULL"
  - sql: SELECT 1 AS a
    to: attrs
  - sql: SELECT 2 AS a
    to: attrs
)yaml",
                            "p.yaml", {{"D", "it's"}});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  const auto& t = plan->options.transforms;
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].name, "subscriber.credentials");
  EXPECT_EQ(t[0].target_table, "credentials");
  EXPECT_EQ(t[0].sql, "SELECT uuid_v5('url', username) AS uid FROM src.subscriber WHERE domain = 'it's'\n");
  EXPECT_EQ(t[0].key, (std::vector<std::string>{"uid"}));
  EXPECT_EQ(t[0].on_conflict, ConflictMode::kUpdate);
  EXPECT_EQ(t[0].origin, "p.yaml:6");
  EXPECT_EQ(t[1].name, "sql:attrs");
  EXPECT_EQ(t[2].name, "sql:attrs#2");
  EXPECT_FALSE(t[1].on_conflict.has_value());
  EXPECT_EQ(plan->options.on_conflict, ConflictMode::kSkip);
  // Only from: entries are source tables to select; each entry maps to its target.
  EXPECT_EQ(plan->options.tables, (std::vector<std::string>{"domain"}));
  const TableMapping* m = FindMapping(plan->options.mappings, "sql:attrs#2");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->TargetTable(), "attrs");
  ASSERT_EQ(plan->options.where.size(), 1u);
  EXPECT_EQ(plan->options.where[0].second, "uid IS NOT NULL");
}

}  // namespace
}  // namespace ferry
