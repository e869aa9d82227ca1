#include "plan/recipes/ser.h"

#include <string_view>

namespace ferry::recipes {

namespace {

// 2.0 flag bits (v_2_0_0 db/db.h; shared/reference A.2).
constexpr int kLoadSer = 1, kDisabled = 2, kCanon = 4, kIsTo = 8, kIsFrom = 16, kForSerweb = 32;
constexpr int kCallerDeleted = 256, kCalleeDeleted = 512;

// Virtual domains: every name of the 0.9 domain table (lower-cased) with
// the root of its tree (the name with the fewest dot-labels that it equals
// or ends with '.' + it) and the tree's did. Two siblings without their
// parent are two trees.
constexpr std::string_view kDids = R"(names AS MATERIALIZED (
  SELECT DISTINCT lower(domain) AS name FROM src.domain
),
trees AS (
  SELECT n.name, arg_min(r.name, length(r.name) - length(replace(r.name, '.', ''))) AS root
  FROM names n JOIN names r ON n.name = r.name OR ends_with(n.name, '.' || r.name)
  GROUP BY n.name
),
dids AS MATERIALIZED (
  SELECT name, root, uuid_v5('${NS}', 'did:' || root) AS did FROM trees
))";

// An account (subscriber or pending) with its uid and the did of its domain.
// @TABLE@ and @WHERE@ are filled per entry.
constexpr std::string_view kAccounts = R"(s AS MATERIALIZED (
  SELECT a.username, a.domain, a.password, a.ha1, a.ha1b, a.first_name, a.last_name, a.email_address,
         a.phone, a.timezone, a.rpid, a.greeting, a.sendnotification, a.allow_find, a.datetime_created,
         uuid_v5('${NS}', 'uid:' || a.username || '@' || lower(a.domain)) AS uid,
         COALESCE(d.did, '_default') AS did
  FROM src.@TABLE@ a LEFT JOIN dids d ON d.name = lower(a.domain)@WHERE@
))";

// A pending account whose username and domain are also a subscriber's was
// confirmed: the subscriber row is the account.
constexpr std::string_view kNotSubscriber = R"(
  WHERE NOT EXISTS (SELECT 1 FROM src.subscriber b
                    WHERE b.username = a.username AND lower(b.domain) = lower(a.domain)))";

// The uid of a 0.9 (username, domain) pair, for tables aliased `x`.
constexpr std::string_view kUid = "uuid_v5('${NS}', 'uid:' || x.username || '@' || lower(x.domain)) AS uid";

// Who a SIP URI belongs to (acc, missed_calls): a subscriber, pending
// account or 0.9 uri alias, matched on the user part and the virtual domain
// of the host (the host itself when it is no domain of ours).
constexpr std::string_view kLocalUsers = R"(local_users AS MATERIALIZED (
  SELECT username, dkey, min(uid) AS uid FROM (
    SELECT x.username, COALESCE(d.did, 'host:' || lower(x.domain)) AS dkey,
           uuid_v5('${NS}', 'uid:' || x.username || '@' || lower(x.domain)) AS uid
    FROM (SELECT username, domain FROM src.subscriber
          UNION ALL SELECT username, domain FROM src.pending) x
    LEFT JOIN dids d ON d.name = lower(x.domain)
    UNION ALL
    SELECT x.uri_user, COALESCE(d.did, 'host:' || lower(x.domain)),
           uuid_v5('${NS}', 'uid:' || x.username || '@' || lower(x.domain))
    FROM src.uri x LEFT JOIN dids d ON d.name = lower(x.domain)
  ) GROUP BY username, dkey
))";

// acc and missed_calls: @TABLE@, and @FLAGS@ (the deleted bits, acc only). The
// callee's URI is i_uri, or to_uri when i_uri holds no SIP URI with a host.
constexpr std::string_view kCalls = R"(t AS (
  SELECT x.*, CASE WHEN nullif(sip_host(x.i_uri), '') IS NOT NULL THEN x.i_uri ELSE x.to_uri END AS t_uri
  FROM src.@TABLE@ x
),
c AS (
  SELECT t.*, nullif(sip_user(t.from_uri), '') AS f_user, nullif(lower(sip_host(t.from_uri)), '') AS f_host,
         nullif(sip_user(t.t_uri), '') AS t_user, nullif(lower(sip_host(t.t_uri)), '') AS t_host
  FROM t
)
SELECT fu.uid AS from_uid, tu.uid AS to_uid,
       CASE WHEN c.t_host IS NULL THEN NULL ELSE COALESCE(td.did, '_default') END AS to_did,
       CASE WHEN c.f_host IS NULL THEN NULL ELSE COALESCE(fd.did, '_default') END AS from_did,
       c.sip_from, c.sip_to, c.sip_status, c.sip_method, c.i_uri AS in_ruri, c.o_uri AS out_ruri,
       c.from_uri, c.to_uri, c.sip_callid, c.username AS digest_username, c.domain AS digest_realm,
       c.fromtag AS from_tag, c.totag AS to_tag,
       COALESCE(CAST(c."time" AS TIMESTAMP), TIMESTAMP '1970-01-01 00:00:00') AS request_timestamp,
       COALESCE(CAST(c."timestamp" AS TIMESTAMP), TIMESTAMP '1970-01-01 00:00:00') AS response_timestamp@FLAGS@
FROM c
LEFT JOIN dids fd ON fd.name = c.f_host
LEFT JOIN dids td ON td.name = c.t_host
LEFT JOIN local_users fu ON fu.username = c.f_user AND fu.dkey = COALESCE(fd.did, 'host:' || c.f_host)
LEFT JOIN local_users tu ON tu.username = c.t_user AND tu.dkey = COALESCE(td.did, 'host:' || c.t_host))";

const std::string kCallKey =
    "[sip_callid, sip_method, sip_status, from_tag, to_tag, request_timestamp, response_timestamp]";

std::string Replace(std::string text, std::string_view what, std::string_view with) {
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size()))
    text.replace(at, what.size(), with);
  return text;
}

// One plan entry: `sql` indented as a YAML literal block.
std::string Entry(const std::string& name, const std::string& comment, const std::string& sql,
                  const std::string& to, const std::string& key) {
  std::string out = "  # " + comment + "\n  - name: " + name + "\n    sql: |\n";
  size_t start = 0;
  while (start <= sql.size()) {
    size_t end = sql.find('\n', start);
    if (end == std::string::npos) end = sql.size();
    std::string_view line(sql.data() + start, end - start);
    out += line.empty() ? "\n" : "      " + std::string(line) + "\n";
    start = end + 1;
  }
  out += "    to: " + to + "\n    key: " + key + "\n";
  return out;
}

std::string N(int flags) { return std::to_string(flags); }

// subscriber or pending: credentials, user_attrs, uri. `disabled` is OR-ed
// into every flags value.
std::string AccountEntries(const std::string& table, int disabled) {
  std::string with = "WITH " + std::string(kDids) + ",\n" +
                     Replace(Replace(std::string(kAccounts), "@TABLE@", table), "@WHERE@",
                             table == "pending" ? kNotSubscriber : "");
  const int f32 = kForSerweb | disabled, f33 = kLoadSer | kForSerweb | disabled;
  std::string what = table == "pending" ? "pending (unconfirmed) accounts, disabled (flags | 2)" : "subscribers";
  std::string out;
  out += Entry(table + ".credentials", what + ": digest credentials", with + "\n" +
               "SELECT username AS auth_username, did, domain AS realm, password, ha1, ha1b, uid,\n"
               "       " + N(f33) + " AS flags\nFROM s",
               "credentials", "[auth_username, realm]");
  std::string attrs = with + "\n" +
      "SELECT uid, 'datetime_created' AS name,\n"
      "       COALESCE(strftime(CAST(datetime_created AS TIMESTAMP), '%Y-%m-%d %H:%M:%S'),\n"
      "                '1970-01-01 00:00:00') AS value, 2 AS type, " + N(f32) + " AS flags FROM s\n";
  struct Attr { const char* name; const char* column; int flags; };
  const Attr kAttrs[] = {{"first_name", "first_name", f32},        {"last_name", "last_name", f32},
                         {"email", "email_address", f33},          {"phone", "phone", f32},
                         {"timezone", "timezone", f32},            {"asserted_id", "rpid", f33},
                         {"greeting", "greeting", f32},            {"sendnotification", "sendnotification", f32}};
  for (const auto& a : kAttrs)
    attrs += std::string("UNION ALL SELECT uid, '") + a.name + "', " + a.column + ", 2, " + N(a.flags) +
             " FROM s WHERE " + a.column + " <> ''\n";
  attrs += "UNION ALL SELECT uid, 'allow_find', allow_find, 2, " + N(f32) + " FROM s WHERE allow_find = '1'";
  out += Entry(table + ".attrs", what + ": the auxiliary columns become user attributes", attrs, "user_attrs",
               "[uid, name, value]");
  out += Entry(table + ".uri", what + ": each account's own SIP URI (canonical)", with + "\n" +
               "SELECT uid, did, username, " + N(kLoadSer | kIsFrom | kIsTo | kCanon | kForSerweb | disabled) +
               " AS flags, 'sip' AS scheme FROM s",
               "uri", "[uid, did, username, scheme]");
  return out;
}

std::string BuildPlan() {
  const std::string dids = "WITH " + std::string(kDids);
  const std::string uid(kUid);
  std::string y =
      "# ferry ser: SER (iptel.org SIP Express Router) 0.9.x -> 2.0.x, MySQL/MariaDB (docs/ser.md).\n"
      "# ${NS}: the namespace of every generated did and uid (UUIDv5 of the names).\n"
      "# Flags (2.0 db.h): 1 LOAD_SER, 2 DISABLED, 4 CANON, 8 IS_TO, 16 IS_FROM, 32 FOR_SERWEB,\n"
      "# 256 CALLER_DELETED, 512 CALLEE_DELETED. Attribute type 0 = int, 2 = string.\n"
      "source: ${SOURCE}\n"
      "target: ${TARGET}\n"
      "mode: data-only\n"
      "on_conflict: skip\n"
      "tables:\n";
  y += Entry("domain.domain", "virtual domains: one did per tree of names, every name a domain row", dids + "\n" +
             "SELECT did, name AS domain, " + N(kLoadSer | kForSerweb) + " AS flags FROM dids",
             "domain", "[domain]");
  y += Entry("domain.attrs", "each virtual domain's digest realm: its root name", dids + "\n" +
             "SELECT DISTINCT did, 'digest_realm' AS name, 2 AS type, root AS value,\n"
             "       " + N(kLoadSer | kCanon | kForSerweb) + " AS flags\nFROM dids",
             "domain_attrs", "[did, name, value]");
  y += AccountEntries("subscriber", 0);
  y += AccountEntries("pending", kDisabled);
  y += Entry("uri.uri", "the 0.9 uri table: more SIP usernames of an account", dids + "\n" +
             "SELECT " + uid + ", COALESCE(d.did, '_default') AS did, x.uri_user AS username,\n"
             "       " + N(kLoadSer | kIsFrom | kIsTo | kForSerweb) + " AS flags, 'sip' AS scheme\n"
             "FROM src.uri x LEFT JOIN dids d ON d.name = lower(x.domain)",
             "uri", "[uid, did, username, scheme]");
  y += Entry("location.location", "registered contacts (zero expires -> 1970-01-01, the 2.0 default)",
             "SELECT " + uid + ", 'sip:' || x.username || '@' || x.domain AS aor,\n"
             "       x.contact, x.received,\n"
             "       COALESCE(CAST(x.expires AS TIMESTAMP), TIMESTAMP '1970-01-01 00:00:00') AS expires,\n"
             "       x.q, x.callid, x.cseq, x.flags, x.user_agent\n"
             "FROM src.location x",
             "location", "[uid, contact]");
  y += Entry("cpl.cpl",
             "CPL scripts: 'user@domain', or a plain user owned by the one account of that name\n"
             "  # (none or several: the uid of 'user@', which no account has)",
             "WITH owners AS (\n"
             "  SELECT username, min(lower(domain)) AS domain, count(DISTINCT lower(domain)) AS n\n"
             "  FROM (SELECT username, domain FROM src.subscriber\n"
             "        UNION ALL SELECT username, domain FROM src.pending)\n"
             "  GROUP BY username\n"
             ")\n"
             "SELECT uuid_v5('${NS}', 'uid:' ||\n"
             "         CASE WHEN strpos(x.\"user\", '@') > 0\n"
             "              THEN split_part(x.\"user\", '@', 1) || '@' || lower(substr(x.\"user\", strpos(x.\"user\", '@') + 1))\n"
             "              WHEN o.n = 1 THEN x.\"user\" || '@' || o.domain\n"
             "              ELSE x.\"user\" || '@' END) AS uid,\n"
             "       x.cpl_xml, x.cpl_bin\n"
             "FROM src.cpl x LEFT JOIN owners o ON o.username = x.\"user\"",
             "cpl", "[uid]");
  y += Entry("msilo.silo", "stored messages (table silo): epoch seconds -> DATETIME in UTC",
             "SELECT x.mid, COALESCE(x.src_addr, '') AS from_hdr, COALESCE(x.dst_addr, '') AS to_hdr,\n"
             "       COALESCE(x.r_uri, '') AS ruri, " + uid + ",\n"
             "       make_timestamp(CAST(x.inc_time AS BIGINT) * 1000000) AS inc_time,\n"
             "       make_timestamp(CAST(x.exp_time AS BIGINT) * 1000000) AS exp_time,\n"
             "       COALESCE(x.ctype, 'text/plain') AS ctype, x.body\n"
             "FROM src.silo x",
             "silo", "[mid]");
  y += Entry("phonebook.phonebook", "phonebook entries keep their ids",
             "SELECT x.id, " + uid + ", x.fname, x.lname, x.sip_uri\nFROM src.phonebook x",
             "phonebook", "[id]");
  y += Entry("admin_privileges.user_attrs",
             "serweb privileges -> user attributes (serweb only); other privileges as sw_<name>",
             "SELECT " + uid + ",\n"
             "       CASE x.priv_name WHEN 'is_admin' THEN 'sw_is_admin'\n"
             "                        WHEN 'acl_control' THEN 'sw_acl_control'\n"
             "                        WHEN 'change_privileges' THEN 'sw_is_hostmaster'\n"
             "                        ELSE 'sw_' || x.priv_name END AS name,\n"
             "       CASE WHEN x.priv_name NOT IN ('is_admin', 'change_privileges') THEN x.priv_value\n"
             "            WHEN x.priv_value IN ('', '0') THEN '0' ELSE '1' END AS value,\n"
             "       CASE WHEN x.priv_name IN ('is_admin', 'change_privileges') THEN 0 ELSE 2 END AS type,\n"
             "       " + N(kForSerweb) + " AS flags\n"
             "FROM src.admin_privileges x",
             "user_attrs", "[uid, name, value]");
  y += Entry("grp.user_attrs", "group membership -> attribute acl",
             "SELECT " + uid + ", 'acl' AS name, x.grp AS value, 2 AS type, " + N(kLoadSer | kForSerweb) +
                 " AS flags\nFROM src.grp x",
             "user_attrs", "[uid, name, value]");
  y += Entry("usr_preferences.user_attrs", "user preferences -> user attributes, type kept",
             "SELECT " + uid + ", x.attribute AS name, x.value, x.type, " + N(kLoadSer | kForSerweb) +
                 " AS flags\nFROM src.usr_preferences x",
             "user_attrs", "[uid, name, value]");
  const std::string calls_with = "WITH " + std::string(kDids) + ",\n" + std::string(kLocalUsers) + ",\n";
  y += Entry("acc.acc", "accounting: renamed columns, uids and dids of the From and request/To URIs",
             calls_with + Replace(Replace(std::string(kCalls), "@TABLE@", "acc"), "@FLAGS@",
                                  ",\n       (CASE WHEN c.caller_deleted = '1' THEN " + N(kCallerDeleted) +
                                      " ELSE 0 END) |\n       (CASE WHEN c.callee_deleted = '1' THEN " +
                                      N(kCalleeDeleted) + " ELSE 0 END) AS flags"),
             "acc", kCallKey);
  y += Entry("missed_calls.missed_calls", "missed calls: as acc, without the deleted flags",
             calls_with + Replace(Replace(std::string(kCalls), "@TABLE@", "missed_calls"), "@FLAGS@", ""),
             "missed_calls", kCallKey);
  return y;
}

constexpr const char kAccColumns[] = R"(
  id int NOT NULL AUTO_INCREMENT,
  from_uid varchar(64) DEFAULT NULL,
  to_uid varchar(64) DEFAULT NULL,
  to_did varchar(64) DEFAULT NULL,
  from_did varchar(64) DEFAULT NULL,
  sip_from varchar(255) DEFAULT NULL,
  sip_to varchar(255) DEFAULT NULL,
  sip_status varchar(128) DEFAULT NULL,
  sip_method varchar(16) DEFAULT NULL,
  in_ruri varchar(255) DEFAULT NULL,
  out_ruri varchar(255) DEFAULT NULL,
  from_uri varchar(255) DEFAULT NULL,
  to_uri varchar(255) DEFAULT NULL,
  sip_callid varchar(255) DEFAULT NULL,
  sip_cseq int DEFAULT NULL,
  digest_username varchar(64) DEFAULT NULL,
  digest_realm varchar(255) DEFAULT NULL,
  from_tag varchar(128) DEFAULT NULL,
  to_tag varchar(128) DEFAULT NULL,
  src_ip int unsigned DEFAULT NULL,
  src_port smallint unsigned DEFAULT NULL,
  request_timestamp datetime NOT NULL,
  response_timestamp datetime NOT NULL,
  flags int unsigned NOT NULL DEFAULT 0,
  attrs varchar(255) DEFAULT NULL,)";

}  // namespace

const std::string& SerPlanYaml() {
  static const std::string kPlan = BuildPlan();
  return kPlan;
}

// v_2_0_0 scripts/mysql/my_create.sql as shared/reference A.4 gives it (no
// engine clause; index names where the reference has none are ferry's).
const std::vector<std::pair<std::string, std::string>>& Ser20Tables() {
  static const std::vector<std::pair<std::string, std::string>> kTables = {
      {"domain", R"(CREATE TABLE domain (
  did varchar(64) NOT NULL,
  domain varchar(128) NOT NULL,
  flags int unsigned NOT NULL DEFAULT 0,
  UNIQUE KEY domain_idx (domain),
  KEY did_idx (did)
))"},
      {"domain_attrs", R"(CREATE TABLE domain_attrs (
  did varchar(64) DEFAULT NULL,
  name varchar(32) NOT NULL,
  type int NOT NULL DEFAULT 0,
  value varchar(255) DEFAULT NULL,
  flags int unsigned NOT NULL DEFAULT 0,
  UNIQUE KEY domain_attr_idx (did, name, value),
  KEY domain_did (did, flags)
))"},
      {"credentials", R"(CREATE TABLE credentials (
  auth_username varchar(64) NOT NULL,
  did varchar(64) NOT NULL DEFAULT '_default',
  realm varchar(64) NOT NULL,
  password varchar(28) NOT NULL DEFAULT '',
  flags int NOT NULL DEFAULT 0,
  ha1 varchar(32) NOT NULL,
  ha1b varchar(32) NOT NULL DEFAULT '',
  uid varchar(64) NOT NULL,
  KEY cred_idx (auth_username, did),
  KEY uid (uid),
  KEY did_idx (did),
  KEY realm_idx (realm)
))"},
      {"user_attrs", R"(CREATE TABLE user_attrs (
  uid varchar(64) NOT NULL,
  name varchar(32) NOT NULL,
  value varchar(255) DEFAULT NULL,
  type int NOT NULL DEFAULT 0,
  flags int unsigned NOT NULL DEFAULT 0,
  UNIQUE KEY userattrs_idx (uid, name, value)
))"},
      {"uri", R"(CREATE TABLE uri (
  uid varchar(64) NOT NULL,
  did varchar(64) NOT NULL,
  username varchar(64) NOT NULL,
  flags int unsigned NOT NULL DEFAULT 0,
  scheme varchar(8) NOT NULL DEFAULT 'sip',
  KEY uri_idx1 (username, did, scheme),
  KEY uri_uid (uid)
))"},
      {"location", R"(CREATE TABLE location (
  uid varchar(64) NOT NULL,
  aor varchar(255) NOT NULL,
  contact varchar(255) NOT NULL,
  received varchar(255) DEFAULT NULL,
  expires datetime NOT NULL DEFAULT '1970-01-01 00:00:00',
  q float NOT NULL DEFAULT 1.0,
  callid varchar(255) DEFAULT NULL,
  cseq int unsigned DEFAULT NULL,
  flags int unsigned NOT NULL DEFAULT 0,
  user_agent varchar(64) DEFAULT NULL,
  instance varchar(255) DEFAULT NULL,
  UNIQUE KEY location_key (uid, contact),
  KEY location_contact (contact),
  KEY location_expires (expires)
))"},
      {"cpl", R"(CREATE TABLE cpl (
  uid varchar(64) NOT NULL,
  cpl_xml blob,
  cpl_bin blob,
  UNIQUE KEY cpl_key (uid)
))"},
      {"silo", R"(CREATE TABLE silo (
  mid int NOT NULL AUTO_INCREMENT,
  from_hdr varchar(255) NOT NULL,
  to_hdr varchar(255) NOT NULL,
  ruri varchar(255) NOT NULL,
  uid varchar(64) NOT NULL,
  inc_time datetime NOT NULL DEFAULT '1970-01-01 00:00:00',
  exp_time datetime NOT NULL DEFAULT '1970-01-01 00:00:00',
  ctype varchar(128) NOT NULL DEFAULT 'text/plain',
  body blob NOT NULL DEFAULT '',
  UNIQUE KEY silo_idx1 (mid)
))"},
      {"phonebook", R"(CREATE TABLE phonebook (
  id int NOT NULL AUTO_INCREMENT,
  uid varchar(64) NOT NULL,
  fname varchar(32) DEFAULT NULL,
  lname varchar(32) DEFAULT NULL,
  sip_uri varchar(255) NOT NULL,
  UNIQUE KEY pb_idx (id),
  KEY pb_uid (uid)
))"},
      {"acc", std::string("CREATE TABLE acc (") + kAccColumns + R"(
  UNIQUE KEY acc_id_key (id),
  KEY acc_sip_callid (sip_callid),
  KEY acc_from_uid (from_uid),
  KEY acc_to_uid (to_uid)
))"},
      {"missed_calls", std::string("CREATE TABLE missed_calls (") + kAccColumns + R"(
  UNIQUE KEY mc_id_key (id),
  KEY mc_sip_callid (sip_callid),
  KEY mc_to_uid (to_uid)
))"},
  };
  return kTables;
}

const std::vector<std::pair<std::string, std::string>>& SerTableNames() {
  static const std::vector<std::pair<std::string, std::string>> kNames = {
      {"domain", "domain"},
      {"subscriber", "subscriber"},
      {"pending", "pending"},
      {"uri", "uri"},
      {"location", "location"},
      {"cpl", "cpl"},
      {"msilo", "msilo"},
      {"silo", "msilo"},
      {"phonebook", "phonebook"},
      {"admin_privileges", "admin_privileges"},
      {"grp", "grp"},
      {"usr_preferences", "usr_preferences"},
      {"user_preferences", "usr_preferences"},
      {"acc", "acc"},
      {"missed_calls", "missed_calls"},
  };
  return kNames;
}

}  // namespace ferry::recipes
