// Issue 15 part 7: dev clones. `--mask TABLE.COLUMN=RULE` and `--subset
// 'TABLE: condition'` on copy, backup and restore. Every test reads the
// target back with the engine's own client and asserts value by value:
// FKs hold in the clone (no orphan), the subset is closed under references,
// masked values differ from the source and are stable within a run (joins
// on masked keys still match), unmasked columns are equal. Bad specs are
// refused with exit 2 and a message naming them, before any table is made.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <nlohmann/json.hpp>
#include <set>

#include "support/test_env.h"

namespace ferry::test {
namespace {

namespace fs = std::filesystem;

std::string Text(const std::optional<std::string>& v) { return v ? *v : "NULL"; }

// Users (a hashed key others reference), orders (FK to users), a
// self-referencing employees table and a secrets table with repeated values.
std::string MaskSource() {
  std::string src = FreshDatabase("sqlite", "_src");
  Query(src,
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, password TEXT, phone VARCHAR(20), "
        "role TEXT, name TEXT NOT NULL);\n"
        "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id), note TEXT);\n"
        "CREATE TABLE employees (id INTEGER PRIMARY KEY, manager_id INTEGER REFERENCES employees(id), name TEXT);\n"
        "CREATE TABLE secrets (id INTEGER PRIMARY KEY, value TEXT);\n"
        "INSERT INTO users VALUES (1, 'ann@corp.com', 'pw1', '+1 (555) 010-2030', 'admin', 'Ann'), "
        "(2, 'bob@corp.com', 'pw2', '0171-555', 'user', 'Bob'), (3, 'ann@corp.com', NULL, NULL, 'user', 'Ann2');\n"
        "INSERT INTO orders VALUES (10, 1, 'first'), (11, 1, 'second'), (12, 2, 'third'), (13, NULL, 'none');\n"
        "INSERT INTO employees VALUES (1, NULL, 'boss'), (2, 1, 'mid'), (3, 2, 'low');\n"
        "INSERT INTO secrets VALUES (1, 'tok-abc'), (2, 'tok-abc'), (3, 'other-secret'), (4, NULL)");
  return src;
}

// Orders joined to their user's name, by order id: equal in source and
// clone when the masked key and FK were masked alike.
std::vector<std::string> OrderOwners(const std::string& uri) {
  return SortedRows(uri, "SELECT o.id, o.note, u.name FROM orders o LEFT JOIN users u ON u.id = o.user_id");
}

std::map<std::string, std::string> Column(const std::string& uri, const std::string& table, const std::string& col) {
  std::map<std::string, std::string> out;
  for (const auto& r : Query(uri, "SELECT id, " + col + " FROM " + table)) out[Text(r[0])] = Text(r[1]);
  return out;
}

// The SQLite target holds no table (or was not even made).
void ExpectNoTables(const std::string& dst) {
  if (!fs::exists(dst.substr(std::string("sqlite://").size()))) return;
  EXPECT_EQ(SortedRows(dst, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"), std::vector<std::string>{"0"});
}

std::vector<std::string> MaskArgs() {
  return {"--mask", "users.id=hash",         "--mask", "users.email=email",   "--mask", "users.password=null",
          "--mask", "users.phone=digits",    "--mask", "secrets.value=hash",  "--mask", "users.role=fixed:member",
          "--mask", "employees.id=hash"};
}

TEST(Mask, HashIsStableWithinARunAndKeepsJoinsOnKeys) {
  const std::string src = MaskSource();
  const std::string dst = FreshDatabase("duckdb", "_dst");
  std::vector<std::string> args = {"copy", src, dst, "--no-progress"};
  for (const auto& a : MaskArgs()) args.push_back(a);
  auto run = RunFerry(args);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;

  // users.id is hashed, orders.user_id follows it: every join still matches.
  EXPECT_EQ(OrderOwners(dst), OrderOwners(src));
  EXPECT_EQ(OrderOwners(dst), Sorted({"10|first|Ann", "11|second|Ann", "12|third|Bob", "13|none|NULL"}));
  auto ids = SortedRows(dst, "SELECT id FROM users");
  ASSERT_EQ(ids.size(), 3u);
  for (const auto& id : ids) EXPECT_TRUE(id != "1" && id != "2" && id != "3") << id << " was not masked";
  EXPECT_EQ(SortedRows(dst, "SELECT count(*) FROM orders o LEFT JOIN users u ON u.id = o.user_id "
                            "WHERE o.user_id IS NOT NULL AND u.id IS NULL"),
            std::vector<std::string>{"0"});
  // Self-reference: employees.manager_id follows employees.id (DuckDB sets it in the second pass).
  EXPECT_EQ(SortedRows(dst, "SELECT e.name, m.name FROM employees e LEFT JOIN employees m ON m.id = e.manager_id"),
            Sorted({"boss|NULL", "mid|boss", "low|mid"}));
  EXPECT_EQ(SortedRows(dst, "SELECT count(*) FROM employees WHERE id IN (1, 2, 3)"), std::vector<std::string>{"0"});

  // Per user, by the unmasked name: each masked value as the rules say.
  std::map<std::string, std::vector<std::string>> by_name;
  for (const auto& r : Query(dst, "SELECT name, email, password, phone, role FROM users"))
    by_name[Text(r[0])] = {Text(r[1]), Text(r[2]), Text(r[3]), Text(r[4])};
  ASSERT_EQ(by_name.size(), 3u);
  const std::regex email("user-[0-9a-f]{8}@example\\.invalid");
  for (const auto& [name, v] : by_name) {
    EXPECT_TRUE(std::regex_match(v[0], email)) << name << ": " << v[0];
    EXPECT_EQ(v[1], "NULL") << name;
    EXPECT_EQ(v[3], "member") << name;
  }
  // The same email in two rows masks alike; a different one differently.
  EXPECT_EQ(by_name["Ann"][0], by_name["Ann2"][0]);
  EXPECT_NE(by_name["Ann"][0], by_name["Bob"][0]);
  // digits: same length, every non-digit where it was, the digits changed.
  const std::string ann_phone = by_name["Ann"][2], bob_phone = by_name["Bob"][2];
  ASSERT_EQ(ann_phone.size(), std::string("+1 (555) 010-2030").size());
  EXPECT_NE(ann_phone, "+1 (555) 010-2030");
  EXPECT_TRUE(std::regex_match(ann_phone, std::regex("\\+[0-9] \\([0-9]{3}\\) [0-9]{3}-[0-9]{4}"))) << ann_phone;
  EXPECT_TRUE(std::regex_match(bob_phone, std::regex("[0-9]{4}-[0-9]{3}"))) << bob_phone;
  EXPECT_NE(bob_phone, "0171-555");
  EXPECT_EQ(by_name["Ann2"][2], "NULL");

  // hash on text: same length, changed, equal inputs alike, NULL stays NULL.
  auto secrets = Column(dst, "secrets", "value");
  EXPECT_EQ(secrets["1"].size(), 7u);
  EXPECT_NE(secrets["1"], "tok-abc");
  EXPECT_EQ(secrets["1"], secrets["2"]);
  EXPECT_EQ(secrets["3"].size(), std::string("other-secret").size());
  EXPECT_NE(secrets["3"], secrets["1"].substr(0, 7));
  EXPECT_EQ(secrets["4"], "NULL");
  // Unmasked columns as they were.
  EXPECT_EQ(SortedRows(dst, "SELECT id, note FROM orders"), SortedRows(src, "SELECT id, note FROM orders"));

  // The summary counts masked values per column and names the FK column that followed.
  EXPECT_NE(run.out.find("masked: users.email=email: 3 value(s)"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("masked: users.password=null: 2 value(s)"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("masked: orders.user_id=hash: 3 value(s)"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("orders.user_id=hash (follows users.id"), std::string::npos) << run.out;
}

// PostgreSQL -> DuckDB: a uuid key hashed to other well-formed UUIDs; the
// FK column is the one named, and the key it references follows it; bigint
// keys keep their sign.
TEST(Mask, UuidAndBigintKeysFromPostgresStayJoinable) {
  const std::string src = FreshDatabase("postgres", "_src");
  Query(src,
        "CREATE TABLE accounts (id UUID PRIMARY KEY, label TEXT);\n"
        "CREATE TABLE sessions (id BIGINT PRIMARY KEY, account_id UUID REFERENCES accounts(id));\n"
        "INSERT INTO accounts VALUES ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'one'), "
        "('b0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12', 'two');\n"
        "INSERT INTO sessions VALUES (5, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'), "
        "(-7, 'b0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12'), (9, NULL)");
  const std::string dst = FreshDatabase("duckdb", "_dst");
  auto run = RunFerry({"copy", src, dst, "--no-progress", "--mask", "sessions.account_id=hash", "--mask",
                       "sessions.id=hash"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  std::map<std::string, std::string> session_of;  // account label -> masked session id
  for (const auto& r : Query(dst, "SELECT a.label, s.id FROM sessions s LEFT JOIN accounts a ON a.id = s.account_id"))
    session_of[Text(r[0])] = Text(r[1]);
  ASSERT_EQ(session_of.size(), 3u) << "every session joins its account";
  EXPECT_GE(std::stoll(session_of["one"]), 0) << "a positive key stays positive";
  EXPECT_LT(std::stoll(session_of["two"]), 0) << "a negative key stays negative";
  EXPECT_NE(session_of["one"], "5");
  EXPECT_TRUE(session_of.count("NULL"));
  const std::regex uuid("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  for (const auto& r : Query(dst, "SELECT CAST(id AS VARCHAR) FROM accounts")) {
    EXPECT_TRUE(std::regex_match(Text(r[0]), uuid)) << Text(r[0]);
    EXPECT_EQ(Text(r[0]).find("0eebc99"), std::string::npos) << Text(r[0]);
  }
  EXPECT_NE(run.out.find("accounts.id=hash (follows sessions.account_id"), std::string::npos) << run.out;
}

TEST(Mask, KeyMakesMasksRepeatableAcrossRunsAndARandomKeyDoesNot) {
  const std::string src = MaskSource();
  std::vector<std::map<std::string, std::string>> emails;
  for (const std::string key : {"k1", "k1", "", ""}) {
    const std::string dst = FreshDatabase("sqlite", "_dst" + std::to_string(emails.size()));
    std::vector<std::string> args = {"copy", src, dst, "--no-progress", "--mask", "users.email=email"};
    if (!key.empty()) args.insert(args.end(), {"--mask-key", key});
    auto run = RunFerry(args);
    ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
    emails.push_back(Column(dst, "users", "email"));
  }
  EXPECT_EQ(emails[0], emails[1]) << "the same --mask-key masks alike";
  EXPECT_NE(emails[2], emails[3]) << "without --mask-key each run has its own key";
  EXPECT_NE(emails[0], emails[2]);
}

// Each bad spec: exit 2, a message naming it, and no table in the target.
TEST(Mask, RefusesBadSpecsBeforeWritingAnything) {
  const std::string src = MaskSource();
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--mask", "nosuch.email=email"}, "no table nosuch"},
      {{"--mask", "users.nosuch=hash"}, "has no column nosuch"},
      {{"--mask", "users.email=scramble"}, "unknown rule 'scramble'"},
      {{"--mask", "users.email"}, "expected TABLE.COLUMN=RULE"},
      {{"--mask", "users.name=null"}, "NOT NULL in the target"},
      {{"--mask", "orders.user_id=blank"}, "references users.id"},
      {{"--mask", "users.id=null"}, "users.id=null"},
      {{"--mask", "secrets.id=fixed:1"}, "primary or unique key"},
      {{"--mask", "users.phone=email"}, "email gives 29 characters"},
      {{"--mask", "orders.id=digits"}, "digits masks text columns only"},
      {{"--mask", "secrets.id=fixed:abc"}, "fixed:abc is no int"},
      {{"--subset", "nosuch: id = 1"}, "table nosuch is not among the tables copied"},
      {{"--subset", "users"}, "expected 'TABLE: CONDITION'"},
      {{"--subset", "users: id = 1", "--limit", "1"}, "cannot be combined with --limit"},
      {{"--subset", "users: id = 1", "--verify"}, "cannot be combined with --where"},
  };
  for (const auto& [flags, message] : cases) {
    SCOPED_TRACE(flags[0] + " " + flags[1]);
    const std::string dst = FreshDatabase("sqlite", "_dst");
    std::vector<std::string> args = {"copy", src, dst, "--no-progress"};
    args.insert(args.end(), flags.begin(), flags.end());
    auto run = RunFerry(args);
    EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
    EXPECT_NE(run.err.find(message), std::string::npos) << run.err;
    ExpectNoTables(dst);
  }
}

// A three-level chain (regions <- customers <- orders <- items) and a
// self-referencing table, in PostgreSQL.
std::string ChainSource() {
  std::string src = FreshDatabase("postgres", "_src");
  Query(src,
        "CREATE TABLE regions (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"
        "CREATE TABLE customers (id INTEGER PRIMARY KEY, region_id INTEGER REFERENCES regions(id), name TEXT);\n"
        "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id), "
        "total INTEGER);\n"
        "CREATE TABLE items (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES orders(id), sku TEXT);\n"
        "CREATE TABLE employees (id INTEGER PRIMARY KEY, manager_id INTEGER REFERENCES employees(id), name TEXT);\n"
        "CREATE TABLE tags (label TEXT, customer_id INTEGER REFERENCES customers(id));\n"
        "INSERT INTO regions VALUES (1, 'north'), (2, 'south'), (3, 'east');\n"
        "INSERT INTO customers VALUES (1, 1, 'c1'), (2, 2, 'c2'), (3, 3, 'c3'), (4, NULL, 'c4');\n"
        "INSERT INTO orders VALUES (10, 1, 100), (11, 2, 110), (12, 3, 120), (13, 4, 130);\n"
        "INSERT INTO items VALUES (100, 10, 'a'), (101, 11, 'b'), (102, 12, 'c'), (103, 12, 'd'), (104, 13, 'e');\n"
        "INSERT INTO employees VALUES (1, NULL, 'boss'), (2, 1, 'mid-a'), (3, 1, 'mid-b'), (4, 3, 'low'), "
        "(5, 2, 'other');\n"
        "INSERT INTO tags VALUES ('vip', 1), ('late', 2), ('none', NULL)");
  return src;
}

// No row of the SQLite clone references a missing row.
void ExpectNoOrphans(const std::string& dst) {
  for (const auto& [child, fk, parent] :
       std::vector<std::tuple<std::string, std::string, std::string>>{{"customers", "region_id", "regions"},
                                                                      {"orders", "customer_id", "customers"},
                                                                      {"items", "order_id", "orders"},
                                                                      {"employees", "manager_id", "employees"},
                                                                      {"tags", "customer_id", "customers"}})
    EXPECT_EQ(SortedRows(dst, "SELECT count(*) FROM " + child + " c WHERE c." + fk + " IS NOT NULL AND NOT EXISTS "
                              "(SELECT 1 FROM " + parent + " p WHERE p.id = c." + fk + ")"),
              std::vector<std::string>{"0"})
        << child << "." << fk;
  EXPECT_EQ(SortedRows(dst, "PRAGMA foreign_key_check"), std::vector<std::string>{});
}

TEST(Subset, DropsCascadeDownAThreeLevelChainAndAreCounted) {
  const std::string src = ChainSource();
  const std::string dst = FreshDatabase("sqlite", "_dst");
  auto run = RunFerry({"copy", src, dst, "--no-progress", "--subset", "regions: id = 1"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  ExpectNoOrphans(dst);
  EXPECT_EQ(SortedRows(dst, "SELECT id, name FROM regions"), Sorted({"1|north"}));
  // c2 and c3 point at regions left out; their orders and items follow; c4 (NULL region) stays.
  EXPECT_EQ(SortedRows(dst, "SELECT id, region_id, name FROM customers"), Sorted({"1|1|c1", "4|NULL|c4"}));
  EXPECT_EQ(SortedRows(dst, "SELECT id, customer_id, total FROM orders"), Sorted({"10|1|100", "13|4|130"}));
  EXPECT_EQ(SortedRows(dst, "SELECT id, order_id, sku FROM items"), Sorted({"100|10|a", "104|13|e"}));
  // A table without a primary key is decided by its FK values.
  EXPECT_EQ(SortedRows(dst, "SELECT label, customer_id FROM tags"), Sorted({"vip|1", "none|NULL"}));
  // Tables nothing ties to the subset keep every row.
  EXPECT_EQ(SortedRows(dst, "SELECT count(*) FROM employees"), std::vector<std::string>{"5"});
  EXPECT_NE(run.out.find("subset: customers: 2 row(s) dropped: they reference rows outside the subset"),
            std::string::npos) << run.out;
  EXPECT_NE(run.out.find("subset: orders: 2 row(s) dropped"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("subset: items: 3 row(s) dropped"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("subset: tags: 1 row(s) dropped"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("subset: regions keeps 1 of 3 row(s)"), std::string::npos) << run.out;
}

TEST(Subset, CloneHasNoOrphanAndIsClosedUnderReferences) {
  const std::string src = ChainSource();
  const std::string dst = FreshDatabase("sqlite", "_dst");
  // orders 12 pulls in customer 3 (listed too) and, through it, region 3;
  // employee 4 pulls in its managers 3 and 1 (a self-reference).
  auto run = RunFerry({"copy", src, dst, "--no-progress", "--subset", "orders: id = 12", "--subset",
                       "customers: id = 1", "--subset", "employees: id = 4", "--subset", "regions: name = 'north'"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  ExpectNoOrphans(dst);
  EXPECT_EQ(SortedRows(dst, "SELECT id, name FROM regions"), Sorted({"1|north", "3|east"}));
  EXPECT_EQ(SortedRows(dst, "SELECT id, region_id, name FROM customers"), Sorted({"1|1|c1", "3|3|c3"}));
  EXPECT_EQ(SortedRows(dst, "SELECT id, customer_id, total FROM orders"), Sorted({"12|3|120"}));
  EXPECT_EQ(SortedRows(dst, "SELECT id, order_id, sku FROM items"), Sorted({"102|12|c", "103|12|d"}));
  EXPECT_EQ(SortedRows(dst, "SELECT id, manager_id, name FROM employees"), Sorted({"1|NULL|boss", "3|1|mid-b", "4|3|low"}));
  EXPECT_EQ(SortedRows(dst, "SELECT label, customer_id FROM tags"), Sorted({"vip|1", "none|NULL"}));
  EXPECT_NE(run.out.find("subset: customers keeps 2 of 4 row(s)"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("subset: employees keeps 3 of 5 row(s)"), std::string::npos) << run.out;
}

TEST(Subset, DryRunShowsTheSubsetAndMasksAndWritesNothing) {
  const std::string src = ChainSource();
  const std::string dst = FreshDatabase("sqlite", "_dst");
  auto run = RunFerry({"copy", src, dst, "--no-progress", "--dry-run", "--subset", "regions: id = 1", "--mask",
                       "customers.name=hash"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("-- note: mask: customers.name=hash"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("-- note: subset: regions keeps 1 of 3 row(s)"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("-- note: subset: items: 3 row(s) dropped"), std::string::npos) << run.out;
  ExpectNoTables(dst);
}

// `ferry backup --mask --subset` archives the clone; `ferry restore --mask`
// masks on the way out of an archive.
TEST(DevCloneArchive, BackupAndRestoreMaskAndSubset) {
  const std::string src = MaskSource();
  const std::string dir = TempDir() + "/backups";
  auto backup = RunFerry({"backup", src, dir, "--no-progress", "--name", "app", "--mask", "users.email=email",
                          "--mask", "users.id=hash", "--mask-key", "k", "--subset", "orders: id <> 12"});
  ASSERT_EQ(backup.exit_code, 0) << backup.out << backup.err;
  std::string archive;
  for (const auto& e : fs::directory_iterator(dir)) archive = e.path().string();
  const std::string dst = FreshDatabase("sqlite", "_dst");
  const std::string report = TempDir() + "/restore.json";
  auto restore = RunFerry({"restore", archive, dst, "--no-progress", "--mask", "secrets.value=fixed:x", "--mask",
                           "users.phone=digits", "--report", report});
  ASSERT_EQ(restore.exit_code, 0) << restore.out << restore.err;
  // The archive held masked emails and keys; orders 12 was left out.
  const std::regex email("user-[0-9a-f]{8}@example\\.invalid");
  for (const auto& [id, e] : Column(dst, "users", "email")) EXPECT_TRUE(std::regex_match(e, email)) << e;
  EXPECT_EQ(SortedRows(dst, "SELECT count(*) FROM users WHERE id IN (1, 2, 3)"), std::vector<std::string>{"0"});
  EXPECT_EQ(OrderOwners(dst), Sorted({"10|first|Ann", "11|second|Ann", "13|none|NULL"}));
  // The restore's own masks.
  EXPECT_EQ(SortedRows(dst, "SELECT id, value FROM secrets"), Sorted({"1|x", "2|x", "3|x", "4|NULL"}));
  std::map<std::string, std::string> phones;
  for (const auto& r : Query(dst, "SELECT name, phone FROM users")) phones[Text(r[0])] = Text(r[1]);
  EXPECT_EQ(phones["Ann"].size(), std::string("+1 (555) 010-2030").size());
  EXPECT_NE(phones["Ann"], "+1 (555) 010-2030");
  EXPECT_EQ(phones["Ann2"], "NULL");
  // Unmasked columns as they were.
  EXPECT_EQ(SortedRows(dst, "SELECT name, role FROM users"), SortedRows(src, "SELECT name, role FROM users"));
  EXPECT_NE(restore.out.find("masked: secrets.value=fixed: 3 value(s)"), std::string::npos) << restore.out;
  // The report carries the counts too.
  std::ifstream in(report);
  const auto notes = nlohmann::json::parse(in)["notes"];
  EXPECT_NE(std::find(notes.begin(), notes.end(), "masked: users.phone=digits: 2 value(s)"), notes.end()) << notes;
}

}  // namespace
}  // namespace ferry::test
