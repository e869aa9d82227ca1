// Index names on the target, decided in the plan before anything is
// written. MySQL keeps index names per table; PostgreSQL and SQLite keep
// them in one namespace with the schema's tables, DuckDB among the schema's
// indexes. An index whose source name would collide there (an index named
// like a table, one name on several tables, a name the engine makes itself
// such as PostgreSQL's "<table>_pkey", a name too long for the target or
// with a reserved prefix) gets a deterministic, readable new name, and a
// note maps old to new. Names that do not collide are kept as they are.
// Pure: the same plan, sink and target catalog give the same names, so a
// resumed run names its indexes as the interrupted one did.
#pragma once

#include <string>
#include <vector>

#include "core/schema.h"
#include "engines/sink.h"
#include "plan/plan.h"

namespace ferry {

// Renames, in place, the indexes of every job's target_schema that the
// plan creates. `target` is the catalog as found: its tables, and the
// indexes of tables the plan does not create, are taken names.
void NameIndexes(const Sink& sink, const Catalog& target, Plan* plan, std::vector<std::string>* notes);

// "<table>_<col>[_<col>...]_idx" ("_key" for a unique index), as
// PostgreSQL names an index it is given no name for.
std::string GeneratedIndexName(const std::string& table, const IndexSchema& index);

// `name` cut to `max_bytes` (0 = no limit) on a UTF-8 boundary, with a
// short hash of the whole name so two long names stay apart.
std::string FitIdentifier(const std::string& name, int max_bytes);

}  // namespace ferry
