// Which columns of a Plan are masked and how (`--mask`, docs/backup.md "Dev
// clones"). Resolving happens on the main thread before anything is written,
// so every refusal (unknown table, column or rule; a rule the column's type
// or nullability cannot take; a rule that would break a key) comes first.
//
// Keys stay joinable: a column linked to a masked one by a foreign key (the
// FK columns referencing a masked key, or the key an FK column that is
// masked references) gets the same rule, and integers hash into the
// narrowest type of the linked columns, so both sides map each value alike.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/result.h"
#include "exec/mask.h"
#include "plan/plan.h"

namespace ferry {

struct ColumnMask {
  std::string column;  // source column
  MaskRule rule = MaskRule::kNull;
  std::string fixed;
  LogicalType hash_type;  // integers under kHash: the range they map into
  std::string follows;    // "users.id" when set because an FK links it to that masked column
};

struct MaskPlan {
  std::map<std::string, std::vector<ColumnMask>> tables;  // by source table
  // "users.email=email", "orders.user_id=hash (follows users.id: ...)".
  std::vector<std::string> Describe() const;
};

// A spec names a table by its source or target name, and a column by its
// source name.
Result<MaskPlan> PlanMasks(const std::vector<MaskSpec>& specs, const Plan& plan);

}  // namespace ferry
