// homer-app's settings database (homer_config) in the test PostgreSQL, in
// both eras of its schema (shared/reference/homer.md part 1): the Node/knex
// migration of 7.0-7.6 and gorm AutoMigrate of the Go homer-app 7.7+
// (with users.enabled, added 2024-09-19). The DDL is written from the
// reference's column facts; the rows cover what a migration must carry:
// bcrypt hashes, the admin group in any case, dashboards in user_settings,
// alias."captureID", auth_token's inet and boolean columns, Unicode, quotes,
// empty strings, NULLs (also NULL guids) and microsecond timestamps.
#pragma once

#include <string>

namespace ferry::test::homer {

enum class Era { kKnex, kGo };

// Password of admin and support (homer-app's seeded one) and of jörg.
inline constexpr const char kAdminPassword[] = "sipcapture";
inline constexpr const char kJoergPassword[] = "s3cr3t-Ünï";
// Real bcrypt hashes of them, made with libxcrypt (python3's crypt module,
// cost 10, $2a$ as Go's x/crypto/bcrypt and bcryptjs write):
//   python3 -c "import crypt; print(crypt.crypt('sipcapture', '\$2a\$10\$N9qo8uLOickgx2ZMRZoMye'))"
//   python3 -c "import crypt; print(crypt.crypt('s3cr3t-Ünï', '\$2a\$10\$abcdefghijklmnopqrstuu'))"
inline constexpr const char kAdminHash[] = "$2a$10$N9qo8uLOickgx2ZMRZoMyeAdRUtxPXyNB5Pgb2PAaSIY2Rkzi5G/K";
inline constexpr const char kJoergHash[] = "$2a$10$abcdefghijklmnopqrstuune3TSirYn2njqyqPl4XyiuVKb2oSAz.";

// Creates homer-app's tables of `era` in the (empty) database `pg_uri` and
// fills them.
void CreateHomerConfig(const std::string& pg_uri, Era era);

}  // namespace ferry::test::homer
