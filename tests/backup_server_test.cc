// Issue 15 parts 2 and 3: whole servers and whole databases. `ferry backup
// --all-databases` on a PostgreSQL or MariaDB server writes one archive per
// database (and per non-public PostgreSQL schema), all with the run's time;
// `ferry restore --all-databases` makes each database on another server
// (here: the same server after the databases were dropped, and across
// engines) and loads it. Its own binary, so its servers hold only the
// databases these tests make. Values are read back with the engines' own
// clients.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "support/test_env.h"

namespace ferry::test {
namespace {

namespace fs = std::filesystem;

const char kTime[] = "2026-12-03T02:00:00Z";
const char kStamp[] = "20261203T020000Z";

std::string Auth() { return std::string(kUser) + ":" + kPassword + "@127.0.0.1:"; }
std::string PgServer() { return "postgres://" + Auth() + std::to_string(PostgresPort()) + "/"; }
std::string MariaServer() { return "mysql://" + Auth() + std::to_string(MariadbPort()) + "/"; }
std::string DbName(const std::string& uri) { return uri.substr(uri.rfind('/') + 1); }

// The archive folder names under `dir`.
std::set<std::string> Folders(const std::string& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_directory()) out.insert(e.path().filename().string());
  return out;
}

void DropPg(const std::string& db) {
  Query("postgres://" + Auth() + std::to_string(PostgresPort()) + "/postgres",
        "DROP DATABASE IF EXISTS \"" + db + "\" WITH (FORCE)");
}

// A PostgreSQL database with a parent/child pair in public and a table
// (FK into public) in schema audit.
void FillWithSchemas(const std::string& uri) {
  Query(uri,
        "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"
        "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id), note TEXT);\n"
        "INSERT INTO parent VALUES (1, 'Zoë'), (2, 'it''s');\n"
        "INSERT INTO child VALUES (10, 1, 'a'), (11, 2, NULL), (12, NULL, '');\n"
        "CREATE SCHEMA audit;\n"
        "CREATE TABLE audit.log (id BIGINT PRIMARY KEY, what TEXT, at TIMESTAMP);\n"
        "INSERT INTO audit.log VALUES (1, 'login', '2024-02-29 23:59:59.123456'), (2, NULL, NULL)");
}

void ExpectSchemasHeld(const std::string& uri) {
  EXPECT_EQ(SortedRows(uri, "SELECT id, name FROM parent"), Sorted({"1|Zoë", "2|it's"}));
  EXPECT_EQ(SortedRows(uri, "SELECT id, parent_id, note FROM child"), Sorted({"10|1|a", "11|2|NULL", "12|NULL|"}));
  EXPECT_EQ(SortedRows(uri, "SELECT id, what, at FROM audit.log"),
            Sorted({"1|login|2024-02-29 23:59:59.123456", "2|NULL|NULL"}));
  EXPECT_NE(TryExec(uri, "INSERT INTO child VALUES (99, 12345, 'orphan')"), "") << "the FK came back";
  EXPECT_NE(TryExec(uri, "INSERT INTO audit.log VALUES (1, 'dup', NULL)"), "") << "audit.log's key came back";
}

TEST(BackupServers, PostgresAllDatabasesComeBackWithTheirSchemas) {
  std::string a = FreshDatabase("postgres", "_a"), b = FreshDatabase("postgres", "_b");
  FillWithSchemas(a);
  Query(b, "CREATE TABLE item (id BIGINT PRIMARY KEY, label VARCHAR(20)); INSERT INTO item VALUES (7, 'seven')");
  std::string dir = TempDir() + "/server";
  auto backup = RunFerry({"backup", PgServer(), dir, "--all-databases", "--time", kTime, "--no-progress"});
  ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err;
  auto folders = Folders(dir);
  for (const std::string& name : {DbName(a), DbName(a) + ".audit", DbName(b), std::string("postgres")})
    EXPECT_TRUE(folders.count(name + "-" + kStamp)) << name << " in " << ::testing::PrintToString(folders);
  for (const auto& f : folders) {
    EXPECT_EQ(f.find("template"), std::string::npos) << "templates are left out: " << f;
    EXPECT_EQ(f.find(".ferry-"), std::string::npos) << "ferry's own schema is left out: " << f;
  }

  // As on a new server: the databases are gone, restore makes them again.
  DropPg(DbName(a));
  DropPg(DbName(b));
  auto restore = RunFerry({"restore", dir, PgServer(), "--all-databases", "--no-progress"});
  ASSERT_EQ(restore.exit_code, 0) << restore.out << restore.err;
  ExpectSchemasHeld(a);
  EXPECT_EQ(SortedRows(b, "SELECT id, label FROM item"), Sorted({"7|seven"}));
}

TEST(BackupServers, ADatabaseWithSchemasRestoresEachSchema) {
  std::string src = FreshDatabase("postgres", "_src"), dst = FreshDatabase("postgres", "_dst");
  FillWithSchemas(src);
  std::string dir = TempDir() + "/db";
  auto backup = RunFerry({"backup", src, dir, "--name", "app", "--time", kTime, "--no-progress"});
  ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err;
  EXPECT_EQ(Folders(dir), (std::set<std::string>{std::string("app-") + kStamp, std::string("app.audit-") + kStamp}));

  // A target with no place for a second schema is refused before it is made.
  std::string sqlite = TempDir() + "/one.db";
  auto refused = RunFerry({"restore", dir, "sqlite://" + sqlite, "--no-progress"});
  EXPECT_EQ(refused.exit_code, 2) << refused.out << refused.err;
  EXPECT_NE(refused.err.find("schema audit"), std::string::npos) << refused.err;
  EXPECT_FALSE(fs::exists(sqlite));

  auto restore = RunFerry({"restore", dir, dst, "--no-progress"});
  ASSERT_EQ(restore.exit_code, 0) << restore.out << restore.err;
  ExpectSchemasHeld(dst);
  auto verify = RunFerry({"verify", src + "?schema=audit", dst + "?schema=audit"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

TEST(BackupServers, MariadbServerRestoresOntoPostgresAndADamagedRunWritesNothing) {
  std::string m1 = FreshDatabase("mysql", "_m1"), m2 = FreshDatabase("mysql", "_m2");
  Query(m1, "CREATE TABLE town (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL, founded DATE);\n"
            "INSERT INTO town VALUES (1, 'Łódź', '1423-07-29'), (2, 'Aachen', NULL)");
  Query(m2, "CREATE TABLE price (sku CHAR(8) PRIMARY KEY, cents BIGINT, ratio DECIMAL(6,3));\n"
            "INSERT INTO price VALUES ('A-1', 1999, 0.125), ('B-2', -5, NULL)");
  std::string dir = TempDir() + "/maria";
  auto backup = RunFerry({"backup", MariaServer(), dir, "--all-databases", "--time", kTime, "--no-progress"});
  ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err;
  auto folders = Folders(dir);
  EXPECT_TRUE(folders.count(DbName(m1) + "-" + kStamp));
  EXPECT_TRUE(folders.count(DbName(m2) + "-" + kStamp));
  for (std::string system : {"mysql", "sys", "information_schema", "performance_schema"})
    EXPECT_FALSE(folders.count(system + "-" + kStamp)) << system;

  // One flipped byte in the second database's file: nothing is restored.
  std::string damaged = TempDir() + "/damaged";
  fs::copy(dir, damaged, fs::copy_options::recursive);
  std::string file = damaged + "/" + DbName(m2) + "-" + kStamp + "/price.parquet";
  {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(20);
    f.put('\x5a');
  }
  auto refused = RunFerry({"restore", damaged, PgServer(), "--all-databases", "--no-progress"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("price.parquet"), std::string::npos) << refused.err;
  auto exists = Query("postgres://" + Auth() + std::to_string(PostgresPort()) + "/postgres",
                      "SELECT count(*) FROM pg_database WHERE datname IN ('" + DbName(m1) + "', '" + DbName(m2) + "')");
  EXPECT_EQ(exists[0][0], std::optional<std::string>("0")) << "no database was made";

  auto restore = RunFerry({"restore", dir, PgServer(), "--all-databases", "--no-progress"});
  ASSERT_EQ(restore.exit_code, 0) << restore.out << restore.err;
  std::string pg1 = PgServer() + DbName(m1), pg2 = PgServer() + DbName(m2);
  EXPECT_EQ(SortedRows(pg1, "SELECT id, name, founded FROM town"), Sorted({"1|Łódź|1423-07-29", "2|Aachen|NULL"}));
  EXPECT_EQ(SortedRows(pg2, "SELECT sku, cents, ratio FROM price"), Sorted({"A-1     |1999|0.125", "B-2     |-5|NULL"}));
  DropPg(DbName(m1));
  DropPg(DbName(m2));
}

TEST(BackupServers, BadInputIsNamed) {
  std::string dir = TempDir() + "/bad";
  std::string sqlite = FreshDatabase("sqlite");
  Query(sqlite, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
  auto not_server = RunFerry({"backup", sqlite, dir, "--all-databases", "--no-progress"});
  EXPECT_EQ(not_server.exit_code, 2) << not_server.err;
  EXPECT_NE(not_server.err.find("needs a server URI"), std::string::npos) << not_server.err;

  auto with_name = RunFerry({"backup", PgServer(), dir, "--all-databases", "--name", "x", "--no-progress"});
  EXPECT_EQ(with_name.exit_code, 2) << with_name.err;
  EXPECT_NE(with_name.err.find("--name"), std::string::npos) << with_name.err;

  ASSERT_EQ(RunFerry({"backup", sqlite, dir, "--name", "one", "--time", kTime, "--no-progress"}).exit_code, 0);
  const std::string never = TempDir() + "/never.db";
  auto onto_file = RunFerry({"restore", dir, "sqlite://" + never, "--all-databases", "--no-progress"});
  EXPECT_EQ(onto_file.exit_code, 2) << onto_file.err;
  EXPECT_NE(onto_file.err.find("server URI"), std::string::npos) << onto_file.err;

  auto one_archive = RunFerry({"restore", dir + "/one-" + kStamp, PgServer(), "--all-databases", "--no-progress"});
  EXPECT_EQ(one_archive.exit_code, 2) << one_archive.err;
  EXPECT_NE(one_archive.err.find("not one archive"), std::string::npos) << one_archive.err;
  EXPECT_FALSE(fs::exists(never));
}

}  // namespace
}  // namespace ferry::test
