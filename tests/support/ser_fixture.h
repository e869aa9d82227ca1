// SER (iptel.org SIP Express Router) databases for the `ferry ser` tests:
// the 0.9.x schema as scripts/ser_mysql.sh (and cpl-c's init.mysql) create
// it, with rows that exercise every rule of the migration, and the 2.0.x
// schema of the tables the migration writes, as an operator would have made
// it from v_2_0_0 scripts/mysql/my_create.sql. Written from the facts in
// shared/reference/ser-and-homarr.md part A (A.3, A.4), not from ferry's
// recipe. MariaDB only; all SQL goes through test_env's Query.
#pragma once

#include <string>
#include <vector>

namespace ferry::test::ser {

// Creates the 0.9 tables (MyISAM; timestamp(14) as plain timestamp, which
// MariaDB 10.11 wants) in the empty database at `uri` and fills them (zero
// dates included, under sql_mode ''). The rows are listed in ser_fixture.cc.
void Create09(const std::string& uri);

// Creates the 2.0 tables domain, domain_attrs, credentials, user_attrs, uri,
// location, cpl, silo, phonebook, acc, missed_calls (and grp, which the
// migration leaves alone) in the database at `uri`.
void Create20(const std::string& uri);

// The tables the migration writes.
const std::vector<std::string>& Tables20();

}  // namespace ferry::test::ser
