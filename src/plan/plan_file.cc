#include "plan/plan_file.h"

#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "core/bool_text.h"

namespace ferry {

namespace {

// "plan.yaml:12: " for a node.
std::string Where(const std::string& origin, const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  return origin + (mark.line >= 0 ? ":" + std::to_string(mark.line + 1) : "") + ": ";
}

Status Bad(const std::string& origin, const YAML::Node& node, const std::string& what) {
  return Status::InvalidInput(Where(origin, node) + what);
}

Status OnlyKeys(const std::string& origin, const YAML::Node& map, const std::set<std::string>& allowed,
                const std::string& context) {
  for (const auto& kv : map) {
    const std::string key = kv.first.as<std::string>();
    if (!allowed.count(key)) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      return Bad(origin, kv.first, "unknown key '" + key + "' in " + context + " (known: " + list + ")");
    }
  }
  return Status::OK();
}

Result<std::string> Scalar(const std::string& origin, const YAML::Node& node, const std::string& what) {
  if (!node.IsScalar()) return Bad(origin, node, what + " must be a single value");
  return node.as<std::string>();
}

Result<std::vector<std::string>> Names(const std::string& origin, const YAML::Node& node, const std::string& what) {
  std::vector<std::string> out;
  if (node.IsScalar()) {
    out.push_back(node.as<std::string>());
    return out;
  }
  if (!node.IsSequence()) return Bad(origin, node, what + " must be a name or a list of names");
  for (const auto& item : node) {
    FERRY_ASSIGN_OR_RETURN(std::string name, Scalar(origin, item, what));
    out.push_back(name);
  }
  return out;
}

// One scalar with each ${NAME} replaced by its value; "$${" stays a
// literal "${". `where` ("plan.yaml:12: ") prefixes errors.
Result<std::string> Substitute(const std::string& text, const std::string& where,
                               const std::map<std::string, std::string>& sets) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 3, "$${") == 0) {
      out += "${";
      i += 2;
      continue;
    }
    if (text.compare(i, 2, "${") != 0) {
      out += text[i];
      continue;
    }
    size_t end = text.find('}', i);
    if (end == std::string::npos) return Status::InvalidInput(where + "'${' without its '}'");
    std::string name = text.substr(i + 2, end - i - 2);
    if (auto it = sets.find(name); it != sets.end()) {
      out += it->second;
    } else if (const char* env = std::getenv(name.c_str())) {
      out += env;
    } else {
      return Status::InvalidInput(where + "${" + name + "} is not set (give --set " + name +
                                  "=VALUE or set it in the environment)");
    }
    i = end;
  }
  return out;
}

using Replacements = std::vector<std::pair<YAML::Node, std::string>>;

// Collects the substituted text of every scalar under `node` (map keys
// included) without changing the tree yet: an alias visits its anchor's
// node a second time, and must still see the original text.
Status CollectSubstitutions(const YAML::Node& node, const std::string& origin,
                            const std::map<std::string, std::string>& sets, Replacements* out) {
  if (node.IsScalar()) {
    const std::string& text = node.Scalar();
    if (text.find("${") == std::string::npos) return Status::OK();
    FERRY_ASSIGN_OR_RETURN(std::string value, Substitute(text, Where(origin, node), sets));
    out->emplace_back(node, std::move(value));
  } else if (node.IsSequence()) {
    for (const auto& item : node) FERRY_RETURN_NOT_OK(CollectSubstitutions(item, origin, sets, out));
  } else if (node.IsMap()) {
    for (const auto& kv : node) {
      FERRY_RETURN_NOT_OK(CollectSubstitutions(kv.first, origin, sets, out));
      FERRY_RETURN_NOT_OK(CollectSubstitutions(kv.second, origin, sets, out));
    }
  }
  return Status::OK();
}

// ${NAME} substituted into the parsed scalars, never into the YAML text: a
// value holding YAML's own characters (" # : ' { } [ ] and newlines) stays
// one string and cannot change the document around it.
Status SubstituteScalars(const YAML::Node& root, const std::string& origin,
                         const std::map<std::string, std::string>& sets) {
  Replacements replacements;
  FERRY_RETURN_NOT_OK(CollectSubstitutions(root, origin, sets, &replacements));
  for (auto& [node, value] : replacements) node = value;
  return Status::OK();
}

// Variables are filled after parsing, so YAML reads "${NAME}" itself: in a
// [...] or {...} its braces end the collection unless it is quoted.
std::string UnquotedNameHint(const std::string& raw, int line) {
  std::istringstream lines(raw);
  std::string text;
  for (int i = 0; i <= line; ++i)
    if (!std::getline(lines, text)) return "";
  if (text.find("${") == std::string::npos) return "";
  return " (inside [...] and {...} write ${NAME} in quotes: [\"${NAME}\"])";
}

// A table name as a --tables glob that matches only itself.
std::string ExactGlob(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// A `sql:` entry: a target table fed by a query (docs/plans.md). `nth` is
// its place among the entries feeding the same table, for its default name.
Result<TransformEntry> ParseSqlEntry(const std::string& origin, const YAML::Node& t, int nth) {
  FERRY_RETURN_NOT_OK(OnlyKeys(origin, t, {"name", "sql", "to", "key", "on_conflict", "where"}, "an sql: entry"));
  TransformEntry entry;
  entry.origin = Where(origin, t["sql"]);
  entry.origin.resize(entry.origin.size() - 2);  // "plan.yaml:12"
  FERRY_ASSIGN_OR_RETURN(entry.sql, Scalar(origin, t["sql"], "sql"));
  if (entry.sql.find_first_not_of(" \t\r\n;") == std::string::npos) return Bad(origin, t["sql"], "sql: is empty");
  if (!t["to"]) return Bad(origin, t, "an sql: entry needs to: (the target table it feeds)");
  FERRY_ASSIGN_OR_RETURN(entry.target_table, Scalar(origin, t["to"], "to"));
  if (const auto& name = t["name"]) {
    FERRY_ASSIGN_OR_RETURN(entry.name, Scalar(origin, name, "name"));
  } else {
    entry.name = "sql:" + entry.target_table + (nth > 1 ? "#" + std::to_string(nth) : "");
  }
  if (const auto& key = t["key"]) {
    FERRY_ASSIGN_OR_RETURN(entry.key, Names(origin, key, "key"));
  }
  if (const auto& c = t["on_conflict"]) {
    FERRY_ASSIGN_OR_RETURN(std::string mode, Scalar(origin, c, "on_conflict"));
    auto parsed = ParseConflictMode(mode);
    if (!parsed.ok()) return Bad(origin, c, parsed.status().message());
    entry.on_conflict = *parsed;
  }
  return entry;
}

}  // namespace

Result<PlanFile> ParsePlanFile(const std::string& raw, const std::string& origin,
                               const std::map<std::string, std::string>& sets) {
  YAML::Node root;
  try {
    root = YAML::Load(raw);
  } catch (const YAML::Exception& e) {
    return Status::InvalidInput(origin + ":" + std::to_string(e.mark.line + 1) + ": not valid YAML: " + e.msg +
                                UnquotedNameHint(raw, e.mark.line));
  }
  FERRY_RETURN_NOT_OK(SubstituteScalars(root, origin, sets));
  if (!root.IsMap()) return Status::InvalidInput(origin + ": a plan is a YAML mapping (source:, target:, tables:)");
  FERRY_RETURN_NOT_OK(
      OnlyKeys(origin, root, {"source", "target", "mode", "truncate", "on_conflict", "tables"}, "the plan"));
  PlanFile plan;
  try {
    if (root["source"]) {
      FERRY_ASSIGN_OR_RETURN(plan.source, Scalar(origin, root["source"], "source"));
    }
    if (root["target"]) {
      FERRY_ASSIGN_OR_RETURN(plan.target, Scalar(origin, root["target"], "target"));
    }
    if (const auto& mode = root["mode"]) {
      FERRY_ASSIGN_OR_RETURN(std::string m, Scalar(origin, mode, "mode"));
      if (m == "create") plan.options.mode = SchemaMode::kCreate;
      else if (m == "data-only") plan.options.mode = SchemaMode::kDataOnly;
      else return Bad(origin, mode, "mode '" + m + "': expected create or data-only");
    }
    if (const auto& t = root["truncate"]) {
      std::optional<bool> b = t.IsScalar() ? ParseBool(t.Scalar()) : std::nullopt;
      if (!b) return Bad(origin, t, "truncate must be true or false");
      plan.options.truncate = *b;
    }
    if (const auto& c = root["on_conflict"]) {
      FERRY_ASSIGN_OR_RETURN(std::string mode, Scalar(origin, c, "on_conflict"));
      auto parsed = ParseConflictMode(mode);
      if (!parsed.ok()) return Bad(origin, c, parsed.status().message());
      plan.options.on_conflict = *parsed;
    }
    const YAML::Node tables = root["tables"];
    if (!tables || !tables.IsSequence() || tables.size() == 0)
      return Status::InvalidInput(origin + ": the plan needs a list of tables (tables: - from: NAME ... or - sql: ... to: NAME)");
    std::set<std::string> seen_from, seen_to, sql_targets;
    std::map<std::string, int> sql_count;
    for (const auto& t : tables) {
      if (!t.IsMap()) return Bad(origin, t, "each entry of tables is a mapping with from: or sql:");
      if (t["sql"]) {
        FERRY_ASSIGN_OR_RETURN(TransformEntry entry, ParseSqlEntry(origin, t, ++sql_count[t["to"] ? t["to"].Scalar() : ""]));
        if (!seen_from.insert(entry.name).second)
          return Bad(origin, t, "the name " + entry.name + " is used twice (give each entry its own name:)");
        if (seen_to.count(entry.target_table))
          return Bad(origin, t, "table " + entry.target_table + " is fed by a from: entry and an sql: entry");
        sql_targets.insert(entry.target_table);
        if (const auto& where = t["where"]) {
          FERRY_ASSIGN_OR_RETURN(std::string cond, Scalar(origin, where, "where"));
          plan.options.where.emplace_back(ExactGlob(entry.name), cond);
        }
        plan.options.mappings.push_back(TableMapping{entry.name, entry.target_table, {}, {}});
        plan.options.transforms.push_back(std::move(entry));
        continue;
      }
      FERRY_RETURN_NOT_OK(OnlyKeys(origin, t, {"from", "to", "columns", "drop", "where", "key"}, "a table"));
      if (!t["from"]) return Bad(origin, t, "a table without from: (the source table) or sql: (a query)");
      TableMapping m;
      FERRY_ASSIGN_OR_RETURN(m.source_table, Scalar(origin, t["from"], "from"));
      if (t["to"]) {
        FERRY_ASSIGN_OR_RETURN(m.target_table, Scalar(origin, t["to"], "to"));
      }
      if (!seen_from.insert(m.source_table).second)
        return Bad(origin, t["from"], "table " + m.source_table + " is listed twice");
      if (!seen_to.insert(m.TargetTable()).second || sql_targets.count(m.TargetTable()))
        return Bad(origin, t, "two tables would land in " + m.TargetTable() +
                              " (several sql: entries may feed one table; from: entries may not)");
      if (const auto& cols = t["columns"]) {
        if (!cols.IsMap()) return Bad(origin, cols, "columns must map source names to target names");
        std::set<std::string> targets;
        for (const auto& kv : cols) {
          FERRY_ASSIGN_OR_RETURN(std::string from, Scalar(origin, kv.first, "a column name"));
          FERRY_ASSIGN_OR_RETURN(std::string to, Scalar(origin, kv.second, "a column name"));
          if (!targets.insert(to).second) return Bad(origin, kv.second, "two columns would be named " + to);
          m.columns[from] = to;
        }
      }
      if (const auto& drop = t["drop"]) {
        FERRY_ASSIGN_OR_RETURN(auto names, Names(origin, drop, "drop"));
        m.drop_columns.insert(names.begin(), names.end());
        for (const auto& d : names)
          if (m.columns.count(d)) return Bad(origin, drop, "column " + d + " is both renamed and dropped");
      }
      if (const auto& where = t["where"]) {
        FERRY_ASSIGN_OR_RETURN(std::string cond, Scalar(origin, where, "where"));
        plan.options.where.emplace_back(ExactGlob(m.source_table), cond);
      }
      if (const auto& key = t["key"]) {
        FERRY_ASSIGN_OR_RETURN(auto names, Names(origin, key, "key"));
        plan.options.keys.emplace_back(m.TargetTable(), names);
      }
      plan.options.tables.push_back(ExactGlob(m.source_table));
      plan.options.mappings.push_back(std::move(m));
    }
  } catch (const YAML::Exception& e) {
    return Status::InvalidInput(origin + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  return plan;
}

Result<PlanFile> LoadPlanFile(const std::string& path, const std::map<std::string, std::string>& sets) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot read plan file " + path);
  std::stringstream text;
  text << in.rdbuf();
  return ParsePlanFile(text.str(), path, sets);
}

}  // namespace ferry
