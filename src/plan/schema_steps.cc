#include "plan/schema_steps.h"

#include <set>

#include "plan/index_rules.h"
#include "plan/load_order.h"

namespace ferry {

namespace {

using When = SinkCapabilities::When;

// Several jobs may feed one table (sql: entries of a plan); the first one's
// schema makes it.
std::vector<bool> FirstJobOfEachTable(const Plan& plan) {
  std::set<std::string> seen;
  std::vector<bool> first;
  for (const auto& job : plan.jobs) first.push_back(seen.insert(job.target_table).second);
  return first;
}

std::vector<SchemaOp> PreData(const Plan& plan, const SinkCapabilities& caps, std::vector<std::string>* notes) {
  std::vector<SchemaOp> ops;
  if (plan.mode == SchemaMode::kDataOnly) {
    if (!plan.truncate) return ops;
    std::vector<std::string> children_first;
    for (auto it = plan.jobs.rbegin(); it != plan.jobs.rend(); ++it) children_first.push_back(it->target_table);
    ops.push_back(SchemaOp::EmptyTables(std::move(children_first)));
    return ops;
  }
  const std::vector<bool> first = FirstJobOfEachTable(plan);
  if (plan.drop_existing)
    for (size_t j = plan.jobs.size(); j-- > 0;)
      if (first[j]) ops.push_back(SchemaOp::DropTable(plan.jobs[j].target_table));
  const bool keys_inline = caps.primary_keys == When::kInline || caps.foreign_keys == When::kInline;
  // Where inline FKs are checked as rows arrive, an FK to a table created
  // later cannot be declared, nor a self-reference that cannot load NULL
  // first (plan/load_order.h); each one left out is named.
  const bool inline_checked = caps.foreign_keys == When::kInline && caps.checks_inline_foreign_keys;
  const InlineForeignKeys inline_fks = ClassifyInlineForeignKeys(plan);
  for (size_t j = 0; j < plan.jobs.size(); ++j) {
    if (!first[j]) continue;  // the table exists by then: made for an earlier job
    TableSchema t = plan.jobs[j].target_schema;
    if (inline_checked) {
      std::vector<ForeignKeySchema> kept;
      for (size_t f = 0; f < t.foreign_keys.size(); ++f) {
        if (inline_fks.fk[j][f] != InlineFk::kLeftOut) {
          kept.push_back(t.foreign_keys[f]);
          continue;
        }
        notes->push_back(t.name + ": foreign key " + t.foreign_keys[f].name + " to " + t.foreign_keys[f].ref_table +
                         " not created: " + inline_fks.why[j][f]);
      }
      t.foreign_keys = std::move(kept);
    }
    ops.push_back(SchemaOp::CreateTable(std::move(t), keys_inline));
  }
  return ops;
}

std::vector<SchemaOp> PostData(const Plan& plan, const SinkCapabilities& caps) {
  std::vector<SchemaOp> ops;
  if (plan.mode == SchemaMode::kDataOnly) return ops;
  const std::vector<bool> first = FirstJobOfEachTable(plan);
  for (size_t j = 0; j < plan.jobs.size(); ++j) {
    if (!first[j]) continue;
    const TableSchema& t = plan.jobs[j].target_schema;
    if (caps.primary_keys == When::kAfterData && !t.primary_key.empty()) ops.push_back(SchemaOp::AddPrimaryKey(t));
    // Names are the planner's (plan/index_names.h): none collides on the sink.
    for (const IndexSchema& idx : t.indexes) {
      if (t.IsPrimaryKeyIndex(idx)) continue;
      SchemaOp op = SchemaOp::CreateIndex(t, idx);
      op.index_fallbacks = IndexFallbacks(t, idx, caps);
      op.index_optional = !idx.unique;
      ops.push_back(std::move(op));
    }
  }
  if (caps.foreign_keys == When::kAfterData)
    for (size_t j = 0; j < plan.jobs.size(); ++j)
      if (first[j])
        for (const auto& fk : plan.jobs[j].target_schema.foreign_keys)
          ops.push_back(SchemaOp::AddForeignKey(plan.jobs[j].target_schema, fk));
  return ops;
}

}  // namespace

SchemaSteps BuildSchemaSteps(const Plan& plan, const SinkCapabilities& capabilities) {
  SchemaSteps steps;
  steps.pre_data = PreData(plan, capabilities, &steps.notes);
  steps.post_data = PostData(plan, capabilities);
  return steps;
}

}  // namespace ferry
