// Self-test of the Homarr fixtures (tests/support/homarr_fixture.h): the
// schema is the same in the three dialects (columns, FKs with actions), the
// seed and the realistic instance have the expected row counts, the same
// data gives the same canonical dump everywhere, and the FK cycles are real.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "support/homarr_fixture.h"
#include "support/test_env.h"

namespace ferry::test {
namespace {

namespace hm = homarr;
const char* kDialects[] = {"sqlite", "postgres", "mysql"};

std::string Engine(const std::string& dialect) { return dialect; }  // FreshDatabase's engine names match

// Three instances built once: CreateSchema + Seed(1) + FillRealistic.
class HomarrFixture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    for (const char* d : kDialects) {
      std::string uri = FreshDatabase(Engine(d), std::string("_homarr_") + d);
      hm::CreateSchema(d, uri);
      hm::Seed(d, uri, 1);
      hm::FillRealistic(d, uri);
      uris_[d] = uri;
    }
  }
  static std::map<std::string, std::string> uris_;
};
std::map<std::string, std::string> HomarrFixture::uris_;

// The statement fails, and its error names `what` (case-insensitive).
::testing::AssertionResult FailsWith(const std::string& uri, const std::string& sql,
                                     std::initializer_list<const char*> what) {
  std::string err = TryExec(uri, sql);
  if (err.empty()) return ::testing::AssertionFailure() << "succeeded: " << sql;
  std::string lower = err;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const char* w : what)
    if (lower.find(w) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "unexpected error: " << err;
}

std::string Cell(const std::vector<Row>& rows) { return rows.empty() || !rows[0][0] ? "<none>" : *rows[0][0]; }

// "table.column->ref.refcolumn delete-rule", sorted, from the catalogs.
std::vector<std::string> ForeignKeys(const std::string& d, const std::string& uri) {
  std::string sql;
  if (d == "sqlite")
    sql = "SELECT m.name, f.\"from\", f.\"table\", f.\"to\", f.on_delete FROM sqlite_master m, "
          "pragma_foreign_key_list(m.name) f WHERE m.type = 'table'";
  else if (d == "postgres")
    sql = "SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, fa.attname, "
          "CASE c.confdeltype WHEN 'c' THEN 'cascade' WHEN 'n' THEN 'set null' WHEN 'a' THEN 'no action' "
          "ELSE c.confdeltype::text END FROM pg_constraint c "
          "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
          "JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1] "
          "WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace";
  else
    sql = "SELECT k.TABLE_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.DELETE_RULE "
          "FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r "
          "ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME "
          "WHERE k.TABLE_SCHEMA = database() AND k.REFERENCED_TABLE_NAME IS NOT NULL";
  std::vector<std::string> out;
  for (const auto& r : Query(uri, sql)) {
    auto unquote = [](std::string s) {
      s.erase(std::remove(s.begin(), s.end(), '"'), s.end());
      return s;
    };
    std::string rule = *r[4];
    std::transform(rule.begin(), rule.end(), rule.begin(), [](unsigned char c) { return std::tolower(c); });
    out.push_back(unquote(*r[0]) + "." + *r[1] + "->" + unquote(*r[2]) + "." + *r[3] + " " + rule);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// table -> its columns in order, from the catalog (bookkeeping excluded).
std::map<std::string, std::vector<std::string>> Columns(const std::string& d, const std::string& uri) {
  std::string sql =
      d == "sqlite" ? "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p "
                      "WHERE m.type = 'table' ORDER BY m.name, p.cid"
      : d == "postgres"
          ? "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
            "ORDER BY table_name, ordinal_position"
          : "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = database() "
            "ORDER BY table_name, ordinal_position";
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& r : Query(uri, sql))
    if (*r[0] != "__drizzle_migrations") out[*r[0]].push_back(*r[1]);
  return out;
}

TEST_F(HomarrFixture, CatalogMatchesTheCreatedTables) {
  std::map<std::string, std::vector<std::string>> expected;
  for (const auto& t : hm::Tables())
    for (const auto& c : t.columns) expected[t.name].push_back(c.name);
  EXPECT_EQ(expected.size(), 35u);
  for (const char* d : kDialects) EXPECT_EQ(Columns(d, uris_[d]), expected) << d;
}

TEST_F(HomarrFixture, SameForeignKeysWithTheirActionsInEveryDialect) {
  auto sqlite = ForeignKeys("sqlite", uris_["sqlite"]);
  EXPECT_EQ(sqlite.size(), 43u);
  EXPECT_EQ(ForeignKeys("postgres", uris_["postgres"]), sqlite);
  EXPECT_EQ(ForeignKeys("mysql", uris_["mysql"]), sqlite);
  for (const char* fk : {"user.home_board_id->board.id set null", "board.creator_id->user.id set null",
                         "group.owner_id->user.id set null", "group.home_board_id->board.id set null",
                         "user.default_search_engine_id->search_engine.id set null",
                         "search_engine.integration_id->integration.id cascade",
                         "integration.app_id->app.id set null",
                         "section_layout.parent_section_id->section.id cascade"})
    EXPECT_NE(std::find(sqlite.begin(), sqlite.end(), fk), sqlite.end()) << fk;
  EXPECT_EQ(Cell(Query(uris_["postgres"], "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND condeferrable")),
            "0");
}

TEST_F(HomarrFixture, RowCountsAreExact) {
  const std::map<std::string, int64_t> expected = {
      {"account", 3},        {"apiKey", 2},
      {"app", 4},            {"board", 3},
      {"boardGroupPermission", 3}, {"boardUserPermission", 3},
      {"cron_job_configuration", 3}, {"custom_widget_definition", 2},
      {"custom_widget_secret", 2}, {"group", 4},
      {"groupMember", 6},    {"groupPermission", 5},
      {"icon", 10},          {"iconRepository", 2},
      {"integration", 4},    {"integrationGroupPermissions", 2},
      {"integrationSecret", 6}, {"integrationUserPermission", 3},
      {"integration_item", 20}, {"invite", 3},
      {"item", 3000},        {"item_layout", 6000},
      {"layout", 6},         {"media", 3},
      {"onboarding", 1},     {"search_engine", 4},
      {"section", 9},        {"section_collapse_state", 3},
      {"section_layout", 18}, {"serverSetting", 6},
      {"session", 4},        {"trusted_certificate_hostname", 2},
      {"user", 5},           {"verificationToken", 2},
      {"widget_secret", 2},
  };
  EXPECT_EQ(hm::ExpectedRowCounts(true), expected);
  for (const char* d : kDialects) EXPECT_EQ(hm::RowCounts(d, uris_[d]), expected) << d;
}

TEST_F(HomarrFixture, SameDataGivesTheSameDumpInEveryDialect) {
  auto sqlite = hm::CanonicalDump("sqlite", uris_["sqlite"]);
  auto pg = hm::CanonicalDump("postgres", uris_["postgres"]);
  auto my = hm::CanonicalDump("mysql", uris_["mysql"]);
  ASSERT_EQ(sqlite.size(), 35u);
  for (const auto& [table, text] : sqlite) {
    EXPECT_EQ(pg[table], text) << "postgres differs in " << table;
    // MySQL `timestamp` has no fraction: only the three ms columns differ.
    if (table == "user" || table == "session" || table == "verificationToken")
      EXPECT_NE(my[table], text) << table;
    else
      EXPECT_EQ(my[table], text) << "mysql differs in " << table;
  }
  EXPECT_EQ(hm::DropMilliseconds(sqlite), my);
  EXPECT_EQ(hm::DropMilliseconds(pg), my);

  // Spot checks of the canonical form.
  EXPECT_NE(sqlite["user"].find("\tZoë 🚀\tzoe@example.org\t1718003600123\t"), std::string::npos) << sqlite["user"];
  EXPECT_NE(my["user"].find("\tZoë 🚀\tzoe@example.org\t1718003600000\t"), std::string::npos);
  EXPECT_NE(sqlite["integrationSecret"].find("password\tplain-legacy-value\t1718000201000\t"), std::string::npos);
  EXPECT_NE(sqlite["media"].find("\t89504e470d0a1a0a0000000d49484452"), std::string::npos);
  EXPECT_NE(sqlite["board"].find(".card {\\n  content: \"\\\\201C\";\\n  color: 'red';\\n}"), std::string::npos);
  EXPECT_NE(sqlite["section_layout"].find("\\N"), std::string::npos);
  EXPECT_NE(sqlite["user"].find("\ttrue\t"), std::string::npos);
  EXPECT_NE(sqlite["user"].find("\tfalse\t"), std::string::npos);
}

TEST_F(HomarrFixture, CyclesAreUsedAndEnforced) {
  for (const char* d : kDialects) {
    const std::string& uri = uris_[d];
    std::string u = hm::Quote(d, "user"), b = hm::Quote(d, "board"), g = hm::Quote(d, "group");
    // Every user with a home board created that board.
    EXPECT_EQ(Cell(Query(uri, "SELECT count(*) FROM " + u + " x JOIN " + b + " y ON y.id = x.home_board_id AND "
                              "y.creator_id = x.id")),
              "3")
        << d;
    EXPECT_EQ(Cell(Query(uri, "SELECT count(*) FROM " + g + " WHERE owner_id IS NOT NULL")), "2") << d;
    EXPECT_EQ(Cell(Query(uri, "SELECT count(*) FROM " + hm::Quote(d, "section_layout") +
                              " WHERE parent_section_id IS NOT NULL")),
              "6")
        << d;
    // A seeded row referenced by realistic data.
    EXPECT_EQ(Cell(Query(uri, "SELECT s.short FROM " + u + " x JOIN " + hm::Quote(d, "search_engine") +
                              " s ON s.id = x.default_search_engine_id WHERE x.name = 'admin'")),
              "docs")
        << d;
    // The FKs hold (SQLite only with foreign_keys on, as Homarr's driver runs it).
    std::string prefix = std::string(d) == "sqlite" ? "PRAGMA foreign_keys=ON; " : "";
    EXPECT_TRUE(FailsWith(uri, prefix + "INSERT INTO " + u + " (id, home_board_id) VALUES ('u-x', 'missing-board')",
                          {"foreign key"}))
        << d;
    EXPECT_TRUE(FailsWith(uri, prefix + "UPDATE " + b + " SET creator_id = 'missing-user'", {"foreign key"})) << d;
    EXPECT_TRUE(FailsWith(uri, prefix + "INSERT INTO " + hm::Quote(d, "groupMember") + " SELECT id, 'missing-user' FROM " + g +
                              " WHERE name = 'everyone'",
                          {"foreign key"}))
        << d;
    EXPECT_TRUE(FailsWith(uri, prefix + "INSERT INTO " + hm::Quote(d, "search_engine") +
                              " (id, icon_url, name, short, integration_id) VALUES ('se-x', 'i', 'n', 'zz', 'nope')",
                          {"foreign key"}))
        << d;
    // Unique name of the seeded group; unique short of a seeded search engine.
    EXPECT_TRUE(FailsWith(uri, "INSERT INTO " + g + " (id, name, position) VALUES ('g-y', 'everyone', 5)",
                          {"unique", "duplicate"}))
        << d;
    EXPECT_TRUE(FailsWith(uri, "INSERT INTO " + hm::Quote(d, "search_engine") +
                              " (id, icon_url, name, short) VALUES ('se-y', 'i', 'n', 'docs')",
                          {"unique", "duplicate"}))
        << d;
  }
}

TEST_F(HomarrFixture, MigrationBookkeepingDiffersPerDialect) {
  std::set<std::string> hashes;
  for (const char* d : kDialects) {
    std::string table = std::string(d) == "postgres" ? "drizzle.__drizzle_migrations" : "__drizzle_migrations";
    auto rows = Query(uris_[d], "SELECT hash, created_at FROM " + table);
    ASSERT_EQ(rows.size(), 3u) << d;
    for (const auto& r : rows) {
      EXPECT_EQ(r[0]->size(), 64u);
      hashes.insert(*r[0]);
    }
  }
  EXPECT_EQ(hashes.size(), 9u);
  EXPECT_TRUE(Query(uris_["postgres"], "SELECT 1 FROM pg_tables WHERE tablename = '__drizzle_migrations' AND "
                                       "schemaname = 'public'")
                  .empty());
}

TEST(HomarrSeed, IdsFollowTheSeedAndTheSeedIsIdempotent) {
  for (const char* d : {"sqlite", "postgres"}) {
    std::string a = FreshDatabase(d, "_a"), b = FreshDatabase(d, "_b");
    hm::CreateSchema(d, a);
    hm::CreateSchema(d, b);
    hm::Seed(d, a, 1);
    hm::Seed(d, b, 2);
    EXPECT_EQ(hm::RowCounts(d, a), hm::ExpectedRowCounts(false)) << d;
    std::string everyone = "SELECT id FROM " + hm::Quote(d, "group") + " WHERE name = 'everyone'";
    EXPECT_EQ(Cell(Query(a, everyone)), hm::EveryoneGroupId(1));
    EXPECT_EQ(Cell(Query(b, everyone)), hm::EveryoneGroupId(2));
    EXPECT_NE(hm::EveryoneGroupId(1), hm::EveryoneGroupId(2));
    EXPECT_NE(hm::CanonicalDump(d, a)["search_engine"], hm::CanonicalDump(d, b)["search_engine"]);
    // Homarr seeds on every start: a second run adds nothing.
    hm::Seed(d, a, 3);
    EXPECT_EQ(hm::RowCounts(d, a), hm::ExpectedRowCounts(false)) << d;
    EXPECT_EQ(Cell(Query(a, everyone)), hm::EveryoneGroupId(1));
  }
}

TEST(HomarrSchema, DefaultsThatDifferPerDialect) {
  for (const char* d : kDialects) {
    std::string uri = FreshDatabase(d);
    hm::CreateSchema(d, uri);
    std::string u = hm::Quote(d, "user");
    Query(uri, "INSERT INTO " + u + " (id) VALUES ('u1')");
    auto row = Query(uri, "SELECT open_search_in_new_tab, ddg_bangs, provider, color_scheme, first_day_of_week FROM " +
                              u);
    ASSERT_EQ(row.size(), 1u);
    bool sqlite = std::string(d) == "sqlite";
    EXPECT_EQ(*row[0][0], sqlite ? "1" : std::string(d) == "postgres" ? "f" : "0") << d;
    EXPECT_EQ(*row[0][2], "credentials");
    EXPECT_EQ(*row[0][3], "dark");
    EXPECT_EQ(*row[0][4], "1");
    // created_at defaults to now (seconds in SQLite).
    Query(uri, "INSERT INTO " + hm::Quote(d, "media") +
                   " (id, name, content, content_type, size) VALUES ('m1', 'n', " +
                   (std::string(d) == "postgres" ? "'\\x00ff'::bytea" : "X'00ff'") + ", 'x', 2)");
    auto dump = hm::CanonicalDump(d, uri)["media"];
    EXPECT_NE(dump.find("\t00ff\t"), std::string::npos) << dump;
    int64_t now_ms = static_cast<int64_t>(time(nullptr)) * 1000;
    auto fields = dump.substr(dump.find('\n') + 1);
    int64_t created = std::stoll(fields.substr(fields.find("\tx\t2\t") + 5));
    EXPECT_LT(std::llabs(created - now_ms), 120000) << d << " " << dump;
  }
}

}  // namespace
}  // namespace ferry::test
