// Introspection: reads one schema's tables (relkind r and p; partitions are
// read through their parent) from pg_catalog into ferry's engine-neutral
// Catalog, and the native->logical type table. Runs on the caller's
// connection and transaction (a source's snapshot), one thread.
#pragma once

#include <string>
#include <vector>

#include "core/schema.h"
#include "core/uri.h"
#include "engines/postgres/handles.h"

namespace ferry::postgres {

Result<Catalog> IntrospectSchema(PGconn* conn, const Uri& uri, const std::string& schema,
                                 StatusCode code);

// The logical type of a column of base type `oid` with `typmod`; `typtype`
// 'e' marks a user enum whose `labels` are given. Exotic types map to text.
LogicalType MapNativeType(uint32_t oid, int32_t typmod, char typtype,
                          const std::vector<std::string>& labels);

// Classifies a pg_get_expr() default. Sets *auto_increment for nextval().
ColumnDefault ParseDefault(const std::string& expr, bool* auto_increment);

}  // namespace ferry::postgres
