// The order of tables linked by foreign keys, parents before children: the
// one ordering the planner (job order) and the load order (levels, cycles)
// share. Tables that reference each other, directly or through others, form
// a strongly connected component of the FK graph (Tarjan); a component is
// placed as one unit, so a cycle never holds back the tables around it.
// What a cycle means is the caller's business (plan/load_order.h defers
// nullable FKs inside one). Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <vector>

#include "core/schema.h"

namespace ferry {

// Table `child` has foreign key number `fk` referencing table `parent`
// (indexes into the caller's table list and the child's foreign_keys).
struct FkEdge {
  size_t child = 0, parent = 0, fk = 0;
};

// The foreign keys among `tables`, matched by table name; references to
// tables outside the list are left out, self-references kept.
std::vector<FkEdge> ForeignKeyEdges(const std::vector<const TableSchema*>& tables);

// Component id per table (0..n-1 are the tables). Ids are numbered parents
// first: comp[parent] <= comp[child] for every edge, equal exactly when the
// edge lies on a cycle (a self-reference included).
std::vector<int> FkComponents(size_t n, const std::vector<FkEdge>& edges);

// Level per table: 0 when no table outside its component is its parent,
// else one more than its highest such parent. A component shares one level;
// all tables of level L may load once every level below L is loaded.
std::vector<int> FkLevels(size_t n, const std::vector<FkEdge>& edges);

// 0..n-1 by level, in input order within a level: parents first, a cycle's
// tables next to each other, and unrelated tables as given.
std::vector<size_t> FkOrder(size_t n, const std::vector<FkEdge>& edges);

}  // namespace ferry
