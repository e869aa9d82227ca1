// The Homarr recipe: what ferry must know about Homarr's schema (Drizzle,
// SQLite / MySQL / PostgreSQL) to move an instance between engines into the
// schema the new instance created. The facts are a shipped table in
// homarr.cc: which integer columns hold epoch milliseconds or seconds in
// SQLite (timestamps elsewhere), which hold booleans, which text columns
// hold SuperJSON or encrypted secrets (moved byte-exact), and the
// bookkeeping table the target keeps. Pure data; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "plan/copy_planner.h"

namespace ferry::recipes {

struct HomarrColumn {
  const char* table;
  const char* column;
  enum class Kind { kEpochMillis, kEpochSeconds, kBool, kJsonText, kSecret } kind;
};

// Every column the recipe treats specially.
const std::vector<HomarrColumn>& HomarrColumns();

// Copy options for a move: data-only into Homarr's own schema, target rows
// (the new instance's seed) replaced, cast rules from the table above.
CopyOptions HomarrMoveOptions();

// True when `value` has the shape Homarr's encryption writes: "<hex>.<hex>".
bool LooksEncrypted(std::string_view value);

}  // namespace ferry::recipes
