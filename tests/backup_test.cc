// Issue 15: backups. `ferry backup` writes an archive (one zstd Parquet
// file per table plus manifest.json), `ferry restore` puts it into any
// engine, `backup check/list/prune` inspect and rotate. Round trips from
// each engine through an archive into each engine are asserted value by
// value with the engines' own client libraries and by the engines'
// behaviour (a duplicate key fails, an orphan child fails, a default
// fills in); the Parquet files are read by DuckDB alone; damaged archives
// are named by `check` (exit 9) and refused by `restore` before the
// target is touched.
#include <gtest/gtest.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engines/archive/file_digest.h"
#include "support/interrupt.h"
#include "support/test_env.h"

namespace ferry::test {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kEngines = {"sqlite", "postgres", "mysql", "duckdb"};

// The same two tables in each engine's spelling: a parent with a default,
// a decimal, a date, a timestamp, a float and bytes; a child with an FK and
// an index.
std::string SchemaSql(const std::string& engine) {
  const std::string dbl = engine == "postgres" ? "DOUBLE PRECISION" : "DOUBLE";
  const std::string blob = engine == "postgres" ? "BYTEA" : "BLOB";
  const std::string ts = engine == "mysql" ? "DATETIME(6)" : "TIMESTAMP";
  return "CREATE TABLE parent (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL DEFAULT 'x', price DECIMAL(10,2), "
         "born DATE, seen " + ts + ", ratio " + dbl + ", data " + blob + ");\n"
         "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id), note VARCHAR(100));\n"
         "CREATE INDEX child_note ON child (note)";
}

std::string BytesLiteral(const std::string& engine, const std::string& hex) {
  if (engine == "postgres") return "'\\x" + hex + "'::bytea";
  if (engine == "duckdb") return "from_hex('" + hex + "')";
  return "x'" + hex + "'";
}

// Three parents (one of NULLs apart from its key) and four children.
std::string SourceWith(const std::string& engine) {
  std::string src = FreshDatabase(engine, "_src");
  Query(src, SchemaSql(engine));
  Query(src, "INSERT INTO parent VALUES (1, 'Zoë ünïcode', 12.30, '2024-02-29', '2024-01-02 03:04:05', 0.5, " +
                 BytesLiteral(engine, "00ff10") + ");\n"
                 "INSERT INTO parent VALUES (2, 'plain', -0.05, '1999-12-31', '2000-01-01 00:00:00', -2.25, " +
                 BytesLiteral(engine, "") + ");\n"
                 "INSERT INTO parent (id, name) VALUES (3, 'nulls')");
  Query(src, "INSERT INTO child VALUES (10, 1, 'a'), (11, 1, 'b'), (12, 2, NULL), (13, NULL, 'orphanless')");
  return src;
}

// "12.30", "12.3" and SQLite's REAL "12.300000000000001" alike: numbers
// compare by value, to ten significant digits.
std::string Num(const std::optional<std::string>& v) {
  if (!v) return "NULL";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", std::strtod(v->c_str(), nullptr));
  return buf;
}

std::string Text(const std::optional<std::string>& v, size_t n = std::string::npos) {
  return v ? v->substr(0, n) : "NULL";
}

// The rows of both tables as the engine's own client reads them, in one
// spelling whatever the engine.
std::vector<std::string> Rows(const std::string& uri) {
  std::vector<std::string> out;
  for (const auto& r : Query(uri, "SELECT id, name, price, born, seen, ratio FROM parent ORDER BY id"))
    out.push_back(Text(r[0]) + "|" + Text(r[1]) + "|" + Num(r[2]) + "|" + Text(r[3], 10) + "|" + Text(r[4], 19) +
                  "|" + Num(r[5]));
  for (const auto& r : Query(uri, "SELECT id, parent_id, note FROM child ORDER BY id"))
    out.push_back(Text(r[0]) + "|" + Text(r[1]) + "|" + Text(r[2]));
  return out;
}

const std::vector<std::string> kExpectedRows = {
    "1|Zoë ünïcode|12.3|2024-02-29|2024-01-02 03:04:05|0.5",
    "2|plain|-0.05|1999-12-31|2000-01-01 00:00:00|-2.25",
    "3|nulls|NULL|NULL|NULL|NULL",
    "10|1|a",
    "11|1|b",
    "12|2|NULL",
    "13|NULL|orphanless",
};

// The bytes column as hex, per engine.
std::vector<std::string> BytesHex(const std::string& engine, const std::string& uri) {
  std::string hex = engine == "postgres" ? "encode(data, 'hex')" : "lower(hex(data))";
  std::string expr = "CASE WHEN data IS NULL THEN NULL ELSE " + hex + " END";
  std::vector<std::string> out;
  for (const auto& r : Query(uri, "SELECT " + expr + " FROM parent ORDER BY id")) out.push_back(Text(r[0]));
  return out;
}

std::string Try(const std::string& engine, const std::string& uri, const std::string& sql) {
  return TryExec(uri, (engine == "sqlite" ? "PRAGMA foreign_keys=ON; " : "") + sql);
}

int IndexesOnNote(const std::string& engine, const std::string& uri) {
  std::string sql;
  if (engine == "postgres") sql = "SELECT count(*) FROM pg_indexes WHERE tablename = 'child' AND indexdef LIKE '%(note)%'";
  if (engine == "mysql")
    sql = "SELECT count(*) FROM information_schema.statistics WHERE table_schema = DATABASE() AND "
          "table_name = 'child' AND column_name = 'note'";
  if (engine == "sqlite") sql = "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'child' AND sql LIKE '%note%'";
  if (engine == "duckdb") sql = "SELECT count(*) FROM duckdb_indexes() WHERE table_name = 'child' AND sql LIKE '%note%'";
  auto rows = Query(uri, sql);
  return rows.empty() || !rows[0][0] ? -1 : std::stoi(*rows[0][0]);
}

// The keys, index, FK and default arrived: the engine enforces them.
void ExpectSchemaObjects(const std::string& engine, const std::string& uri) {
  EXPECT_NE(Try(engine, uri, "INSERT INTO parent (id, name) VALUES (1, 'dup')"), "") << "primary key";
  EXPECT_NE(Try(engine, uri, "INSERT INTO child VALUES (99, 12345, 'orphan')"), "") << "foreign key";
  EXPECT_EQ(IndexesOnNote(engine, uri), 1) << "index child_note";
  EXPECT_EQ(Try(engine, uri, "INSERT INTO parent (id) VALUES (100)"), "");
  auto rows = Query(uri, "SELECT name FROM parent WHERE id = 100");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], std::optional<std::string>("x")) << "default";
}

// The archive folder a backup made under `dir` (the only one).
std::string OnlyArchive(const std::string& dir) {
  std::string found;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_directory()) found = e.path().string();
  return found;
}

nlohmann::json ReadJson(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

class BackupRoundTrip : public ::testing::TestWithParam<std::string> {};

// source engine -> archive -> every engine: the values, bytes, keys,
// index, FK and default as the source had them, and `ferry verify`
// compares the archive with the restored database without the source.
TEST_P(BackupRoundTrip, EveryEngineRestoresWhatTheSourceHeld) {
  const std::string from = GetParam();
  std::string src = SourceWith(from);
  ASSERT_EQ(Rows(src), kExpectedRows);
  std::string dir = TempDir() + "/backups";
  auto backup = RunFerry({"backup", src, dir, "--no-progress", "--name", "app", "--time", "2026-12-03T02:00:00Z"});
  ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err;
  const std::string archive = dir + "/app-20261203T020000Z";
  ASSERT_TRUE(fs::exists(archive + "/manifest.json")) << backup.out;
  EXPECT_TRUE(fs::exists(archive + "/parent.parquet"));
  EXPECT_TRUE(fs::exists(archive + "/child.parquet"));
  EXPECT_FALSE(fs::exists(archive + "/.ferry-checkpoint.json"));
  // The rows read back as a restore reads them have the digest recorded as
  // they were written, for every source engine's types.
  auto check = RunFerry({"backup", "check", archive});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_NE(check.out.find("checksum as in the manifest"), std::string::npos) << check.out;
  EXPECT_EQ(ReadJson(archive + "/manifest.json")["tables"][0]["checksum"].get<std::string>().size(), 33u);
  for (const auto& to : kEngines) {
    SCOPED_TRACE(from + " -> archive -> " + to);
    std::string dst = FreshDatabase(to, "_" + to);
    auto restore = RunFerry({"restore", archive, dst, "--no-progress", "--verify"});
    ASSERT_EQ(restore.exit_code, 0) << restore.out << restore.err;
    EXPECT_EQ(Rows(dst), kExpectedRows);
    EXPECT_EQ(BytesHex(to, dst), (std::vector<std::string>{"00ff10", "", "NULL"}));
    ExpectSchemaObjects(to, dst);
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, BackupRoundTrip, ::testing::ValuesIn(kEngines),
                         [](const auto& info) { return info.param; });

// The manifest: complete, last; the source's URI without its password;
// per table the schema as the catalog held it, rows, size and SHA-256.
TEST(BackupManifest, RecordsSchemaRowsAndDigestsWithoutThePassword) {
  std::string src = SourceWith("postgres");
  std::string dir = TempDir() + "/backups";
  auto run = RunFerry({"backup", src, dir, "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(run.out.find(kPassword), std::string::npos);
  EXPECT_EQ(run.err.find(kPassword), std::string::npos);
  const std::string archive = OnlyArchive(dir);
  const std::string db_name = src.substr(src.rfind('/') + 1);
  EXPECT_EQ(fs::path(archive).filename().string().rfind(db_name + "-", 0), 0u)
      << archive << ": NAME defaults to the database's name";
  std::ifstream in(archive + "/manifest.json");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str().find(kPassword), std::string::npos);
  auto m = nlohmann::json::parse(text.str());
  EXPECT_EQ(m["complete"], true);
  EXPECT_EQ(m["format_version"], 1);
  EXPECT_EQ(m["source"]["engine"], "postgres");
  EXPECT_NE(m["source"]["uri"].get<std::string>().find(":***@"), std::string::npos);
  std::map<std::string, nlohmann::json> tables;
  for (const auto& t : m["tables"]) tables[t["name"]] = t;
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(tables["parent"]["rows"], 3);
  EXPECT_EQ(tables["child"]["rows"], 4);
  // Read in key order, so recorded as sorted: a restore reads without a sort.
  EXPECT_EQ(tables["parent"]["sorted_by"], nlohmann::json::array({"id"}));
  const auto& parent = tables["parent"]["schema"];
  EXPECT_EQ(parent["primary_key"], nlohmann::json::array({"id"}));
  EXPECT_EQ(parent["columns"][1]["native_type"], "character varying(50)");
  EXPECT_EQ(parent["columns"][1]["nullable"], false);
  EXPECT_EQ(parent["columns"][1]["default"]["text"], "x");
  EXPECT_EQ(parent["columns"][2]["type"]["precision"], 10);
  const auto& child = tables["child"]["schema"];
  ASSERT_EQ(child["foreign_keys"].size(), 1u);
  EXPECT_EQ(child["foreign_keys"][0]["ref_table"], "parent");
  ASSERT_EQ(child["indexes"].size(), 1u);
  EXPECT_EQ(child["indexes"][0]["columns"], nlohmann::json::array({"note"}));
  // Size and SHA-256 as sha256sum sees the file.
  for (auto& [name, t] : tables) {
    const std::string file = archive + "/" + t["file"].get<std::string>();
    EXPECT_EQ(t["bytes"], static_cast<int64_t>(fs::file_size(file)));
    FILE* p = popen(("sha256sum '" + file + "'").c_str(), "r");
    char buf[65] = {0};
    ASSERT_EQ(fread(buf, 1, 64, p), 64u);
    pclose(p);
    EXPECT_EQ(t["sha256"], std::string(buf));
  }
}

// DuckDB alone (no ferry) reads the Parquet files: the source's rows,
// typed (a decimal is DECIMAL, a date DATE).
TEST(BackupParquet, DuckdbAloneReadsTheSourcesRows) {
  std::string src = SourceWith("sqlite");
  std::string dir = TempDir() + "/backups";
  auto run = RunFerry({"backup", src, dir, "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const std::string archive = OnlyArchive(dir);
  const std::string duck = "duckdb://" + TempDir() + "/plain.duckdb";
  auto rows = Query(duck, "SELECT id, name, CAST(price AS VARCHAR), typeof(price), CAST(born AS VARCHAR), "
                          "typeof(born), CAST(seen AS VARCHAR), ratio, lower(hex(data)) FROM read_parquet('" +
                              archive + "/parent.parquet') ORDER BY id");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (Row{"1", "Zoë ünïcode", "12.30", "DECIMAL(10,2)", "2024-02-29", "DATE", "2024-01-02 03:04:05",
                          "0.5", "00ff10"}));
  EXPECT_EQ(rows[1], (Row{"2", "plain", "-0.05", "DECIMAL(10,2)", "1999-12-31", "DATE", "2000-01-01 00:00:00", "-2.25",
                          ""}));
  EXPECT_EQ(rows[2], (Row{"3", "nulls", std::nullopt, "DECIMAL(10,2)", std::nullopt, "DATE", std::nullopt,
                          std::nullopt, std::nullopt}));
  auto child = Query(duck, "SELECT count(*), sum(id), count(parent_id), count(note) FROM read_parquet('" + archive +
                               "/child.parquet')");
  EXPECT_EQ(child[0], (Row{"4", "46", "3", "3"}));
  // zstd, as the manifest promises.
  auto codecs = Query(duck, "SELECT DISTINCT compression FROM parquet_metadata('" + archive + "/parent.parquet')");
  ASSERT_EQ(codecs.size(), 1u);
  EXPECT_EQ(codecs[0][0], std::optional<std::string>("ZSTD"));
}

// Faults: each damaged copy of a good archive is named by `backup check`
// (exit 9) and refused by `restore` before the target is touched.
TEST(BackupFaults, CheckNamesEachAndRestoreRefusesBeforeWriting) {
  std::string src = SourceWith("sqlite");
  std::string dir = TempDir() + "/backups";
  auto run = RunFerry({"backup", src, dir, "--no-progress", "--name", "app", "--time", "2026-12-01T00:00:00Z"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const std::string good = dir + "/app-20261201T000000Z";
  auto ok = RunFerry({"backup", "check", good});
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("ok"), std::string::npos) << ok.out;

  struct Fault {
    std::string name, expect;
    std::function<void(const std::string&)> damage;
  };
  const std::vector<Fault> faults = {
      {"flipped", "parent.parquet: SHA-256",
       [](const std::string& a) {
         std::fstream f(a + "/parent.parquet", std::ios::in | std::ios::out | std::ios::binary);
         f.seekg(40);
         char c;
         f.get(c);
         f.seekp(40);
         f.put(static_cast<char>(c ^ 0x01));
       }},
      {"truncated", "child.parquet: size",
       [](const std::string& a) { fs::resize_file(a + "/child.parquet", fs::file_size(a + "/child.parquet") / 2); }},
      {"missing", "child.parquet: missing", [](const std::string& a) { fs::remove(a + "/child.parquet"); }},
      {"incomplete", "incomplete",
       [](const std::string& a) {
         auto m = ReadJson(a + "/manifest.json");
         m.erase("complete");
         std::ofstream(a + "/manifest.json") << m.dump(2);
       }},
  };
  for (const auto& fault : faults) {
    SCOPED_TRACE(fault.name);
    const std::string bad = TempDir() + "/" + fault.name + "/app-20261201T000000Z";
    fs::create_directories(fs::path(bad).parent_path());
    fs::copy(good, bad, fs::copy_options::recursive);
    fault.damage(bad);
    auto check = RunFerry({"backup", "check", bad});
    EXPECT_EQ(check.exit_code, 9) << check.out << check.err;
    EXPECT_NE(check.out.find(fault.expect), std::string::npos) << check.out;

    std::string dst = FreshDatabase("postgres", "_" + fault.name);
    auto restore = RunFerry({"restore", bad, dst, "--no-progress"});
    EXPECT_NE(restore.exit_code, 0) << restore.out;
    EXPECT_NE(restore.err.find(fault.expect), std::string::npos) << restore.err;
    auto tables = Query(dst, "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN "
                             "('pg_catalog', 'information_schema')");
    EXPECT_EQ(tables[0][0], std::optional<std::string>("0")) << "the target was touched";
  }
}

// A file rewritten with other rows and its manifest's size and SHA-256
// made to match: only the rows' checksum can tell, and check names it.
TEST(BackupFaults, CheckComparesTheRowsWithTheRecordedChecksum) {
  std::string src = SourceWith("sqlite");
  std::string dir = TempDir() + "/backups";
  auto run = RunFerry({"backup", src, dir, "--no-progress", "--name", "app", "--time", "2026-12-01T00:00:00Z"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const std::string archive = dir + "/app-20261201T000000Z";
  const std::string file = archive + "/parent.parquet", forged = TempDir() + "/forged.parquet";
  Query("duckdb://" + TempDir() + "/forge.duckdb",
        "COPY (SELECT * REPLACE (CASE WHEN id = 2 THEN 'forged' ELSE name END AS name) FROM read_parquet('" + file +
            "')) TO '" + forged + "' (FORMAT parquet, COMPRESSION zstd)");
  fs::copy_file(forged, file, fs::copy_options::overwrite_existing);
  auto digest = archive::DigestFile(file);
  ASSERT_TRUE(digest.ok());
  auto m = ReadJson(archive + "/manifest.json");
  for (auto& t : m["tables"])
    if (t["file"] == "parent.parquet") {
      t["bytes"] = digest->bytes;
      t["sha256"] = digest->sha256;
    }
  std::ofstream(archive + "/manifest.json") << m.dump(2);

  auto check = RunFerry({"backup", "check", archive});
  EXPECT_EQ(check.exit_code, 9) << check.out << check.err;
  EXPECT_NE(check.out.find("parent.parquet: its 3 rows read back have checksum"), std::string::npos) << check.out;
  EXPECT_EQ(check.out.find("child.parquet"), std::string::npos) << "child is as written: " << check.out;
}

// A backup directory restores its newest complete archive; an incomplete
// newer one is passed over, named.
TEST(BackupRestore, ADirectoryMeansItsNewestCompleteArchive) {
  std::string src = SourceWith("sqlite");
  std::string dir = TempDir() + "/backups";
  ASSERT_EQ(RunFerry({"backup", src, dir, "--no-progress", "--time", "2026-12-01T00:00:00Z", "--name", "a"}).exit_code, 0);
  Query(src, "INSERT INTO child VALUES (14, 2, 'newer')");
  ASSERT_EQ(RunFerry({"backup", src, dir, "--no-progress", "--time", "2026-12-02T00:00:00Z", "--name", "a"}).exit_code, 0);
  Query(src, "INSERT INTO child VALUES (15, 2, 'newest')");
  ASSERT_EQ(RunFerry({"backup", src, dir, "--no-progress", "--time", "2026-12-03T00:00:00Z", "--name", "a"}).exit_code, 0);
  auto m = ReadJson(dir + "/a-20261203T000000Z/manifest.json");
  m["complete"] = false;
  std::ofstream(dir + "/a-20261203T000000Z/manifest.json") << m.dump(2);

  std::string dst = FreshDatabase("duckdb", "_dst");
  auto restore = RunFerry({"restore", dir, dst, "--no-progress"});
  ASSERT_EQ(restore.exit_code, 0) << restore.out << restore.err;
  EXPECT_NE(restore.err.find("a-20261202T000000Z"), std::string::npos) << restore.err;
  EXPECT_NE(restore.err.find("skipping"), std::string::npos) << restore.err;
  auto rows = Query(dst, "SELECT max(id), count(*) FROM child");
  EXPECT_EQ(rows[0], (Row{"14", "5"}));

  // --data-only --truncate into the restored tables puts the archive's rows back.
  Query(dst, "DELETE FROM child WHERE id > 11; UPDATE child SET note = 'changed'");
  auto again = RunFerry({"restore", dir + "/a-20261201T000000Z", dst, "--no-progress", "--data-only", "--truncate",
                         "--tables", "child"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(SortedRows(dst, "SELECT id, parent_id, note FROM child"),
            Sorted({"10|1|a", "11|1|b", "12|2|NULL", "13|NULL|orphanless"}));
}

// Rotation: archives made with --time; prune keeps what the rules say,
// --dry-run removes nothing, an older incomplete archive goes, and
// `backup list` shows each archive.
TEST(BackupRotation, PruneKeepsWhatTheRulesSay) {
  std::string src = SourceWith("sqlite");
  std::string dir = TempDir() + "/backups";
  for (int day = 1; day <= 6; ++day) {
    auto r = RunFerry({"backup", src, dir, "--no-progress", "--name", "app", "--time",
                       "2026-11-0" + std::to_string(day) + "T02:00:00Z"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  }
  auto m = ReadJson(dir + "/app-20261102T020000Z/manifest.json");
  m.erase("complete");
  std::ofstream(dir + "/app-20261102T020000Z/manifest.json") << m.dump(2);

  auto list = RunFerry({"backup", "list", dir});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("app-20261101T020000Z"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("2026-11-06T02:00:00Z"), std::string::npos) << list.out;
  size_t yes = 0, no = 0;
  std::istringstream lines(list.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("app-") == std::string::npos) continue;
    EXPECT_NE(line.find("     2            7"), std::string::npos) << "tables and rows: " << line;
    (line.size() >= 3 && line.substr(line.size() - 3) == "yes") ? ++yes : ++no;
  }
  EXPECT_EQ(yes, 5u);
  EXPECT_EQ(no, 1u);

  auto dry = RunFerry({"backup", "prune", dir, "--keep-last", "2", "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("would remove app-20261101T020000Z"), std::string::npos) << dry.out;
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 6);

  auto prune = RunFerry({"backup", "prune", dir, "--keep-last", "2"});
  ASSERT_EQ(prune.exit_code, 0) << prune.err;
  std::set<std::string> left;
  for (const auto& e : fs::directory_iterator(dir)) left.insert(e.path().filename().string());
  EXPECT_EQ(left, (std::set<std::string>{"app-20261105T020000Z", "app-20261106T020000Z"})) << prune.out;

  // Rotation after a backup: --keep-daily 2 keeps the new one and the day before.
  auto r = RunFerry({"backup", src, dir, "--no-progress", "--name", "app", "--time", "2026-11-07T02:00:00Z",
                     "--keep-daily", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  left.clear();
  for (const auto& e : fs::directory_iterator(dir)) left.insert(e.path().filename().string());
  EXPECT_EQ(left, (std::set<std::string>{"app-20261106T020000Z", "app-20261107T020000Z"})) << r.out;
}

// PostgreSQL's own types through an archive back into PostgreSQL: the
// native types as declared (jsonb stays jsonb, numeric without a
// precision stays exact) and every value as PostgreSQL spells it; an empty
// table and a table whose name is no file name survive too.
TEST(BackupTypes, PostgresTypesComeBackAsDeclared) {
  std::string src = FreshDatabase("postgres", "_src");
  Query(src,
        "CREATE TABLE kinds (id smallint PRIMARY KEY, u uuid, j jsonb, iv interval, t time, tz timestamptz, "
        "n numeric, b boolean, r real, e text, big bigint, ch char(3));\n"
        "INSERT INTO kinds VALUES (1, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"b\": [1, 2], \"a\": null}', "
        "'1 year 2 mons 3 days 04:05:06.5', '23:59:59.999999', '2024-02-29 23:59:59.123456+00', "
        "123456789012345678901234567890.123456789, true, 1.5, 'ünï', 9223372036854775807, 'ab');\n"
        "INSERT INTO kinds (id) VALUES (2);\n"
        "CREATE TABLE empty_one (id int PRIMARY KEY, v text);\n"
        "CREATE TABLE \"odd/name x\" (id int PRIMARY KEY)");
  Query(src, "INSERT INTO \"odd/name x\" VALUES (7)");
  std::string dir = TempDir() + "/backups";
  auto run = RunFerry({"backup", src, dir, "--no-progress", "--name", "kinds"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const std::string archive = OnlyArchive(dir);
  auto check = RunFerry({"backup", "check", archive});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  auto m = ReadJson(archive + "/manifest.json");
  std::set<std::string> files;
  for (const auto& t : m["tables"]) files.insert(t["file"].get<std::string>());
  EXPECT_EQ(files, (std::set<std::string>{"kinds.parquet", "empty_one.parquet", "odd_name_x.2.parquet"}));
  const std::string duck = "duckdb://" + TempDir() + "/plain.duckdb";
  auto types = Query(duck, "SELECT typeof(u), typeof(iv), typeof(tz), typeof(n), typeof(r) FROM read_parquet('" +
                               archive + "/kinds.parquet') LIMIT 1");
  EXPECT_EQ(types[0], (Row{"UUID", "INTERVAL", "TIMESTAMP WITH TIME ZONE", "VARCHAR", "FLOAT"}));
  EXPECT_EQ(Query(duck, "SELECT count(*) FROM read_parquet('" + archive + "/empty_one.parquet')")[0][0],
            std::optional<std::string>("0"));

  std::string dst = FreshDatabase("postgres", "_dst");
  auto restore = RunFerry({"restore", archive, dst, "--no-progress", "--verify"});
  ASSERT_EQ(restore.exit_code, 0) << restore.out << restore.err;
  const std::string all = "SELECT id, u::text, j::text, iv::text, t::text, tz::text, n::text, b::text, r::text, e, "
                          "big::text, ch FROM kinds";
  EXPECT_EQ(SortedRows(dst, all), SortedRows(src, all));
  const std::string declared = "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = "
                               "'kinds'";
  EXPECT_EQ(SortedRows(dst, declared), SortedRows(src, declared));
  EXPECT_EQ(SortedRows(dst, "SELECT id FROM \"odd/name x\""), Sorted({"7"}));
  EXPECT_EQ(SortedRows(dst, "SELECT count(*) FROM empty_one"), Sorted({"0"}));
}

constexpr int kBigRows = 200000;

// A SQLite source big enough to kill a run in: `items` (integer key,
// text/real/blob/NULLs) and `events` (no key).
std::string BigSource() {
  std::string src = FreshDatabase("sqlite", "_big");
  Query(src,
        "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL, note TEXT, data BLOB);\n"
        "CREATE TABLE events (at TEXT, what TEXT, n INTEGER);\n"
        "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < " +
            std::to_string(kBigRows) +
            ") INSERT INTO items SELECT i, 'item ' || i, i * 0.25, CASE WHEN i % 7 = 0 THEN NULL ELSE "
            "printf('%.*c', 40 + i % 60, 'x') END, randomblob(8) FROM c;\n"
            "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 30000) "
            "INSERT INTO events SELECT '2024-01-01 00:00:' || (i % 60), 'event ' || (i % 17), i FROM c");
  return src;
}

int64_t Count(const std::string& uri, const std::string& sql) {
  auto rows = Query(uri, sql);
  return rows.empty() || !rows[0][0] ? -1 : std::stoll(*rows[0][0]);
}

// A backup killed at random moments and run again (same --time: the same
// archive) ends with one complete archive that checks clean and holds
// exactly the source's rows; a restore killed at random moments, reading
// the archive in key ranges, resumes to exactly those rows too.
TEST(BackupKilled, BackupAndRestoreResumeToExactlyTheSourceRows) {
  const std::string src = BigSource();
  const std::string dir = TempDir() + "/backups";
  InterruptedRuns backups = RunInterrupted({"backup", src, dir, "--no-progress", "--name", "big", "--time",
                                            "2026-12-03T02:00:00Z", "--batch-rows", "5000", "--rate", "150000"},
                                           SIGKILL);
  ASSERT_EQ(backups.failure, "");
  EXPECT_GE(backups.stopped, 1) << "no kill landed";
  const std::string archive = dir + "/big-20261203T020000Z";
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
  EXPECT_FALSE(fs::exists(archive + "/.ferry-checkpoint.json"));
  for (const auto& e : fs::directory_iterator(archive))
    EXPECT_EQ(e.path().extension() == ".partial", false) << e.path();
  auto check = RunFerry({"backup", "check", archive});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  auto verify = RunFerry({"verify", src, "archive://" + archive});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;

  const std::string dst = FreshDatabase("postgres", "_dst");
  InterruptedRuns restores = RunInterrupted({"restore", archive, dst, "--no-progress", "--commit-every", "15000",
                                             "--batch-rows", "5000", "--split-rows", "60000", "--jobs", "2",
                                             "--rate", "150000"},
                                            SIGKILL);
  ASSERT_EQ(restores.failure, "");
  EXPECT_GE(restores.stopped, 1) << "no kill landed";
  EXPECT_GE(restores.resumed, 1) << "no restore resumed from a checkpoint";
  EXPECT_EQ(Count(dst, "SELECT count(*) FROM items"), kBigRows);
  EXPECT_EQ(Count(dst, "SELECT count(DISTINCT id) FROM items"), kBigRows);
  EXPECT_EQ(Count(dst, "SELECT count(*) FROM events"), 30000);
  auto same = RunFerry({"verify", src, dst});
  EXPECT_EQ(same.exit_code, 0) << same.out << same.err;
}

// --dry-run prints the plan and what the archive would record, and makes
// nothing (not even the backup directory); --verify compares the new
// archive with the source and says so.
TEST(BackupRun, DryRunWritesNothingAndVerifyComparesTheArchive) {
  std::string src = SourceWith("sqlite");
  std::string dir = TempDir() + "/backups";
  auto dry = RunFerry({"backup", src, dir, "--dry-run", "--keep-last", "3"});
  ASSERT_EQ(dry.exit_code, 0) << dry.out << dry.err;
  EXPECT_NE(dry.out.find("archive: table parent (id INTEGER, name VARCHAR(50)"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("archive: record foreign key"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("holds no archives yet"), std::string::npos) << dry.out;
  EXPECT_FALSE(fs::exists(dir));

  const std::string report_path = TempDir() + "/report.json";
  auto run = RunFerry({"backup", src, dir, "--no-progress", "--verify", "--report", report_path});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("2 of 2 table(s) equal"), std::string::npos) << run.out;
  auto report = ReadJson(report_path);
  EXPECT_EQ(report["command"], "backup") << report.dump();
}

// Bad input is refused with what and where.
TEST(BackupErrors, BadInputIsNamed) {
  std::string dir = TempDir() + "/empty";
  fs::create_directories(dir);
  auto none = RunFerry({"restore", dir, "sqlite://" + TempDir() + "/x.db"});
  EXPECT_NE(none.exit_code, 0);
  EXPECT_NE(none.err.find("no complete archive in " + dir), std::string::npos) << none.err;
  auto prune = RunFerry({"backup", "prune", dir});
  EXPECT_EQ(prune.exit_code, 2);
  EXPECT_NE(prune.err.find("--keep"), std::string::npos) << prune.err;
  auto within = RunFerry({"backup", "prune", dir, "--keep-within", "30x"});
  EXPECT_EQ(within.exit_code, 2) << within.err;
  EXPECT_NE(within.err.find("--keep-within '30x'"), std::string::npos) << within.err;
  auto time = RunFerry({"backup", "sqlite://" + TempDir() + "/x.db", dir, "--time", "yesterday"});
  EXPECT_EQ(time.exit_code, 2);
  EXPECT_NE(time.err.find("--time 'yesterday'"), std::string::npos) << time.err;
  auto check = RunFerry({"backup", "check", dir + "/nothing-20261201T000000Z"});
  EXPECT_EQ(check.exit_code, 9);
  EXPECT_NE(check.out.find("manifest.json does not exist"), std::string::npos) << check.out;
}

}  // namespace
}  // namespace ferry::test
