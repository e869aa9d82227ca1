// Resolving --mask against a Plan (mask_plan.h).
#include "exec/mask_plan.h"

#include <algorithm>

namespace ferry {

namespace {

using ColumnRef = std::pair<size_t, std::string>;  // (job index, source column)

struct FkEdge {
  ColumnRef child, parent;
};

std::string Name(const Plan& plan, const ColumnRef& c) { return plan.jobs[c.first].source_table + "." + c.second; }

const ColumnMapping* Mapping(const TableJob& job, const std::string& column) {
  for (const auto& m : job.columns)
    if (m.source_column == column) return &m;
  return nullptr;
}

// The job a spec's table names: by source name first, then by target name.
int FindJob(const Plan& plan, const std::string& table) {
  for (size_t i = 0; i < plan.jobs.size(); ++i)
    if (plan.jobs[i].source_table == table) return static_cast<int>(i);
  for (size_t i = 0; i < plan.jobs.size(); ++i)
    if (plan.jobs[i].target_table == table) return static_cast<int>(i);
  return -1;
}

// The FK column pairs between copied columns of planned tables.
std::vector<FkEdge> FkEdges(const Plan& plan) {
  std::vector<FkEdge> edges;
  for (size_t i = 0; i < plan.jobs.size(); ++i)
    for (const auto& fk : plan.jobs[i].source_schema.foreign_keys) {
      const int p = FindJob(plan, fk.ref_table);
      if (p < 0) continue;
      for (size_t k = 0; k < fk.columns.size() && k < fk.ref_columns.size(); ++k)
        if (Mapping(plan.jobs[i], fk.columns[k]) && Mapping(plan.jobs[p], fk.ref_columns[k]))
          edges.push_back({{i, fk.columns[k]}, {static_cast<size_t>(p), fk.ref_columns[k]}});
    }
  return edges;
}

bool IsKeyColumn(const TableSchema& t, const std::string& column) {
  auto has = [&](const std::vector<std::string>& cols) { return std::count(cols.begin(), cols.end(), column) > 0; };
  if (has(t.primary_key)) return true;
  for (const auto& ix : t.indexes)
    if (ix.unique && has(ix.columns)) return true;
  return false;
}

int64_t IntRange(TypeId id) {
  switch (id) {
    case TypeId::kInt8: return 8;
    case TypeId::kInt16: return 16;
    case TypeId::kInt32: return 32;
    default: return 64;
  }
}

// The same rule on both ends of each FK pair (see the header); refusals name
// the pair.
Status Propagate(const Plan& plan, const std::vector<FkEdge>& edges, std::map<ColumnRef, ColumnMask>* masks) {
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& e : edges) {
      auto c = masks->find(e.child), p = masks->find(e.parent);
      const std::string cn = Name(plan, e.child), pn = Name(plan, e.parent);
      if (p != masks->end() && c == masks->end()) {
        if (!MaskKeepsKeys(p->second.rule))
          return Status::InvalidInput("--mask " + pn + "=" + std::string(MaskRuleName(p->second.rule)) + ": " + cn +
                                      " references it (foreign key), and " +
                                      std::string(MaskRuleName(p->second.rule)) +
                                      " would leave it pointing at no row; a referenced column takes hash, email or "
                                      "digits");
        ColumnMask m = p->second;
        m.column = e.child.second;
        m.follows = pn;
        (*masks)[e.child] = m;
        changed = true;
      } else if (c != masks->end() && p == masks->end()) {
        if (c->second.rule == MaskRule::kNull) continue;  // a NULL FK references nothing
        if (!MaskKeepsKeys(c->second.rule))
          return Status::InvalidInput("--mask " + cn + "=" + std::string(MaskRuleName(c->second.rule)) +
                                      ": it references " + pn + " (foreign key) and would point at no row; use "
                                      "null, or hash/email/digits (which mask " + pn + " alike)");
        ColumnMask m = c->second;
        m.column = e.parent.second;
        m.follows = cn;
        (*masks)[e.parent] = m;
        changed = true;
      } else if (c != masks->end() && c->second.rule != MaskRule::kNull &&
                 (c->second.rule != p->second.rule || c->second.fixed != p->second.fixed)) {
        return Status::InvalidInput("--mask: " + cn + " references " + pn +
                                    " (foreign key); mask both with the same rule (or the FK column with null)");
      }
    }
  }
  return Status::OK();
}

// Type, nullability and key checks of one masked column.
Status CheckColumn(const Plan& plan, const ColumnRef& ref, const ColumnMask& m) {
  const TableJob& job = plan.jobs[ref.first];
  const std::string what = "--mask " + Name(plan, ref) + "=" + std::string(MaskRuleName(m.rule)) +
                           (m.follows.empty() ? "" : " (follows " + m.follows + ")");
  const ColumnSchema* col = job.source_schema.FindColumn(ref.second);
  FERRY_RETURN_NOT_OK(CheckMaskType(m.rule, m.fixed, col->type).WithContext(what));
  if (!MaskKeepsKeys(m.rule) && IsKeyColumn(job.source_schema, ref.second))
    return Status::InvalidInput(what + ": " + ref.second + " is part of a primary or unique key, whose values " +
                                std::string(MaskRuleName(m.rule)) + " would make collide; use hash, email or digits");
  if (m.rule == MaskRule::kNull) {
    const ColumnSchema* target = job.target_schema.FindColumn(Mapping(job, ref.second)->target_column);
    if (target && !target->nullable)
      return Status::InvalidInput(what + ": " + job.target_table + "." + target->name +
                                  " is NOT NULL in the target");
  }
  return Status::OK();
}

}  // namespace

std::vector<std::string> MaskPlan::Describe() const {
  std::vector<std::string> out;
  for (const auto& [table, columns] : tables)
    for (const auto& m : columns)
      out.push_back("mask: " + table + "." + m.column + "=" + std::string(MaskRuleName(m.rule)) +
                    (m.rule == MaskRule::kFixed ? ":" + m.fixed : "") +
                    (m.follows.empty() ? "" : " (follows " + m.follows + ", which a foreign key links it to)"));
  return out;
}

Result<MaskPlan> PlanMasks(const std::vector<MaskSpec>& specs, const Plan& plan) {
  std::map<ColumnRef, ColumnMask> masks;
  for (const auto& spec : specs) {
    const int j = FindJob(plan, spec.table);
    if (j < 0) return Status::InvalidInput("--mask " + spec.Describe() + ": no table " + spec.table + " is copied");
    if (!Mapping(plan.jobs[j], spec.column))
      return Status::InvalidInput("--mask " + spec.Describe() + ": table " + spec.table + " has no column " +
                                  spec.column + " (or it is not copied)");
    ColumnRef ref{static_cast<size_t>(j), spec.column};
    if (masks.count(ref)) return Status::InvalidInput("--mask: " + Name(plan, ref) + " is masked twice");
    masks[ref] = ColumnMask{spec.column, spec.rule, spec.fixed, {}, ""};
  }
  const std::vector<FkEdge> edges = FkEdges(plan);
  FERRY_RETURN_NOT_OK(Propagate(plan, edges, &masks));
  for (auto& [ref, m] : masks) {
    FERRY_RETURN_NOT_OK(CheckColumn(plan, ref, m));
    m.hash_type = plan.jobs[ref.first].source_schema.FindColumn(ref.second)->type;
  }
  // Integers linked by FKs hash into the narrowest range among them.
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& e : edges) {
      auto c = masks.find(e.child), p = masks.find(e.parent);
      if (c == masks.end() || p == masks.end() || c->second.rule != MaskRule::kHash) continue;
      LogicalType& a = c->second.hash_type;
      LogicalType& b = p->second.hash_type;
      if (a.IsInteger() != b.IsInteger())
        return Status::InvalidInput("--mask: " + Name(plan, e.child) + " (" + a.ToString() + ") references " +
                                    Name(plan, e.parent) + " (" + b.ToString() +
                                    "); hash cannot mask both alike across these types");
      if (!a.IsInteger() || IntRange(a.id) == IntRange(b.id)) continue;
      if (IntRange(a.id) < IntRange(b.id)) b = a;
      else a = b;
      changed = true;
    }
  }
  MaskPlan out;
  for (auto& [ref, m] : masks) out.tables[plan.jobs[ref.first].source_table].push_back(m);
  return out;
}

}  // namespace ferry
