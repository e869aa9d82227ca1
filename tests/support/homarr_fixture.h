// Homarr-shaped databases for the `ferry homarr move` tests: Homarr's schema
// as its Drizzle migrator creates it in SQLite, MySQL/MariaDB and PostgreSQL
// (tables, snake_case columns, per-dialect types and defaults, keys, unique
// constraints, indexes, FKs with their ON DELETE actions and reference
// cycles, migration bookkeeping), the startup seed, a realistic instance, and
// a dialect-neutral dump to compare instances. Written from the facts in
// shared/reference/ser-and-homarr.md part B, not from Homarr's files.
//
// Dialects: "sqlite", "postgres" (or "postgresql"), "mysql" (or "mariadb").
// All SQL goes through test_env's Query (each engine's own C client); a
// failing statement fails the running test.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ferry::test::homarr {

// How a column holds its value, in Homarr's terms. kTsMs and kTsS differ only
// in SQLite (integer epoch milliseconds / seconds); MySQL and PostgreSQL
// store both as `timestamp` (no fsp, no time zone, UTC wall clock). kBool is
// SQLite integer 0/1, MySQL boolean (tinyint(1)), PostgreSQL boolean. kBlob is
// SQLite blob, MySQL LONGBLOB, PostgreSQL bytea.
enum class Kind { kText, kInt, kBool, kTsMs, kTsS, kBlob };
struct Column {
  std::string name;
  Kind kind;
};
struct Table {
  std::string name;
  std::vector<Column> columns;  // in DDL order
};
// Every table CreateSchema makes, except the migration bookkeeping.
const std::vector<Table>& Tables();

// Creates Homarr's latest schema in the (empty) database at `uri` as the
// migrator for `dialect` would, plus __drizzle_migrations (PG:
// drizzle.__drizzle_migrations) with three rows whose hashes differ per
// dialect. FKs are enforced and not deferrable (SQLite: declared; enforced
// only with PRAGMA foreign_keys=ON, as in Homarr's driver).
void CreateSchema(const std::string& dialect, const std::string& uri);

// What Homarr's startup seed inserts into a fresh instance: group `everyone`
// (position -1), one onboarding row (step 'start'), six serverSetting rows,
// search engines g / yt / docs (the `search` setting names the docs engine).
// Ids are cuid2-looking strings derived from `seed`: the same seed gives the
// same ids, different seeds give different ids.
void Seed(const std::string& dialect, const std::string& uri, int seed);

// A realistic instance on top of Seed (the source of a move). Deterministic
// and independent of the seed except where it references seeded rows by
// name: permissions of group `everyone`, a user whose default search engine
// is `docs`, and the updated onboarding/serverSetting rows. Includes 3000
// items and 6000 item_layout rows. Timestamps lie in 2024..2026; ms columns
// have non-zero milliseconds, which MySQL's `timestamp` drops (see
// DropMilliseconds).
void FillRealistic(const std::string& dialect, const std::string& uri);

// Canonical text of every table (not __drizzle_migrations), keyed by table
// name: "table\nrow\nrow..." with rows sorted bytewise. A row is its values
// in Tables() column order joined by '\t'. Values: booleans true/false,
// timestamps UTC epoch milliseconds, blobs lower-case hex, integers decimal,
// text byte-exact with '\\', '\t', '\n' escaped as \\ \t \n, NULL as \N.
std::map<std::string, std::string> CanonicalDump(const std::string& dialect, const std::string& uri);

// The dump with every kTsMs value floored to whole seconds: what a MySQL
// instance holds of the same data (MariaDB truncates the fraction on store).
std::map<std::string, std::string> DropMilliseconds(const std::map<std::string, std::string>& dump);

// Rows per table (every table of Tables()).
std::map<std::string, int64_t> RowCounts(const std::string& dialect, const std::string& uri);
// What RowCounts gives after CreateSchema + Seed (+ FillRealistic).
std::map<std::string, int64_t> ExpectedRowCounts(bool realistic);

// The seeded id of group `everyone` for `seed` (to check which one survived).
std::string EveryoneGroupId(int seed);

// `ident` quoted for the dialect ("x" or `x`).
std::string Quote(const std::string& dialect, const std::string& ident);

}  // namespace ferry::test::homarr
