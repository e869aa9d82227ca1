// `ferry ser` end to end: a SER 0.9 database (tests/support/ser_fixture,
// built from the reference's 0.9 DDL) migrated into 2.0 tables on MariaDB,
// asserted table by table, value by value. The ids are UUIDv5 values
// computed beforehand with python3 and written down here, so the test checks
// ferry's ids against an independent implementation, not against itself.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/ser_fixture.h"
#include "support/test_env.h"

namespace ferry::test {
namespace {

// The namespace: python3 -c "import uuid; print(uuid.uuid5(uuid.NAMESPACE_URL, 'https://ferry/ser'))"
constexpr const char* kNs = "37ae9436-571b-520d-abd9-9a338852d3f0";
// Each id: python3 -c "import uuid; print(uuid.uuid5(uuid.UUID('37ae9436-571b-520d-abd9-9a338852d3f0'), 'did:iptel.org'))"
// with the name shown beside it.
const std::string kDidIptel = "9acbd867-c4a3-5059-b6d5-f4fc4cd2dac1";  // did:iptel.org
const std::string kDidFoo = "93c89ed5-7ee4-548f-822e-e30258e5721b";    // did:foo.bar
const std::string kDidAx = "25a1a84a-e73a-535d-a61f-3a69196ea8e7";     // did:a.x.org
const std::string kDidBx = "9cc6ba7f-ac91-5b43-90f5-d63fb4173d10";     // did:b.x.org
const std::string kAlice = "8e1e8895-fa17-5151-a45f-f81d29c4437e";     // uid:alice@iptel.org
const std::string kBob = "70621ca4-5bff-5c89-9d3a-b4787e32fb17";       // uid:bob@sip.iptel.org
const std::string kCarol = "96c3d37e-35bb-5130-9352-c077b4d8259a";     // uid:carol@foo.bar
const std::string kDave = "441f82f8-02f5-5aa7-8081-d80b71fbf8b3";      // uid:dave@nowhere.net
const std::string kErin = "a64e05eb-c242-5b5a-a377-da98bde5556c";      // uid:erin@iptel.org
const std::string kZed = "a8e93ff1-c74a-5ceb-8ce3-5811f9e5e6dd";       // uid:zed@a.x.org
const std::string kGhost = "e6c87250-b92f-5eec-a0a6-daa430b8a2b5";     // uid:ghost@

const std::vector<std::string> kDomain = {
    kDidAx + "|a.x.org|33",         kDidBx + "|b.x.org|33",         kDidFoo + "|foo.bar|33",
    kDidIptel + "|iptel.org|33",    kDidIptel + "|proxy.sip.iptel.org|33", kDidIptel + "|sip.iptel.org|33"};
const std::vector<std::string> kDomainAttrs = {
    kDidAx + "|digest_realm|2|a.x.org|37", kDidBx + "|digest_realm|2|b.x.org|37",
    kDidFoo + "|digest_realm|2|foo.bar|37", kDidIptel + "|digest_realm|2|iptel.org|37"};
// auth_username, did, realm, password, flags, ha1, ha1b, uid
const std::vector<std::string> kSubscriberCredentials = {
    "alice|" + kDidIptel + "|iptel.org|wonderland|33|6d1a2f5b0f0e4c5a9e6d2b1c3a4f5e6d|7e2b3a6c1f1f5d6b0f7e3c2d4b5a6f7e|" + kAlice,
    "bob|" + kDidIptel + "|sip.iptel.org|builder|33|0a1b2c3d4e5f60718293a4b5c6d7e8f9||" + kBob,
    "carol|" + kDidFoo + "|Foo.Bar|secret|33|11111111111111111111111111111111|22222222222222222222222222222222|" + kCarol,
    "dave|_default|nowhere.net|x|33|33333333333333333333333333333333|44444444444444444444444444444444|" + kDave};
const std::string kErinCredentials =
    "erin|" + kDidIptel + "|iptel.org|pending|35|55555555555555555555555555555555|66666666666666666666666666666666|" + kErin;
// uid, name, value, type, flags
const std::vector<std::string> kSubscriberAttrs = {
    kAlice + "|datetime_created|2005-03-01 10:00:00|2|32",
    kAlice + "|first_name|Alice|2|32",
    kAlice + "|last_name|Liddell|2|32",
    kAlice + "|email|alice@iptel.org|2|33",
    kAlice + "|phone|+420123456|2|32",
    kAlice + "|timezone|Europe/Prague|2|32",
    kAlice + "|asserted_id|sip:+420123456@iptel.org|2|33",
    kAlice + "|greeting|Hello from Alice|2|32",
    kAlice + "|sendnotification|alice@mail.example|2|32",
    kAlice + "|allow_find|1|2|32",
    kBob + "|datetime_created|1970-01-01 00:00:00|2|32",  // a zero date: the 2.0 default
    kCarol + "|datetime_created|2006-01-01 00:00:00|2|32",
    kCarol + "|first_name|Carol|2|32",
    kDave + "|datetime_created|2006-06-06 06:06:06|2|32",
    kDave + "|email|dave@nowhere.net|2|33"};
const std::vector<std::string> kOtherAttrs = {
    // pending: DB_DISABLED (2) OR-ed in
    kErin + "|datetime_created|2007-07-07 07:07:07|2|34",
    kErin + "|first_name|Erin|2|34",
    kErin + "|email|erin@iptel.org|2|35",
    // admin_privileges
    kAlice + "|sw_is_admin|1|0|32",
    kAlice + "|sw_acl_control|ld|2|32",
    kAlice + "|sw_is_hostmaster|1|0|32",
    kAlice + "|sw_manage_users|yes|2|32",
    // grp
    kAlice + "|acl|ld|2|33",
    kCarol + "|acl|voicemail|2|33",
    // usr_preferences
    kAlice + "|fwd_target|sip:bob@sip.iptel.org|2|33",
    kDave + "|max_calls|3|0|33"};
// uid, did, username, flags, scheme
const std::vector<std::string> kSubscriberUris = {
    kAlice + "|" + kDidIptel + "|alice|61|sip", kBob + "|" + kDidIptel + "|bob|61|sip",
    kCarol + "|" + kDidFoo + "|carol|61|sip", kDave + "|_default|dave|61|sip"};
const std::vector<std::string> kOtherUris = {
    kErin + "|" + kDidIptel + "|erin|63|sip",  // pending
    kAlice + "|" + kDidIptel + "|4001|57|sip", kCarol + "|" + kDidFoo + "|carol.smith|57|sip",
    kZed + "|" + kDidAx + "|zed|57|sip"};

std::vector<std::string> Concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

void ExpectFullMigration(const std::string& dst) {
  EXPECT_EQ(SortedRows(dst, "SELECT did, domain, flags FROM domain"), Sorted(kDomain));
  EXPECT_EQ(SortedRows(dst, "SELECT did, name, type, value, flags FROM domain_attrs"), Sorted(kDomainAttrs));
  EXPECT_EQ(SortedRows(dst, "SELECT auth_username, did, realm, password, flags, ha1, ha1b, uid FROM credentials"),
            Sorted(Concat(kSubscriberCredentials, {kErinCredentials})));
  EXPECT_EQ(SortedRows(dst, "SELECT uid, name, value, type, flags FROM user_attrs"),
            Sorted(Concat(kSubscriberAttrs, kOtherAttrs)));
  EXPECT_EQ(SortedRows(dst, "SELECT uid, did, username, flags, scheme FROM uri"),
            Sorted(Concat(kSubscriberUris, kOtherUris)));
  EXPECT_EQ(SortedRows(dst, "SELECT uid, aor, contact, received, expires, q, callid, cseq, flags, user_agent, instance "
                      "FROM location"),
            Sorted({kAlice + "|sip:alice@iptel.org|sip:alice@192.0.2.10:5060|sip:198.51.100.1:5060|"
                             "2008-01-01 12:00:00|0.5|c1@192.0.2.10|7|0|X-Lite|NULL",
                    kBob + "|sip:bob@sip.iptel.org|sip:bob@192.0.2.20|NULL|1970-01-01 00:00:00|1|c2@192.0.2.20|"
                           "42|3||NULL"}));
  EXPECT_EQ(SortedRows(dst, "SELECT uid, cpl_xml, cpl_bin FROM cpl"),
            Sorted({kAlice + "|<cpl><incoming/></cpl>|BIN1", kCarol + "|<cpl><outgoing/></cpl>|NULL",
                    kGhost + "|<cpl/>|NULL"}));
  EXPECT_EQ(SortedRows(dst, "SELECT mid, from_hdr, to_hdr, ruri, uid, inc_time, exp_time, ctype, body FROM silo"),
            Sorted({"5|sip:bob@sip.iptel.org|sip:alice@iptel.org|sip:alice@iptel.org|" + kAlice +
                    "|2005-01-01 00:00:00|2005-01-01 01:00:00|text/plain|Hello"}));
  EXPECT_EQ(SortedRows(dst, "SELECT id, uid, fname, lname, sip_uri FROM phonebook"),
            Sorted({"11|" + kAlice + "|Bob|Builder|sip:bob@sip.iptel.org"}));
  const std::string calls =
      "from_uid, to_uid, to_did, from_did, sip_from, sip_to, sip_status, sip_method, in_ruri, out_ruri, from_uri, "
      "to_uri, sip_callid, sip_cseq, digest_username, digest_realm, from_tag, to_tag, src_ip, src_port, "
      "request_timestamp, response_timestamp, flags, attrs";
  EXPECT_EQ(SortedRows(dst, "SELECT " + calls + " FROM acc"),
            Sorted({kAlice + "|" + kAlice + "|" + kDidIptel + "|" + kDidIptel +
                        "|\"Alice Liddell\" <sip:alice@iptel.org>;tag=a1|<sip:4001@sip.iptel.org>|200|INVITE|"
                        "sip:4001@SIP.iptel.org;user=phone|sip:alice@192.0.2.10:5060|"
                        "\"Alice Liddell\" <sip:alice@iptel.org>|sip:4001@sip.iptel.org|call-1@192.0.2.10|NULL|"
                        "alice|iptel.org|a1|b1|NULL|NULL|2008-02-01 10:00:00|2008-02-01 10:00:05|256|NULL",
                    "NULL|" + kBob + "|" + kDidIptel +
                        "|_default|<sip:stranger@example.com>;tag=s1|sip:bob@sip.iptel.org|486|INVITE||"
                        "sip:bob@192.0.2.20|sip:stranger@example.com|sip:bob@sip.iptel.org|call-2@example.com|"
                        "NULL|||s1|b2|NULL|NULL|1970-01-01 00:00:00|2008-02-02 11:00:00|512|NULL",
                    kCarol + "|" + kDave + "|_default|" + kDidFoo +
                        "|sips:carol@Foo.Bar|sip:dave@nowhere.net|200|BYE|sip:dave@nowhere.net|"
                        "sip:dave@203.0.113.5|sips:carol@Foo.Bar:5061;transport=tls|sip:dave@nowhere.net|"
                        "call-3@foo.bar|NULL|carol|Foo.Bar|c3|d3|NULL|NULL|2008-02-03 12:00:00|"
                        "2008-02-03 12:00:01|768|NULL"}));
  EXPECT_EQ(SortedRows(dst, "SELECT " + calls + " FROM missed_calls"),
            Sorted({kBob + "|" + kAlice + "|" + kDidIptel + "|" + kDidIptel +
                    "|\"Bob\" <sip:bob@sip.iptel.org>;tag=m1|sip:alice@proxy.sip.iptel.org|408|INVITE|"
                    "sip:alice@proxy.sip.iptel.org|NULL|sip:bob@sip.iptel.org|sip:alice@proxy.sip.iptel.org|"
                    "call-4@192.0.2.20|NULL|bob|sip.iptel.org|m1||NULL|NULL|1970-01-01 00:00:00|"
                    "2008-03-03 03:03:03|0|NULL"}));
}

// Row count and CHECKSUM TABLE of every 2.0 table.
std::map<std::string, std::string> Fingerprint(const std::string& dst) {
  std::map<std::string, std::string> out;
  for (const auto& t : ser::Tables20()) {
    auto count = Query(dst, "SELECT count(*) FROM `" + t + "`");
    auto sum = Query(dst, "CHECKSUM TABLE `" + t + "`");
    out[t] = *count[0][0] + "/" + (sum[0][1] ? *sum[0][1] : "NULL");
  }
  return out;
}

// Rows inserted per table, from --report.
int64_t InsertedRows(const std::string& report_path) {
  std::ifstream in(report_path);
  std::stringstream text;
  text << in.rdbuf();
  auto j = nlohmann::json::parse(text.str(), nullptr, false);
  if (j.is_discarded()) return -1;
  int64_t total = 0;
  for (const auto& t : j["tables"]) total += t.value("rows_inserted", int64_t{0});
  return total;
}

std::string Source09() {
  std::string src = FreshDatabase("mysql", "_src");
  ser::Create09(src);
  return src;
}

TEST(Ser, MigratesIntoAnEmptyDestinationAndASecondRunChangesNothing) {
  std::string src = Source09();
  std::string dst = FreshDatabase("mysql", "_dst");
  std::string report = TempDir() + "/ser.json";
  auto run = RunFerry({"ser", "-i", src, "-o", dst, "--no-progress", "--report", report});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.err.find("created the 2.0 table(s) domain, domain_attrs, credentials"), std::string::npos) << run.err;
  EXPECT_EQ(run.out.find(kPassword), std::string::npos);
  EXPECT_EQ(run.err.find(kPassword), std::string::npos);
  ExpectFullMigration(dst);
  EXPECT_EQ(SortedRows(dst, "SELECT count(*) FROM uri WHERE username = 'alias'"), std::vector<std::string>{"0"})
      << "aliases are not migrated";
  EXPECT_GT(InsertedRows(report), 0);
  // The tables ferry made are SER 2.0's: the same columns, types, nullability
  // and defaults as the fixture's own transcription of my_create.sql.
  std::string ddl = FreshDatabase("mysql", "_ddl");
  ser::Create20(ddl);
  const std::string columns =
      "SELECT table_name, column_name, ordinal_position, column_type, is_nullable, column_default, extra "
      "FROM information_schema.columns WHERE table_schema = database() AND table_name <> 'grp'";
  EXPECT_EQ(SortedRows(ddl, columns).size(), 104u);  // 3+5+8+5+5+11+3+9+5+25+25
  EXPECT_EQ(SortedRows(dst, columns), SortedRows(ddl, columns));
  const std::string uniques =
      "SELECT table_name, index_name, seq_in_index, column_name FROM information_schema.statistics "
      "WHERE table_schema = database() AND non_unique = 0";
  EXPECT_EQ(SortedRows(dst, uniques), SortedRows(ddl, uniques));

  auto before = Fingerprint(dst);
  run = RunFerry({"ser", "-i", src, "-o", dst, "--no-progress", "--report", report});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(run.err.find("created the 2.0 table"), std::string::npos) << run.err;
  EXPECT_EQ(InsertedRows(report), 0) << run.out;
  EXPECT_EQ(Fingerprint(dst), before);
  ExpectFullMigration(dst);
}

TEST(Ser, MigratesIntoTablesTheOperatorCreated) {
  std::string src = Source09();
  std::string dst = FreshDatabase("mysql", "_dst");
  ser::Create20(dst);
  auto run = RunFerry({"ser", "-i", src, "-o", dst, "--no-progress", "-v"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(run.err.find("created the 2.0 table"), std::string::npos) << run.err;
  ExpectFullMigration(dst);
  EXPECT_EQ(SortedRows(dst, "SELECT count(*) FROM grp"), std::vector<std::string>{"0"}) << "grp is left alone";
  auto before = Fingerprint(dst);
  // The second run verifies too: every step against the table it feeds, a
  // table several steps feed against all their rows.
  run = RunFerry({"ser", "-i", src, "-o", dst, "--no-progress", "--verify"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.err.find("[sql:all:user_attrs] equal: 26 rows in source, 26 in target"), std::string::npos)
      << run.out << run.err;
  EXPECT_EQ(Fingerprint(dst), before);
}

TEST(Ser, ASubsetGivesTheSameIds) {
  std::string src = Source09();
  std::string dst = FreshDatabase("mysql", "_dst");
  auto run = RunFerry({"ser", "-i", src, "-o", dst, "--no-progress", "-t", "domain,subscriber"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(SortedRows(dst, "SELECT did, domain, flags FROM domain"), Sorted(kDomain));
  EXPECT_EQ(SortedRows(dst, "SELECT did, name, type, value, flags FROM domain_attrs"), Sorted(kDomainAttrs));
  EXPECT_EQ(SortedRows(dst, "SELECT auth_username, did, realm, password, flags, ha1, ha1b, uid FROM credentials"),
            Sorted(kSubscriberCredentials));
  EXPECT_EQ(SortedRows(dst, "SELECT uid, name, value, type, flags FROM user_attrs"), Sorted(kSubscriberAttrs));
  EXPECT_EQ(SortedRows(dst, "SELECT uid, did, username, flags, scheme FROM uri"), Sorted(kSubscriberUris));
  for (const char* t : {"location", "cpl", "silo", "phonebook", "acc", "missed_calls"})
    EXPECT_EQ(SortedRows(dst, std::string("SELECT count(*) FROM ") + t), std::vector<std::string>{"0"}) << t;

  // The rest later, by the script's names (user_preferences is usr_preferences, msilo is silo).
  run = RunFerry({"ser", "-i", src, "-o", dst, "--no-progress", "-t",
                  "pending,uri,location,cpl,msilo,phonebook,admin_privileges,grp,user_preferences,acc,missed_calls"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  ExpectFullMigration(dst);
}

TEST(Ser, DryRunAndShowPlanWriteNothing) {
  std::string src = Source09();
  std::string dst = FreshDatabase("mysql", "_dst");
  auto run = RunFerry({"ser", "-i", src, "-o", dst, "--dry-run", "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(Query(dst, "SHOW TABLES").empty()) << "a dry run created tables";
  EXPECT_NE(run.out.find("-- ferry ser would create (SER 2.0 DDL):\nCREATE TABLE location (\n  uid varchar(64) NOT NULL,\n"
                         "  aor varchar(255) NOT NULL,"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("3 rows (from acc.acc)"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find(kPassword), std::string::npos);
  EXPECT_EQ(run.err.find(kPassword), std::string::npos);

  run = RunFerry({"ser", "--show-plan"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("source: ${SOURCE}"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("uuid_v5('${NS}'"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("to: missed_calls"), std::string::npos) << run.out;
  (void)kNs;
}

TEST(Ser, BadInputIsNamedWithoutPasswords) {
  std::string src = Source09();
  std::string dst = FreshDatabase("mysql", "_dst");
  auto run = RunFerry({"ser", "-i", src, "-o", dst, "-t", "domain,subscribers"});
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_NE(run.err.find("unknown table 'subscribers' (known: domain, subscriber, pending"), std::string::npos)
      << run.err;

  std::string missing = dst.substr(0, dst.rfind('/') + 1) + "no_such_ser_new";
  run = RunFerry({"ser", "-i", src, "-o", missing, "--no-progress"});
  EXPECT_EQ(run.exit_code, 5) << run.out << run.err;
  EXPECT_NE(run.err.find("no_such_ser_new"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("must exist"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find(kPassword), std::string::npos) << run.err;

  const std::string wrong = "Wr0ng-Secret";
  std::string bad_dst = dst;
  bad_dst.replace(bad_dst.find(kPassword), std::string(kPassword).size(), wrong);
  run = RunFerry({"ser", "-i", src, "-o", bad_dst, "--no-progress"});
  EXPECT_EQ(run.exit_code, 5) << run.out << run.err;
  EXPECT_EQ(run.out.find(wrong), std::string::npos) << run.out;
  EXPECT_EQ(run.err.find(wrong), std::string::npos) << run.err;
  std::string bad_src = src;
  bad_src.replace(bad_src.find(kPassword), std::string(kPassword).size(), wrong);
  run = RunFerry({"ser", "-i", bad_src, "-o", dst, "--no-progress"});
  EXPECT_EQ(run.exit_code, 4) << run.out << run.err;
  EXPECT_EQ(run.out.find(wrong), std::string::npos) << run.out;
  EXPECT_EQ(run.err.find(wrong), std::string::npos) << run.err;
  EXPECT_TRUE(Query(dst, "SHOW TABLES").empty()) << "nothing is created before the source opens";
}

// The 0.9 cpl table comes from the cpl-c module, not ser_mysql.sh: a
// source without it migrates the rest; asking for it by -t is an error.
TEST(Ser, ASourceWithoutTheCplTableSkipsIt) {
  std::string src = Source09();
  Query(src, "DROP TABLE cpl");
  std::string dst = FreshDatabase("mysql", "_dst");
  auto run = RunFerry({"ser", "-i", src, "-o", dst, "--no-progress", "-t", "cpl"});
  EXPECT_EQ(run.exit_code, 4) << run.out << run.err;
  EXPECT_NE(run.err.find("-t cpl: the source has no table cpl"), std::string::npos) << run.err;
  EXPECT_TRUE(Query(dst, "SHOW TABLES").empty());

  run = RunFerry({"ser", "-i", src, "-o", dst, "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.err.find("cpl.cpl skipped: the source has no table cpl"), std::string::npos) << run.err;
  EXPECT_EQ(SortedRows(dst, "SELECT count(*) FROM cpl"), std::vector<std::string>{"0"});
  EXPECT_EQ(SortedRows(dst, "SELECT uid, did, username, flags, scheme FROM uri"),
            Sorted(Concat(kSubscriberUris, kOtherUris)));
}

// An acc row whose merge key holds a NULL (0.9 acc columns are nullable;
// here totag) is recognised by a second run too: nullable key columns are
// matched NULL-safely (WriteSpec::nullable_key).
TEST(Ser, ARowWithANullInItsKeyIsNotInsertedTwice) {
  std::string src = Source09();
  Query(src, "SET SESSION sql_mode = ''; INSERT INTO acc (sip_callid, sip_method, sip_status, fromtag, totag, "
             "time, timestamp) VALUES ('call-5@x', 'INVITE', '200', 'f5', NULL, '2008-01-01 00:00:00', "
             "'2008-01-01 00:00:01')");
  std::string dst = FreshDatabase("mysql", "_dst");
  for (int i = 0; i < 2; ++i) {
    auto run = RunFerry({"ser", "-i", src, "-o", dst, "--no-progress", "-t", "acc"});
    ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  }
  EXPECT_EQ(SortedRows(dst, "SELECT count(*) FROM acc"), std::vector<std::string>{"4"});
}

}  // namespace
}  // namespace ferry::test
