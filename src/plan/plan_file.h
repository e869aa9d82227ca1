// PlanFile: a migration written down (docs/plans.md). YAML:
//
//   source: sqlite:///srv/old.db          # ${NAME} comes from --set NAME=..
//   target: postgres://app@db/app         #   or the environment
//   mode: create                          # create (default) | data-only
//   truncate: false                       # data-only: empty the tables first
//   on_conflict: insert                   # insert | skip | update | replace | error
//   tables:                               # only these tables, in FK order
//     - from: subscriber
//       to: subscribers                   # default: the same name
//       columns: {username: user_name}    # renames; other columns keep theirs
//       drop: [phplib_id]                 # columns left out
//       where: "datetime_created > '2020-01-01'"   # in the source's SQL
//       key: [user_name]                  # on_conflict key (target columns)
//
// Loading checks the document's shape (unknown keys, wrong kinds, missing
// `from`) and names the line; what it names in the databases is checked
// when the copy is planned. `ferry run` and `ferry verify --plan` share it.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/result.h"
#include "plan/copy_planner.h"

namespace ferry {

struct PlanFile {
  std::string source, target;  // URIs, ${..} substituted; may hold passwords: never print
  CopyOptions options;         // tables (exact names), mappings, where, keys, mode, conflict mode
};

// Reads and checks `path`. `sets` fill ${NAME} inside the parsed values
// (keys too), never in the YAML text, so a value arrives verbatim whatever
// it holds (quotes, '#', ': ', newlines). A name not set there is taken from
// the environment, and one in neither is an error naming the line.
Result<PlanFile> LoadPlanFile(const std::string& path, const std::map<std::string, std::string>& sets);

// The same, from text (`origin` names it in errors).
Result<PlanFile> ParsePlanFile(const std::string& text, const std::string& origin,
                               const std::map<std::string, std::string>& sets);

}  // namespace ferry
