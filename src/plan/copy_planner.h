// Builds the Plan for `ferry copy`: which tables, in which order (FK parents
// first), which target schema (created from the source's, or the one the
// application already made), and how each column maps and converts. Runs on
// the main thread before anything is written, so every refusal (a missing
// table, a column the target has no place for, a type with no mapping)
// happens before the first row moves.
#pragma once

#include <string>
#include <vector>

#include "core/schema.h"
#include "engines/engine.h"
#include "plan/cast_rules.h"
#include "plan/plan.h"
#include "plan/table_mapping.h"

namespace ferry {

struct CopyOptions {
  std::vector<std::string> tables;    // globs; empty = all
  std::vector<std::string> excludes;  // globs
  std::vector<std::string> includes;  // globs: migration bookkeeping tables copied anyway
  SchemaMode mode = SchemaMode::kCreate;
  bool drop_existing = false;
  bool truncate = false;  // data-only: empty the target tables before loading
  std::vector<CastRule> casts;
  // Filters: --where 'table: condition' ('*' for every table) in the
  // source's SQL; --since/--until (RFC 3339) on --time-column; --limit.
  std::vector<std::pair<std::string, std::string>> where;  // (table glob, condition)
  std::string time_column;
  std::optional<int64_t> since_micros, until_micros;  // UTC, [since, until)
  std::optional<int64_t> limit;
  // --on-conflict and --key 'table=col[,col]' ('*' or a glob for several
  // tables; an exact name wins over a glob). Without --key a table's key is
  // the target's primary key. A merge mode into a target that already has
  // every table loads into them (as --data-only) instead of refusing.
  ConflictMode on_conflict = ConflictMode::kInsert;
  std::vector<std::pair<std::string, std::vector<std::string>>> keys;
  // Renames and dropped columns per source table (a plan file's tables).
  // --key and --where still name the target's / source's columns.
  std::vector<TableMapping> mappings;
};

// Parses --key's "table=col[,col...]".
Result<std::pair<std::string, std::vector<std::string>>> ParseKey(std::string_view text);
// Parses --on-conflict's value.
Result<ConflictMode> ParseConflictMode(std::string_view text);

// Parses --where's "table: condition" (the table part is a glob).
Result<std::pair<std::string, std::string>> ParseWhere(std::string_view text);

// `target_catalog` is what `target` holds as found (empty for a new
// database). The sink's capabilities decide what the plan may ask of it:
// which schema objects it makes and when (Plan::pre_data/post_data),
// whether tables split into key ranges, whether data-only and merges are
// allowed.
Result<Plan> PlanCopy(const CopyOptions& options, const Catalog& source, const Dialect& source_dialect,
                      const Sink& target, const Catalog& target_catalog);

// Migration bookkeeping tables of common frameworks (Drizzle, knex, Flyway,
// Alembic, Django, Prisma, golang-migrate/Rails): a data-only load leaves
// the target's own rows alone unless --tables names them.
bool IsMigrationBookkeeping(std::string_view table);

// ferry's own checkpoint table (exec/checkpoint.h): never copied or verified.
extern const char kCheckpointTable[];

}  // namespace ferry
