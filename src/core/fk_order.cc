#include "core/fk_order.h"

#include <algorithm>
#include <map>
#include <string>

namespace ferry {

namespace {

// Tarjan's algorithm over child -> parent edges. A component is closed only
// after every component it reaches (its parents) is, so ids come out
// parents first. Iterative: an FK chain may be longer than the stack is deep.
class Tarjan {
 public:
  Tarjan(size_t n, const std::vector<FkEdge>& edges)
      : parents_(n), index_(n, -1), low_(n, 0), comp_(n, -1), on_stack_(n, false) {
    for (const auto& e : edges) parents_[e.child].push_back(e.parent);
  }

  std::vector<int> Run() {
    for (size_t v = 0; v < parents_.size(); ++v)
      if (index_[v] < 0) Visit(v);
    return comp_;
  }

 private:
  void Open(size_t v) {
    index_[v] = low_[v] = counter_++;
    stack_.push_back(v);
    on_stack_[v] = true;
  }

  // `v` is the root of a component when nothing below it reaches higher up.
  void CloseIfRoot(size_t v) {
    if (low_[v] != index_[v]) return;
    for (;;) {
      size_t w = stack_.back();
      stack_.pop_back();
      on_stack_[w] = false;
      comp_[w] = comps_;
      if (w == v) break;
    }
    ++comps_;
  }

  void Visit(size_t root) {
    std::vector<std::pair<size_t, size_t>> work;  // (table, next parent to look at)
    Open(root);
    work.push_back({root, 0});
    while (!work.empty()) {
      const size_t v = work.back().first;
      size_t& next = work.back().second;
      if (next < parents_[v].size()) {
        const size_t w = parents_[v][next++];
        if (index_[w] < 0) {
          Open(w);
          work.push_back({w, 0});
        } else if (on_stack_[w]) {
          low_[v] = std::min(low_[v], index_[w]);
        }
        continue;
      }
      work.pop_back();
      if (!work.empty()) low_[work.back().first] = std::min(low_[work.back().first], low_[v]);
      CloseIfRoot(v);
    }
  }

  std::vector<std::vector<size_t>> parents_;
  std::vector<int> index_, low_, comp_;
  std::vector<bool> on_stack_;
  std::vector<size_t> stack_;
  int counter_ = 0, comps_ = 0;
};

}  // namespace

std::vector<FkEdge> ForeignKeyEdges(const std::vector<const TableSchema*>& tables) {
  std::map<std::string, size_t> index_of;
  for (size_t i = 0; i < tables.size(); ++i) index_of.emplace(tables[i]->name, i);
  std::vector<FkEdge> edges;
  for (size_t i = 0; i < tables.size(); ++i) {
    const auto& fks = tables[i]->foreign_keys;
    for (size_t f = 0; f < fks.size(); ++f)
      if (auto it = index_of.find(fks[f].ref_table); it != index_of.end()) edges.push_back({i, it->second, f});
  }
  return edges;
}

std::vector<int> FkComponents(size_t n, const std::vector<FkEdge>& edges) { return Tarjan(n, edges).Run(); }

std::vector<int> FkLevels(size_t n, const std::vector<FkEdge>& edges) {
  const std::vector<int> comp = FkComponents(n, edges);
  const int comps = n == 0 ? 0 : *std::max_element(comp.begin(), comp.end()) + 1;
  // Parents have lower ids, so one pass in id order sees them settled.
  std::vector<std::vector<int>> parent_comps(comps);
  for (const auto& e : edges)
    if (comp[e.child] != comp[e.parent]) parent_comps[comp[e.child]].push_back(comp[e.parent]);
  std::vector<int> comp_level(comps, 0);
  for (int c = 0; c < comps; ++c)
    for (int p : parent_comps[c]) comp_level[c] = std::max(comp_level[c], comp_level[p] + 1);
  std::vector<int> level(n);
  for (size_t v = 0; v < n; ++v) level[v] = comp_level[comp[v]];
  return level;
}

std::vector<size_t> FkOrder(size_t n, const std::vector<FkEdge>& edges) {
  const std::vector<int> level = FkLevels(n, edges);
  std::vector<size_t> order(n);
  for (size_t v = 0; v < n; ++v) order[v] = v;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return level[a] < level[b]; });
  return order;
}

}  // namespace ferry
