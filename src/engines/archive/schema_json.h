// A table's schema as ferry's catalog holds it (core/schema.h), as JSON and
// back: what an archive's manifest records so a restore recreates columns
// (source and logical types, nullability, defaults, auto-increment), the
// primary key, indexes and foreign keys as the source had them. The
// round trip is exact: FromJson(ToJson(t)) == t field by field. Pure.
#pragma once

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "core/schema.h"

namespace ferry::archive {

nlohmann::ordered_json TableSchemaToJson(const TableSchema& table);
// An error (kInvalidInput) names the field that is missing or malformed.
Result<TableSchema> TableSchemaFromJson(const nlohmann::ordered_json& json);

}  // namespace ferry::archive
