// The SQL functions ferry adds to DuckDB for plan transforms (docs/plans.md,
// "Functions"):
//   uuid_v5(namespace, name)  deterministic UUID (RFC 9562 §5.5): the same
//                             name gives the same id on every run; namespace
//                             is a UUID or 'dns', 'url', 'oid', 'x500'
//   sip_user(uri), sip_host(uri), sip_params(uri) -> VARCHAR
//   sip_port(uri) -> INTEGER  parts of a sip:/sips:/tel: URI, display names
//                             and <angle brackets> understood (core/sip_uri.h);
//                             NULL when the text holds no such URI
// NULL in gives NULL out. Pure and deterministic.
#pragma once

#include <duckdb.h>

#include "core/status.h"

namespace ferry::transform {

Status RegisterSqlFunctions(duckdb_connection con);

}  // namespace ferry::transform
