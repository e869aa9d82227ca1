// SchemaSteps: the schema operations a Plan needs around its data, for one
// sink's capabilities. Pre-data: drop and create the tables (keys and FKs
// inline where the sink takes them only there), or empty them for a
// data-only reload. Post-data: primary keys, indexes (as the planner named
// them, plan/index_names.h), foreign keys where the sink adds them after
// the data.
// Pure: the same Plan and capabilities give the same steps, so a dry run
// prints exactly what a run does, and a resumed run counts the same steps.
#pragma once

#include <string>
#include <vector>

#include "engines/capabilities.h"
#include "engines/sink.h"
#include "plan/plan.h"

namespace ferry {

struct SchemaSteps {
  std::vector<SchemaOp> pre_data;
  std::vector<SchemaOp> post_data;
  // What the sink cannot hold as planned (an FK that closes a cycle on a
  // sink that checks inline FKs), for the summary.
  std::vector<std::string> notes;
};

SchemaSteps BuildSchemaSteps(const Plan& plan, const SinkCapabilities& capabilities);

}  // namespace ferry
