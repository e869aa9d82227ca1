// Introspection of one DuckDB schema through duckdb_tables(), duckdb_columns(),
// duckdb_constraints() and duckdb_indexes(), plus the native -> logical type
// table. Pure reads on the caller's Session; main thread.
#pragma once

#include <string>

#include "core/result.h"
#include "core/schema.h"
#include "engines/duckdb/session.h"

namespace ferry::duckdb {

// Maps DuckDB's data_type spelling ("DECIMAL(10,2)", "ENUM('a', 'b')",
// "INTEGER[]", "TIMESTAMP WITH TIME ZONE") to a logical type. Nested types
// (LIST, STRUCT, MAP, UNION, ARRAY) become json; other scalars without a
// logical twin (BIT, BIGNUM, TIME WITH TIME ZONE) become text.
LogicalType LogicalFromNative(const std::string& data_type);

// True when values of this native type are read as to_json(col).
bool IsNestedNative(const std::string& data_type);

// Fills `column` default and auto_increment from DuckDB's column_default text.
void ParseDefault(const std::string& text, ColumnSchema* column);

Result<Catalog> IntrospectSchema(const Session& session, const std::string& schema);

}  // namespace ferry::duckdb
