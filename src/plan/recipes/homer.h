// The Homer recipe, settings part: homer-app's PostgreSQL homer_config
// (Homer 7, both schema eras: Node/knex 7.0-7.6 and Go 7.7+) into a Homer
// 11 (homer-core) DuckDB settings file, table for table as homer-core's
// `migrate settings` lists them (seed 000, "What is migrated"), but reading
// the columns homer-app really has (shared/reference/homer.md parts 1, 5).
// A plan file of SQL entries shipped as text, loaded data-only with
// on_conflict skip: users by username, the rest by guid, so a re-run
// inserts nothing and counts every row as skipped. Pure data; thread-safe.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace ferry::recipes {

// The namespace of the guids made for homer-app rows whose guid is NULL
// (uuid_v5(NS, '<table>:<id>'), the same in every run):
// uuid5(NAMESPACE_URL, 'https://ferry/homer').
inline constexpr const char kHomerNamespace[] = "893e7048-00ce-52b6-a616-7b6c8443d0b0";

struct HomerSettingsChoice {
  bool users = true;            // --skip-users: false
  bool dashboards = true;       // --with-dashboards
  bool mappings = false;        // --with-mappings
  bool users_enabled = true;    // the source's users table has `enabled` (Go era, 2024-09-19 on)
};

// The plan (YAML, docs/plans.md) with ${SOURCE}, ${TARGET}, ${NS} and
// ${OWNER} unset, holding the entries `choice` selects.
std::string HomerSettingsPlanYaml(const HomerSettingsChoice& choice);

// Every Homer 11 settings table -> its CREATE TABLE for DuckDB, in plan
// order. homer-core's own DDL (services.EnsureSettingsSchema) is not
// known; these are its INSERT column lists (users) and homer-app's
// columns for the tables it copies 1:1 (reference part 5; docs/homer.md).
const std::vector<std::pair<std::string, std::string>>& Homer11SettingsTables();

}  // namespace ferry::recipes
