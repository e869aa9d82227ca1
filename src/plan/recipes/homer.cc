#include "plan/recipes/homer.h"

#include <string_view>

namespace ferry::recipes {

namespace {

// Casts on read: every column whose type differs between the eras (or
// between PostgreSQL and DuckDB: uuid, json, jsonb, inet) is CAST to the
// target's type in the query, so either era's types bind.
constexpr std::string_view kHead = R"(# ferry homer settings: homer-app homer_config (Homer 7) -> Homer 11 settings DuckDB
source: ${SOURCE}
target: ${TARGET}
mode: data-only
on_conflict: skip
tables:
)";

// bcrypt hashes verbatim; an admin is a user whose group contains "admin"
// (any case, as homer-app decides); is_active from `enabled` where the
// column exists (@ACTIVE@).
constexpr std::string_view kUsers = R"(  - name: v7.users
    sql: |
      SELECT u.username, u.hash AS password_hash, u.email,
             trim(u.firstname || ' ' || u.lastname) AS full_name,
             contains(lower(u.usergroup), 'admin') AS is_admin,
             @ACTIVE@ AS is_active,
             u.created_at, u.created_at AS updated_at
      FROM src.users u
    to: users
    key: [username]
)";

// A guid, or one made from the table and id where homer-app left it NULL.
#define FERRY_GUID(t, a) \
  "COALESCE(CAST(" a ".guid AS VARCHAR), CAST(uuid_v5('${NS}', '" t ":' || " a ".id) AS VARCHAR))"

constexpr std::string_view kGlobalSettings = R"(  - name: v7.global_settings
    sql: |
      SELECT )" FERRY_GUID("global_settings", "g") R"( AS guid,
             g.partid, g.category, g.param, CAST(g.data AS VARCHAR) AS data, g.create_date
      FROM src.global_settings g
    to: global_settings
    key: [guid]
)";

constexpr std::string_view kPreferences = R"(  - name: v7.user_settings
    sql: |
      SELECT )" FERRY_GUID("user_settings", "s") R"( AS guid,
             COALESCE(NULLIF(s.username, ''), '${OWNER}') AS username,
             s.partid, s.category, s.param, CAST(s.data AS VARCHAR) AS data, s.create_date
      FROM src.user_settings s
      WHERE s.category IS DISTINCT FROM 'dashboard'
    to: user_preferences
    key: [guid]
)";

// Dashboards: metadata from the v7 body, the widget tree reset, the whole
// body kept under _homer7_legacy.
constexpr std::string_view kDashboards = R"(  - name: v7.dashboards
    sql: |
      SELECT )" FERRY_GUID("user_settings", "s") R"( AS guid,
             s.param AS dashboard_id,
             COALESCE(NULLIF(s.username, ''), '${OWNER}') AS owner,
             s.partid,
             CAST(s.data AS JSON)->>'name' AS name,
             TRY_CAST(CAST(s.data AS JSON)->>'type' AS INTEGER) AS type,
             TRY_CAST(CAST(s.data AS JSON)->>'weight' AS DOUBLE) AS weight,
             COALESCE((CAST(s.data AS JSON)->>'shared') IN ('true', '1'), false) AS shared,
             CAST(json_object('widgets', CAST('[]' AS JSON), '_homer7_legacy', CAST(s.data AS JSON)) AS VARCHAR) AS data,
             s.create_date
      FROM src.user_settings s
      WHERE s.category = 'dashboard'
    to: dashboard_settings
    key: [guid]
)";

constexpr std::string_view kMappings = R"(  - name: v7.mapping_schema
    sql: |
      SELECT )" FERRY_GUID("mapping_schema", "m") R"( AS guid,
             m.profile, m.hepid, m.hep_alias, m.partid, m.version, m.retention, m.partition_step,
             CAST(m.create_index AS VARCHAR) AS create_index, m.create_table,
             CAST(m.correlation_mapping AS VARCHAR) AS correlation_mapping,
             CAST(m.fields_mapping AS VARCHAR) AS fields_mapping,
             CAST(m.mapping_settings AS VARCHAR) AS mapping_settings,
             CAST(m.schema_mapping AS VARCHAR) AS schema_mapping,
             CAST(m.schema_settings AS VARCHAR) AS schema_settings, m.create_date
      FROM src.mapping_schema m
    to: mapping_schema
    key: [guid]
)";

// hepid and version are integers in the knex era, varchar in the Go era.
constexpr std::string_view kRest = R"(  - name: v7.hepsub_mapping_schema
    sql: |
      SELECT )" FERRY_GUID("hepsub_mapping_schema", "h") R"( AS guid,
             h.profile, CAST(h.hepid AS VARCHAR) AS hepid, h.hep_alias, CAST(h.version AS VARCHAR) AS version,
             CAST(h.mapping AS VARCHAR) AS mapping, h.create_date
      FROM src.hepsub_mapping_schema h
    to: hepsub_mapping_schema
    key: [guid]
  - name: v7.alias
    sql: |
      SELECT )" FERRY_GUID("alias", "a") R"( AS guid,
             a.alias, a.ip, a.port, a.mask, a."captureID" AS capture_id, a.status, a.create_date
      FROM src.alias a
    to: alias
    key: [guid]
  - name: v7.auth_token
    sql: |
      SELECT )" FERRY_GUID("auth_token", "t") R"( AS guid,
             CAST(t.creator_guid AS VARCHAR) AS creator_guid, t.name, t.token,
             CAST(t.user_object AS VARCHAR) AS user_object, CAST(t.ip_address AS VARCHAR) AS ip_address,
             t.create_date, t.lastusage_date, t.expire_date, t.usage_calls, t.limit_calls, t.active
      FROM src.auth_token t
    to: auth_token
    key: [guid]
  - name: v7.agent_location_session
    sql: |
      SELECT )" FERRY_GUID("agent_location_session", "l") R"( AS guid,
             l.gid, l.host, l.port, l.protocol, l.path, l.node, l.type, l.create_date, l.expire_date, l.active
      FROM src.agent_location_session l
    to: agent_location_session
    key: [guid]
)";

#undef FERRY_GUID

}  // namespace

std::string HomerSettingsPlanYaml(const HomerSettingsChoice& choice) {
  std::string out(kHead);
  if (choice.users) {
    std::string users(kUsers);
    const std::string mark = "@ACTIVE@";
    users.replace(users.find(mark), mark.size(), choice.users_enabled ? "COALESCE(u.enabled, true)" : "true");
    out += users;
  }
  out += kGlobalSettings;
  out += kPreferences;
  if (choice.dashboards) out += kDashboards;
  if (choice.mappings) out += kMappings;
  out += kRest;
  return out;
}

const std::vector<std::pair<std::string, std::string>>& Homer11SettingsTables() {
  static const std::vector<std::pair<std::string, std::string>> tables = {
      {"users", R"(CREATE TABLE users (
  username VARCHAR PRIMARY KEY, password_hash VARCHAR NOT NULL, email VARCHAR, full_name VARCHAR,
  is_admin BOOLEAN NOT NULL DEFAULT false, is_active BOOLEAN NOT NULL DEFAULT true,
  created_at TIMESTAMPTZ, updated_at TIMESTAMPTZ
))"},
      {"global_settings", R"(CREATE TABLE global_settings (
  guid VARCHAR PRIMARY KEY, partid INTEGER, category VARCHAR, param VARCHAR, data VARCHAR, create_date TIMESTAMPTZ
))"},
      {"user_preferences", R"(CREATE TABLE user_preferences (
  guid VARCHAR PRIMARY KEY, username VARCHAR, partid INTEGER, category VARCHAR, param VARCHAR, data VARCHAR,
  create_date TIMESTAMPTZ
))"},
      {"dashboard_settings", R"(CREATE TABLE dashboard_settings (
  guid VARCHAR PRIMARY KEY, dashboard_id VARCHAR, owner VARCHAR, partid INTEGER, name VARCHAR, type INTEGER,
  weight DOUBLE, shared BOOLEAN, data VARCHAR, create_date TIMESTAMPTZ
))"},
      {"mapping_schema", R"(CREATE TABLE mapping_schema (
  guid VARCHAR PRIMARY KEY, profile VARCHAR, hepid INTEGER, hep_alias VARCHAR, partid INTEGER, version INTEGER,
  retention INTEGER, partition_step INTEGER, create_index VARCHAR, create_table VARCHAR,
  correlation_mapping VARCHAR, fields_mapping VARCHAR, mapping_settings VARCHAR, schema_mapping VARCHAR,
  schema_settings VARCHAR, create_date TIMESTAMPTZ
))"},
      {"hepsub_mapping_schema", R"(CREATE TABLE hepsub_mapping_schema (
  guid VARCHAR PRIMARY KEY, profile VARCHAR, hepid VARCHAR, hep_alias VARCHAR, version VARCHAR, mapping VARCHAR,
  create_date TIMESTAMPTZ
))"},
      {"alias", R"(CREATE TABLE alias (
  guid VARCHAR PRIMARY KEY, alias VARCHAR, ip VARCHAR, port INTEGER, mask INTEGER, capture_id VARCHAR,
  status BOOLEAN, create_date TIMESTAMPTZ, custom_image VARCHAR, tag1 VARCHAR, tag2 VARCHAR, tag3 VARCHAR,
  tag4 VARCHAR
))"},
      {"auth_token", R"(CREATE TABLE auth_token (
  guid VARCHAR PRIMARY KEY, creator_guid VARCHAR, name VARCHAR, token VARCHAR, user_object VARCHAR,
  ip_address VARCHAR, create_date TIMESTAMPTZ, lastusage_date TIMESTAMPTZ, expire_date TIMESTAMPTZ,
  usage_calls INTEGER, limit_calls INTEGER, active BOOLEAN
))"},
      {"agent_location_session", R"(CREATE TABLE agent_location_session (
  guid VARCHAR PRIMARY KEY, gid INTEGER, host VARCHAR, port INTEGER, protocol VARCHAR, path VARCHAR,
  node VARCHAR, type VARCHAR, create_date TIMESTAMPTZ, expire_date TIMESTAMPTZ, active INTEGER
))"},
  };
  return tables;
}

}  // namespace ferry::recipes
