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

}  // namespace
}  // namespace ferry
