#include "support/ser_fixture.h"

#include "support/test_env.h"

namespace ferry::test::ser {

namespace {

// scripts/ser_mysql.sh of 0.9.3-0.9.7 (reference A.3): TYPE=MyISAM becomes
// ENGINE=MyISAM and timestamp(14) plain timestamp for MariaDB 10.11; the
// character set is latin1, the default of the MySQL servers SER 0.9 ran on
// (MyISAM's 1000-byte key limit does not fit location's key in utf8mb4).
constexpr const char kSchema09[] = R"(
SET SESSION sql_mode = '';
CREATE TABLE domain (
  domain varchar(128) NOT NULL default '',
  last_modified datetime NOT NULL default '0000-00-00 00:00:00',
  PRIMARY KEY (domain)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;
CREATE TABLE subscriber (
  phplib_id varchar(32) NOT NULL default '',
  username varchar(64) NOT NULL default '',
  domain varchar(128) NOT NULL default '',
  password varchar(25) NOT NULL default '',
  first_name varchar(25) NOT NULL default '',
  last_name varchar(45) NOT NULL default '',
  phone varchar(15) NOT NULL default '',
  email_address varchar(50) NOT NULL default '',
  datetime_created datetime NOT NULL,
  datetime_modified datetime NOT NULL,
  confirmation varchar(64) NOT NULL default '',
  flag char(1) NOT NULL default 'o',
  sendnotification varchar(50) NOT NULL default '',
  greeting varchar(50) NOT NULL default '',
  ha1 varchar(128) NOT NULL default '',
  ha1b varchar(128) NOT NULL default '',
  allow_find char(1) NOT NULL default '0',
  timezone varchar(128) default NULL,
  rpid varchar(128) default NULL,
  domn int(10) default NULL,
  uuid varchar(64) default NULL,
  PRIMARY KEY (username, domain),
  UNIQUE KEY phplib_id (phplib_id),
  KEY user_2 (username)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;
CREATE TABLE pending LIKE subscriber;
CREATE TABLE uri (
  username varchar(64) NOT NULL default '',
  domain varchar(128) NOT NULL default '',
  uri_user varchar(50) NOT NULL default '',
  last_modified datetime NOT NULL,
  PRIMARY KEY (username, domain, uri_user)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;
CREATE TABLE location (
  username varchar(64) NOT NULL default '',
  domain varchar(128) NOT NULL default '',
  contact varchar(255) NOT NULL default '',
  received varchar(255) default NULL,
  expires datetime NOT NULL default '2020-05-28 21:32:15',
  q float(10,2) NOT NULL default '1.0',
  callid varchar(255) NOT NULL default 'Default-Call-ID',
  cseq int(11) NOT NULL default '42',
  last_modified timestamp NOT NULL,
  replicate int(10) unsigned NOT NULL default '0',
  state tinyint(1) unsigned NOT NULL default '0',
  flags int(11) NOT NULL default '0',
  user_agent varchar(50) NOT NULL default '',
  PRIMARY KEY (username, domain, contact)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;
CREATE TABLE aliases LIKE location;
CREATE TABLE cpl (
  user varchar(50) NOT NULL default '',
  cpl_xml blob,
  cpl_bin blob,
  PRIMARY KEY (user),
  UNIQUE KEY user (user)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;
CREATE TABLE silo (
  mid INTEGER NOT NULL AUTO_INCREMENT PRIMARY KEY,
  src_addr VARCHAR(255),
  dst_addr VARCHAR(255),
  r_uri VARCHAR(255),
  username VARCHAR(64),
  domain VARCHAR(128),
  inc_time INTEGER NOT NULL DEFAULT 0,
  exp_time INTEGER NOT NULL DEFAULT 0,
  ctype VARCHAR(32) DEFAULT 'text/plain',
  body BLOB NOT NULL DEFAULT ''
) ENGINE=MyISAM DEFAULT CHARSET=latin1;
CREATE TABLE phonebook (
  id int(10) unsigned NOT NULL auto_increment,
  username varchar(64) NOT NULL default '',
  domain varchar(128) NOT NULL default '',
  fname varchar(32) NOT NULL default '',
  lname varchar(32) NOT NULL default '',
  sip_uri varchar(128) NOT NULL default '',
  PRIMARY KEY (id)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;
CREATE TABLE admin_privileges (
  username varchar(64) NOT NULL default '',
  domain varchar(128) NOT NULL default '',
  priv_name varchar(64) NOT NULL default '',
  priv_value varchar(64) NOT NULL default '',
  PRIMARY KEY (username, priv_name, priv_value, domain)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;
CREATE TABLE grp (
  username varchar(64) NOT NULL default '',
  domain varchar(128) NOT NULL default '',
  grp varchar(50) NOT NULL default '',
  last_modified datetime NOT NULL,
  PRIMARY KEY (username, domain, grp)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;
CREATE TABLE usr_preferences (
  uuid varchar(64) NOT NULL default '',
  username varchar(100) NOT NULL default '0',
  domain varchar(128) NOT NULL default '',
  attribute varchar(32) NOT NULL default '',
  value varchar(128) NOT NULL default '',
  type integer NOT NULL default '0',
  modified timestamp NOT NULL,
  PRIMARY KEY (attribute, username, domain)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;
CREATE TABLE acc (
  sip_from varchar(128), sip_to varchar(128), sip_status varchar(128), sip_method varchar(16),
  i_uri varchar(128), o_uri varchar(128), from_uri varchar(128), to_uri varchar(128),
  sip_callid varchar(128), username varchar(64), domain varchar(128),
  fromtag varchar(128), totag varchar(128),
  time datetime NOT NULL, timestamp timestamp NOT NULL,
  caller_deleted char(1) NOT NULL default '0', callee_deleted char(1) NOT NULL default '0',
  INDEX acc_user (username, domain),
  KEY sip_callid (sip_callid)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;
CREATE TABLE missed_calls (
  sip_from varchar(128), sip_to varchar(128), sip_status varchar(128), sip_method varchar(16),
  i_uri varchar(128), o_uri varchar(128), from_uri varchar(128), to_uri varchar(128),
  sip_callid varchar(128), username varchar(64), domain varchar(128),
  fromtag varchar(128), totag varchar(128),
  time datetime NOT NULL, timestamp timestamp NOT NULL,
  INDEX mc_user (username, domain)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;
)";

// The rows. Domains: trees iptel.org (sip.iptel.org, Proxy.SIP.iptel.org),
// foo.bar, and the siblings a.x.org, b.x.org without their parent.
// Accounts: alice@iptel.org (every auxiliary column), bob@sip.iptel.org
// (none, zero datetime_created), carol@Foo.Bar (mixed case), dave@nowhere.net
// (a domain not in the domain table); pending: erin@iptel.org, and
// alice@iptel.org again (confirmed since: the subscriber row wins). The uri
// table repeats alice's own URI (written once, as the account's: flags 61).
constexpr const char kRows09[] = R"(
SET SESSION sql_mode = '';
INSERT INTO domain VALUES
  ('iptel.org', '2005-01-01 00:00:00'), ('sip.iptel.org', '0000-00-00 00:00:00'),
  ('Proxy.SIP.iptel.org', '2005-01-01 00:00:00'), ('foo.bar', '2005-01-01 00:00:00'),
  ('a.x.org', '2005-01-01 00:00:00'), ('b.x.org', '2005-01-01 00:00:00');
INSERT INTO subscriber (phplib_id, username, domain, password, first_name, last_name, phone, email_address,
  datetime_created, datetime_modified, confirmation, flag, sendnotification, greeting, ha1, ha1b, allow_find,
  timezone, rpid, domn, uuid) VALUES
  ('p-alice', 'alice', 'iptel.org', 'wonderland', 'Alice', 'Liddell', '+420123456', 'alice@iptel.org',
   '2005-03-01 10:00:00', '2005-03-02 10:00:00', '', 'o', 'alice@mail.example', 'Hello from Alice',
   '6d1a2f5b0f0e4c5a9e6d2b1c3a4f5e6d', '7e2b3a6c1f1f5d6b0f7e3c2d4b5a6f7e', '1', 'Europe/Prague',
   'sip:+420123456@iptel.org', NULL, NULL),
  ('p-bob', 'bob', 'sip.iptel.org', 'builder', '', '', '', '',
   '0000-00-00 00:00:00', '0000-00-00 00:00:00', '', 'o', '', '',
   '0a1b2c3d4e5f60718293a4b5c6d7e8f9', '', '0', NULL, NULL, NULL, NULL),
  ('p-carol', 'carol', 'Foo.Bar', 'secret', 'Carol', '', '', '',
   '2006-01-01 00:00:00', '2006-01-01 00:00:00', '', 'o', '', '',
   '11111111111111111111111111111111', '22222222222222222222222222222222', '0', '', '', NULL, NULL),
  ('p-dave', 'dave', 'nowhere.net', 'x', '', '', '', 'dave@nowhere.net',
   '2006-06-06 06:06:06', '2006-06-06 06:06:06', '', 'o', '', '',
   '33333333333333333333333333333333', '44444444444444444444444444444444', '0', NULL, NULL, NULL, NULL);
INSERT INTO pending (phplib_id, username, domain, password, first_name, last_name, phone, email_address,
  datetime_created, datetime_modified, confirmation, flag, sendnotification, greeting, ha1, ha1b, allow_find,
  timezone, rpid, domn, uuid) VALUES
  ('q-erin', 'erin', 'iptel.org', 'pending', 'Erin', '', '', 'erin@iptel.org',
   '2007-07-07 07:07:07', '2007-07-07 07:07:07', 'c0nf1rm', 'o', '', '',
   '55555555555555555555555555555555', '66666666666666666666666666666666', '0', NULL, NULL, NULL, NULL),
  ('q-alice', 'alice', 'iptel.org', 'old', 'Old Alice', '', '', '',
   '2005-02-01 00:00:00', '2005-02-01 00:00:00', 'old', 'o', '', '',
   '77777777777777777777777777777777', '', '0', NULL, NULL, NULL, NULL);
INSERT INTO uri VALUES ('alice', 'iptel.org', '4001', '2005-01-01 00:00:00'),
  ('alice', 'iptel.org', 'alice', '2005-01-01 00:00:00'),
  ('carol', 'foo.bar', 'carol.smith', '0000-00-00 00:00:00'), ('zed', 'a.x.org', 'zed', '2005-01-01 00:00:00');
INSERT INTO location (username, domain, contact, received, expires, q, callid, cseq, last_modified, replicate,
  state, flags, user_agent) VALUES
  ('alice', 'iptel.org', 'sip:alice@192.0.2.10:5060', 'sip:198.51.100.1:5060', '2008-01-01 12:00:00', 0.5,
   'c1@192.0.2.10', 7, '2008-01-01 11:00:00', 0, 0, 0, 'X-Lite'),
  ('bob', 'sip.iptel.org', 'sip:bob@192.0.2.20', NULL, '0000-00-00 00:00:00', 1.0,
   'c2@192.0.2.20', 42, '2008-01-01 11:00:00', 0, 0, 3, '');
INSERT INTO aliases (username, domain, contact, last_modified) VALUES
  ('alias', 'iptel.org', 'sip:alice@iptel.org', '2008-01-01 11:00:00');
INSERT INTO cpl VALUES ('alice', '<cpl><incoming/></cpl>', 'BIN1'),
  ('carol@Foo.Bar', '<cpl><outgoing/></cpl>', NULL), ('ghost', '<cpl/>', NULL);
INSERT INTO silo VALUES (5, 'sip:bob@sip.iptel.org', 'sip:alice@iptel.org', 'sip:alice@iptel.org',
  'alice', 'iptel.org', 1104537600, 1104541200, 'text/plain', 'Hello');
INSERT INTO phonebook VALUES (11, 'alice', 'iptel.org', 'Bob', 'Builder', 'sip:bob@sip.iptel.org');
INSERT INTO admin_privileges VALUES ('alice', 'iptel.org', 'is_admin', '1'),
  ('alice', 'iptel.org', 'acl_control', 'ld'), ('alice', 'iptel.org', 'change_privileges', '1'),
  ('alice', 'iptel.org', 'manage_users', 'yes');
INSERT INTO grp VALUES ('alice', 'iptel.org', 'ld', '2005-01-01 00:00:00'),
  ('carol', 'foo.bar', 'voicemail', '0000-00-00 00:00:00');
INSERT INTO usr_preferences VALUES ('', 'alice', 'iptel.org', 'fwd_target', 'sip:bob@sip.iptel.org', 2,
  '2008-01-01 00:00:00'), ('', 'dave', 'nowhere.net', 'max_calls', '3', 0, '2008-01-01 00:00:00');
INSERT INTO acc VALUES
  ('"Alice Liddell" <sip:alice@iptel.org>;tag=a1', '<sip:4001@sip.iptel.org>', '200', 'INVITE',
   'sip:4001@SIP.iptel.org;user=phone', 'sip:alice@192.0.2.10:5060', '"Alice Liddell" <sip:alice@iptel.org>',
   'sip:4001@sip.iptel.org', 'call-1@192.0.2.10', 'alice', 'iptel.org', 'a1', 'b1',
   '2008-02-01 10:00:00', '2008-02-01 10:00:05', '1', '0'),
  ('<sip:stranger@example.com>;tag=s1', 'sip:bob@sip.iptel.org', '486', 'INVITE',
   '', 'sip:bob@192.0.2.20', 'sip:stranger@example.com', 'sip:bob@sip.iptel.org',
   'call-2@example.com', '', '', 's1', 'b2', '0000-00-00 00:00:00', '2008-02-02 11:00:00', '0', '1'),
  ('sips:carol@Foo.Bar', 'sip:dave@nowhere.net', '200', 'BYE',
   'sip:dave@nowhere.net', 'sip:dave@203.0.113.5', 'sips:carol@Foo.Bar:5061;transport=tls',
   'sip:dave@nowhere.net', 'call-3@foo.bar', 'carol', 'Foo.Bar', 'c3', 'd3',
   '2008-02-03 12:00:00', '2008-02-03 12:00:01', '1', '1');
INSERT INTO missed_calls VALUES
  ('"Bob" <sip:bob@sip.iptel.org>;tag=m1', 'sip:alice@proxy.sip.iptel.org', '408', 'INVITE',
   'sip:alice@proxy.sip.iptel.org', NULL, 'sip:bob@sip.iptel.org', 'sip:alice@proxy.sip.iptel.org',
   'call-4@192.0.2.20', 'bob', 'sip.iptel.org', 'm1', '', '0000-00-00 00:00:00', '2008-03-03 03:03:03');
)";

// v_2_0_0 scripts/mysql/my_create.sql as reference A.4 gives it.
constexpr const char kSchema20[] = R"(
CREATE TABLE domain (did VARCHAR(64) NOT NULL, domain VARCHAR(128) NOT NULL,
  flags INT UNSIGNED NOT NULL DEFAULT '0', UNIQUE KEY domain_idx (domain), KEY did_idx (did));
CREATE TABLE domain_attrs (did VARCHAR(64), name VARCHAR(32) NOT NULL, type INT NOT NULL DEFAULT '0',
  value VARCHAR(255), flags INT UNSIGNED NOT NULL DEFAULT '0', UNIQUE KEY domain_attr_idx (did, name, value),
  KEY domain_did (did, flags));
CREATE TABLE credentials (auth_username VARCHAR(64) NOT NULL, did VARCHAR(64) NOT NULL DEFAULT '_default',
  realm VARCHAR(64) NOT NULL, password VARCHAR(28) NOT NULL DEFAULT '', flags INT NOT NULL DEFAULT '0',
  ha1 VARCHAR(32) NOT NULL, ha1b VARCHAR(32) NOT NULL DEFAULT '', uid VARCHAR(64) NOT NULL,
  KEY cred_idx (auth_username, did), KEY uid (uid), KEY did_idx (did), KEY realm_idx (realm));
CREATE TABLE user_attrs (uid VARCHAR(64) NOT NULL, name VARCHAR(32) NOT NULL, value VARCHAR(255),
  type INT NOT NULL DEFAULT '0', flags INT UNSIGNED NOT NULL DEFAULT '0',
  UNIQUE KEY userattrs_idx (uid, name, value));
CREATE TABLE uri (uid VARCHAR(64) NOT NULL, did VARCHAR(64) NOT NULL, username VARCHAR(64) NOT NULL,
  flags INT UNSIGNED NOT NULL DEFAULT '0', scheme VARCHAR(8) NOT NULL DEFAULT 'sip',
  KEY uri_idx1 (username, did, scheme), KEY uri_uid (uid));
CREATE TABLE location (uid VARCHAR(64) NOT NULL, aor VARCHAR(255) NOT NULL, contact VARCHAR(255) NOT NULL,
  received VARCHAR(255), expires DATETIME NOT NULL DEFAULT '1970-01-01 00:00:00', q FLOAT NOT NULL DEFAULT '1.0',
  callid VARCHAR(255), cseq INT UNSIGNED, flags INT UNSIGNED NOT NULL DEFAULT '0', user_agent VARCHAR(64),
  instance VARCHAR(255), UNIQUE KEY location_key (uid, contact), KEY location_contact (contact),
  KEY location_expires (expires));
CREATE TABLE cpl (uid VARCHAR(64) NOT NULL, cpl_xml BLOB, cpl_bin BLOB, UNIQUE KEY cpl_key (uid));
CREATE TABLE silo (mid INT AUTO_INCREMENT NOT NULL, from_hdr VARCHAR(255) NOT NULL, to_hdr VARCHAR(255) NOT NULL,
  ruri VARCHAR(255) NOT NULL, uid VARCHAR(64) NOT NULL,
  inc_time DATETIME NOT NULL DEFAULT '1970-01-01 00:00:00', exp_time DATETIME NOT NULL DEFAULT '1970-01-01 00:00:00',
  ctype VARCHAR(128) NOT NULL DEFAULT 'text/plain', body BLOB NOT NULL DEFAULT '', UNIQUE KEY silo_idx1 (mid));
CREATE TABLE phonebook (id INT AUTO_INCREMENT NOT NULL, uid VARCHAR(64) NOT NULL, fname VARCHAR(32),
  lname VARCHAR(32), sip_uri VARCHAR(255) NOT NULL, UNIQUE KEY pb_idx (id), KEY pb_uid (uid));
CREATE TABLE acc (id INT AUTO_INCREMENT NOT NULL, from_uid VARCHAR(64), to_uid VARCHAR(64), to_did VARCHAR(64),
  from_did VARCHAR(64), sip_from VARCHAR(255), sip_to VARCHAR(255), sip_status VARCHAR(128),
  sip_method VARCHAR(16), in_ruri VARCHAR(255), out_ruri VARCHAR(255), from_uri VARCHAR(255),
  to_uri VARCHAR(255), sip_callid VARCHAR(255), sip_cseq INT, digest_username VARCHAR(64),
  digest_realm VARCHAR(255), from_tag VARCHAR(128), to_tag VARCHAR(128), src_ip INT UNSIGNED,
  src_port SMALLINT UNSIGNED, request_timestamp DATETIME NOT NULL, response_timestamp DATETIME NOT NULL,
  flags INT UNSIGNED NOT NULL DEFAULT '0', attrs VARCHAR(255), UNIQUE KEY acc_id_key (id),
  KEY acc_callid (sip_callid), KEY acc_from_uid (from_uid), KEY acc_to_uid (to_uid));
CREATE TABLE missed_calls (id INT AUTO_INCREMENT NOT NULL, from_uid VARCHAR(64), to_uid VARCHAR(64),
  to_did VARCHAR(64), from_did VARCHAR(64), sip_from VARCHAR(255), sip_to VARCHAR(255), sip_status VARCHAR(128),
  sip_method VARCHAR(16), in_ruri VARCHAR(255), out_ruri VARCHAR(255), from_uri VARCHAR(255),
  to_uri VARCHAR(255), sip_callid VARCHAR(255), sip_cseq INT, digest_username VARCHAR(64),
  digest_realm VARCHAR(255), from_tag VARCHAR(128), to_tag VARCHAR(128), src_ip INT UNSIGNED,
  src_port SMALLINT UNSIGNED, request_timestamp DATETIME NOT NULL, response_timestamp DATETIME NOT NULL,
  flags INT UNSIGNED NOT NULL DEFAULT '0', attrs VARCHAR(255), UNIQUE KEY mc_id_key (id),
  KEY mc_callid (sip_callid), KEY mc_to_uid (to_uid));
CREATE TABLE grp (uid VARCHAR(64), grp VARCHAR(64), last_modified DATETIME DEFAULT '1970-01-01 00:00:00',
  KEY grp_idx (uid, grp));
)";

}  // namespace

void Create09(const std::string& uri) {
  Query(uri, kSchema09);
  Query(uri, kRows09);
}

void Create20(const std::string& uri) { Query(uri, kSchema20); }

const std::vector<std::string>& Tables20() {
  static const std::vector<std::string> kTables = {"domain",   "domain_attrs", "credentials", "user_attrs",
                                                   "uri",      "location",     "cpl",         "silo",
                                                   "phonebook", "acc",         "missed_calls"};
  return kTables;
}

}  // namespace ferry::test::ser
