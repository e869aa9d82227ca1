#include "plan/copy_planner.h"

#include <strings.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/fk_order.h"
#include "core/glob.h"
#include "core/temporal.h"
#include "exec/convert.h"
#include "plan/index_names.h"
#include "plan/index_rules.h"
#include "plan/load_order.h"
#include "plan/schema_steps.h"

namespace ferry {

namespace {

std::string JoinNames(const std::vector<std::string>& names, size_t max = 12) {
  std::string out;
  for (size_t i = 0; i < names.size() && i < max; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > max) out += ", ... (" + std::to_string(names.size()) + " in all)";
  return out;
}

const ColumnSchema* FindColumnLoose(const TableSchema& t, const std::string& name) {
  if (auto* c = t.FindColumn(name)) return c;
  for (const auto& c : t.columns)
    if (strcasecmp(c.name.c_str(), name.c_str()) == 0) return &c;
  return nullptr;
}

const TableSchema* FindTableLoose(const Catalog& cat, const std::string& name) {
  if (auto* t = cat.FindTable(name)) return t;
  for (const auto& t : cat.tables)
    if (strcasecmp(t.name.c_str(), name.c_str()) == 0) return &t;
  return nullptr;
}

}  // namespace

Result<std::pair<std::string, std::string>> ParseWhere(std::string_view text) {
  auto colon = text.find(':');
  if (colon == std::string_view::npos)
    return Status::InvalidInput("--where '" + std::string(text) +
                                "': expected 'TABLE: CONDITION' (TABLE may be a glob, '*' for all)");
  auto trim = [](std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return std::string(s);
  };
  std::string table = trim(text.substr(0, colon)), cond = trim(text.substr(colon + 1));
  if (table.empty() || cond.empty())
    return Status::InvalidInput("--where '" + std::string(text) + "': table and condition must not be empty");
  return std::make_pair(table, cond);
}

Result<std::pair<std::string, std::vector<std::string>>> ParseKey(std::string_view text) {
  auto eq = text.find('=');
  std::pair<std::string, std::vector<std::string>> out;
  if (eq != std::string_view::npos) {
    out.first = std::string(text.substr(0, eq));
    std::string_view cols = text.substr(eq + 1);
    while (!cols.empty()) {
      auto comma = cols.find(',');
      std::string_view c = cols.substr(0, comma);
      while (!c.empty() && c.front() == ' ') c.remove_prefix(1);
      while (!c.empty() && c.back() == ' ') c.remove_suffix(1);
      if (!c.empty()) out.second.emplace_back(c);
      if (comma == std::string_view::npos) break;
      cols.remove_prefix(comma + 1);
    }
  }
  if (out.first.empty() || out.second.empty())
    return Status::InvalidInput("--key '" + std::string(text) +
                                "': expected 'TABLE=COLUMN[,COLUMN...]' (TABLE may be a glob, '*' for all)");
  return out;
}

void CopyOptions::DropTransforms(const std::function<bool(const TransformEntry&)>& drop) {
  std::set<std::string> dropped;
  for (const auto& e : transforms)
    if (drop(e)) dropped.insert(e.name);
  std::erase_if(transforms, [&](const TransformEntry& e) { return dropped.count(e.name) > 0; });
  std::erase_if(mappings, [&](const TableMapping& m) { return dropped.count(m.source_table) > 0; });
}

Result<ConflictMode> ParseConflictMode(std::string_view text) {
  for (ConflictMode m : {ConflictMode::kInsert, ConflictMode::kSkip, ConflictMode::kUpdate, ConflictMode::kReplace,
                         ConflictMode::kError})
    if (text == ConflictModeName(m)) return m;
  return Status::InvalidInput("--on-conflict '" + std::string(text) +
                              "': expected insert, skip, update, replace or error");
}

namespace {

// Refuses a mapping that names what the source does not have.
Status CheckMappings(const CopyOptions& options, const Catalog& source) {
  for (const auto& m : options.mappings) {
    const TableSchema* t = source.FindTable(m.source_table);
    if (!t) return Status::NotFound("plan: the source has no table " + m.source_table);
    std::vector<std::string> unknown;
    for (const auto& [from, to] : m.columns)
      if (!t->FindColumn(from)) unknown.push_back(from);
    for (const auto& c : m.drop_columns)
      if (!t->FindColumn(c)) unknown.push_back(c);
    if (!unknown.empty())
      return Status::InvalidInput("plan: table " + m.source_table + " has no column " + JoinNames(unknown));
  }
  return Status::OK();
}

// Applies the plan's renames to a target schema made from the source's:
// the table's own name and columns (with its keys and indexes), and the
// tables and columns its foreign keys refer to. Dropped columns are gone
// from `dst` already.
void RenameInSchema(const std::vector<TableMapping>& mappings, const TableMapping& own, TableSchema* dst) {
  dst->name = own.TargetTable();
  for (auto& c : dst->columns) c.name = own.TargetColumn(c.name);
  for (auto& k : dst->primary_key) k = own.TargetColumn(k);
  for (auto& idx : dst->indexes)
    for (auto& c : idx.columns) c = own.TargetColumn(c);
  for (auto& fk : dst->foreign_keys) {
    for (auto& c : fk.columns) c = own.TargetColumn(c);
    if (const TableMapping* ref = FindMapping(mappings, fk.ref_table)) {
      for (auto& c : fk.ref_columns) c = ref->TargetColumn(c);
      fk.ref_table = ref->TargetTable();
    }
  }
}

// The conflict mode of the job reading `source`: its sql: entry's, else the run's.
ConflictMode JobConflictMode(const CopyOptions& options, const std::string& source) {
  const TransformEntry* entry = options.FindTransform(source);
  return entry && entry->on_conflict ? *entry->on_conflict : options.on_conflict;
}

// The natural key of `dst` for a merge: the sql: entry's key, else --key's
// columns for the table (an exact name before globs), else its primary
// key; names as in `dst`.

Result<std::vector<std::string>> ConflictKey(const CopyOptions& options, ConflictMode mode, const std::string& source,
                                             const TableSchema& dst, const std::vector<ColumnMapping>& columns) {
  const std::vector<std::string>* given = nullptr;
  if (const TransformEntry* entry = options.FindTransform(source); entry && !entry->key.empty()) given = &entry->key;
  for (const auto& [glob, cols] : options.keys)
    if (!given && glob == dst.name) given = &cols;
  for (const auto& [glob, cols] : options.keys)
    if (!given && GlobMatches(glob, dst.name)) given = &cols;
  std::vector<std::string> key;
  if (given) {
    for (const auto& name : *given) {
      const ColumnSchema* c = FindColumnLoose(dst, name);
      if (!c) return Status::InvalidInput("--key: table " + dst.name + " has no column " + name);
      key.push_back(c->name);
    }
  } else {
    key = dst.primary_key;
  }
  if (key.empty() && options.FindTransform(source))
    return Status::InvalidInput(options.FindTransform(source)->origin + ": on_conflict " +
                                std::string(ConflictModeName(mode)) + ": the sql: entry " + source + " (to " + dst.name +
                                ") needs key: (the columns that match its rows with the target's)");
  if (key.empty())
    return Status::InvalidInput("--on-conflict " + std::string(ConflictModeName(mode)) +
                                ": table " + dst.name + " has no primary key to match rows by; name one with --key " +
                                dst.name + "=COLUMN[,COLUMN]");
  for (const auto& k : key)
    if (std::none_of(columns.begin(), columns.end(), [&](const ColumnMapping& m) { return m.target_column == k; }))
      return Status::InvalidInput("--key: column " + dst.name + "." + k + " is not loaded from the source");
  return key;
}

// The source-side filter of one table: --where conditions that match it and
// the --since/--until window on --time-column.
Result<std::string> FilterFor(const CopyOptions& options, const TableSchema& table, const Dialect& source) {
  std::vector<std::string> conds;
  for (const auto& [glob, cond] : options.where)
    if (GlobMatches(glob, table.name)) conds.push_back(cond);
  if ((options.since_micros || options.until_micros) && !options.time_column.empty()) {
    const ColumnSchema* col = table.FindColumn(options.time_column);
    if (col) {
      if (!col->type.IsTemporal())
        return Status::InvalidInput("--time-column " + options.time_column + " of table " + table.name +
                                    " is " + col->type.ToString() + ", not a date or timestamp");
      std::string q = source.QuoteIdent(col->name);
      if (options.since_micros) conds.push_back(q + " >= " + source.QuoteString(FormatTimestamp(*options.since_micros)));
      if (options.until_micros) conds.push_back(q + " < " + source.QuoteString(FormatTimestamp(*options.until_micros)));
    }
  }
  std::string out;
  for (size_t i = 0; i < conds.size(); ++i) out += (i ? ") AND (" : "") + conds[i];
  return conds.size() > 1 ? "(" + out + ")" : out;
}

}  // namespace

const char kCheckpointTable[] = "ferry_checkpoint";

bool IsMigrationBookkeeping(std::string_view table) {
  static const char* kNames[] = {"__drizzle_migrations", "knex_migrations",
                                 "knex_migrations_lock", "flyway_schema_history",
                                 "alembic_version",      "django_migrations",
                                 "_prisma_migrations",   "schema_migrations",
                                 "ar_internal_metadata"};
  for (const char* n : kNames)
    if (table == n) return true;
  return false;
}

namespace {

// What the sink cannot do at all, refused before anything else is planned.
Status RefuseWhatTheSinkCannotDo(const CopyOptions& options, const Sink& target) {
  const SinkCapabilities& caps = target.capabilities();
  std::string what;
  if (options.mode == SchemaMode::kDataOnly && !caps.loads_into_existing) what = "--data-only";
  else if (options.on_conflict != ConflictMode::kInsert && !caps.merges)
    what = "--on-conflict " + std::string(ConflictModeName(options.on_conflict));
  for (const auto& t : options.transforms)
    if (what.empty() && t.on_conflict && *t.on_conflict != ConflictMode::kInsert && !caps.merges)
      what = "on_conflict " + std::string(ConflictModeName(*t.on_conflict)) + " (sql: entry " + t.name + ")";
  if (what.empty()) return Status::OK();
  return Status::InvalidInput(what + " needs a database target; " + std::string(target.dialect().name()) + " " +
                              caps.noun + "s are written whole (use --drop to replace them)");
}

// A merge into a target that already holds every table loads into them.
SchemaMode EffectiveMode(const CopyOptions& options, const Catalog& source, const Catalog& target,
                         std::vector<std::string>* notes) {
  if (options.mode != SchemaMode::kCreate || options.on_conflict == ConflictMode::kInsert ||
      options.drop_existing || target.tables.empty())
    return options.mode;
  bool all = true, any = false;
  for (const auto& t : source.tables) {
    const bool listed = options.FindTransform(t.name) ||
                        (options.tables.empty() ? options.transforms.empty() : MatchesAnyGlob(options.tables, t.name));
    bool wanted = listed && !MatchesAnyGlob(options.excludes, t.name) && t.name != kCheckpointTable;
    if (!wanted) continue;
    const TableMapping* m = FindMapping(options.mappings, t.name);
    bool there = FindTableLoose(target, m ? m->TargetTable() : t.name) != nullptr;
    all &= there;
    any |= there;
  }
  if (!all || !any) return options.mode;
  notes->push_back("the target already has every table: --on-conflict " +
                   std::string(ConflictModeName(options.on_conflict)) + " merges into them");
  return SchemaMode::kDataOnly;
}

// The source tables the options name, in source order; refuses globs that
// match nothing and filters that fit no table.
Result<std::vector<const TableSchema*>> SelectTables(const CopyOptions& options, const Catalog& source,
                                                     SchemaMode mode, std::vector<std::string>* notes) {
  std::vector<const TableSchema*> selected;
  for (const auto& t : source.tables) {
    if (t.name == kCheckpointTable) {
      notes->push_back("skipped " + t.name + ": ferry's own checkpoints");
      continue;
    }
    if (options.FindTransform(t.name)) {
      selected.push_back(&t);
      continue;
    }
    bool named = !options.tables.empty() && MatchesAnyGlob(options.tables, t.name);
    if (!options.tables.empty() && !named) continue;
    if (options.tables.empty() && !options.transforms.empty()) continue;  // a plan of sql: entries only
    if (MatchesAnyGlob(options.excludes, t.name)) continue;
    if (mode == SchemaMode::kDataOnly && IsMigrationBookkeeping(t.name) && !named &&
        !MatchesAnyGlob(options.includes, t.name)) {
      notes->push_back("skipped " + t.name + ": migration bookkeeping of the target's framework (--include " +
                       t.name + " copies it anyway)");
      continue;
    }
    selected.push_back(&t);
  }
  for (const auto& g : options.tables) {
    bool hit = false;
    for (const auto& t : source.tables) hit |= GlobMatches(g, t.name);
    if (!hit) {
      std::vector<std::string> names;
      for (const auto& t : source.tables) names.push_back(t.name);
      return Status::NotFound("--tables '" + g + "' matches no table in the source (it has: " +
                              (names.empty() ? std::string("no tables") : JoinNames(names)) + ")");
    }
  }
  if (selected.empty() && !options.allow_no_tables) return Status::NotFound("no tables to copy: the source has none that match");
  if ((options.since_micros || options.until_micros) && options.time_column.empty())
    return Status::InvalidInput("--since/--until need --time-column (the column they filter on)");
  if (!options.time_column.empty()) {
    bool any = false;
    for (const auto* t : selected) any |= t->FindColumn(options.time_column) != nullptr;
    if (!any) return Status::InvalidInput("--time-column " + options.time_column + ": no selected table has that column");
  }
  return selected;
}

// A job's columns and target schema for loading into the table the
// application made: source columns matched by (renamed) name and converted
// to the target's types.
Status PlanLoadIntoExisting(const CopyOptions& options, const TableMapping& mapping, const Catalog& target,
                            TableJob* job) {
  const TableSchema& src = job->source_schema;
  const TableSchema* dst = FindTableLoose(target, job->target_table);
  if (!dst)
    return Status::NotFound("--data-only: the target has no table '" + job->target_table +
                            "' (create the schema first, e.g. by starting the application "
                            "once, or drop --data-only to let ferry create it)");
  job->target_table = dst->name;
  job->target_schema = *dst;
  std::vector<std::string> homeless;
  std::set<std::string> mapped;
  for (const auto& col : src.columns) {
    if (mapping.Drops(col.name)) continue;
    const std::string renamed = mapping.TargetColumn(col.name);
    const ColumnSchema* tc = FindColumnLoose(*dst, renamed);
    if (!tc) {
      homeless.push_back(col.name == renamed ? col.name : col.name + " (as " + renamed + ")");
      continue;
    }
    mapped.insert(tc->name);
    ColumnMapping m{col.name, tc->name, col.type, tc->type, CastFunction::kNone};
    if (const CastRule* rule = FindCastRule(options.casts, src.name, col)) {
      m.using_fn = rule->using_fn;
      // A rule's target type describes the value; the column keeps its type.
      if (rule->using_fn == CastFunction::kNone) m.source_type = col.type;
    }
    Status st = CheckConvertible(m.source_type, m.target_type, m.using_fn);
    if (!st.ok())
      return st.WithContext("table " + src.name + ", column " + col.name + " (" + col.type.ToString() + " -> " +
                            tc->type.ToString() + ")");
    job->columns.push_back(std::move(m));
  }
  if (!homeless.empty())
    return Status::InvalidInput("table " + src.name + ": the target table has no column for " + JoinNames(homeless) +
                                " (the two schemas differ: migrate the older one first, or --exclude the table)");
  std::vector<std::string> unfilled;
  for (const auto& tc : dst->columns)
    if (!mapped.count(tc.name) && !tc.nullable && !tc.auto_increment && tc.default_value.kind == DefaultKind::kNone)
      unfilled.push_back(tc.name);
  if (!unfilled.empty())
    return Status::InvalidInput("table " + src.name + ": target columns " + JoinNames(unfilled) +
                                " are NOT NULL without a default and have no source column");
  const ConflictMode mode = JobConflictMode(options, src.name);
  if (mode != ConflictMode::kInsert) {
    job->on_conflict = mode;
    FERRY_ASSIGN_OR_RETURN(job->conflict_key, ConflictKey(options, mode, src.name, *dst, job->columns));
  }
  return Status::OK();
}

// Dropped columns take their keys, indexes and FKs with them, named.
void DropMappedColumns(const TableMapping& mapping, TableSchema* dst, std::vector<std::string>* notes) {
  if (mapping.drop_columns.empty()) return;
  const std::string table = dst->name;
  std::erase_if(dst->columns, [&](const ColumnSchema& c) { return mapping.Drops(c.name); });
  auto uses_dropped = [&](const std::vector<std::string>& cols) {
    return std::any_of(cols.begin(), cols.end(), [&](const std::string& c) { return mapping.Drops(c); });
  };
  std::vector<std::string> lost;
  if (uses_dropped(dst->primary_key)) {
    lost.push_back("primary key");
    dst->primary_key.clear();
  }
  std::erase_if(dst->indexes, [&](const IndexSchema& i) {
    if (uses_dropped(i.columns)) lost.push_back("index " + i.name);
    return uses_dropped(i.columns);
  });
  std::erase_if(dst->foreign_keys, [&](const ForeignKeySchema& f) {
    if (uses_dropped(f.columns)) lost.push_back("foreign key to " + f.ref_table);
    return uses_dropped(f.columns);
  });
  if (!lost.empty()) notes->push_back(table + ": " + JoinNames(lost) + " not created (they use a dropped column)");
}

// A date/datetime/timestamp default of MySQL's zero-date family
// ('0000-00-00', '0000-00-00 00:00:00') names no day of any calendar, and
// no other engine accepts it (PostgreSQL refuses the CREATE TABLE). Such
// values arrive as NULL (the MySQL reader's rule, counted per column), so
// the default goes and the column takes NULL, as pgloader does: a column
// declared to receive zero dates must be able to hold what they become.
// Every target, MySQL too, since its reader nulls the values the same way.
void DropZeroDateDefault(const std::string& table, ColumnSchema* col, std::vector<std::string>* notes) {
  if (!col->type.IsTemporal() || col->default_value.kind != DefaultKind::kLiteral ||
      !IsZeroDateFamily(col->default_value.text))
    return;
  notes->push_back(table + "." + col->name + ": zero-date default '" + col->default_value.text + "' dropped" +
                   (col->nullable ? "" : " and NOT NULL lifted") + " (zero dates arrive as NULL)");
  col->default_value = {};
  col->nullable = true;
}

// Each column of a table ferry creates: its type (cast rules; the native
// type kept only between databases of one engine), its default where the
// sink can spell it, and its mapping.
Status MapCreatedColumns(const CopyOptions& options, const Dialect& source_dialect, const Sink& target,
                         const TableMapping& mapping, TableSchema* dst, TableJob* job, std::vector<std::string>* notes) {
  const Dialect& target_dialect = target.dialect();
  const std::string& table = job->source_table;
  // A query's columns carry DuckDB's native types.
  const std::string_view source_engine = options.FindTransform(table) ? "duckdb" : source_dialect.name();
  const bool same_dialect = source_engine == target_dialect.name();
  for (auto& col : dst->columns) {
    ColumnMapping m{col.name, mapping.TargetColumn(col.name), col.type, col.type, CastFunction::kNone};
    if (const CastRule* rule = FindCastRule(options.casts, table, col)) {
      col.type = rule->to;
      col.native_type.clear();
      m.target_type = rule->to;
      m.using_fn = rule->using_fn;
      Status st = CheckConvertible(m.source_type, m.target_type, m.using_fn);
      if (!st.ok()) return st.WithContext("cast rule '" + rule->text + "' on " + table + "." + col.name);
      if (col.default_value.kind == DefaultKind::kLiteral || col.default_value.kind == DefaultKind::kExpression) {
        notes->push_back(table + "." + col.name + ": default '" + col.default_value.text +
                         "' dropped (the cast changed the column's type)");
        col.default_value = {};
      }
    }
    if (!same_dialect) col.native_type.clear();
    DropZeroDateDefault(table, &col, notes);
    auto native = target_dialect.NativeType(col.type);
    if (!native.ok()) return native.status().WithContext("table " + table + ", column " + col.name);
    if (col.default_value.kind == DefaultKind::kExpression && !same_dialect) {
      notes->push_back(table + "." + col.name + ": default expression '" + col.default_value.text + "' has no " +
                       std::string(target_dialect.name()) + " spelling; not copied");
      col.default_value = {};
    } else if (col.default_value.kind != DefaultKind::kNone && target.capabilities().defaults &&
               !target_dialect.DefaultSql(col)) {
      notes->push_back(table + "." + col.name + ": default '" + col.default_value.text + "' cannot be expressed in " +
                       std::string(target_dialect.name()) + "; not copied");
      col.default_value = {};
    }
    job->columns.push_back(std::move(m));
  }
  if (!target.capabilities().text_lengths) {
    std::vector<std::string> bounded;
    for (const auto& col : dst->columns)
      if ((col.type.id == TypeId::kText || col.type.id == TypeId::kBytes) && col.type.length >= 0)
        bounded.push_back(col.name + " (" + col.type.ToString() + ")");
    if (!bounded.empty())
      notes->push_back(table + ": " + std::string(target_dialect.name()) + " keeps no length limit for " +
                       JoinNames(bounded));
  }
  return Status::OK();
}

// FKs to tables outside the copy, or to columns a mapping drops, cannot be
// created; actions the sink refuses are left off. Each loss is named.
void KeepForeignKeys(const CopyOptions& options, const Sink& target, const std::set<std::string>& selected,
                     TableSchema* dst, std::vector<std::string>* notes) {
  const std::string table = dst->name;
  const std::string engine(target.dialect().name());
  std::vector<ForeignKeySchema> fks;
  for (const auto& fk : dst->foreign_keys) {
    if (!selected.count(fk.ref_table)) {
      notes->push_back(table + ": foreign key " + (fk.name.empty() ? "" : fk.name + " ") + "to " + fk.ref_table +
                       " not created (that table is not copied)");
      continue;
    }
    const TableMapping* ref = FindMapping(options.mappings, fk.ref_table);
    if (ref && std::any_of(fk.ref_columns.begin(), fk.ref_columns.end(),
                           [&](const std::string& c) { return ref->Drops(c); })) {
      notes->push_back(table + ": foreign key to " + fk.ref_table + " not created (it refers to a dropped column)");
      continue;
    }
    if (!target.capabilities().foreign_key_actions &&
        (fk.on_delete != FkAction::kNoAction || fk.on_update != FkAction::kNoAction))
      notes->push_back(table + ": foreign key " + fk.name + " to " + fk.ref_table +
                       " is created without its ON DELETE/UPDATE action (" + engine + " refuses actions)");
    fks.push_back(fk);
  }
  dst->foreign_keys = std::move(fks);
}

// What the sink cannot hold at all (a file holds rows only) goes, named.
void KeepWhatTheSinkHolds(const Sink& target, TableSchema* dst, const std::string& table,
                          std::vector<std::string>* notes) {
  const SinkCapabilities& caps = target.capabilities();
  std::vector<std::string> lost;
  if (!caps.keys && !dst->primary_key.empty()) {
    lost.push_back("primary key");
    dst->primary_key.clear();
  }
  if (!caps.indexes && !dst->indexes.empty()) {
    lost.push_back(std::to_string(dst->indexes.size()) + " index(es)");
    dst->indexes.clear();
  }
  if (caps.foreign_keys == SinkCapabilities::When::kNone && !dst->foreign_keys.empty()) {
    lost.push_back(std::to_string(dst->foreign_keys.size()) + " foreign key(s)");
    dst->foreign_keys.clear();
  }
  if (!lost.empty())
    notes->push_back(table + ": " + JoinNames(lost) + " not kept: " + std::string(target.dialect().name()) + " " +
                     caps.noun + "s hold rows only");
  if (!caps.auto_increment)
    for (auto& col : dst->columns) col.auto_increment = false;
  if (!caps.defaults)
    for (auto& col : dst->columns) col.default_value = {};
}

// A job's columns and target schema for a table ferry creates from the
// source's.
Status PlanCreatedTable(const CopyOptions& options, const Dialect& source_dialect, const Sink& target,
                        const TableMapping& mapping, const std::set<std::string>& selected, TableJob* job,
                        std::vector<std::string>* notes) {
  TableSchema dst = job->source_schema;
  DropMappedColumns(mapping, &dst, notes);
  FERRY_RETURN_NOT_OK(MapCreatedColumns(options, source_dialect, target, mapping, &dst, job, notes));
  KeepForeignKeys(options, target, selected, &dst, notes);
  RenameInSchema(options.mappings, mapping, &dst);
  KeepWhatTheSinkHolds(target, &dst, job->source_table, notes);
  TranslateIndexes(target, !options.FindTransform(job->source_table) && source_dialect.name() == target.dialect().name(),
                   &dst, notes);
  job->target_schema = std::move(dst);
  return Status::OK();
}

}  // namespace

Result<Plan> PlanCopy(const CopyOptions& options, const Catalog& source, const Dialect& source_dialect,
                      const Sink& target, const Catalog& target_catalog) {
  const SinkCapabilities& caps = target.capabilities();
  FERRY_RETURN_NOT_OK(RefuseWhatTheSinkCannotDo(options, target));
  Plan plan;
  plan.mode = EffectiveMode(options, source, target_catalog, &plan.notes);
  const SchemaMode mode = plan.mode;
  plan.drop_existing = options.drop_existing;
  plan.truncate = options.truncate;
  if (options.truncate && mode != SchemaMode::kDataOnly)
    return Status::InvalidInput("--truncate goes with --data-only (without it, use --drop to replace tables)");
  FERRY_RETURN_NOT_OK(CheckMappings(options, source));

  FERRY_ASSIGN_OR_RETURN(std::vector<const TableSchema*> selected, SelectTables(options, source, mode, &plan.notes));
  // Parents first.
  std::vector<std::string> order;
  for (size_t i : FkOrder(selected.size(), ForeignKeyEdges(selected))) order.push_back(selected[i]->name);
  std::set<std::string> selected_names(order.begin(), order.end());

  for (const auto& name : order) {
    const TableSchema& src = *source.FindTable(name);
    // The plan's mapping of this table; without one, names stay as they are.
    const TableMapping* found = FindMapping(options.mappings, src.name);
    const TableMapping mapping = found ? *found : TableMapping{src.name};
    TableJob job;
    job.source_table = src.name;
    job.target_table = mapping.TargetTable();
    job.source_schema = src;
    job.row_estimate = src.row_estimate;
    job.limit = options.limit;
    if (auto it = options.table_limits.find(job.source_table); it != options.table_limits.end()) job.limit = it->second;
    FERRY_ASSIGN_OR_RETURN(job.where, FilterFor(options, src, source_dialect));
    // A query is not split: each key range would run all of it again.
    const TransformEntry* entry = options.FindTransform(src.name);
    const bool is_query = entry != nullptr;
    job.from_query = is_query;
    if (!is_query && src.primary_key.size() == 1 && caps.concurrent_writers && caps.key_range_writers) {
      const ColumnSchema* k = src.FindColumn(src.primary_key[0]);
      if (k && k->type.IsInteger()) job.split_column = k->name;
    }
    if (mode == SchemaMode::kDataOnly) {
      FERRY_RETURN_NOT_OK(PlanLoadIntoExisting(options, mapping, target_catalog, &job));
    } else {
      if (FindTableLoose(target_catalog, job.target_table) &&
          std::find(plan.existing_tables.begin(), plan.existing_tables.end(), job.target_table) ==
              plan.existing_tables.end())
        plan.existing_tables.push_back(job.target_table);
      FERRY_RETURN_NOT_OK(
          PlanCreatedTable(options, source_dialect, target, mapping, selected_names, &job, &plan.notes));
      // An sql: entry merges even into a table this run creates: its rows
      // may meet those of another entry feeding the same table, or repeat.
      const ConflictMode entry_mode = JobConflictMode(options, src.name);
      if (options.FindTransform(src.name) && entry_mode != ConflictMode::kInsert) {
        job.on_conflict = entry_mode;
        FERRY_ASSIGN_OR_RETURN(job.conflict_key,
                               ConflictKey(options, entry_mode, src.name, job.target_schema, job.columns));
      }
    }
    if (is_query) job.query_key = entry->key.empty() ? job.target_schema.primary_key : entry->key;
    plan.jobs.push_back(std::move(job));
  }
  std::map<std::string, int> feeds;
  for (const auto& job : plan.jobs) feeds[job.target_table]++;
  for (auto& job : plan.jobs) job.shares_target = feeds[job.target_table] > 1;
  // Name the tables whose FKs form a cycle: they load in source order, and
  // sinks that check FKs on load handle those FKs specially.
  std::vector<std::string> cyclic;
  auto in_cycle = ForeignKeysInCycles(plan);
  for (size_t j = 0; j < plan.jobs.size(); ++j)
    if (std::find(in_cycle[j].begin(), in_cycle[j].end(), true) != in_cycle[j].end())
      cyclic.push_back(plan.jobs[j].target_table);
  if (!cyclic.empty()) plan.notes.push_back("foreign keys form a cycle among " + JoinNames(cyclic));

  NameIndexes(target, target_catalog, &plan, &plan.notes);
  SchemaSteps steps = BuildSchemaSteps(plan, caps);
  plan.pre_data = std::move(steps.pre_data);
  plan.post_data = std::move(steps.post_data);
  plan.notes.insert(plan.notes.end(), steps.notes.begin(), steps.notes.end());
  return plan;
}

}  // namespace ferry
