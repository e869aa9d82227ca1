#include "support/homer_config_fixture.h"

#include "support/test_env.h"

namespace ferry::test::homer {

namespace {

// Go homer-app 7.7+ (gorm AutoMigrate of model/*.go; reference 1.1, 1.2):
// int primary keys -> serial, time.Time -> timestamptz, json.RawMessage
// without a type -> jsonb where the reference says so, unique_index tags
// -> named unique indexes. users.enabled is the 2024-09-19 column.
constexpr const char kGoSchema[] = R"(
CREATE TABLE users (
  id serial PRIMARY KEY,
  username varchar(100) NOT NULL,
  partid int NOT NULL DEFAULT 10,
  email varchar(250) NOT NULL,
  enabled boolean DEFAULT true,
  firstname varchar(50) NOT NULL,
  lastname varchar(50) NOT NULL,
  department varchar(50) NOT NULL,
  usergroup varchar(250) NOT NULL,
  hash varchar(128) NOT NULL,
  guid varchar(50) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT current_timestamp
);
CREATE UNIQUE INDEX idx_username ON users (username);
CREATE TABLE global_settings (
  id serial PRIMARY KEY, guid uuid, partid int NOT NULL, category varchar(100) NOT NULL,
  create_date timestamptz NOT NULL DEFAULT now(), param varchar(100) NOT NULL, data json
);
CREATE TABLE user_settings (
  id serial PRIMARY KEY, guid uuid, username varchar(100) NOT NULL, partid int NOT NULL,
  category varchar(100) NOT NULL, create_date timestamptz NOT NULL DEFAULT now(),
  param varchar(100) NOT NULL, data json
);
CREATE TABLE mapping_schema (
  id serial PRIMARY KEY, guid uuid, profile varchar(100) NOT NULL, hepid int NOT NULL, hep_alias varchar(100),
  partid int NOT NULL, version int NOT NULL, retention int NOT NULL, partition_step int NOT NULL,
  create_index json DEFAULT '{}', create_table text DEFAULT 'CREATE TABLE', correlation_mapping json DEFAULT '{}',
  fields_mapping json DEFAULT '{}', mapping_settings json DEFAULT '{}', schema_mapping json, schema_settings json,
  create_date timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE hepsub_mapping_schema (
  id serial PRIMARY KEY, guid uuid, profile varchar(100), hepid varchar(250), hep_alias varchar(250),
  version varchar(50), mapping jsonb, create_date timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE alias (
  id serial PRIMARY KEY, guid uuid, alias varchar(250), ip varchar(60), port int DEFAULT 0, mask int,
  "captureID" varchar(20), status boolean, create_date timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE auth_token (
  id serial PRIMARY KEY, guid uuid, creator_guid uuid, name varchar(100), token varchar(250), user_object json,
  ip_address inet, create_date timestamptz NOT NULL DEFAULT now(), lastusage_date timestamptz NOT NULL,
  expire_date timestamptz NOT NULL, usage_calls int DEFAULT 1, limit_calls int DEFAULT 1000, active boolean
);
CREATE TABLE agent_location_session (
  id serial PRIMARY KEY, guid uuid, gid int, host varchar(250) DEFAULT '127.0.0.1', port int DEFAULT 8080,
  protocol varchar(50) DEFAULT 'log', path varchar(250) DEFAULT '/api/search', node varchar(100) DEFAULT 'testnode',
  type varchar(200) DEFAULT 'type', create_date timestamptz NOT NULL DEFAULT now(), expire_date timestamptz NOT NULL,
  active int DEFAULT 1
);
CREATE TABLE versions (
  id serial PRIMARY KEY, table_name varchar(50) NOT NULL, table_version int NOT NULL DEFAULT 10,
  created_at timestamptz NOT NULL DEFAULT current_timestamp
);
CREATE TABLE applications (
  id serial PRIMARY KEY, guid uuid, name varchar(50), host varchar(100), version varchar(100),
  created_at timestamptz NOT NULL DEFAULT current_timestamp
);
CREATE UNIQUE INDEX idx_name_host ON applications (name, host);
)";

// Node homer-app 7.0-7.6 (knex migrations/20191126194600_Datastructure.js;
// reference 1.2's knex column): varchar(n) from string(n), json (never
// jsonb), integer hepsub hepid/version, NOT NULL everywhere in
// agent_location_session, no users.enabled, no auth_token, versions or
// applications.
constexpr const char kKnexSchema[] = R"(
CREATE TABLE users (
  id serial PRIMARY KEY,
  username varchar(50) NOT NULL UNIQUE,
  partid int NOT NULL DEFAULT 10,
  email varchar(250) NOT NULL,
  firstname varchar(50) NOT NULL,
  lastname varchar(50) NOT NULL,
  department varchar(50) NOT NULL DEFAULT 'NOC',
  usergroup varchar(250) NOT NULL,
  hash varchar(128) NOT NULL,
  guid varchar(50) NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT current_timestamp
);
CREATE TABLE global_settings (
  id serial PRIMARY KEY, guid uuid, partid int NOT NULL, category varchar(100) NOT NULL DEFAULT 'settings',
  create_date timestamptz NOT NULL DEFAULT now(), param varchar(100) NOT NULL DEFAULT 'default', data json
);
CREATE TABLE user_settings (
  id serial PRIMARY KEY, guid uuid, username varchar(100) NOT NULL, partid int NOT NULL,
  category varchar(100) NOT NULL, create_date timestamptz NOT NULL DEFAULT now(),
  param varchar(100) NOT NULL, data json
);
CREATE TABLE mapping_schema (
  id serial PRIMARY KEY, guid uuid, profile varchar(100) NOT NULL DEFAULT 'default', hepid int NOT NULL,
  hep_alias varchar(100), partid int NOT NULL DEFAULT 10, version int NOT NULL, retention int NOT NULL DEFAULT 14,
  partition_step int NOT NULL DEFAULT 3600, create_index json, create_table text, correlation_mapping json,
  fields_mapping json, mapping_settings json, schema_mapping json, schema_settings json,
  create_date timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE hepsub_mapping_schema (
  id serial PRIMARY KEY, guid uuid, profile varchar(100) NOT NULL DEFAULT 'default', hepid integer NOT NULL,
  hep_alias varchar(100), version integer NOT NULL, mapping json, create_date timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE alias (
  id serial PRIMARY KEY, guid uuid, alias varchar(40), ip varchar(60), port int DEFAULT 0, mask int,
  "captureID" varchar(20), status boolean, create_date timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE agent_location_session (
  id serial PRIMARY KEY, guid uuid NOT NULL, gid int NOT NULL, host varchar(250) NOT NULL DEFAULT '127.0.0.1',
  port int NOT NULL DEFAULT 8080, protocol varchar(50) NOT NULL DEFAULT 'log',
  path varchar(250) NOT NULL DEFAULT '/api/search', node varchar(100) NOT NULL DEFAULT 'testnode',
  type varchar(200) NOT NULL DEFAULT 'type', create_date timestamptz NOT NULL DEFAULT now(),
  expire_date timestamptz NOT NULL DEFAULT '2032-12-31 00:00:00', active int NOT NULL DEFAULT 1
);
)";

// Rows both eras hold. Timestamps carry microseconds and are written in
// UTC. Ids are given so the tests can name rows (NULL-guid rows get a
// generated guid from their table and id).
constexpr const char kCommonRows[] = R"(
INSERT INTO global_settings (id, guid, partid, category, create_date, param, data) VALUES
 (1, 'a1000000-0000-4000-8000-000000000001', 10, 'search', '2020-02-03 04:05:06.000001+00', 'lokiserver',
  '{"host":"http://127.0.0.1:3100","user":"admin","password":"","token":""}'),
 (2, 'a1000000-0000-4000-8000-000000000002', 10, 'export', '2020-02-03 04:05:06.5+00', 'transaction',
  '{"openwindow":false,"tabpositon":"flow"}'),
 (3, NULL, 10, 'search', '2021-12-31 23:59:59.999999+00', 'promserver', NULL);
INSERT INTO user_settings (id, guid, username, partid, category, create_date, param, data) VALUES
 (1, 'b1000000-0000-4000-8000-000000000001', 'admin', 10, 'dashboard', '2020-05-06 07:08:09.123456+00', 'home',
  '{"alias":"home","config":{"columns":"auto","gridType":"opposite","ignoreMinSize":"warning","maxrows":5,"pushing":true,"margins":[10,10],"draggable":{"enabled":true},"resizable":{"enabled":true},"grafanaProxy":false,"grafanaTimestamp":true},"dashboardId":"home","id":"home","isLocked":false,"name":"Home","param":"home","selectedItem":"","shared":false,"title":"Home","type":3,"weight":10,"widgets":[{"id":"clock_1","name":"clock","title":"World Clock","strongIndex":"ClockWidgetComponent","x":0,"y":0,"cols":2,"rows":1,"config":{},"output":{}}]}'),
 (2, 'b1000000-0000-4000-8000-000000000002', 'jörg', 10, 'dashboard', '2021-10-11 12:22:14.444444+00', '_1633964934444',
  '{"alias":"calls","dashboardId":"_1633964934444","id":"_1633964934444","isLocked":true,"name":"Jörg''s \"Calls\" ☎","param":"_1633964934444","shared":true,"title":"","type":1,"weight":12.5,"widgets":[{"id":"search_1","name":"search","strongIndex":"ProtosearchWidgetComponent","x":0,"y":0,"cols":4,"rows":3,"config":{"protocol_id":{"name":"SIP","value":1},"protocol_profile":{"name":"call","value":"call"},"fields":[{"field_name":"from_user","hepid":1,"name":"1:call:data_header.from_user","selection":"From User","type":"string"}]},"output":{}}]}'),
 (3, 'b1000000-0000-4000-8000-000000000003', '', 20, 'dashboard', '2022-01-01 00:00:00+00', 'registration',
  '{"name":"Registrations","shared":1,"type":1,"weight":2,"widgets":[]}'),
 (4, 'b1000000-0000-4000-8000-000000000004', 'admin', 10, 'search', '2022-03-04 05:06:07.654321+00', 'lastsearch',
  '{"q":"ünïcode ✓ \"quoted\" it''s","empty":""}'),
 (5, NULL, 'support', 10, 'settings', '2023-01-01 00:00:00.000010+00', 'timezone', NULL);
INSERT INTO mapping_schema (id, guid, profile, hepid, hep_alias, partid, version, retention, partition_step,
  create_index, create_table, correlation_mapping, fields_mapping, mapping_settings, schema_mapping, schema_settings,
  create_date) VALUES
 (1, 'c1000000-0000-4000-8000-000000000001', 'call', 1, 'SIP', 10, 1, 10, 10, '{}',
  'CREATE TABLE test(id integer, data text);',
  '[{"source_field":"data_header.callid","lookup_id":100,"lookup_profile":"default","lookup_field":"sid","lookup_range":[-300,200]}]',
  '[{"id":"sid","name":"Session ID","type":"string","index":"secondary","form_type":"input","position":1,"skip":false,"hide":false},{"id":"protocol_header.captureId","name":"Capture ID","type":"integer","index":"none","form_type":"input","position":2,"skip":false,"hide":true}]',
  '{}', NULL, NULL, '2020-01-12 00:00:00.000001+00'),
 (2, 'c1000000-0000-4000-8000-000000000002', 'default', 100, 'LOG', 10, 1, 10, 10, '{}',
  'CREATE TABLE test(id integer, data text);', '[]', '[]', '{}', NULL, NULL, '2020-01-12 00:00:00.000002+00');
INSERT INTO alias (id, guid, alias, ip, port, mask, "captureID", status, create_date) VALUES
 (1, 'd1000000-0000-4000-8000-000000000001', 'gateway-1', '10.0.0.1', 5060, 32, 'node01', true,
  '2020-06-07 08:09:10.101010+00'),
 (2, 'd1000000-0000-4000-8000-000000000002', 'Köln ☎ "core"', '2001:db8::1', 0, 128, '', NULL,
  '2020-06-07 08:09:10.202020+00'),
 (3, 'd1000000-0000-4000-8000-000000000003', 'it''s', '192.168.0.0', NULL, NULL, NULL, false,
  '2020-06-07 08:09:10+00');
INSERT INTO agent_location_session (id, guid, gid, host, port, protocol, path, node, type, create_date, expire_date,
  active) VALUES
 (1, 'e1000000-0000-4000-8000-000000000001', 10, '127.0.0.1', 8080, 'log', '/api/search', 'testnode', 'type',
  '2020-07-08 09:10:11.111111+00', '2032-12-31 00:00:00+00', 1),
 (2, 'e1000000-0000-4000-8000-000000000002', 20, '::1', 3100, 'loki', '', 'nödé', 'cdr',
  '2020-07-08 09:10:11.222222+00', '2030-01-01 00:00:00.5+00', 0);
)";

// users: admin and support are homer-app's seeded admins (group "admin";
// support's written "Admin" as a hand-edited group would be).
constexpr const char kGoUsers[] = R"(
INSERT INTO users (id, username, partid, email, enabled, firstname, lastname, department, usergroup, hash, guid,
  created_at) VALUES
 (1, 'admin', 10, 'admin@localhost', true, 'Admin', 'Admin', 'Develop', 'admin', '@ADMIN@',
  '11111111-1111-4111-8111-111111111111', '2024-01-02 03:04:05.123456+00'),
 (2, 'support', 10, 'support@localhost', NULL, 'Support', 'Team', 'NOC', 'Admin', '@ADMIN@',
  '22222222-2222-4222-8222-222222222222', '2024-01-02 03:04:05.000001+00'),
 (3, 'jörg', 20, '', false, 'Jörg', 'O''Brien "Q"', '', 'user', '@JOERG@',
  '33333333-3333-4333-8333-333333333333', '2024-09-19 10:11:12.999999+00');
INSERT INTO hepsub_mapping_schema (id, guid, profile, hepid, hep_alias, version, mapping, create_date) VALUES
 (1, 'f1000000-0000-4000-8000-000000000001', 'call', '1', 'SIP', '1603221345489',
  '{"lookup_id":"hep_proto_1_call","lookup_type":"hep","lookup_field":"data_header.callid","lookup_range":[-300,200],"source_fields":{"sid":"sid","source_ip":"protocol_header.srcIp"},"lookup_profile":"call"}',
  '2020-10-20 19:15:45.489000+00');
INSERT INTO auth_token (id, guid, creator_guid, name, token, user_object, ip_address, create_date, lastusage_date,
  expire_date, usage_calls, limit_calls, active) VALUES
 (1, '91000000-0000-4000-8000-000000000001', '11111111-1111-4111-8111-111111111111', 'grafana', 'tok-ABC123',
  '{"username":"admin","firstname":"Admin","lastname":"Admin","email":"admin@localhost","usergroup":"admin","id":1,"partid":10}',
  '0.0.0.0/0', '2021-01-01 00:00:00.000001+00', '2021-06-01 12:00:00.5+00', '2031-01-01 00:00:00+00', 1, 1000, true),
 (2, '91000000-0000-4000-8000-000000000002', NULL, 'ci "bot"', 'tok-DEF456', NULL, '10.1.2.3',
  '2022-01-01 00:00:00+00', '2022-01-01 00:00:00+00', '2022-02-01 00:00:00+00', NULL, NULL, false),
 (3, '91000000-0000-4000-8000-000000000003', NULL, '', 'tok-GHI789', '{}', NULL,
  '2022-01-01 00:00:00+00', '2022-01-01 00:00:00+00', '2022-02-01 00:00:00+00', 5, 0, NULL);
INSERT INTO versions (table_name, table_version) VALUES ('users', 1), ('alias', 1);
)";

constexpr const char kKnexUsers[] = R"(
INSERT INTO users (id, username, partid, email, firstname, lastname, department, usergroup, hash, guid, created_at)
VALUES
 (1, 'admin', 10, 'admin@localhost', 'Admin', 'Admin', 'Develop', 'admin', '@ADMIN@',
  '11111111-1111-4111-8111-111111111111', '2019-04-01 14:31:56.123456+00'),
 (2, 'support', 10, 'support@localhost', 'Support', 'Team', 'NOC', 'Admin', '@ADMIN@',
  '22222222-2222-4222-8222-222222222222', '2019-04-01 14:31:56.000001+00'),
 (3, 'jörg', 20, '', 'Jörg', 'O''Brien "Q"', '', 'user', '@JOERG@',
  '33333333-3333-4333-8333-333333333333', '2019-11-26 19:46:00.999999+00');
INSERT INTO hepsub_mapping_schema (id, guid, profile, hepid, hep_alias, version, mapping, create_date) VALUES
 (1, 'f1000000-0000-4000-8000-000000000001', 'call', 1, 'SIP', 1,
  '{"lookup_id":"hep_proto_1_call","lookup_type":"hep","lookup_field":"data_header.callid","lookup_range":[-300,200],"source_fields":{"sid":"sid","source_ip":"protocol_header.srcIp"},"lookup_profile":"call"}',
  '2019-11-26 19:46:00+00');
)";

std::string WithHashes(std::string sql) {
  for (const auto& [mark, hash] : {std::pair<std::string, std::string>{"@ADMIN@", kAdminHash}, {"@JOERG@", kJoergHash}})
    for (size_t at = sql.find(mark); at != std::string::npos; at = sql.find(mark, at)) sql.replace(at, mark.size(), hash);
  return sql;
}

}  // namespace

void CreateHomerConfig(const std::string& pg_uri, Era era) {
  Query(pg_uri, era == Era::kGo ? kGoSchema : kKnexSchema);
  Query(pg_uri, kCommonRows);
  Query(pg_uri, WithHashes(era == Era::kGo ? kGoUsers : kKnexUsers));
}

}  // namespace ferry::test::homer
