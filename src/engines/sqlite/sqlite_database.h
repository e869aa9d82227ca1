// The SQLite engine: a Database over one file named by the URI's path
// ("sqlite:///abs/path.db"). kReadOnly never creates or writes the file (a
// missing file is kNotFound) and refuses writers; kReadWrite creates it.
// The Database keeps one connection for introspection and statements;
// every reader and writer opens its own connection to the same file.
#pragma once

#include <memory>

#include "core/result.h"
#include "core/uri.h"
#include "engines/engine.h"

namespace ferry::sqlite {

Result<std::unique_ptr<Database>> OpenSqlite(const Uri& uri, AccessMode mode);

}  // namespace ferry::sqlite
