// Value conversion between logical types, column-wise, in place on a batch.
// The executor converts each batch from the reader's types to the target's
// (data-only loads, cast rules); columns whose types already agree are not
// touched. A value that cannot be converted exactly becomes NULL and a
// RowIssue (kReject) on the batch: nothing is rounded, truncated or wrapped
// silently. Pure functions; thread-safe.
#pragma once

#include <vector>

#include "core/record_batch.h"
#include "plan/plan.h"

namespace ferry {

// True when values of `from` reach `to` without any conversion work.
bool SameRepresentation(const LogicalType& from, const LogicalType& to);

// Converts the columns of `batch` (fields in mapping order, source types)
// to the mappings' target types. Afterwards the batch's fields carry the
// target column names and types. Issues are appended to batch->issues().
void ConvertBatch(const std::vector<ColumnMapping>& mappings, RecordBatch* batch);

// Whether a conversion from -> to exists at all (checked at plan time, so a
// run does not start only to reject every row).
Status CheckConvertible(const LogicalType& from, const LogicalType& to, CastFunction fn);

// Renders one value as text the way reject files and verify show it.
std::string ValueToText(const Column& column, size_t row);

}  // namespace ferry
