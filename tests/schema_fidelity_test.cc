// Issue 17: schemas real MySQL applications ship copy without a stop. Each
// test builds the schema feature in a MariaDB source (MyISAM where the
// feature comes from that era), copies it to every target engine, and
// asserts the rows, the schema objects the target's own catalog holds, the
// exit code and the names in the summary.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "support/test_env.h"

namespace ferry::test {
namespace {

const std::vector<std::string> kTargets = {"postgres", "sqlite", "duckdb", "mysql"};

// A column as the target's catalog describes it.
struct TargetColumn {
  bool nullable = false;
  std::optional<std::string> default_value;
};

TargetColumn DescribeColumn(const std::string& engine, const std::string& uri, const std::string& table,
                            const std::string& column) {
  std::string sql;
  if (engine == "sqlite") {
    sql = "SELECT CASE \"notnull\" WHEN 0 THEN 'YES' ELSE 'NO' END, dflt_value FROM pragma_table_info('" + table +
          "') WHERE name = '" + column + "'";
  } else {
    sql = "SELECT is_nullable, column_default FROM information_schema.columns WHERE table_name = '" + table +
          "' AND column_name = '" + column + "'";
    if (engine == "mysql") sql += " AND table_schema = DATABASE()";
  }
  auto rows = Query(uri, sql);
  EXPECT_EQ(rows.size(), 1u) << engine << ": no column " << table << "." << column;
  if (rows.empty()) return {};
  TargetColumn out;
  out.nullable = rows[0][0] == "YES";
  out.default_value = rows[0][1];
  // MariaDB spells "no default" as the text NULL.
  if (out.default_value == "NULL") out.default_value.reset();
  return out;
}

// ---------------------------------------------------------------------------
// Part 1: MySQL zero-date defaults.

const char* kZeroDateSource = R"sql(
SET SESSION sql_mode = '';
CREATE TABLE legacy (
  id int PRIMARY KEY,
  born date NOT NULL DEFAULT '0000-00-00',
  seen datetime DEFAULT '0000-00-00 00:00:00',
  stamp timestamp NOT NULL DEFAULT '0000-00-00 00:00:00',
  kept date NOT NULL DEFAULT '2000-01-01',
  note varchar(10)
) ENGINE=MyISAM;
INSERT INTO legacy (id, note) VALUES (1, 'defaults');
INSERT INTO legacy VALUES (2, '2024-05-01', '2024-05-01 10:00:00', '2024-05-01 10:00:00', '2001-02-03', 'real');
INSERT INTO legacy VALUES (3, '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', '2001-02-03', 'explicit')
)sql";

// The default is dropped and the column takes NULL, as zero-date values
// do; a sound date default next to them is kept.
TEST(ZeroDateDefaults, CreateTableSucceedsAndZeroDatesArriveNull) {
  std::string src = FreshDatabase("mysql", "_src");
  Query(src, kZeroDateSource);
  for (const auto& engine : kTargets) {
    SCOPED_TRACE(engine);
    std::string dst = FreshDatabase(engine, "_" + engine);
    auto run = RunFerry({"copy", src, dst, "--no-progress"});
    ASSERT_EQ(run.exit_code, 0) << run.out << run.err;

    auto rows = Query(dst, "SELECT id, born, seen, stamp, kept, note FROM legacy ORDER BY id");
    ASSERT_EQ(rows.size(), 3u);
    for (size_t r : {0, 2}) {
      EXPECT_FALSE(rows[r][1].has_value()) << "row " << *rows[r][0];
      EXPECT_FALSE(rows[r][2].has_value()) << "row " << *rows[r][0];
      EXPECT_FALSE(rows[r][3].has_value()) << "row " << *rows[r][0];
    }
    EXPECT_EQ(rows[1][1], "2024-05-01");
    EXPECT_EQ(rows[1][2].value_or("").substr(0, 19), "2024-05-01 10:00:00");
    EXPECT_EQ(rows[0][4].value_or(""), "2000-01-01");
    EXPECT_EQ(rows[2][5], "explicit");

    for (const std::string column : {"born", "seen", "stamp"}) {
      TargetColumn c = DescribeColumn(engine, dst, "legacy", column);
      EXPECT_TRUE(c.nullable) << column;
      EXPECT_FALSE(c.default_value.has_value()) << column << ": " << c.default_value.value_or("");
    }
    TargetColumn kept = DescribeColumn(engine, dst, "legacy", "kept");
    EXPECT_FALSE(kept.nullable);
    EXPECT_NE(kept.default_value.value_or("").find("2000-01-01"), std::string::npos);
    // A row inserted without the column still works on the target.
    EXPECT_EQ(TryExec(dst, "INSERT INTO legacy (id, note) VALUES (9, 'new')"), "");

    EXPECT_NE(run.out.find("legacy.born: zero-date default '0000-00-00' dropped and NOT NULL lifted"),
              std::string::npos)
        << run.out;
    EXPECT_NE(run.out.find("legacy.seen: zero-date default '0000-00-00 00:00:00' dropped"), std::string::npos)
        << run.out;
    EXPECT_NE(run.out.find("legacy.stamp: zero-date default"), std::string::npos) << run.out;
    EXPECT_EQ(run.out.find("legacy.kept:"), std::string::npos) << run.out;
    // Zero-date values are counted as nulled, per column.
    EXPECT_NE(run.out.find("legacy.born"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("zero date"), std::string::npos) << run.out;
  }
}

// A NOT NULL date column whose default is a real date keeps NOT NULL; a
// zero date found in it anyway is a rejected row, named, never a silent
// change of the column.
TEST(ZeroDateDefaults, AZeroDateInANotNullColumnIsARejectedRow) {
  std::string src = FreshDatabase("mysql", "_src");
  Query(src, "SET SESSION sql_mode = ''; CREATE TABLE strict_day (id int PRIMARY KEY, day date NOT NULL) ENGINE=MyISAM;"
             "INSERT INTO strict_day VALUES (1, '2024-01-01'), (2, '0000-00-00')");
  std::string dst = FreshDatabase("postgres");
  std::string rejects = TempDir() + "/rejects.jsonl";
  auto run = RunFerry({"copy", src, dst, "--no-progress", "--reject-file", rejects});
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  auto rows = Query(dst, "SELECT id FROM strict_day");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], "1");
  EXPECT_FALSE(DescribeColumn("postgres", dst, "strict_day", "day").nullable);
  EXPECT_NE(run.out.find("1 row(s) rejected"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace ferry::test
