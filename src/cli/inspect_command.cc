// `ferry inspect SRC [--as DIALECT]`: the source's schema as ferry sees it
// (native and logical types, keys, indexes, FKs, row estimates) and, with
// --as, the DDL a copy into that engine would run.
#include <cstdio>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/flags.h"
#include "core/glob.h"
#include "exec/executor.h"
#include "plan/copy_planner.h"
#include "report/log.h"
#include "report/progress.h"

namespace ferry::cli {

namespace {

struct InspectFlags {
  std::string source;
  std::string as;
  std::vector<std::string> tables, excludes, casts;
};

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + v[i];
  return out;
}

int RunInspect(const InspectFlags& f) {
  auto uri = ParseUri(f.source, "source");
  if (!uri.ok()) {
    PrintError(uri.status().message());
    return kExitUsage;
  }
  auto db = OpenDatabase(*uri, AccessMode::kReadOnly);
  if (!db.ok()) {
    PrintError(db.status().ToString());
    return ExitCodeFor(db.status());
  }
  auto catalog = (*db)->Introspect();
  if (!catalog.ok()) {
    PrintError(catalog.status().ToString());
    return ExitCodeFor(catalog.status());
  }
  CopyOptions options;
  options.tables = SplitCommas(f.tables);
  options.excludes = SplitCommas(f.excludes);
  for (const auto& text : f.casts) {
    auto rule = ParseCastRule(text);
    if (!rule.ok()) {
      PrintError(rule.status().message());
      return kExitUsage;
    }
    options.casts.push_back(*rule);
  }
  std::printf("%s (%s), %zu table(s)\n", (*db)->DisplayName().c_str(),
              std::string((*db)->dialect().name()).c_str(), catalog->tables.size());
  for (const auto& t : catalog->tables) {
    if (!options.tables.empty() && !MatchesAnyGlob(options.tables, t.name)) continue;
    if (MatchesAnyGlob(options.excludes, t.name)) continue;
    std::printf("\ntable %s  (~%s rows)\n", t.name.c_str(),
                t.row_estimate >= 0 ? Progress::Count(t.row_estimate).c_str() : "?");
    for (const auto& c : t.columns) {
      std::string def;
      if (c.default_value.kind != DefaultKind::kNone)
        def = " default " + (c.default_value.kind == DefaultKind::kCurrentTimestamp ? std::string("CURRENT_TIMESTAMP")
                                                                                    : c.default_value.text);
      std::printf("  %-28s %-26s -> %-16s%s%s%s\n", c.name.c_str(), c.native_type.c_str(),
                  c.type.ToString().c_str(), c.nullable ? "" : " not null", c.auto_increment ? " auto-increment" : "",
                  def.c_str());
    }
    if (!t.primary_key.empty()) std::printf("  primary key (%s)\n", Join(t.primary_key).c_str());
    for (const auto& i : t.indexes) std::printf("  %s\n", i.Describe().c_str());
    for (const auto& fk : t.foreign_keys)
      std::printf("  foreign key (%s) references %s (%s) on delete %s\n", Join(fk.columns).c_str(),
                  fk.ref_table.c_str(), Join(fk.ref_columns).c_str(),
                  std::string(FkActionSql(fk.on_delete)).c_str());
  }
  if (f.as.empty()) return kExitOk;
  auto dialect = MakeDialect(f.as == "mariadb" ? "mysql" : f.as == "postgresql" ? "postgres" : f.as);
  if (!dialect.ok()) {
    PrintError(dialect.status().message());
    return kExitUsage;
  }
  // What a copy into an empty database of that engine would create.
  std::unique_ptr<Sink> sink = MakeSqlSink(nullptr, std::move(*dialect));
  auto plan = PlanCopy(options, *catalog, (*db)->dialect(), *sink, Catalog{});
  if (!plan.ok()) {
    PrintError(plan.status().ToString());
    return ExitCodeFor(plan.status());
  }
  std::printf("\n-- DDL for %s\n", f.as.c_str());
  for (const auto* ops : {&plan->pre_data, &plan->post_data})
    for (const auto& op : *ops) {
      auto lines = sink->Describe(op);
      if (!lines.ok()) {
        PrintError(lines.status().ToString());
        return ExitCodeFor(lines.status());
      }
      for (const auto& sql : *lines) std::printf("%s;\n", sql.c_str());
    }
  for (const auto& n : plan->notes) std::printf("-- note: %s\n", n.c_str());
  return kExitOk;
}

}  // namespace

Runner AddInspectCommand(CLI::App& app) {
  auto flags = std::make_shared<InspectFlags>();
  CLI::App* cmd = app.add_subcommand("inspect", "Show a database's schema as ferry sees it, and the DDL it would create");
  cmd->add_option("SRC", flags->source, "Database URI (opened read-only)")->required();
  cmd->add_option("--as", flags->as, "Also print the DDL a copy into this engine would run: postgres, mysql, sqlite, duckdb")
      ->check(CLI::IsMember({"postgres", "postgresql", "mysql", "mariadb", "sqlite", "duckdb"}));
  cmd->add_option("--tables,-t", flags->tables, "Only these tables (globs)");
  cmd->add_option("--exclude,-x", flags->excludes, "Skip these tables (globs)");
  cmd->add_option("--cast", flags->casts, "Type rules, as for copy");
  return [flags] { return RunInspect(*flags); };
}

}  // namespace ferry::cli
