#include "plan/index_names.h"

#include <cstdio>
#include <map>
#include <set>

#include "plan/copy_planner.h"

namespace ferry {

namespace {

using IndexNames = SinkCapabilities::IndexNames;

// Engines compare these names without case (SQLite, DuckDB, MySQL), so
// ferry does too: a rename PostgreSQL would not have needed is harmless.
std::string Key(std::string_view name) {
  std::string out(name);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool StartsWithNoCase(const std::string& s, const std::string& prefix) {
  return !prefix.empty() && s.size() >= prefix.size() && Key(s.substr(0, prefix.size())) == Key(prefix);
}

// The index the plan creates: a unique index over exactly the primary key
// is the key itself (schema_steps.cc leaves it out).
bool Created(const TableSchema& t, const IndexSchema& idx) { return !t.IsPrimaryKeyIndex(idx); }

// Why `name` cannot stay as it is on the target, or "" when it can.
struct Namespace {
  const SinkCapabilities& caps;
  std::string engine;
  std::set<std::string> tables;                // kWithTables: names of every table on the target
  std::set<std::string> implicit;              // names the engine makes itself
  std::set<std::string> existing;              // indexes of tables the plan leaves alone
  std::map<std::string, int> uses;             // source index names per schema (kPer*Schema)

  std::string Conflict(const std::string& name) const {
    const std::string k = Key(name);
    if (name.empty()) return "it has no name";
    if (StartsWithNoCase(name, caps.reserved_name_prefix))
      return engine + " keeps names starting with " + caps.reserved_name_prefix + " for itself";
    if (caps.max_identifier_bytes > 0 && name.size() > static_cast<size_t>(caps.max_identifier_bytes))
      return engine + " names are at most " + std::to_string(caps.max_identifier_bytes) + " bytes";
    if (caps.index_names == IndexNames::kPerTable) return "";
    if (tables.count(k)) return "index names share one namespace with table names on " + engine;
    if (implicit.count(k)) return engine + " gives that name to an object it makes itself";
    if (existing.count(k)) return "the target already has an index of that name";
    auto u = uses.find(k);
    if (u != uses.end() && u->second > 1)
      return "index names are per schema on " + engine + " and " + std::to_string(u->second) +
             " indexes are called so";
    return "";
  }
};

}  // namespace

std::string GeneratedIndexName(const std::string& table, const IndexSchema& index) {
  std::string name = table;
  for (const auto& c : index.columns) name += "_" + c;
  return name + (index.unique ? "_key" : "_idx");
}

std::string FitIdentifier(const std::string& name, int max_bytes) {
  if (max_bytes <= 0 || name.size() <= static_cast<size_t>(max_bytes)) return name;
  uint32_t h = 2166136261u;  // FNV-1a: stable across runs and builds
  for (unsigned char c : name) h = (h ^ c) * 16777619u;
  char suffix[10];
  std::snprintf(suffix, sizeof suffix, "_%08x", h);
  size_t keep = static_cast<size_t>(max_bytes) - 9;
  while (keep > 0 && (static_cast<unsigned char>(name[keep]) & 0xC0) == 0x80) --keep;  // not inside a character
  return name.substr(0, keep) + suffix;
}

void NameIndexes(const Sink& sink, const Catalog& target, Plan* plan, std::vector<std::string>* notes) {
  const SinkCapabilities& caps = sink.capabilities();
  if (!caps.indexes || plan->mode == SchemaMode::kDataOnly) return;
  Namespace ns{caps, std::string(sink.dialect().name())};
  std::set<std::string> planned;
  for (const auto& job : plan->jobs) planned.insert(Key(job.target_table));
  if (caps.index_names == IndexNames::kWithTables) {
    for (const auto& job : plan->jobs) ns.tables.insert(Key(job.target_table));
    for (const auto& t : target.tables) ns.tables.insert(Key(t.name));
    ns.tables.insert(kCheckpointTable);  // made in the target by a run (exec/checkpoint.h)
  }
  for (const auto& job : plan->jobs)
    for (const auto& n : sink.dialect().ImplicitNames(job.target_schema)) ns.implicit.insert(Key(n));
  for (const auto& t : target.tables) {
    if (planned.count(Key(t.name))) continue;  // replaced, or made by the interrupted run of this plan
    for (const auto& idx : t.indexes) ns.existing.insert(Key(idx.name));
  }
  if (caps.index_names != IndexNames::kPerTable)
    for (const auto& job : plan->jobs)
      for (const auto& idx : job.target_schema.indexes)
        if (Created(job.target_schema, idx) && !idx.name.empty()) ++ns.uses[Key(idx.name)];

  // Names that stay are taken first, so a generated name never displaces
  // one the source chose. Per-table targets keep a set per table.
  std::map<std::string, std::set<std::string>> taken;  // scope ("" = schema) -> names
  auto scope = [&](const std::string& table) { return caps.index_names == IndexNames::kPerTable ? Key(table) : ""; };
  std::vector<std::vector<std::string>> conflicts(plan->jobs.size());
  for (size_t j = 0; j < plan->jobs.size(); ++j) {
    const TableSchema& t = plan->jobs[j].target_schema;
    auto& names = taken[scope(t.name)];
    if (caps.index_names == IndexNames::kPerTable) names.insert("primary");
    for (const auto& idx : t.indexes) {
      std::string why = Created(t, idx) ? ns.Conflict(idx.name) : "";
      // Within one table (or one schema) the second of two equal names moves.
      if (why.empty() && Created(t, idx) && names.count(Key(idx.name))) why = "the name is taken";
      if (why.empty() && Created(t, idx)) names.insert(Key(idx.name));
      conflicts[j].push_back(why);
    }
  }
  auto free = [&](const std::string& s, const std::string& name) {
    return !taken[s].count(Key(name)) && ns.Conflict(name).empty();
  };
  for (size_t j = 0; j < plan->jobs.size(); ++j) {
    TableSchema& t = plan->jobs[j].target_schema;
    const std::string s = scope(t.name);
    for (size_t i = 0; i < t.indexes.size(); ++i) {
      const std::string& why = conflicts[j][i];
      if (why.empty()) continue;
      IndexSchema& idx = t.indexes[i];
      // One name on several tables: "<table>_<name>" keeps the source's name
      // readable; otherwise the name PostgreSQL would give it.
      const bool shared = !idx.name.empty() && ns.uses.count(Key(idx.name)) && ns.uses.at(Key(idx.name)) > 1 &&
                          !StartsWithNoCase(idx.name, t.name + "_");
      std::string base = FitIdentifier(shared ? t.name + "_" + idx.name : GeneratedIndexName(t.name, idx),
                                       caps.max_identifier_bytes);
      std::string name = base;
      for (int n = 2; !free(s, name); ++n)
        name = FitIdentifier(base + "_" + std::to_string(n), caps.max_identifier_bytes);
      taken[s].insert(Key(name));
      if (!idx.name.empty())
        notes->push_back(t.name + ": index " + idx.name + " renamed " + name + " (" + why + ")");
      idx.name = name;
    }
  }
}

}  // namespace ferry
