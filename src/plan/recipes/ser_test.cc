// The shipped SER plan: it parses as a plan file, every entry feeds a 2.0
// table whose DDL ferry ships, every entry's key names that table's
// columns, and every `ferry ser -t` name selects at least one entry.
#include "plan/recipes/ser.h"

#include <gtest/gtest.h>

#include <set>

#include "plan/plan_file.h"

namespace ferry::recipes {
namespace {

TEST(SerRecipe, ThePlanParsesAndFeedsOnlyShippedTables) {
  auto plan = ParsePlanFile(SerPlanYaml(), "ser.yaml",
                            {{"SOURCE", "mysql://ser@h/ser"}, {"TARGET", "mysql://ser@h/ser_new"}, {"NS", kSerNamespace}});
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->options.mode, SchemaMode::kDataOnly);
  EXPECT_EQ(plan->options.on_conflict, ConflictMode::kSkip);
  ASSERT_EQ(plan->options.transforms.size(), 18u);
  std::set<std::string> prefixes;
  for (const auto& e : plan->options.transforms) {
    prefixes.insert(e.name.substr(0, e.name.find('.')));
    auto it = std::find_if(Ser20Tables().begin(), Ser20Tables().end(),
                           [&](const auto& t) { return t.first == e.target_table; });
    ASSERT_NE(it, Ser20Tables().end()) << e.name << " feeds " << e.target_table;
    ASSERT_FALSE(e.key.empty()) << e.name;
    for (const auto& k : e.key)
      EXPECT_NE(it->second.find("\n  " + k + " "), std::string::npos) << e.name << ": key column " << k;
    EXPECT_EQ(e.sql.find("${"), std::string::npos) << e.name << ": a variable left unset";
    EXPECT_NE(e.sql.find(kSerNamespace), std::string::npos) << e.name << ": ids under the SER namespace";
  }
  for (const auto& [name, prefix] : SerTableNames()) EXPECT_TRUE(prefixes.count(prefix)) << name;
  EXPECT_EQ(Ser20Tables().size(), 11u);
}

}  // namespace
}  // namespace ferry::recipes
