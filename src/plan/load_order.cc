#include "plan/load_order.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace ferry {

namespace {

struct Edge {
  size_t child, parent, fk;
};

// Tarjan's strongly connected components; returns a component id per node.
std::vector<int> Components(size_t n, const std::vector<Edge>& edges) {
  std::vector<std::vector<size_t>> out(n);
  for (const auto& e : edges) out[e.child].push_back(e.parent);
  std::vector<int> index(n, -1), low(n, 0), comp(n, -1);
  std::vector<bool> on_stack(n, false);
  std::vector<size_t> stack;
  int counter = 0, comps = 0;
  std::function<void(size_t)> visit = [&](size_t v) {
    index[v] = low[v] = counter++;
    stack.push_back(v);
    on_stack[v] = true;
    for (size_t w : out[v]) {
      if (index[w] < 0) {
        visit(w);
        low[v] = std::min(low[v], low[w]);
      } else if (on_stack[w]) {
        low[v] = std::min(low[v], index[w]);
      }
    }
    if (low[v] == index[v]) {
      for (;;) {
        size_t w = stack.back();
        stack.pop_back();
        on_stack[w] = false;
        comp[w] = comps;
        if (w == v) break;
      }
      ++comps;
    }
  };
  for (size_t v = 0; v < n; ++v)
    if (index[v] < 0) visit(v);
  return comp;
}

std::vector<Edge> PlanEdges(const Plan& plan) {
  std::map<std::string, size_t> job_of;
  for (size_t i = 0; i < plan.jobs.size(); ++i) job_of[plan.jobs[i].target_table] = i;
  std::vector<Edge> edges;
  for (size_t i = 0; i < plan.jobs.size(); ++i) {
    const auto& fks = plan.jobs[i].target_schema.foreign_keys;
    for (size_t f = 0; f < fks.size(); ++f)
      if (auto it = job_of.find(fks[f].ref_table); it != job_of.end()) edges.push_back({i, it->second, f});
  }
  return edges;
}

}  // namespace

std::vector<std::vector<bool>> ForeignKeysInCycles(const Plan& plan) {
  std::vector<std::vector<bool>> in_cycle(plan.jobs.size());
  for (size_t i = 0; i < plan.jobs.size(); ++i) in_cycle[i].assign(plan.jobs[i].target_schema.foreign_keys.size(), false);
  std::vector<Edge> edges = PlanEdges(plan);
  std::vector<int> comp = Components(plan.jobs.size(), edges);
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

  std::vector<Edge> edges = PlanEdges(plan);
  std::vector<int> comp = Components(n, edges);

  // Edges inside a component close a cycle: defer them when nullable.
  std::vector<Edge> hard;
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

  // Longest-path levels over the remaining edges; what is left unresolved
  // is a cycle of NOT NULL foreign keys.
  std::vector<bool> done(n, false);
  size_t placed = 0;
  for (int lv = 0; placed < n; ++lv) {
    std::vector<size_t> ready;
    for (size_t v = 0; v < n; ++v) {
      if (done[v]) continue;
      bool ok = true;
      for (const auto& e : hard)
        if (e.child == v && e.parent != v && !done[e.parent]) ok = false;
      if (ok) ready.push_back(v);
    }
    if (ready.empty()) {
      std::string names;
      for (size_t v = 0; v < n; ++v)
        if (!done[v]) names += (names.empty() ? "" : ", ") + plan.jobs[v].target_table;
      return Status::InvalidInput("the target checks foreign keys while loading, and tables " + names +
                                  " reference each other through NOT NULL columns: no load order exists "
                                  "(make one of those foreign keys DEFERRABLE or nullable)");
    }
    for (size_t v : ready) {
      done[v] = true;
      order.level[v] = lv;
      ++placed;
    }
  }
  return order;
}

}  // namespace ferry
