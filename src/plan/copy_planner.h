// Builds the Plan for `ferry copy`: which tables, in which order (FK parents
// first), which target schema (created from the source's, or the one the
// application already made), and how each column maps and converts. Runs on
// the main thread before anything is written, so every refusal (a missing
// table, a column the target has no place for, a type with no mapping)
// happens before the first row moves.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/schema.h"
#include "engines/engine.h"
#include "plan/cast_rules.h"
#include "plan/plan.h"
#include "plan/table_mapping.h"

namespace ferry {

// A target table fed by SQL over the source's tables (a plan file's `sql:`
// entry, docs/plans.md). The query runs in ferry's embedded DuckDB
// (transform/transform_source.h), whose views present it to the planner as
// one more source table, named `name`.
struct TransformEntry {
  std::string name;          // unique among tables and entries; logs, checkpoints, `ferry ser -t`
  std::string sql;           // DuckDB SQL; src.<table> names a source table
  std::string target_table;  // several entries may feed one table
  std::vector<std::string> key;            // merge key (target columns); empty: the target's primary key
  std::optional<ConflictMode> on_conflict;  // unset: the plan's
  std::string where;         // a filter on the query's columns, part of its definition
  std::string origin;        // "plan.yaml:12" for errors
};

// The name under which a transform source offers every row the entries
// feeding `target_table` yield together (verify compares a table fed by
// several entries with it).
inline std::string AllEntriesOf(const std::string& target_table) { return "sql:all:" + target_table; }

struct CopyOptions {
  std::vector<std::string> tables;    // globs; empty = all
  std::vector<std::string> excludes;  // globs
  std::vector<std::string> includes;  // globs: migration bookkeeping tables copied anyway
  SchemaMode mode = SchemaMode::kCreate;
  bool drop_existing = false;
  bool truncate = false;  // data-only: empty the target tables before loading
  // A source with no tables (none selected) plans an empty copy instead of
  // failing: a backup of an empty database is still an archive of it.
  bool allow_no_tables = false;
  std::vector<CastRule> casts;
  // Filters: --where 'table: condition' ('*' for every table) in the
  // source's SQL; --since/--until (RFC 3339) on --time-column; --limit.
  std::vector<std::pair<std::string, std::string>> where;  // (table glob, condition)
  std::string time_column;
  std::optional<int64_t> since_micros, until_micros;  // UTC, [since, until)
  std::optional<int64_t> limit;
  // Per source table, instead of `limit` (`ferry homer hep --limit`: one
  // budget over tables replayed in turn).
  std::map<std::string, int64_t> table_limits;
  // --on-conflict and --key 'table=col[,col]' ('*' or a glob for several
  // tables; an exact name wins over a glob). Without --key a table's key is
  // the target's primary key. A merge mode into a target that already has
  // every table loads into them (as --data-only) instead of refusing.
  ConflictMode on_conflict = ConflictMode::kInsert;
  std::vector<std::pair<std::string, std::vector<std::string>>> keys;
  // Renames and dropped columns per source table (a plan file's tables).
  // --key and --where still name the target's / source's columns.
  std::vector<TableMapping> mappings;
  // SQL entries, in plan order; each also has a mapping (name -> target).
  // With only SQL entries and no `tables`, no plain table is copied.
  std::vector<TransformEntry> transforms;
  // Removes the sql: entries `drop` is true of, with their mappings.
  void DropTransforms(const std::function<bool(const TransformEntry&)>& drop);
  const TransformEntry* FindTransform(const std::string& name) const {
    for (const auto& t : transforms)
      if (t.name == name) return &t;
    return nullptr;
  }
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
