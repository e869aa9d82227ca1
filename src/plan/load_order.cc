#include "plan/load_order.h"

#include <algorithm>
#include <map>

#include "core/fk_order.h"

namespace ferry {

namespace {

// The FK edges among the plan's jobs, by target table name.
std::vector<FkEdge> PlanEdges(const Plan& plan) {
  std::map<std::string, size_t> job_of;
  for (size_t i = 0; i < plan.jobs.size(); ++i) job_of[plan.jobs[i].target_table] = i;
  std::vector<FkEdge> edges;
  for (size_t i = 0; i < plan.jobs.size(); ++i) {
    const auto& fks = plan.jobs[i].target_schema.foreign_keys;
    for (size_t f = 0; f < fks.size(); ++f)
      if (auto it = job_of.find(fks[f].ref_table); it != job_of.end()) edges.push_back({i, it->second, f});
  }
  return edges;
}

// The tables on a cycle of `edges` (self-references aside), "" when none.
std::string TablesOnCycles(const Plan& plan, const std::vector<FkEdge>& edges) {
  const std::vector<int> comp = FkComponents(plan.jobs.size(), edges);
  std::vector<int> size(plan.jobs.size(), 0);
  for (int c : comp) ++size[c];
  std::string names;
  for (size_t v = 0; v < plan.jobs.size(); ++v)
    if (size[comp[v]] > 1) names += (names.empty() ? "" : ", ") + plan.jobs[v].target_table;
  return names;
}

}  // namespace

std::vector<std::vector<bool>> ForeignKeysInCycles(const Plan& plan) {
  std::vector<std::vector<bool>> in_cycle(plan.jobs.size());
  for (size_t i = 0; i < plan.jobs.size(); ++i) in_cycle[i].assign(plan.jobs[i].target_schema.foreign_keys.size(), false);
  std::vector<FkEdge> edges = PlanEdges(plan);
  std::vector<int> comp = FkComponents(plan.jobs.size(), edges);
  for (const auto& e : edges)
    if (comp[e.child] == comp[e.parent]) in_cycle[e.child][e.fk] = true;
  return in_cycle;
}

Result<LoadOrder> ComputeLoadOrder(const Plan& plan, bool checks_on_load, bool break_cycles) {
  const size_t n = plan.jobs.size();
  LoadOrder order;
  order.level.assign(n, 0);
  order.deferred_columns.assign(n, {});
  order.deferred_fk_names.assign(n, {});
  if (!checks_on_load) return order;

  std::vector<FkEdge> edges = PlanEdges(plan);
  std::vector<int> comp = FkComponents(n, edges);

  // Edges inside a component close a cycle: defer them when nullable.
  std::vector<FkEdge> hard;
  for (const auto& e : edges) {
    if (comp[e.child] != comp[e.parent]) {
      hard.push_back(e);
      continue;
    }
    const TableJob& job = plan.jobs[e.child];
    const ForeignKeySchema& fk = job.target_schema.foreign_keys[e.fk];
    bool nullable = true;
    for (const auto& c : fk.columns) {
      const ColumnSchema* col = job.target_schema.FindColumn(c);
      nullable = nullable && col && col->nullable;
    }
    bool loaded = true;  // the column must be one ferry writes
    for (const auto& c : fk.columns) {
      bool mapped = false;
      for (const auto& m : job.columns) mapped |= m.target_column == c;
      loaded = loaded && mapped;
    }
    if (break_cycles && nullable && loaded) {
      for (const auto& c : fk.columns)
        if (std::find(order.deferred_columns[e.child].begin(), order.deferred_columns[e.child].end(), c) ==
            order.deferred_columns[e.child].end())
          order.deferred_columns[e.child].push_back(c);
      order.deferred_fk_names[e.child].push_back(fk.name.empty() ? job.target_table + "." + fk.columns[0] : fk.name);
    } else if (break_cycles) {
      hard.push_back(e);
    }
  }

  // What is left of a cycle is made of NOT NULL foreign keys.
  if (std::string names = TablesOnCycles(plan, hard); !names.empty())
    return Status::InvalidInput("the target checks foreign keys while loading, and tables " + names +
                                " reference each other through NOT NULL columns: no load order exists "
                                "(make one of those foreign keys DEFERRABLE or nullable)");
  order.level = FkLevels(n, hard);
  return order;
}

}  // namespace ferry
