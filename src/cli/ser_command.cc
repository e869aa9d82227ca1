// `ferry ser -i SRC -o DST [-t a,b] [-v]`: migrates a SER (iptel.org SIP
// Express Router) database 0.9.x -> 2.0.x on MySQL/MariaDB, flag-compatible
// with the original migrate_ser_db script (docs/ser.md). A recipe, not a
// second copy loop: the shipped plan (plan/recipes/ser.h) is parsed like
// any plan file and run by the copy runner. Before that the 2.0 tables the
// plan writes are created in the destination where missing.
#include <algorithm>
#include <cctype>
#include <map>
#include <cstdio>
#include <set>

#include "cli/commands.h"
#include "cli/copy_run.h"
#include "cli/exit_codes.h"
#include "core/uri.h"
#include "engines/engine.h"
#include "plan/plan_file.h"
#include "plan/recipes/ser.h"
#include "report/log.h"

namespace ferry::cli {

namespace {

struct SerFlags {
  std::string source = "mysql://ser:heslo@localhost/ser";
  std::string target = "mysql://ser:heslo@localhost/ser_new";
  std::vector<std::string> tables;
  bool show_plan = false;
  CopyRun run;
};

std::string KnownNames() {
  std::string out;
  for (const auto& [name, prefix] : recipes::SerTableNames()) out += (out.empty() ? "" : ", ") + name;
  return out;
}

// The plan-entry prefixes `-t` selects; an unknown name is an error.
Result<std::set<std::string>> SelectedPrefixes(const std::vector<std::string>& names) {
  std::set<std::string> out;
  for (const auto& raw : names) {
    std::string name = raw;
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
    if (name.empty()) continue;
    if (name == "aliases") {
      log::Warn("ser", "aliases: not migrated (as in the original script); see docs/ser.md");
      continue;
    }
    const auto& known = recipes::SerTableNames();
    auto it = std::find_if(known.begin(), known.end(), [&](const auto& p) { return p.first == name; });
    if (it == known.end())
      return Status::InvalidInput("-t: unknown table '" + name + "' (known: " + KnownNames() + ")");
    out.insert(it->second);
  }
  return out;
}

std::string Prefix(const std::string& entry_name) { return entry_name.substr(0, entry_name.find('.')); }

// The source tables an entry's SQL reads (src.<name>).
std::set<std::string> SourceTablesOf(const TransformEntry& e) {
  std::set<std::string> out;
  for (size_t at = e.sql.find("src."); at != std::string::npos; at = e.sql.find("src.", at + 4)) {
    if (at > 0 && (std::isalnum(static_cast<unsigned char>(e.sql[at - 1])) || e.sql[at - 1] == '_')) continue;
    size_t end = at + 4;
    while (end < e.sql.size() && (std::isalnum(static_cast<unsigned char>(e.sql[end])) || e.sql[end] == '_')) ++end;
    out.insert(e.sql.substr(at + 4, end - at - 4));
  }
  return out;
}

// Opens the source and leaves out the entries that read a table it does not
// have (cpl comes from the cpl-c module, not ser_mysql.sh, so many 0.9
// databases lack it), each named in the log; a step named by -t whose
// table is missing is an error.
Status CheckSource(const std::string& source, const std::set<std::string>& named, CopyOptions* options) {
  auto src = ParseUri(source, "source");
  if (!src.ok()) return src.status();
  auto db = OpenDatabase(*src, AccessMode::kReadOnly);
  if (!db.ok()) return db.status();
  auto catalog = (*db)->Introspect();
  if (!catalog.ok()) return catalog.status().WithContext("reading the source schema");
  std::map<std::string, std::string> lacking;  // entry -> a table the source lacks
  for (const auto& e : options->transforms)
    for (const auto& t : SourceTablesOf(e))
      if (!catalog->FindTable(t)) lacking.emplace(e.name, t);
  for (const auto& [entry, table] : lacking) {
    if (named.count(Prefix(entry)))
      return Status::NotFound("-t " + Prefix(entry) + ": the source has no table " + table);
    log::Warn("ser", entry + " skipped: the source has no table " + table);
  }
  options->DropTransforms([&](const TransformEntry& e) { return lacking.count(e.name) > 0; });
  if (options->transforms.empty()) return Status::NotFound("the source holds none of SER 0.9's tables");
  return Status::OK();
}

// Creates the 2.0 tables the destination lacks (under --dry-run: names
// them). A destination database that does not exist is an error.
Status PrepareDestination(const std::string& target, bool dry_run, std::set<std::string>* missing) {
  auto uri = ParseUri(target, "destination");
  if (!uri.ok()) return uri.status();
  if (uri->scheme != "mysql")
    return Status::InvalidInput("destination " + uri->Redacted() +
                                ": ferry ser writes SER 2.0's MySQL/MariaDB schema; give a mysql:// URI");
  auto db = OpenDatabase(*uri, AccessMode::kReadWrite);
  if (!db.ok())
    return Status::Target("destination database " + uri->Redacted() +
                          " cannot be opened (it must exist; create it with CREATE DATABASE first): " +
                          db.status().message());
  auto catalog = (*db)->Introspect();
  if (!catalog.ok()) return catalog.status().WithContext("reading the destination schema");
  std::vector<std::string> created;
  for (const auto& [table, ddl] : recipes::Ser20Tables()) {
    if (catalog->FindTable(table)) continue;
    if (dry_run) {
      log::Info("ser", "would create the 2.0 table " + table);
      std::printf("-- ferry ser would create (SER 2.0 DDL):\n%s;\n", ddl.c_str());
      missing->insert(table);
      continue;
    }
    Status st = (*db)->Execute(ddl);
    if (!st.ok()) return st.WithContext("creating the 2.0 table " + table);
    created.push_back(table);
  }
  if (!created.empty()) {
    std::string names;
    for (const auto& t : created) names += (names.empty() ? "" : ", ") + t;
    log::Info("ser", "created the 2.0 table(s) " + names);
  }
  return Status::OK();
}

int RunSer(SerFlags f) {
  if (f.show_plan) {
    std::fputs(recipes::SerPlanYaml().c_str(), stdout);
    return kExitOk;
  }
  log::SetLevel(f.run.verbose ? log::Level::kDebug : f.run.quiet ? log::Level::kWarn : log::Level::kInfo);
  auto prefixes = SelectedPrefixes(f.tables);
  if (!prefixes.ok()) {
    PrintError(prefixes.status().message());
    return kExitUsage;
  }
  std::map<std::string, std::string> sets = {
      {"SOURCE", f.source}, {"TARGET", f.target}, {"NS", recipes::kSerNamespace}};
  auto plan = ParsePlanFile(recipes::SerPlanYaml(), "ser.yaml", sets);
  if (!plan.ok()) {
    PrintError(plan.status().message());
    return ExitCodeFor(plan.status());
  }
  if (!prefixes->empty()) {
    plan->options.DropTransforms([&](const TransformEntry& e) { return !prefixes->count(Prefix(e.name)); });
  } else if (!f.tables.empty()) {
    PrintError("-t selects nothing to migrate");
    return kExitUsage;
  }
  std::set<std::string> missing;
  // The source first: nothing is created in the destination for a source
  // that does not open.
  Status st = CheckSource(f.source, *prefixes, &plan->options);
  if (st.ok()) st = PrepareDestination(f.target, f.run.dry_run, &missing);
  if (!st.ok()) {
    PrintError(st.ToString());
    return ExitCodeFor(st);
  }
  PlanDryRunWithoutTables(missing, "ser", "the SER 2.0 DDL", &plan->options);
  CopyRun run = std::move(f.run);
  run.command = "ser";
  run.source = plan->source;
  run.target = plan->target;
  run.options = std::move(plan->options);
  return RunCopyJob(run);
}

}  // namespace

Runner AddSerCommand(CLI::App& app) {
  auto flags = std::make_shared<SerFlags>();
  CLI::App* cmd = app.add_subcommand(
      "ser",
      "Migrate a SER (iptel.org SIP Express Router) database 0.9.x -> 2.0.x on MySQL/MariaDB, as "
      "migrate_ser_db does (docs/ser.md). The destination database must exist; missing 2.0 tables are "
      "created. A second run changes nothing");
  cmd->add_option("-i,--input", flags->source, "The 0.9 database, read only (default mysql://ser:***@localhost/ser, as the script)");
  cmd->add_option("-o,--output", flags->target, "The 2.0 database; it must exist (default mysql://ser:***@localhost/ser_new)");
  cmd->add_option("-t,--tables", flags->tables,
                  "Only these (comma-separated): domain, subscriber, pending, uri, location, cpl, msilo, "
                  "phonebook, admin_privileges, grp, usr_preferences, acc, missed_calls")
      ->delimiter(',');
  cmd->add_flag("--show-plan", flags->show_plan, "Print the shipped plan (YAML) and exit");
  AddRunFlags(cmd, &flags->run);
  return [flags] { return RunSer(*flags); };
}

}  // namespace ferry::cli
