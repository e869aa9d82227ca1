// The SER recipe: iptel.org SIP Express Router database 0.9.x -> 2.0.x on
// MySQL/MariaDB, as the original migrate_ser_db script meant it (README of
// the script) and without its defects (docs/ser.md says where ferry differs).
// The migration is a plan file shipped in the binary: one SQL entry (DuckDB
// SQL over the 0.9 tables, `src.<table>`) per 2.0 table it feeds, loaded
// data-only with merge keys, so a second run changes nothing. Ids (did, uid)
// are UUIDv5 of the names under one fixed namespace, so they are the same
// in every run and in every subset of tables (`ferry ser -t`).
// Pure data; thread-safe.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace ferry::recipes {

// The namespace of every generated did and uid:
// uuid5(NAMESPACE_URL, 'https://ferry/ser').
inline constexpr const char kSerNamespace[] = "37ae9436-571b-520d-abd9-9a338852d3f0";

// The plan (YAML, docs/plans.md) with ${SOURCE}, ${TARGET} and ${NS} unset.
const std::string& SerPlanYaml();

// Every 2.0 table the plan writes -> its CREATE TABLE for MySQL/MariaDB
// (v_2_0_0 scripts/mysql/my_create.sql), in plan order.
const std::vector<std::pair<std::string, std::string>>& Ser20Tables();

// The names `ferry ser -t` accepts -> the plan entry prefix each selects
// (the script's names, plus the real table names usr_preferences / silo).
const std::vector<std::pair<std::string, std::string>>& SerTableNames();

}  // namespace ferry::recipes
