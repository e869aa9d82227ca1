// The PostgreSQL engine: OpenPostgres connects to the URI's database and
// works in one schema (URI param `schema`, default public). A source
// (kReadOnly) holds a REPEATABLE READ READ ONLY transaction for its whole
// life and exports its snapshot; every reader it opens imports it, so all
// parallel readers and introspection see one consistent state.
#pragma once

#include <memory>

#include "engines/engine.h"

namespace ferry::postgres {

Result<std::unique_ptr<Database>> OpenPostgres(const Uri& uri, AccessMode mode);

}  // namespace ferry::postgres
