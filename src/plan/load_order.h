// LoadOrder: in which order a plan's tables may be loaded into a target
// that checks foreign keys as rows arrive, and which FK columns must be
// loaded as NULL first and set in a second pass because their tables
// reference each other (user.home_board_id -> board, board.creator_id ->
// user). Cycles are found as strongly connected components of the FK graph;
// every FK inside a component is deferred when all its columns are
// nullable. Pure function of the plan; computed on the main thread.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "plan/plan.h"

namespace ferry {

struct LoadOrder {
  std::vector<int> level;  // per job: all jobs of level n load before level n+1
  // Per job: target column names loaded NULL, then set by the second pass.
  std::vector<std::vector<std::string>> deferred_columns;
  // Per job: the FKs those columns belong to (for messages).
  std::vector<std::vector<std::string>> deferred_fk_names;
};

// `checks_on_load`: the target checks FKs while rows arrive, so parents must
// come first. `break_cycles`: defer nullable FKs inside cycles (data-only
// loads into the application's schema); otherwise FKs inside a cycle are
// simply ignored for ordering (they were not created, or are not checked).
// Fails, naming the tables, when a cycle has no nullable FK to defer.
Result<LoadOrder> ComputeLoadOrder(const Plan& plan, bool checks_on_load, bool break_cycles);

// Per job, per foreign key of its target schema: whether the FK lies inside a
// cycle (both tables in one strongly connected component, or a self-reference).
std::vector<std::vector<bool>> ForeignKeysInCycles(const Plan& plan);

// How a target that declares foreign keys only in CREATE TABLE and checks
// them per appended chunk against the rows already stored (DuckDB) holds
// each FK of a plan. Tables are created in job order.
enum class InlineFk {
  kDeclared,     // declared; the referenced table loads first
  kSelfDeferred, // a nullable self-reference: declared, loaded NULL, set by the second pass
  kLeftOut,      // not created; `why` says so
};
struct InlineForeignKeys {
  std::vector<std::vector<InlineFk>> fk;         // per job, per FK of its target schema
  std::vector<std::vector<std::string>> why;     // per job, per FK: the reason when kLeftOut
};
// An FK to a table created later cannot be declared (no ALTER TABLE ADD
// FOREIGN KEY), so of a multi-table cycle the FKs that point back to an
// earlier table stay. A self-reference stays when its columns are nullable,
// loaded, and the table has a primary key (the second pass sets rows by it);
// a NOT NULL one cannot load NULL first and is left out.
InlineForeignKeys ClassifyInlineForeignKeys(const Plan& plan);

// The load order for such a target in a create-mode copy: parents of the
// declared FKs first, self-references deferred.
LoadOrder ComputeInlineLoadOrder(const Plan& plan);

}  // namespace ferry
