// Real schemas that break their own rules: the copy finishes, what arrived
// is what the source holds, and what needs attention is named (exit 3).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/test_env.h"

namespace ferry::test {
namespace {

// A SQLite source without foreign_keys=ON: three child rows point at
// parents that do not exist (98, 99 twice), one has no parent at all.
// (SQLite keeps no constraint names: the plan names the FK child_parent_id_fkey.)
std::string OrphanSource() {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src, "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT);\n"
             "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER, "
             "CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent(id));\n"
             "INSERT INTO parent VALUES (1, 'one'), (2, 'two');\n"
             "INSERT INTO child VALUES (1, 1), (2, 99), (3, NULL), (4, 98), (5, 2), (6, 99)");
  return src;
}

std::optional<std::string> S(const char* s) { return std::string(s); }

nlohmann::json ReportOf(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

class Orphans : public ::testing::TestWithParam<std::string> {};

// Orphans are named (FK, count, keys) before the FK meets them; every row
// arrives; the FK is kept NOT VALID where the target can (PostgreSQL), else
// left out, and the run ends "finished, rows need attention".
TEST_P(Orphans, AreNamedBeforeTheForeignKeyAndTheRowsArrive) {
  const std::string engine = GetParam();
  const std::string src = OrphanSource();
  const std::string dst = FreshDatabase(engine);
  const std::string report = TempDir() + "/report.json";
  auto run = RunFerry({"copy", src, dst, "--no-progress", "--report", report});
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  const std::string all = run.out + run.err;
  EXPECT_NE(all.find("child: 3 row(s) reference missing parent rows (child_parent_id_fkey), e.g. parent_id=98; "
                     "parent_id=99"),
            std::string::npos)
      << all;
  EXPECT_EQ(Query(dst, "SELECT count(*), sum(parent_id) FROM child"), (std::vector<Row>{{S("6"), S("299")}}));
  auto j = ReportOf(report);
  EXPECT_EQ(j["rows_orphaned"], 3) << j.dump();
  EXPECT_EQ(j["rows_rejected"], 0) << j.dump();
  if (engine == "postgres") {
    EXPECT_EQ(Query(dst, "SELECT conname, convalidated FROM pg_constraint WHERE contype = 'f'"),
              (std::vector<Row>{{S("child_parent_id_fkey"), S("f")}}));
    EXPECT_NE(all.find("created NOT VALID"), std::string::npos) << all;
    // New rows are checked.
    EXPECT_NE(TryExec(dst, "INSERT INTO child VALUES (7, 97)"), "");
    EXPECT_EQ(TryExec(dst, "INSERT INTO child VALUES (7, 1)"), "");
  }
  if (engine == "mysql") {
    EXPECT_EQ(Query(dst, "SELECT count(*) FROM information_schema.REFERENTIAL_CONSTRAINTS "
                         "WHERE CONSTRAINT_SCHEMA = DATABASE()"),
              (std::vector<Row>{{S("0")}}));
    EXPECT_NE(all.find("the foreign key is left out"), std::string::npos) << all;
  }
}

INSTANTIATE_TEST_SUITE_P(Targets, Orphans, ::testing::Values("postgres", "mysql", "sqlite"),
                         [](const auto& info) { return info.param; });

// DuckDB checks foreign keys as rows arrive: orphan rows cannot be held
// with the key and go to the reject file instead, counted (exit 3).
TEST(Orphans, DuckdbRejectsThemIntoTheRejectFile) {
  const std::string src = OrphanSource();
  const std::string dst = FreshDatabase("duckdb");
  const std::string rejects = TempDir() + "/rejects.jsonl";
  auto run = RunFerry({"copy", src, dst, "--no-progress", "--reject-file", rejects});
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  EXPECT_EQ(Query(dst, "SELECT count(*), sum(id) FROM child"), (std::vector<Row>{{S("3"), S("9")}}));
  std::ifstream in(rejects);
  std::vector<int> ids;
  for (std::string line; std::getline(in, line);)
    ids.push_back(std::stoi(nlohmann::json::parse(line)["key"]["id"].get<std::string>()));
  EXPECT_EQ(ids, (std::vector<int>{2, 4, 6}));
}

// A source without orphans: every FK validated, exit 0, nothing noted.
TEST(Orphans, NoneMeansValidatedForeignKeysAndExitZero) {
  const std::string src = OrphanSource();
  Query(src, "DELETE FROM child WHERE parent_id IN (98, 99)");
  const std::string dst = FreshDatabase("postgres");
  auto run = RunFerry({"copy", src, dst, "--no-progress"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(run.out.find("orphan"), std::string::npos) << run.out;
  EXPECT_EQ(Query(dst, "SELECT conname, convalidated FROM pg_constraint WHERE contype = 'f'"),
            (std::vector<Row>{{S("child_parent_id_fkey"), S("t")}}));
}

}  // namespace
}  // namespace ferry::test
