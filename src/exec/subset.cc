// Subsetting (subset.h): load key and FK values, close the listed tables'
// rows under references, drop rows pointing at rows not kept to a
// fixpoint, then a stage per table that keeps exactly the decided rows.
#include "exec/subset.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <unordered_map>

#include "plan/copy_planner.h"

namespace ferry {

namespace {

// A tuple of key values as one string: each value's text with its length in
// front, so ("a:b") and ("a", "b") differ and integer 7 matches text "7"
// (SQLite keys may be either). A NULL anywhere gives "": not checked, as an
// FK with a NULL column references nothing (MATCH SIMPLE).
std::string KeyOf(const RecordBatch& batch, const std::vector<size_t>& columns, size_t row) {
  std::string out;
  for (size_t c : columns) {
    const Column& col = batch.column(c);
    if (col.IsNull(row)) return "";
    std::string v;
    switch (col.kind()) {
      case PhysicalKind::kInt64: v = std::to_string(col.Int(row)); break;
      case PhysicalKind::kDouble: {
        const double d = col.Double(row);
        char buf[40];
        if (d == std::floor(d) && std::fabs(d) < 9e15) std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(d));
        else std::snprintf(buf, sizeof buf, "%.17g", d);
        v = buf;
        break;
      }
      case PhysicalKind::kString: v = std::string(col.String(row)); break;
    }
    out += std::to_string(v.size()) + ":" + v;
  }
  return out;
}

std::string And(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return "(" + a + ") AND (" + b + ")";
}

// Batch positions of `names` among the job's source columns; false when
// one is not read.
bool BatchColumns(const TableJob& job, const std::vector<std::string>& names, std::vector<size_t>* out) {
  out->clear();
  for (const auto& n : names) {
    size_t i = 0;
    while (i < job.columns.size() && job.columns[i].source_column != n) ++i;
    if (i == job.columns.size()) return false;
    out->push_back(i);
  }
  return true;
}

}  // namespace

struct Subset::Table {
  struct Fk {
    std::vector<std::string> columns;
    size_t parent = 0;   // tables_ index
    size_t ref_set = 0;  // the parent's ref_sets index
  };
  std::string name;
  bool listed = false;
  std::string condition;
  std::vector<std::string> identity;  // the primary key; empty: rows decided by their FKs
  std::vector<Fk> fks;                // to planned tables, over columns the copy reads
  std::vector<std::vector<std::string>> ref_sets;  // column lists FKs reference here
  // Per row as read: identity, each FK's key, each ref set's key.
  std::vector<std::string> ids;
  std::vector<std::vector<std::string>> fk_keys, ref_keys;
  std::vector<std::unordered_map<std::string, std::vector<uint32_t>>> ref_index;
  std::vector<uint8_t> required, kept;
  int64_t kept_rows = 0, dropped_for_reference = 0;
  // The decision, as the stages ask it.
  std::unordered_set<std::string> kept_ids;
  std::vector<std::unordered_set<std::string>> kept_refs;

  size_t RefSet(const std::vector<std::string>& columns) {
    for (size_t i = 0; i < ref_sets.size(); ++i)
      if (ref_sets[i] == columns) return i;
    ref_sets.push_back(columns);
    return ref_sets.size() - 1;
  }
  bool AnyKept(size_t ref_set, const std::string& key) const {
    auto it = ref_index[ref_set].find(key);
    if (it == ref_index[ref_set].end()) return false;
    for (uint32_t r : it->second)
      if (kept[r]) return true;
    return false;
  }
};

Subset::~Subset() = default;

Result<SubsetSpec> ParseSubsetSpec(std::string_view text) {
  auto parsed = ParseWhere(text);
  if (!parsed.ok())
    return Status::InvalidInput("--subset '" + std::string(text) + "': expected 'TABLE: CONDITION' in the source's SQL");
  return SubsetSpec{parsed->first, parsed->second};
}

namespace {

// Reads `columns` of `job`'s table under `where`, calling `row` for each.
Status ReadKeys(Database* source, const TableJob& job, const std::vector<std::string>& columns,
                const std::string& where, const BatchLimits& limits,
                const std::function<void(const RecordBatch&, size_t)>& row) {
  ReadSpec spec;
  spec.table = job.source_table;
  for (const auto& c : columns) spec.columns.push_back(*job.source_schema.FindColumn(c));
  spec.where = where;
  spec.limits = limits;
  auto reader = source->OpenReader(spec);
  if (!reader.ok()) return reader.status().WithContext("--subset: reading the keys of " + job.source_table);
  RecordBatch batch;
  for (;;) {
    auto more = (*reader)->Next(&batch);
    if (!more.ok()) return more.status().WithContext("--subset: reading the keys of " + job.source_table);
    if (!*more) return Status::OK();
    for (size_t r = 0; r < batch.num_rows(); ++r) row(batch, r);
  }
}

size_t IndexOf(const std::vector<std::string>& names, const std::string& n) {
  return static_cast<size_t>(std::find(names.begin(), names.end(), n) - names.begin());
}

std::vector<size_t> Positions(const std::vector<std::string>& read, const std::vector<std::string>& names) {
  std::vector<size_t> out;
  for (const auto& n : names) out.push_back(IndexOf(read, n));
  return out;
}

}  // namespace

Result<std::unique_ptr<Subset>> Subset::Compute(const std::vector<SubsetSpec>& specs, Plan* plan, Database* source,
                                                 const BatchLimits& limits) {
  std::unique_ptr<Subset> s(new Subset());
  std::vector<TableJob*> jobs;
  for (auto& job : plan->jobs) {
    if (job.from_query || s->by_name_.count(job.source_table)) continue;
    s->by_name_[job.source_table] = s->tables_.size();
    auto t = std::make_unique<Table>();
    t->name = job.source_table;
    t->identity = job.source_schema.primary_key;
    std::vector<size_t> unused;
    if (!BatchColumns(job, t->identity, &unused)) t->identity.clear();
    s->tables_.push_back(std::move(t));
    jobs.push_back(&job);
  }
  for (const auto& spec : specs) {
    auto it = s->by_name_.find(spec.table);
    if (it == s->by_name_.end())
      return Status::InvalidInput("--subset: table " + spec.table + " is not among the tables copied");
    Table& t = *s->tables_[it->second];
    t.listed = true;
    t.condition = And(t.condition, spec.condition);
  }
  // The FKs between copied tables over copied columns: the target has them.
  for (size_t i = 0; i < jobs.size(); ++i) {
    std::vector<size_t> unused;
    for (const auto& fk : jobs[i]->source_schema.foreign_keys) {
      auto p = s->by_name_.find(fk.ref_table);
      if (p == s->by_name_.end() || !BatchColumns(*jobs[i], fk.columns, &unused)) continue;
      const TableSchema& ref_schema = jobs[p->second]->source_schema;
      if (std::any_of(fk.ref_columns.begin(), fk.ref_columns.end(),
                      [&](const std::string& c) { return !ref_schema.FindColumn(c); }))
        continue;
      Table& parent = *s->tables_[p->second];
      s->tables_[i]->fks.push_back(Table::Fk{fk.columns, p->second, parent.RefSet(fk.ref_columns)});
    }
  }
  for (size_t i = 0; i < jobs.size(); ++i) FERRY_RETURN_NOT_OK(s->Load(source, jobs[i], limits, s->tables_[i].get()));
  s->Decide();
  return s;
}


Status Subset::Load(Database* source, TableJob* job, const BatchLimits& limits, Table* t) {
  std::vector<std::string> read = t->identity;
  auto add = [&](const std::vector<std::string>& names) {
    for (const auto& n : names)
      if (IndexOf(read, n) == read.size()) read.push_back(n);
  };
  for (const auto& fk : t->fks) add(fk.columns);
  for (const auto& rs : t->ref_sets) add(rs);
  if (read.empty()) read.push_back(job->columns.front().source_column);  // only the rows are counted
  const std::vector<size_t> id_at = Positions(read, t->identity);
  std::unordered_set<std::string> seeds;
  std::string where = job->where;
  if (t->listed && !t->identity.empty()) {
    FERRY_RETURN_NOT_OK(ReadKeys(source, *job, t->identity, And(job->where, t->condition), limits,
                                 [&](const RecordBatch& b, size_t r) { seeds.insert(KeyOf(b, id_at, r)); }));
  } else if (t->listed) {
    // No key to tell its rows apart: only the matching rows are read, and copied.
    where = job->where = And(job->where, t->condition);
  }
  std::vector<std::vector<size_t>> fk_at, ref_at;
  for (const auto& fk : t->fks) fk_at.push_back(Positions(read, fk.columns));
  for (const auto& rs : t->ref_sets) ref_at.push_back(Positions(read, rs));
  t->fk_keys.resize(t->fks.size());
  t->ref_keys.resize(t->ref_sets.size());
  t->ref_index.resize(t->ref_sets.size());
  return ReadKeys(source, *job, read, where, limits, [&](const RecordBatch& b, size_t r) {
    const auto row = static_cast<uint32_t>(t->required.size());
    bool seed = t->listed;
    if (!t->identity.empty()) {
      t->ids.push_back(KeyOf(b, id_at, r));
      seed = t->listed && seeds.count(t->ids.back()) > 0;
    }
    t->required.push_back(seed ? 1 : 0);
    for (size_t f = 0; f < fk_at.size(); ++f) t->fk_keys[f].push_back(KeyOf(b, fk_at[f], r));
    for (size_t k = 0; k < ref_at.size(); ++k) {
      t->ref_keys[k].push_back(KeyOf(b, ref_at[k], r));
      if (!t->ref_keys[k].back().empty()) t->ref_index[k][t->ref_keys[k].back()].push_back(row);
    }
  });
}

void Subset::Decide() {
  // Upward: every row a required row references is required, through any table.
  std::vector<std::pair<size_t, uint32_t>> queue;
  for (size_t ti = 0; ti < tables_.size(); ++ti)
    for (uint32_t r = 0; r < tables_[ti]->required.size(); ++r)
      if (tables_[ti]->required[r]) queue.emplace_back(ti, r);
  while (!queue.empty()) {
    auto [ti, r] = queue.back();
    queue.pop_back();
    const Table& t = *tables_[ti];
    for (size_t f = 0; f < t.fks.size(); ++f) {
      const std::string& key = t.fk_keys[f][r];
      if (key.empty()) continue;
      Table& p = *tables_[t.fks[f].parent];
      auto it = p.ref_index[t.fks[f].ref_set].find(key);
      if (it == p.ref_index[t.fks[f].ref_set].end()) continue;
      for (uint32_t pr : it->second)
        if (!p.required[pr]) {
          p.required[pr] = 1;
          queue.emplace_back(t.fks[f].parent, pr);
        }
    }
  }
  // Kept: a listed table's required rows, every row of the others.
  for (auto& t : tables_) {
    t->kept.resize(t->required.size());
    for (size_t r = 0; r < t->kept.size(); ++r) t->kept[r] = !t->listed || t->required[r];
  }
  // Downward, to a fixpoint: a row whose FK points at a row not kept goes.
  for (bool changed = true; changed;) {
    changed = false;
    for (auto& t : tables_)
      for (size_t r = 0; r < t->kept.size(); ++r) {
        if (!t->kept[r]) continue;
        for (size_t f = 0; f < t->fks.size(); ++f) {
          const std::string& key = t->fk_keys[f][r];
          if (key.empty() || tables_[t->fks[f].parent]->AnyKept(t->fks[f].ref_set, key)) continue;
          t->kept[r] = 0;
          ++t->dropped_for_reference;
          changed = true;
          break;
        }
      }
  }
  for (auto& t : tables_) {
    t->kept_refs.resize(t->ref_sets.size());
    for (size_t r = 0; r < t->kept.size(); ++r) {
      if (!t->kept[r]) continue;
      ++t->kept_rows;
      if (!t->identity.empty()) t->kept_ids.insert(t->ids[r]);
      for (size_t k = 0; k < t->ref_sets.size(); ++k)
        if (!t->ref_keys[k][r].empty()) t->kept_refs[k].insert(t->ref_keys[k][r]);
    }
    // What the stages ask is kept; the rows themselves are not needed any more.
    t->ids = {};
    t->fk_keys = {};
    t->ref_keys = {};
    t->ref_index = {};
    t->required = {};
  }
}

namespace {

// Keeps the rows the subset decided: by primary key where the table has
// one, else by checking each FK's value against the parent's kept keys.
class SubsetStage : public Stage {
 public:
  struct FkCheck {
    std::vector<size_t> columns;
    const std::unordered_set<std::string>* parent_keys;
  };
  SubsetStage(std::vector<size_t> id_columns, const std::unordered_set<std::string>* kept_ids,
              std::vector<FkCheck> fks)
      : id_columns_(std::move(id_columns)), kept_ids_(kept_ids), fks_(std::move(fks)) {}
  std::string_view name() const override { return "subset"; }
  Status Process(InFlight* b) override {
    const RecordBatch& batch = *b->batch;
    std::vector<bool> drop(batch.num_rows(), false);
    for (size_t r = 0; r < batch.num_rows(); ++r) drop[r] = !Keeps(batch, r);
    b->DropRows(drop);
    return Status::OK();
  }

 private:
  bool Keeps(const RecordBatch& batch, size_t r) const {
    if (kept_ids_) return kept_ids_->count(KeyOf(batch, id_columns_, r)) > 0;
    for (const auto& fk : fks_) {
      std::string key = KeyOf(batch, fk.columns, r);
      if (!key.empty() && !fk.parent_keys->count(key)) return false;
    }
    return true;
  }
  std::vector<size_t> id_columns_;
  const std::unordered_set<std::string>* kept_ids_;  // null: decided by FKs
  std::vector<FkCheck> fks_;
};

}  // namespace

std::unique_ptr<Stage> Subset::MakeStage(const TableJob& job) const {
  auto it = by_name_.find(job.source_table);
  if (it == by_name_.end()) return nullptr;
  const Table& t = *tables_[it->second];
  if (!t.listed && t.fks.empty()) return nullptr;
  std::vector<size_t> id_columns;
  if (!t.identity.empty() && BatchColumns(job, t.identity, &id_columns))
    return std::make_unique<SubsetStage>(std::move(id_columns), &t.kept_ids, std::vector<SubsetStage::FkCheck>{});
  // Rows without a key (or a second pass reading only some columns): by FK.
  std::vector<SubsetStage::FkCheck> fks;
  for (const auto& fk : t.fks) {
    SubsetStage::FkCheck check;
    if (!BatchColumns(job, fk.columns, &check.columns)) continue;
    check.parent_keys = &tables_[fk.parent]->kept_refs[fk.ref_set];
    fks.push_back(std::move(check));
  }
  if (fks.empty()) return nullptr;
  return std::make_unique<SubsetStage>(std::vector<size_t>{}, nullptr, std::move(fks));
}

std::vector<std::string> Subset::Notes() const {
  std::vector<std::string> notes;
  for (const auto& t : tables_) {
    if (t->listed)
      notes.push_back("subset: " + t->name + " keeps " + std::to_string(t->kept_rows) + " of " +
                      std::to_string(t->kept.size()) + " row(s) (" + t->condition +
                      (t->identity.empty() ? "" : ", and the rows kept rows reference") + ")");
    if (t->dropped_for_reference > 0)
      notes.push_back("subset: " + t->name + ": " + std::to_string(t->dropped_for_reference) +
                      " row(s) dropped: they reference rows outside the subset");
  }
  return notes;
}

}  // namespace ferry
