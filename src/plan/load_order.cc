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

InlineForeignKeys ClassifyInlineForeignKeys(const Plan& plan) {
  const size_t n = plan.jobs.size();
  InlineForeignKeys out;
  out.fk.resize(n);
  out.why.resize(n);
  // Several jobs may feed one table: the first one's position creates it.
  std::map<std::string, size_t> created_at;
  for (size_t i = 0; i < n; ++i) created_at.try_emplace(plan.jobs[i].target_table, i);
  for (size_t i = 0; i < n; ++i) {
    const TableJob& job = plan.jobs[i];
    const auto& fks = job.target_schema.foreign_keys;
    out.fk[i].assign(fks.size(), InlineFk::kDeclared);
    out.why[i].assign(fks.size(), "");
    for (size_t f = 0; f < fks.size(); ++f) {
      const ForeignKeySchema& fk = fks[f];
      auto parent = created_at.find(fk.ref_table);
      if (parent == created_at.end()) continue;  // outside the plan: the target's business
      if (fk.ref_table != job.target_table) {
        if (parent->second > created_at.at(job.target_table)) {
          out.fk[i][f] = InlineFk::kLeftOut;
          out.why[i][f] = "it closes a cycle: " + fk.ref_table + " is created after " + job.target_table +
                          ", and this target declares foreign keys only in CREATE TABLE";
        }
        continue;
      }
      bool nullable = true, loaded = true;
      for (const auto& c : fk.columns) {
        const ColumnSchema* col = job.target_schema.FindColumn(c);
        nullable = nullable && col && col->nullable;
        loaded = loaded && std::any_of(job.columns.begin(), job.columns.end(),
                                       [&](const ColumnMapping& m) { return m.target_column == c; });
      }
      if (nullable && loaded && !job.target_schema.primary_key.empty()) {
        out.fk[i][f] = InlineFk::kSelfDeferred;
        continue;
      }
      out.fk[i][f] = InlineFk::kLeftOut;
      // This target checks each appended chunk against the rows stored
      // before it, so a row may not point at a row of its own chunk; a
      // nullable column loads NULL and is set afterwards, a NOT NULL one
      // would need the rows ordered by their references (not done).
      out.why[i][f] = !nullable ? "it references its own table through NOT NULL columns, which this target "
                                  "checks against the rows stored before each chunk"
                    : !loaded  ? "it references its own table through columns not loaded from the source"
                               : "it references its own table, which has no primary key to set the rows by "
                                 "after the load";
    }
  }
  return out;
}

LoadOrder ComputeInlineLoadOrder(const Plan& plan) {
  const size_t n = plan.jobs.size();
  LoadOrder order;
  order.level.assign(n, 0);
  order.deferred_columns.assign(n, {});
  order.deferred_fk_names.assign(n, {});
  const InlineForeignKeys kinds = ClassifyInlineForeignKeys(plan);
  std::vector<FkEdge> hard;
  for (const FkEdge& e : PlanEdges(plan)) {
    const InlineFk kind = kinds.fk[e.child][e.fk];
    const ForeignKeySchema& fk = plan.jobs[e.child].target_schema.foreign_keys[e.fk];
    if (kind == InlineFk::kDeclared && e.child != e.parent) hard.push_back(e);
    if (kind != InlineFk::kSelfDeferred) continue;
    auto& cols = order.deferred_columns[e.child];
    for (const auto& c : fk.columns)
      if (std::find(cols.begin(), cols.end(), c) == cols.end()) cols.push_back(c);
    order.deferred_fk_names[e.child].push_back(fk.name.empty() ? plan.jobs[e.child].target_table + "." + fk.columns[0]
                                                               : fk.name);
  }
  order.level = FkLevels(n, hard);
  return order;
}

}  // namespace ferry
