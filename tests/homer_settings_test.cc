// `ferry homer settings` end to end: homer-app homer_config databases of both
// schema eras (tests/support/homer_config_fixture, from reference part 1) in
// the test PostgreSQL, migrated into a Homer 11 settings DuckDB file, every
// row asserted. Timestamps are compared as epoch microseconds against
// PostgreSQL's own extract(epoch ...); JSON bodies against PostgreSQL's text
// of the source column; bcrypt hashes are checked against libxcrypt.
#include <gtest/gtest.h>

#include <crypt.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/homer_config_fixture.h"
#include "support/test_env.h"

namespace ferry::test {
namespace {

using homer::Era;

// uuid_v5 of NULL-guid rows: python3 -c "import uuid; ns=uuid.uuid5(uuid.NAMESPACE_URL,
// 'https://ferry/homer'); print(uuid.uuid5(ns, 'global_settings:3'))" (and 'user_settings:5').
const std::string kGlobal3 = "352bb3cb-e9dc-5c05-b33c-e19973447daf";
const std::string kPrefs5 = "a394e3c5-4417-5679-967d-8fc77476d191";

std::string SqlQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string One(const std::string& uri, const std::string& sql) {
  auto rows = Query(uri, sql);
  if (rows.empty() || rows[0].empty() || !rows[0][0]) return "NULL";
  return *rows[0][0];
}

struct HomerDb {
  std::string pg;      // homer_config
  std::string path;    // the settings file
  std::string duck;    // duckdb:// of it
  std::string config;  // a homer-core config naming it
};

HomerDb Make(Era era) {
  HomerDb s;
  s.pg = FreshDatabase("postgres", era == Era::kGo ? "_go" : "_knex");
  homer::CreateHomerConfig(s.pg, era);
  std::string dir = TempDir();
  s.path = dir + "/settings.duckdb";
  s.duck = "duckdb://" + s.path;
  s.config = dir + "/homer-core_config.json";
  std::ofstream(s.config) << R"({"coordinator": {"settings_db_path": ")" << s.path << R"(", "listen": ":8080"}})";
  return s;
}

// The DSN as an operator writes it (seed 000), with ?sslmode=disable.
std::string Dsn(const HomerDb& s) { return s.pg + (s.pg.find('?') == std::string::npos ? "?" : "&") + "sslmode=disable"; }

RunResult Settings(const HomerDb& s, std::vector<std::string> extra = {}, const std::string& report = "") {
  std::vector<std::string> args = {"homer", "settings", "--pg-dsn", Dsn(s), "--config-path", s.config, "--no-progress"};
  if (!report.empty()) args.insert(args.end(), {"--report", report});
  args.insert(args.end(), extra.begin(), extra.end());
  return RunFerry(args);
}

nlohmann::json Report(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str(), nullptr, false);
}

// Sum of `field` over the report's tables, and per table.
int64_t Total(const nlohmann::json& j, const std::string& field) {
  int64_t total = 0;
  for (const auto& t : j["tables"]) total += t.value(field, int64_t{0});
  return total;
}

// Each table's timestamps in the target equal the source's, to the microsecond.
void ExpectTimes(const HomerDb& s, const std::string& src_table, const std::string& dst_table,
                 const std::string& cols, const std::string& where = "") {
  std::string src_cols, dst_cols;
  std::stringstream in(cols);
  for (std::string c; std::getline(in, c, ',');) {
    src_cols += ", (extract(epoch from " + c + ") * 1000000)::bigint";
    dst_cols += ", epoch_us(" + c + ")";
  }
  std::string key = src_table == "users" ? "username" : "guid";
  auto src = SortedRows(s.pg, "SELECT " + key + "::text" + src_cols + " FROM " + src_table + " WHERE " + key +
                            " IS NOT NULL" + (where.empty() ? "" : " AND " + where));
  auto dst = SortedRows(s.duck, "SELECT " + key + dst_cols + " FROM " + dst_table +
                              " WHERE " + key + " NOT IN ('" + kGlobal3 + "', '" + kPrefs5 + "')");
  EXPECT_EQ(dst, src) << src_table << " -> " << dst_table;
}

void ExpectMigrated(const HomerDb& s, Era era, bool mappings) {
  const std::string admin = homer::kAdminHash, joerg = homer::kJoergHash;
  // users: bcrypt verbatim, is_admin from the group in any case, is_active
  // from enabled (NULL: the column's default, true) where the era has it.
  EXPECT_EQ(SortedRows(s.duck, "SELECT username, password_hash, email, full_name, is_admin, is_active FROM users"),
            Sorted({"admin|" + admin + "|admin@localhost|Admin Admin|true|true",
                    "support|" + admin + "|support@localhost|Support Team|true|true",
                    "jörg|" + joerg + "||Jörg O'Brien \"Q\"|false|" + (era == Era::kGo ? "false" : "true")}));
  EXPECT_EQ(One(s.duck, "SELECT count(*) FROM users WHERE created_at IS DISTINCT FROM updated_at"), "0");
  ExpectTimes(s, "users", "users", "created_at");
  if (era == Era::kGo)
    EXPECT_EQ(One(s.duck, "SELECT epoch_us(created_at) FROM users WHERE username = 'admin'"), "1704164645123456");

  EXPECT_EQ(SortedRows(s.duck, "SELECT guid, partid, category, param, data FROM global_settings"),
            Sorted({"a1000000-0000-4000-8000-000000000001|10|search|lokiserver|"
                    "{\"host\":\"http://127.0.0.1:3100\",\"user\":\"admin\",\"password\":\"\",\"token\":\"\"}",
                    "a1000000-0000-4000-8000-000000000002|10|export|transaction|"
                    "{\"openwindow\":false,\"tabpositon\":\"flow\"}",
                    kGlobal3 + "|10|search|promserver|NULL"}));
  ExpectTimes(s, "global_settings", "global_settings", "create_date");
  EXPECT_EQ(One(s.duck, "SELECT epoch_us(create_date) FROM global_settings WHERE guid = '" + kGlobal3 + "'"),
            "1640995199999999");

  EXPECT_EQ(SortedRows(s.duck, "SELECT guid, username, partid, category, param, data FROM user_preferences"),
            Sorted({"b1000000-0000-4000-8000-000000000004|admin|10|search|lastsearch|"
                    "{\"q\":\"ünïcode ✓ \\\"quoted\\\" it's\",\"empty\":\"\"}",
                    kPrefs5 + "|support|10|settings|timezone|NULL"}));
  ExpectTimes(s, "user_settings", "user_preferences", "create_date", "category <> 'dashboard'");

  // Dashboards: metadata, the widget tree reset, the v7 body under
  // _homer7_legacy; the row without an owner goes to --owner-default.
  EXPECT_EQ(SortedRows(s.duck, "SELECT guid, dashboard_id, owner, partid, name, type, weight, shared, "
                         "json_extract(data, '$.widgets') FROM dashboard_settings"),
            Sorted({"b1000000-0000-4000-8000-000000000001|home|admin|10|Home|3|10.0|false|[]",
                    "b1000000-0000-4000-8000-000000000002|_1633964934444|jörg|10|Jörg's \"Calls\" ☎|1|12.5|true|[]",
                    "b1000000-0000-4000-8000-000000000003|registration|admin|20|Registrations|1|2.0|true|[]"}));
  for (const auto& row : Query(s.pg, "SELECT guid::text, data::text FROM user_settings WHERE category = 'dashboard'")) {
    EXPECT_EQ(One(s.duck, "SELECT json_extract(data, '$._homer7_legacy') = json(" + SqlQuote(*row[1]) +
                              ") FROM dashboard_settings WHERE guid = '" + *row[0] + "'"),
              "true")
        << *row[0];
  }
  ExpectTimes(s, "user_settings", "dashboard_settings", "create_date", "category = 'dashboard'");

  EXPECT_EQ(SortedRows(s.duck, "SELECT guid, alias, ip, port, mask, capture_id, status, custom_image, tag1, tag2, tag3, "
                         "tag4 FROM alias"),
            Sorted({"d1000000-0000-4000-8000-000000000001|gateway-1|10.0.0.1|5060|32|node01|true|NULL|NULL|NULL|"
                    "NULL|NULL",
                    "d1000000-0000-4000-8000-000000000002|Köln ☎ \"core\"|2001:db8::1|0|128||NULL|NULL|NULL|NULL|"
                    "NULL|NULL",
                    "d1000000-0000-4000-8000-000000000003|it's|192.168.0.0|NULL|NULL|NULL|false|NULL|NULL|NULL|"
                    "NULL|NULL"}));
  ExpectTimes(s, "alias", "alias", "create_date");

  if (era == Era::kGo) {
    EXPECT_EQ(SortedRows(s.duck, "SELECT guid, creator_guid, name, token, user_object, ip_address, usage_calls, "
                           "limit_calls, active FROM auth_token"),
              Sorted({"91000000-0000-4000-8000-000000000001|11111111-1111-4111-8111-111111111111|grafana|"
                      "tok-ABC123|{\"username\":\"admin\",\"firstname\":\"Admin\",\"lastname\":\"Admin\","
                      "\"email\":\"admin@localhost\",\"usergroup\":\"admin\",\"id\":1,\"partid\":10}|0.0.0.0/0|1|"
                      "1000|true",
                      "91000000-0000-4000-8000-000000000002|NULL|ci \"bot\"|tok-DEF456|NULL|10.1.2.3|NULL|NULL|false",
                      "91000000-0000-4000-8000-000000000003|NULL||tok-GHI789|{}|NULL|5|0|NULL"}));
    ExpectTimes(s, "auth_token", "auth_token", "create_date,lastusage_date,expire_date");
  } else {
    EXPECT_EQ(One(s.duck, "SELECT count(*) FROM auth_token"), "0");  // knex era: no such table
  }

  std::string mapping = One(s.pg, "SELECT mapping::text FROM hepsub_mapping_schema");
  EXPECT_EQ(SortedRows(s.duck, "SELECT guid, profile, hepid, hep_alias, version, mapping FROM hepsub_mapping_schema"),
            Sorted({"f1000000-0000-4000-8000-000000000001|call|1|SIP|" +
                    std::string(era == Era::kGo ? "1603221345489" : "1") + "|" + mapping}));
  ExpectTimes(s, "hepsub_mapping_schema", "hepsub_mapping_schema", "create_date");

  EXPECT_EQ(SortedRows(s.duck, "SELECT guid, gid, host, port, protocol, path, node, type, active FROM "
                         "agent_location_session"),
            Sorted({"e1000000-0000-4000-8000-000000000001|10|127.0.0.1|8080|log|/api/search|testnode|type|1",
                    "e1000000-0000-4000-8000-000000000002|20|::1|3100|loki||nödé|cdr|0"}));
  ExpectTimes(s, "agent_location_session", "agent_location_session", "create_date,expire_date");

  if (mappings) {
    EXPECT_EQ(SortedRows(s.duck, "SELECT guid, profile, hepid, hep_alias, partid, version, retention, partition_step, "
                           "create_index, create_table, mapping_settings, schema_mapping FROM mapping_schema"),
              Sorted({"c1000000-0000-4000-8000-000000000001|call|1|SIP|10|1|10|10|{}|"
                      "CREATE TABLE test(id integer, data text);|{}|NULL",
                      "c1000000-0000-4000-8000-000000000002|default|100|LOG|10|1|10|10|{}|"
                      "CREATE TABLE test(id integer, data text);|{}|NULL"}));
    EXPECT_EQ(One(s.duck, "SELECT fields_mapping FROM mapping_schema WHERE hepid = 1"),
              One(s.pg, "SELECT fields_mapping::text FROM mapping_schema WHERE hepid = 1"));
    EXPECT_EQ(One(s.duck, "SELECT correlation_mapping FROM mapping_schema WHERE hepid = 1"),
              One(s.pg, "SELECT correlation_mapping::text FROM mapping_schema WHERE hepid = 1"));
    ExpectTimes(s, "mapping_schema", "mapping_schema", "create_date");
  } else {
    EXPECT_EQ(One(s.duck, "SELECT count(*) FROM mapping_schema"), "0");
  }
}

// Rows each era migrates (mapping_schema left out).
int64_t Expected(Era era) { return era == Era::kGo ? 3 + 3 + 2 + 3 + 1 + 3 + 3 + 2 : 3 + 3 + 2 + 3 + 1 + 3 + 2; }

void MigratesAndReRuns(Era era) {
  HomerDb s = Make(era);
  std::string report = TempDir() + "/r1.json";
  auto run = Settings(s, {}, report);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(run.out.find(kPassword), std::string::npos);
  EXPECT_EQ(run.err.find(kPassword), std::string::npos);
  EXPECT_NE(run.err.find("created the Homer 11 table(s) users, global_settings"), std::string::npos) << run.err;
  ExpectMigrated(s, era, false);
  auto j = Report(report);
  EXPECT_EQ(Total(j, "rows_inserted"), Expected(era)) << j.dump();
  EXPECT_EQ(Total(j, "rows_skipped"), 0);

  // A second run inserts nothing and counts every row as skipped.
  std::string report2 = TempDir() + "/r2.json";
  auto again = Settings(s, {}, report2);
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  auto j2 = Report(report2);
  EXPECT_EQ(Total(j2, "rows_inserted"), 0) << j2.dump();
  EXPECT_EQ(Total(j2, "rows_skipped"), Expected(era)) << j2.dump();
  EXPECT_NE((again.out + again.err).find("skipped"), std::string::npos) << again.out << again.err;
  ExpectMigrated(s, era, false);
}

TEST(HomerSettings, GoEraMigratesEveryRowAndASecondRunSkipsThemAll) { MigratesAndReRuns(Era::kGo); }
TEST(HomerSettings, KnexEraMigratesEveryRowAndASecondRunSkipsThemAll) { MigratesAndReRuns(Era::kKnex); }

TEST(HomerSettings, MigratedHashesStillVerifyTheirPasswords) {
  HomerDb s = Make(Era::kGo);
  auto run = Settings(s);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  for (const auto& [user, password] :
       {std::pair<std::string, std::string>{"admin", homer::kAdminPassword}, {"jörg", homer::kJoergPassword}}) {
    std::string hash = One(s.duck, "SELECT password_hash FROM users WHERE username = '" + user + "'");
    struct crypt_data data = {};
    const char* out = crypt_r(password.c_str(), hash.c_str(), &data);
    ASSERT_NE(out, nullptr);
    EXPECT_EQ(std::string(out), hash) << user;
    const char* wrong = crypt_r("wrong", hash.c_str(), &data);
    EXPECT_NE(std::string(wrong ? wrong : ""), hash);
  }
}

TEST(HomerSettings, WithMappingsAlsoCopiesMappingSchema) {
  for (Era era : {Era::kGo, Era::kKnex}) {
    HomerDb s = Make(era);
    auto run = Settings(s, {"--with-mappings"});
    ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
    ExpectMigrated(s, era, true);
  }
}

TEST(HomerSettings, DuckdbFlagOverridesTheConfigAndFlagsLeaveTablesOut) {
  HomerDb s = Make(Era::kGo);
  std::string other = TempDir() + "/other.duckdb";
  auto run = Settings(s, {"--duckdb", other, "--with-dashboards=false", "--skip-users", "--owner-default", "root"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_FALSE(std::filesystem::exists(s.path));
  std::string duck = "duckdb://" + other;
  EXPECT_EQ(One(duck, "SELECT count(*) FROM users"), "0");
  EXPECT_EQ(One(duck, "SELECT count(*) FROM dashboard_settings"), "0");
  EXPECT_EQ(One(duck, "SELECT count(*) FROM user_preferences"), "2");
  EXPECT_EQ(One(duck, "SELECT count(*) FROM alias"), "3");
  // --owner-default only names owners of rows without one: none here.
  EXPECT_EQ(One(duck, "SELECT count(*) FROM user_preferences WHERE username = 'root'"), "0");
}

TEST(HomerSettings, OwnerDefaultNamesTheOwnerlessDashboard) {
  HomerDb s = Make(Era::kKnex);
  auto run = Settings(s, {"--owner-default", "noc-lead"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(One(s.duck, "SELECT owner FROM dashboard_settings WHERE dashboard_id = 'registration'"), "noc-lead");
}

TEST(HomerSettings, DryRunWritesNothing) {
  HomerDb s = Make(Era::kGo);
  auto run = Settings(s, {"--dry-run"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_FALSE(std::filesystem::exists(s.path)) << run.out << run.err;
  EXPECT_NE(run.out.find("CREATE TABLE users"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("users                                     3 rows"), std::string::npos) << run.out;

  // Into an existing settings file: the tables stay empty.
  ASSERT_EQ(Settings(s, {"--skip-users"}).exit_code, 0);
  Query(s.duck, "DELETE FROM alias");
  auto dry = Settings(s, {"--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.out << dry.err;
  EXPECT_EQ(One(s.duck, "SELECT count(*) FROM alias"), "0");
  EXPECT_EQ(One(s.duck, "SELECT count(*) FROM users"), "0");
}

// An upgraded 7.0-7.6 install: knex's types, plus the enabled column the
// Go homer-app's AutoMigrate added (it adds columns, never changes types).
TEST(HomerSettings, UpgradedKnexInstallReadsTheAddedEnabledColumn) {
  HomerDb s = Make(Era::kKnex);
  Query(s.pg, "ALTER TABLE users ADD COLUMN enabled boolean DEFAULT true; "
              "UPDATE users SET enabled = false WHERE username = 'jörg'; "
              "UPDATE users SET enabled = NULL WHERE username = 'support'");
  auto run = Settings(s);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(SortedRows(s.duck, "SELECT username, is_admin, is_active FROM users"),
            Sorted({"admin|true|true", "support|true|true", "jörg|false|false"}));
}

// Rows already in the settings file are skipped, the others inserted, none
// changed (skip, not update).
TEST(HomerSettings, ARunIntoAPartlyFilledFileInsertsOnlyWhatIsMissing) {
  HomerDb s = Make(Era::kGo);
  ASSERT_EQ(Settings(s).exit_code, 0);
  Query(s.duck, "DELETE FROM alias WHERE guid = 'd1000000-0000-4000-8000-000000000002'; "
                "UPDATE users SET email = 'changed-in-v11@example.com' WHERE username = 'admin'");
  std::string report = TempDir() + "/r.json";
  auto run = Settings(s, {}, report);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  auto j = Report(report);
  EXPECT_EQ(Total(j, "rows_inserted"), 1) << j.dump();
  EXPECT_EQ(Total(j, "rows_skipped"), Expected(Era::kGo) - 1) << j.dump();
  EXPECT_EQ(One(s.duck, "SELECT alias FROM alias WHERE guid = 'd1000000-0000-4000-8000-000000000002'"),
            "Köln ☎ \"core\"");
  EXPECT_EQ(One(s.duck, "SELECT email FROM users WHERE username = 'admin'"), "changed-in-v11@example.com");
}

TEST(HomerSettings, ShowPlanPrintsTheShippedPlan) {
  auto run = RunFerry({"homer", "settings", "--pg-dsn", "postgres://u@127.0.0.1/homer_config", "--show-plan",
                       "--with-mappings", "--skip-users"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("FROM src.mapping_schema"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("FROM src.users"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("_homer7_legacy"), std::string::npos) << run.out;
}

TEST(HomerSettings, BadInputIsRefusedClearlyWithoutPasswords) {
  HomerDb s = Make(Era::kGo);
  // Neither --config-path nor --duckdb.
  auto none = RunFerry({"homer", "settings", "--pg-dsn", Dsn(s)});
  EXPECT_EQ(none.exit_code, 2) << none.err;
  EXPECT_NE(none.err.find("--config-path"), std::string::npos) << none.err;
  // A config path that does not exist.
  auto missing = RunFerry({"homer", "settings", "--pg-dsn", Dsn(s), "--config-path", "/nonexistent/homer.json"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("/nonexistent/homer.json"), std::string::npos) << missing.err;
  // A config without coordinator.settings_db_path.
  std::string bad = TempDir() + "/bad.json";
  std::ofstream(bad) << R"({"coordinator": {}})";
  auto nopath = RunFerry({"homer", "settings", "--pg-dsn", Dsn(s), "--config-path", bad});
  EXPECT_EQ(nopath.exit_code, 2);
  EXPECT_NE(nopath.err.find("coordinator.settings_db_path"), std::string::npos) << nopath.err;
  // DSNs that do not parse or do not connect: no password in the message.
  auto garbled = RunFerry({"homer", "settings", "--pg-dsn", "postgres://homer_user:t0ps3cret@[::1/homer_config",
                           "--config-path", s.config});
  EXPECT_NE(garbled.exit_code, 0);
  EXPECT_NE(garbled.err.find("--pg-dsn"), std::string::npos) << garbled.err;
  EXPECT_EQ(garbled.err.find("t0ps3cret"), std::string::npos) << garbled.err;
  auto mysql = RunFerry({"homer", "settings", "--pg-dsn", "mysql://u:t0ps3cret@127.0.0.1/homer_config",
                         "--config-path", s.config});
  EXPECT_EQ(mysql.exit_code, 2);
  EXPECT_EQ(mysql.err.find("t0ps3cret"), std::string::npos) << mysql.err;
  std::string wrong_pw = s.pg;
  wrong_pw.replace(wrong_pw.find(kPassword), std::string(kPassword).size(), "t0ps3cret");
  auto denied = RunFerry({"homer", "settings", "--pg-dsn", wrong_pw, "--config-path", s.config});
  EXPECT_NE(denied.exit_code, 0);
  EXPECT_EQ(denied.err.find("t0ps3cret"), std::string::npos) << denied.err;
  EXPECT_FALSE(std::filesystem::exists(s.path));  // nothing created for a source that does not open
  // --pg-dsn is required.
  auto nodsn = RunFerry({"homer", "settings", "--config-path", s.config});
  EXPECT_EQ(nodsn.exit_code, 2);
  EXPECT_NE(nodsn.err.find("--pg-dsn"), std::string::npos) << nodsn.err;
}

}  // namespace
}  // namespace ferry::test
