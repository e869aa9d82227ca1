// TableMapping: how one source table lands in the target under a plan file
// (docs/plans.md): its target name, renamed columns, and the columns left
// out. `ferry run` builds its copy from these and `ferry verify --plan`
// compares in the same terms, so a renamed table or column is compared with
// what it became. A table without a mapping keeps its name and columns.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

namespace ferry {

struct TableMapping {
  std::string source_table;
  std::string target_table;                    // "" = the source's name
  std::map<std::string, std::string> columns;  // source column -> target column
  std::set<std::string> drop_columns;          // source columns not copied

  std::string TargetTable() const { return target_table.empty() ? source_table : target_table; }
  std::string TargetColumn(const std::string& source_column) const {
    auto it = columns.find(source_column);
    return it == columns.end() ? source_column : it->second;
  }
  bool Drops(const std::string& source_column) const { return drop_columns.count(source_column) > 0; }
};

// The mapping of `source_table`, or nullptr.
inline const TableMapping* FindMapping(const std::vector<TableMapping>& mappings, const std::string& source_table) {
  for (const auto& m : mappings)
    if (m.source_table == source_table) return &m;
  return nullptr;
}

}  // namespace ferry
