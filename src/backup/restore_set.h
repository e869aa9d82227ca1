// What one `ferry restore FROM DST` loads, decided before anything is
// written: FROM is an archive, or a backup directory, whose newest backup
// run is restored. A run is the complete archives sharing the newest
// complete archive's time: without --all-databases, those of the same
// database (its schemas: PostgreSQL's non-public ones are archives of their
// own, "DB.SCHEMA"); with it, every database's, each into the database of
// its name on DST's server. An archive of that run left incomplete makes
// the whole restore refused, named, as a server restored without one of
// its databases is no restore; so is a damaged file in any of them (each
// archive's files are checked before the first is loaded). Main thread;
// reads archives only.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace ferry::backup {

struct RestoreItem {
  std::string archive;   // the archive folder
  std::string target;    // DST as given, naming the item's database (and ?schema=)
  std::string database;  // with --all-databases: the database to make on DST's server; else ""
};

Result<std::vector<RestoreItem>> PlanRestore(const std::string& from, const std::string& target,
                                             bool all_databases);

}  // namespace ferry::backup
