// Issue 17: schemas real MySQL applications ship copy without a stop. Each
// test builds the schema feature in a MariaDB source (MyISAM where the
// feature comes from that era), copies it to every target engine, and
// asserts the rows, the schema objects the target's own catalog holds, the
// exit code and the names in the summary.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <nlohmann/json.hpp>

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

namespace ferry::test {
namespace {

// The indexes of `table` on the target, by name, as its own catalog lists
// them (primary keys left out), each with its definition where the engine
// gives one.
std::map<std::string, std::string> TargetIndexes(const std::string& engine, const std::string& uri,
                                                 const std::string& table) {
  std::string sql;
  if (engine == "postgres")
    sql = "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = '" + table + "' AND indexname <> '" + table +
          "_pkey'";
  else if (engine == "sqlite")
    sql = "SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type = 'index' AND tbl_name = '" + table +
          "' AND name NOT LIKE 'sqlite_autoindex%'";
  else if (engine == "duckdb")
    sql = "SELECT index_name, sql FROM duckdb_indexes() WHERE table_name = '" + table + "'";
  else
    sql = "SELECT INDEX_NAME, concat(INDEX_TYPE, ' ', group_concat(concat(COLUMN_NAME, coalesce(concat('(', SUB_PART, "
          "')'), '')) ORDER BY SEQ_IN_INDEX)) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
          "AND TABLE_NAME = '" + table + "' AND INDEX_NAME <> 'PRIMARY' GROUP BY INDEX_NAME, INDEX_TYPE";
  std::map<std::string, std::string> out;
  for (const auto& row : Query(uri, sql)) out[row[0].value_or("")] = row[1].value_or("");
  return out;
}

std::set<std::string> Names(const std::map<std::string, std::string>& indexes) {
  std::set<std::string> out;
  for (const auto& [name, def] : indexes) out.insert(name);
  return out;
}

// ---------------------------------------------------------------------------
// Part 2: index names are per table in MySQL, per schema elsewhere.

const char* kIndexNameSource = R"sql(
CREATE TABLE domain_filter (id int PRIMARY KEY, type varchar(10), domain varchar(50), KEY domain_filter (type));
CREATE TABLE a (id int PRIMARY KEY, name varchar(20), KEY idx_name (name));
CREATE TABLE b (id int PRIMARY KEY, name varchar(20), UNIQUE KEY idx_name (name));
CREATE TABLE c (id int PRIMARY KEY, code varchar(20), KEY c_pkey (code));
INSERT INTO domain_filter VALUES (1, 'allow', 'example.org');
INSERT INTO a VALUES (1, 'x'), (2, 'x');
INSERT INTO b VALUES (1, 'x'), (2, 'y');
INSERT INTO c VALUES (1, 'k')
)sql";

TEST(IndexNames, CollidingNamesGetReadableNewNamesOnEveryTarget) {
  std::string src = FreshDatabase("mysql", "_src");
  Query(src, kIndexNameSource);
  // What each target holds afterwards: PostgreSQL and SQLite share one
  // namespace between tables and indexes, DuckDB between the indexes of a
  // schema, MySQL keeps names per table. PostgreSQL names the primary key
  // of c "c_pkey" itself.
  const std::map<std::string, std::map<std::string, std::set<std::string>>> expected = {
      {"postgres", {{"domain_filter", {"domain_filter_type_idx"}}, {"a", {"a_idx_name"}}, {"b", {"b_idx_name"}},
                    {"c", {"c_code_idx"}}}},
      {"sqlite", {{"domain_filter", {"domain_filter_type_idx"}}, {"a", {"a_idx_name"}}, {"b", {"b_idx_name"}},
                  {"c", {"c_pkey"}}}},
      {"duckdb", {{"domain_filter", {"domain_filter"}}, {"a", {"a_idx_name"}}, {"b", {"b_idx_name"}},
                  {"c", {"c_pkey"}}}},
      {"mysql", {{"domain_filter", {"domain_filter"}}, {"a", {"idx_name"}}, {"b", {"idx_name"}}, {"c", {"c_pkey"}}}},
  };
  for (const auto& engine : kTargets) {
    SCOPED_TRACE(engine);
    std::string dst = FreshDatabase(engine, "_" + engine);
    auto run = RunFerry({"copy", src, dst, "--no-progress"});
    ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
    for (const auto& [table, names] : expected.at(engine))
      EXPECT_EQ(Names(TargetIndexes(engine, dst, table)), names) << table;
    EXPECT_EQ(Query(dst, "SELECT count(*) FROM a")[0][0], "2");
    // The renamed unique index still holds.
    EXPECT_NE(TryExec(dst, "INSERT INTO b VALUES (3, 'x')"), "") << "b.name must stay unique";

    // The summary maps old to new, for renamed indexes only.
    const bool per_table = engine == "mysql";
    auto says = [&](const std::string& text) { return run.out.find(text) != std::string::npos; };
    EXPECT_EQ(says("a: index idx_name renamed a_idx_name"), !per_table) << run.out;
    EXPECT_EQ(says("b: index idx_name renamed b_idx_name"), !per_table) << run.out;
    EXPECT_EQ(says("domain_filter: index domain_filter renamed domain_filter_type_idx"),
              engine == "postgres" || engine == "sqlite")
        << run.out;
    EXPECT_EQ(says("c: index c_pkey renamed c_code_idx"), engine == "postgres") << run.out;
  }
}

// --data-only creates no index and renames none; a second copy with --drop
// names them as the first did.
TEST(IndexNames, DataOnlyAndAReplacedCopyAreUnaffected) {
  std::string src = FreshDatabase("mysql", "_src");
  Query(src, kIndexNameSource);
  std::string dst = FreshDatabase("postgres");
  ASSERT_EQ(RunFerry({"copy", src, dst, "--no-progress"}).exit_code, 0);
  auto again = RunFerry({"copy", src, dst, "--no-progress", "--drop"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(Names(TargetIndexes("postgres", dst, "a")), std::set<std::string>{"a_idx_name"});
  EXPECT_EQ(Names(TargetIndexes("postgres", dst, "domain_filter")), std::set<std::string>{"domain_filter_type_idx"});
  auto data_only = RunFerry({"copy", src, dst, "--no-progress", "--data-only", "--truncate"});
  ASSERT_EQ(data_only.exit_code, 0) << data_only.out << data_only.err;
  EXPECT_EQ(data_only.out.find("renamed"), std::string::npos) << data_only.out;
  EXPECT_EQ(Query(dst, "SELECT count(*) FROM b")[0][0], "2");
  EXPECT_EQ(Names(TargetIndexes("postgres", dst, "b")), std::set<std::string>{"b_idx_name"});
}

}  // namespace
}  // namespace ferry::test

namespace ferry::test {
namespace {

// ---------------------------------------------------------------------------
// Part 3: indexes the target cannot build as declared.

const char* kIndexKindSource = R"sql(
CREATE TABLE article (id int PRIMARY KEY, title varchar(200), body mediumtext, code varchar(100),
  FULLTEXT KEY ft_body (body), FULLTEXT KEY ft_both (title, body),
  KEY code_prefix (code(10)), UNIQUE KEY title_prefix (title(20))) ENGINE=InnoDB;
CREATE TABLE place (id int PRIMARY KEY, pos point NOT NULL, SPATIAL KEY sp_pos (pos)) ENGINE=MyISAM;
INSERT INTO article VALUES (1, 'Short', 'hello world', 'ABCDEFGHIJKLMNOP'), (3, 'Third', NULL, NULL);
INSERT INTO article SELECT 2, 'A long title, longer than twenty', CONCAT(REPEAT('lorem ipsum dolor ', 1150), 'needle'), 'XYZ';
INSERT INTO place VALUES (1, POINT(1, 2)), (2, POINT(3, 4))
)sql";

TEST(IndexKinds, FullTextPrefixAndSpatialOnEveryTarget) {
  std::string src = FreshDatabase("mysql", "_src");
  Query(src, kIndexKindSource);
  ASSERT_GT(std::stoi(*Query(src, "SELECT length(body) FROM article WHERE id = 2")[0][0]), 20000);
  for (const auto& engine : kTargets) {
    SCOPED_TRACE(engine);
    std::string dst = FreshDatabase(engine, "_" + engine);
    auto run = RunFerry({"copy", src, dst, "--no-progress"});
    ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
    auto says = [&](const std::string& text) { return run.out.find(text) != std::string::npos; };

    // Rows, the 20 kB one whole.
    auto rows = Query(dst, "SELECT id, length(body), code FROM article ORDER BY id");
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[1][1], std::to_string(18 * 1150 + 6));
    EXPECT_EQ(rows[0][2], "ABCDEFGHIJKLMNOP");
    EXPECT_EQ(Query(dst, "SELECT count(*) FROM place")[0][0], "2");

    auto article = TargetIndexes(engine, dst, "article");
    auto place = TargetIndexes(engine, dst, "place");
    if (engine == "postgres") {
      // FULLTEXT: GIN over to_tsvector; the index answers a word search.
      ASSERT_TRUE(article.count("ft_body")) << run.out;
      EXPECT_NE(article["ft_body"].find("USING gin (to_tsvector('simple'"), std::string::npos) << article["ft_body"];
      ASSERT_TRUE(article.count("ft_both"));
      EXPECT_EQ(Query(dst, "SELECT id FROM article WHERE to_tsvector('simple', body::text) @@ "
                           "to_tsquery('simple', 'needle')"),
                (std::vector<Row>{{"2"}}));
      // Prefix parts: an expression on the prefix, unique where declared so.
      EXPECT_NE(article["code_prefix"].find("substr((code)::text, 1, 10)"), std::string::npos) << article["code_prefix"];
      EXPECT_NE(article["title_prefix"].find("CREATE UNIQUE INDEX"), std::string::npos);
      EXPECT_NE(TryExec(dst, "INSERT INTO article (id, title) VALUES (9, 'A long title, longer than that')"), "");
      EXPECT_EQ(TryExec(dst, "INSERT INTO article (id, title) VALUES (10, 'Something else')"), "");
    } else if (engine == "mysql") {
      EXPECT_EQ(article["ft_body"], "FULLTEXT body");
      EXPECT_EQ(article["ft_both"], "FULLTEXT title,body");
      EXPECT_EQ(article["code_prefix"], "BTREE code(10)");
      EXPECT_EQ(article["title_prefix"], "BTREE title(20)");
      EXPECT_EQ(place["sp_pos"].rfind("SPATIAL pos", 0), 0u) << place["sp_pos"];
      // The indexed mediumtext stays a text type (a FULLTEXT column is no key).
      EXPECT_EQ(Query(dst, "SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                           "AND TABLE_NAME = 'article' AND COLUMN_NAME = 'body'"),
                (std::vector<Row>{{"mediumtext"}}));
    } else {
      // SQLite and DuckDB: no full-text index; prefixes as expressions.
      EXPECT_FALSE(article.count("ft_body"));
      EXPECT_FALSE(article.count("ft_both"));
      EXPECT_TRUE(says("article: FULLTEXT index ft_body (body) not created: " + engine + " has no full-text index"))
          << run.out;
      ASSERT_TRUE(article.count("code_prefix")) << run.out;
      EXPECT_NE(article["code_prefix"].find("substr("), std::string::npos) << article["code_prefix"];
      EXPECT_NE(TryExec(dst, "INSERT INTO article (id, title) VALUES (9, 'A long title, longer than that')"), "");
    }
    if (engine != "mysql") {
      EXPECT_TRUE(place.empty()) << engine;
      EXPECT_TRUE(says("place: SPATIAL index sp_pos (pos) not created")) << run.out;
    }
    EXPECT_EQ(says("FULLTEXT index ft_body (body) not created"), engine == "sqlite" || engine == "duckdb");
  }
}

// A btree over text longer than the target's key limit (PostgreSQL's btree,
// DuckDB's ART) is made over md5() of the value when the plain index
// fails, after the data arrived: a unique index keeps its rule, and the
// summary says so.
TEST(IndexKinds, IndexesOverValuesTooLongForAKeyFallBackToAHash) {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src, "CREATE TABLE doc (id INTEGER PRIMARY KEY, body TEXT, tag TEXT);"
             "CREATE INDEX doc_body ON doc (body); CREATE UNIQUE INDEX doc_tag ON doc (tag);"
             "INSERT INTO doc VALUES (1, 'short', 'a'), (2, hex(randomblob(70000)), hex(randomblob(70000)))");
  for (const std::string engine : {"postgres", "duckdb", "sqlite"}) {
    SCOPED_TRACE(engine);
    std::string dst = FreshDatabase(engine, "_" + engine);
    auto run = RunFerry({"copy", src, dst, "--no-progress"});
    ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
    EXPECT_EQ(Query(dst, "SELECT count(*), max(length(body)) FROM doc"), (std::vector<Row>{{"2", "140000"}}));
    auto indexes = TargetIndexes(engine, dst, "doc");
    ASSERT_EQ(Names(indexes), (std::set<std::string>{"doc_body", "doc_tag"})) << run.out;
    const bool hashed = engine != "sqlite";  // SQLite keys have no size limit
    EXPECT_EQ(indexes["doc_body"].find("md5") != std::string::npos, hashed) << indexes["doc_body"];
    EXPECT_EQ(indexes["doc_tag"].find("md5") != std::string::npos, hashed) << indexes["doc_tag"];
    EXPECT_EQ(run.out.find("doc: unique index doc_tag (tag) created as") != std::string::npos, hashed) << run.out;
    EXPECT_NE(TryExec(dst, "INSERT INTO doc VALUES (3, 'x', 'a')"), "") << "doc.tag must stay unique";
  }
}

}  // namespace
}  // namespace ferry::test

namespace ferry::test {
namespace {

// ---------------------------------------------------------------------------
// Part 4: CHAR(n) padding in verify.

// MySQL returns CHAR(20) without its padding, PostgreSQL's character(20)
// with it: after a faithful copy verify finds no difference. A trailing
// space taken from a VARCHAR or TEXT value is still a difference, named by
// row and column.
TEST(CharPadding, FaithfulCopyVerifiesEqualButVarcharSpacesStillCount) {
  std::string src = FreshDatabase("mysql", "_src");
  Query(src, "CREATE TABLE lang (id int PRIMARY KEY, name char(20), label varchar(20), note text);"
             "INSERT INTO lang VALUES (1, 'English', 'English ', 'a note '), (2, 'Deutsch', 'Deutsch', 'b'),"
             "(3, NULL, NULL, NULL), (4, '', '', '')");
  std::string dst = FreshDatabase("postgres");
  auto copy = RunFerry({"copy", src, dst, "--no-progress"});
  ASSERT_EQ(copy.exit_code, 0) << copy.out << copy.err;
  // The target pads as PostgreSQL does; the VARCHAR keeps its space.
  EXPECT_EQ(Query(dst, "SELECT name, label FROM lang WHERE id = 1"),
            (std::vector<Row>{{"English             ", "English "}}));

  auto verify = RunFerry({"verify", src, dst});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  // And the other way round: PostgreSQL as the source.
  auto back = RunFerry({"verify", dst, src});
  EXPECT_EQ(back.exit_code, 0) << back.out << back.err;

  Query(dst, "UPDATE lang SET label = 'English' WHERE id = 1; UPDATE lang SET note = 'b ' WHERE id = 2");
  auto changed = RunFerry({"verify", src, dst});
  EXPECT_EQ(changed.exit_code, 9) << changed.out << changed.err;
  EXPECT_NE(changed.out.find("id=1: different: label 'English ' vs 'English'"), std::string::npos) << changed.out;
  EXPECT_NE(changed.out.find("id=2: different: note 'b' vs 'b '"), std::string::npos) << changed.out;
  EXPECT_EQ(changed.out.find("name"), std::string::npos) << changed.out;
}

// Part 6: orphans the source holds (a SQLite source here: the feature is the
// missing enforcement, not MySQL's).

std::optional<std::string> S(const char* s) { return std::string(s); }

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

nlohmann::json OrphanReportOf(const std::string& path) {
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
  auto j = OrphanReportOf(report);
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

namespace ferry::test {
namespace {

// ---------------------------------------------------------------------------
// Part 5: self-references and cycles into DuckDB, which declares foreign keys
// only in CREATE TABLE and checks each appended chunk against the rows
// stored before it.

std::optional<std::string> V(const char* s) { return s ? std::optional<std::string>(s) : std::nullopt; }

// employee rows point forward (1 -> 4, 5 -> 6) and backward (2 -> 1, 4 -> 3,
// 6 -> 3) inside one batch; 3 is the root. team <-> person is a two-table
// cycle (person.team_id NOT NULL, team.lead_id nullable).
std::string SelfReferenceSource(const std::string& engine) {
  std::string src = FreshDatabase(engine, "_src");
  const std::string rows =
      "INSERT INTO employee (id, name, reports_to) VALUES (1, 'Ann', 4), (2, 'Bob', 1), (3, 'Cy', NULL), "
      "(4, 'Dee', 3), (5, 'Eve', 6), (6, 'Fay', 3);\n"
      "INSERT INTO team (id, name, lead_id) VALUES (10, 'core', 21), (11, 'edge', NULL);\n"
      "INSERT INTO person (id, name, team_id) VALUES (20, 'Gus', 11), (21, 'Hal', 10);\n";
  if (engine == "sqlite") {
    Query(src, "CREATE TABLE employee (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
               "reports_to INTEGER REFERENCES employee(id));\n"
               "CREATE TABLE team (id INTEGER PRIMARY KEY, name TEXT NOT NULL, lead_id INTEGER REFERENCES person(id));\n"
               "CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
               "team_id INTEGER NOT NULL REFERENCES team(id));\n" + rows);
  } else if (engine == "postgres") {
    // One INSERT statement: PostgreSQL checks its FKs at the statement's end.
    Query(src, "CREATE TABLE employee (id int PRIMARY KEY, name text NOT NULL, reports_to int REFERENCES employee(id));\n"
               "CREATE TABLE team (id int PRIMARY KEY, name text NOT NULL, lead_id int);\n"
               "CREATE TABLE person (id int PRIMARY KEY, name text NOT NULL, team_id int NOT NULL REFERENCES team(id));\n"
               "ALTER TABLE team ADD CONSTRAINT team_lead FOREIGN KEY (lead_id) REFERENCES person(id) "
               "DEFERRABLE INITIALLY DEFERRED;\n"
               "BEGIN;\n" + rows + "COMMIT;\n");
  } else {
    Query(src, "CREATE TABLE employee (id int PRIMARY KEY, name varchar(20) NOT NULL, reports_to int, "
               "FOREIGN KEY (reports_to) REFERENCES employee(id)) ENGINE=InnoDB;\n"
               "CREATE TABLE team (id int PRIMARY KEY, name varchar(20) NOT NULL, lead_id int) ENGINE=InnoDB;\n"
               "CREATE TABLE person (id int PRIMARY KEY, name varchar(20) NOT NULL, team_id int NOT NULL, "
               "FOREIGN KEY (team_id) REFERENCES team(id)) ENGINE=InnoDB;\n"
               "ALTER TABLE team ADD CONSTRAINT team_lead FOREIGN KEY (lead_id) REFERENCES person(id);\n"
               "SET foreign_key_checks = 0;\n" + rows + "SET foreign_key_checks = 1;\n");
  }
  return src;
}

// The foreign keys DuckDB's catalog holds: "table(cols)->ref(cols)".
std::vector<std::string> DuckdbForeignKeys(const std::string& dst) {
  return SortedRows(dst, "SELECT table_name || constraint_column_names::VARCHAR || '->' || referenced_table || "
                         "referenced_column_names::VARCHAR FROM duckdb_constraints() "
                         "WHERE constraint_type = 'FOREIGN KEY'");
}

class SelfReferencesIntoDuckdb : public ::testing::TestWithParam<std::string> {};

// The self-reference is declared and every row's reference arrives (loaded
// NULL, set level by level afterwards); of the two-table cycle the FK to
// the table created first is declared, the other is named (DuckDB has no
// ALTER TABLE ADD FOREIGN KEY); verify finds both sides equal.
TEST_P(SelfReferencesIntoDuckdb, KeepTheirForeignKeysAndEveryRowsReference) {
  const std::string src = SelfReferenceSource(GetParam());
  const std::string dst = FreshDatabase("duckdb");
  auto run = RunFerry({"copy", src, dst, "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(Query(dst, "SELECT id, name, reports_to FROM employee ORDER BY id"),
            (std::vector<Row>{{V("1"), V("Ann"), V("4")},
                              {V("2"), V("Bob"), V("1")},
                              {V("3"), V("Cy"), V(nullptr)},
                              {V("4"), V("Dee"), V("3")},
                              {V("5"), V("Eve"), V("6")},
                              {V("6"), V("Fay"), V("3")}}));
  EXPECT_EQ(Query(dst, "SELECT id, name, lead_id FROM team ORDER BY id"),
            (std::vector<Row>{{V("10"), V("core"), V("21")}, {V("11"), V("edge"), V(nullptr)}}));
  EXPECT_EQ(Query(dst, "SELECT id, name, team_id FROM person ORDER BY id"),
            (std::vector<Row>{{V("20"), V("Gus"), V("11")}, {V("21"), V("Hal"), V("10")}}));

  const auto fks = DuckdbForeignKeys(dst);
  EXPECT_EQ(std::count(fks.begin(), fks.end(), "employee[reports_to]->employee[id]"), 1) << ::testing::PrintToString(fks);
  const bool team_first = std::count(fks.begin(), fks.end(), "person[team_id]->team[id]") == 1;
  const bool person_first = std::count(fks.begin(), fks.end(), "team[lead_id]->person[id]") == 1;
  EXPECT_TRUE(team_first != person_first) << "exactly one FK of the cycle can be declared: "
                                          << ::testing::PrintToString(fks);
  EXPECT_NE(run.out.find(team_first ? "team: foreign key" : "person: foreign key"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("closes a cycle: " + std::string(team_first ? "person is created after team"
                                                                     : "team is created after person")),
            std::string::npos)
      << run.out;
  EXPECT_EQ(run.out.find("to employee not created"), std::string::npos) << run.out;
  // The declared self-reference holds.
  EXPECT_NE(TryExec(dst, "INSERT INTO employee VALUES (7, 'Ida', 99)"), "");
  EXPECT_EQ(TryExec(dst, "INSERT INTO employee VALUES (7, 'Ida', 2)"), "");
  EXPECT_TRUE(Query(dst, "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'ferry_fix%'").empty());

  EXPECT_EQ(TryExec(dst, "DELETE FROM employee WHERE id = 7"), "");
  auto verify = RunFerry({"verify", src, dst});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

INSTANTIATE_TEST_SUITE_P(Sources, SelfReferencesIntoDuckdb, ::testing::Values("sqlite", "postgres", "mysql"),
                         [](const auto& info) { return info.param; });

// What DuckDB refuses: a row pointing at itself (or at a cycle of rows)
// cannot be set after the load, as an UPDATE deletes and re-inserts it;
// those rows keep NULL, are named with their keys, and the run exits 3. A
// NOT NULL self-reference cannot load NULL first: it is left out, named,
// and its rows arrive as they are.
TEST(SelfReferencesIntoDuckdb, RowsPointingAtThemselvesAndNotNullSelfReferencesAreNamed) {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src, "CREATE TABLE node (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES node(id));\n"
             "CREATE TABLE chain (id INTEGER PRIMARY KEY, next_id INTEGER NOT NULL REFERENCES chain(id));\n"
             "INSERT INTO node VALUES (1, 1), (2, 1), (3, NULL), (4, 5), (5, 4), (6, 3);\n"
             "INSERT INTO chain VALUES (1, 2), (2, 3), (3, 1);\n");
  const std::string dst = FreshDatabase("duckdb");
  const std::string report = TempDir() + "/self_report.json";
  auto run = RunFerry({"copy", src, dst, "--no-progress", "--report", report});
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  // 1 points at itself, 4 <-> 5 at each other, 2 below 1: all four keep NULL.
  EXPECT_EQ(Query(dst, "SELECT id, parent FROM node ORDER BY id"),
            (std::vector<Row>{{V("1"), V(nullptr)},
                              {V("2"), V(nullptr)},
                              {V("3"), V(nullptr)},
                              {V("4"), V(nullptr)},
                              {V("5"), V(nullptr)},
                              {V("6"), V("3")}}));
  const std::string all = run.out + run.err;
  EXPECT_NE(all.find("node: 4 row(s) keep NULL in parent"), std::string::npos) << all;
  EXPECT_NE(all.find("e.g. id=1; id=2; id=4; id=5"), std::string::npos) << all;
  EXPECT_EQ(OrphanReportOf(report)["rows_orphaned"], 4);
  EXPECT_EQ(Query(dst, "SELECT id, next_id FROM chain ORDER BY id"),
            (std::vector<Row>{{V("1"), V("2")}, {V("2"), V("3")}, {V("3"), V("1")}}));
  EXPECT_NE(all.find("chain: foreign key chain_next_id_fkey to chain not created: it references its own table "
                     "through NOT NULL columns"),
            std::string::npos)
      << all;
  EXPECT_EQ(DuckdbForeignKeys(dst), (std::vector<std::string>{"node[parent]->node[id]"}));
}

}  // namespace
}  // namespace ferry::test
