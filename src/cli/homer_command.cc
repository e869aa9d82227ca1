// `ferry homer settings --pg-dsn URI --config-path FILE [--duckdb FILE] ...`:
// Homer 7 homer-app settings (PostgreSQL homer_config, either schema era)
// into a Homer 11 settings DuckDB file, flag for flag as homer-core's
// `migrate settings` (docs/homer.md). A recipe, not a second copy loop: the
// shipped plan (plan/recipes/homer.h) is parsed like any plan file and run
// by the copy runner; before that the Homer 11 tables the DuckDB file lacks
// are created. `homer hep` and `homer url` have their own files.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cli/commands.h"
#include "cli/copy_run.h"
#include "cli/exit_codes.h"
#include "core/uri.h"
#include "engines/engine.h"
#include "plan/plan_file.h"
#include "plan/recipes/homer.h"
#include "report/log.h"

namespace ferry::cli {

namespace {

struct SettingsFlags {
  std::string pg_dsn;
  std::string config_path;
  std::string duckdb;
  std::string owner_default = "admin";
  bool with_mappings = false;
  bool with_dashboards = true;
  bool skip_users = false;
  bool show_plan = false;
  CopyRun run;
};

// `s` inside a SQL string literal of the plan ('' for ').
std::string SqlText(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out;
}

// The settings file: --duckdb, else coordinator.settings_db_path of the
// homer-core config.
Result<std::string> SettingsDbPath(const SettingsFlags& f) {
  std::string path = f.duckdb;
  if (path.empty()) {
    if (f.config_path.empty())
      return Status::InvalidInput("give --duckdb FILE or --config-path (the homer-core config naming "
                                  "coordinator.settings_db_path)");
    std::ifstream in(f.config_path);
    if (!in) return Status::Io("--config-path " + f.config_path + ": cannot be read");
    std::stringstream text;
    text << in.rdbuf();
    auto j = nlohmann::json::parse(text.str(), nullptr, false);
    if (j.is_discarded()) return Status::InvalidInput("--config-path " + f.config_path + ": not valid JSON");
    const auto* at = j.is_object() && j.contains("coordinator") && j["coordinator"].is_object() &&
                             j["coordinator"].contains("settings_db_path")
                         ? &j["coordinator"]["settings_db_path"]
                         : nullptr;
    if (!at || !at->is_string() || at->get<std::string>().empty())
      return Status::InvalidInput("--config-path " + f.config_path +
                                  ": no coordinator.settings_db_path (or give --duckdb FILE)");
    path = at->get<std::string>();
  }
  std::error_code ec;
  auto abs = std::filesystem::absolute(path, ec);
  if (ec) return Status::Io("settings file " + path + ": " + ec.message());
  return abs.string();
}

// Introspects homer_config: which era's users table it has, and which
// tables it lacks (auth_token before 2020-01-24): their entries are left
// out and count 0 rows.
Status CheckSource(const std::string& dsn, recipes::HomerSettingsChoice* choice, std::set<std::string>* lacking) {
  auto src = ParseUri(dsn, "--pg-dsn");
  if (!src.ok()) return src.status();
  if (src->scheme != "postgres")
    return Status::InvalidInput("--pg-dsn " + src->Redacted() + ": homer_config is a PostgreSQL database; give "
                                "postgres://user:pw@host:5432/homer_config");
  auto db = OpenDatabase(*src, AccessMode::kReadOnly);
  if (!db.ok()) return db.status();
  auto catalog = (*db)->Introspect();
  if (!catalog.ok()) return catalog.status().WithContext("reading homer_config's schema");
  const char* tables[] = {"users", "global_settings", "user_settings", "mapping_schema", "hepsub_mapping_schema",
                          "alias", "auth_token", "agent_location_session"};
  int found = 0;
  for (const char* t : tables) {
    if (catalog->FindTable(t)) {
      ++found;
    } else {
      lacking->insert(t);
    }
  }
  if (found == 0)
    return Status::NotFound("--pg-dsn " + src->Redacted() + " holds none of homer-app's settings tables (users, "
                            "global_settings, user_settings, ...): is it homer_config?");
  const TableSchema* users = catalog->FindTable("users");
  choice->users_enabled = users && users->FindColumn("enabled");
  if (choice->users && users && !choice->users_enabled)
    log::Info("homer", "users has no enabled column (homer-app before 2024-09-19): every user is active");
  return Status::OK();
}

// Creates the Homer 11 tables the settings file lacks (under --dry-run:
// prints their DDL). Returns the missing ones in `missing` under --dry-run.
Status PrepareSettingsDb(const std::string& path, bool dry_run, std::set<std::string>* missing) {
  bool exists = std::filesystem::exists(path);
  if (dry_run && !exists) {
    log::Info("homer", "dry run: the settings file " + path + " does not exist; it would be created");
    for (const auto& [table, ddl] : recipes::Homer11SettingsTables()) {
      std::printf("-- ferry homer settings would create (Homer 11 settings DDL):\n%s;\n", ddl.c_str());
      missing->insert(table);
    }
    return Status::OK();
  }
  auto uri = ParseUri("duckdb://" + path, "settings file");
  if (!uri.ok()) return uri.status();
  auto db = OpenDatabase(*uri, AccessMode::kReadWrite);
  if (!db.ok()) return Status::Target("settings file " + path + " cannot be opened: " + db.status().message());
  auto catalog = (*db)->Introspect();
  if (!catalog.ok()) return catalog.status().WithContext("reading the settings file's schema");
  std::string created;
  for (const auto& [table, ddl] : recipes::Homer11SettingsTables()) {
    if (catalog->FindTable(table)) continue;
    if (dry_run) {
      std::printf("-- ferry homer settings would create (Homer 11 settings DDL):\n%s;\n", ddl.c_str());
      missing->insert(table);
      continue;
    }
    Status st = (*db)->Execute(ddl);
    if (!st.ok()) return st.WithContext("creating the Homer 11 table " + table);
    created += (created.empty() ? "" : ", ") + table;
  }
  if (!created.empty()) log::Info("homer", "created the Homer 11 table(s) " + created);
  return Status::OK();
}

int RunSettings(SettingsFlags f) {
  log::SetLevel(f.run.verbose ? log::Level::kDebug : f.run.quiet ? log::Level::kWarn : log::Level::kInfo);
  recipes::HomerSettingsChoice choice;
  choice.users = !f.skip_users;
  choice.dashboards = f.with_dashboards;
  choice.mappings = f.with_mappings;
  if (f.show_plan) {
    std::fputs(recipes::HomerSettingsPlanYaml(choice).c_str(), stdout);
    return kExitOk;
  }
  if (f.owner_default.empty()) {
    PrintError("--owner-default must name a user");
    return kExitUsage;
  }
  auto path = SettingsDbPath(f);
  if (!path.ok()) {
    PrintError(path.status().message());
    return ExitCodeFor(path.status());
  }
  // The source first: nothing is created in the settings file for a source
  // that does not open.
  std::set<std::string> lacking, missing;
  Status st = CheckSource(f.pg_dsn, &choice, &lacking);
  if (st.ok()) st = PrepareSettingsDb(*path, f.run.dry_run, &missing);
  if (!st.ok()) {
    PrintError(st.ToString());
    return ExitCodeFor(st);
  }
  std::map<std::string, std::string> sets = {{"SOURCE", f.pg_dsn},
                                             {"TARGET", "duckdb://" + *path},
                                             {"NS", recipes::kHomerNamespace},
                                             {"OWNER", SqlText(f.owner_default)}};
  auto plan = ParsePlanFile(recipes::HomerSettingsPlanYaml(choice), "homer-settings.yaml", sets);
  if (!plan.ok()) {
    PrintError(plan.status().message());
    return ExitCodeFor(plan.status());
  }
  auto reads_lacking = [&](const TransformEntry& e) {
    for (const auto& t : lacking)
      if (e.sql.find("src." + t + " ") != std::string::npos || e.sql.find("src." + t + "\n") != std::string::npos)
        return true;
    return false;
  };
  for (const auto& e : plan->options.transforms)
    if (reads_lacking(e)) log::Info("homer", e.name + ": 0 rows (homer_config has no such table)");
  plan->options.DropTransforms(reads_lacking);
  PlanDryRunWithoutTables(missing, "homer", "the Homer 11 DDL", &plan->options);
  if (plan->options.transforms.empty()) {
    PrintError("nothing to migrate");
    return kExitUsage;
  }
  CopyRun run = std::move(f.run);
  run.command = "homer settings";
  run.source = plan->source;
  run.target = plan->target;
  run.options = std::move(plan->options);
  // Homer's settings file keeps no ferry bookkeeping table: the load is
  // small and a re-run skips what is there by key.
  run.no_checkpoint = true;
  return RunCopyJob(run);
}

}  // namespace

Runner AddHomerCommand(CLI::App& app) {
  CLI::App* homer = app.add_subcommand("homer", "Homer 7 -> Homer 11 (homer-core) migration (docs/homer.md)");
  homer->require_subcommand(1);
  auto flags = std::make_shared<SettingsFlags>();
  CLI::App* cmd = homer->add_subcommand(
      "settings",
      "Copy homer-app's settings (PostgreSQL homer_config, 7.0-7.6 or 7.7+) into the Homer 11 settings DuckDB "
      "file: users (bcrypt hashes verbatim), global settings, user preferences, dashboard metadata, HEPsub "
      "mappings, aliases, auth tokens, agent sessions. Missing tables are created; a re-run skips what is there");
  cmd->add_option("--pg-dsn", flags->pg_dsn, "homer_config: postgres://user:pw@host:5432/homer_config?sslmode=disable")
      ->required();
  cmd->add_option("--config-path", flags->config_path,
                  "homer-core config (JSON); its coordinator.settings_db_path is the DuckDB file");
  cmd->add_option("--duckdb", flags->duckdb, "The settings DuckDB file (default: from --config-path)");
  cmd->add_option("--owner-default", flags->owner_default,
                  "Username for settings and dashboards whose homer-app row has none (default admin)");
  cmd->add_flag("--with-mappings", flags->with_mappings,
                "Also copy mapping_schema (off: homer-core seeds its own; v7 fields_mapping differs)");
  cmd->add_flag("--with-dashboards", flags->with_dashboards,
                "Dashboard metadata (--with-dashboards=false: none; default true)");
  cmd->add_flag("--skip-users", flags->skip_users, "Leave users out (SSO/LDAP is the source of truth)");
  cmd->add_flag("--show-plan", flags->show_plan, "Print the shipped plan (YAML) and exit");
  AddRunFlags(cmd, &flags->run);
  Runner url = AddHomerUrlCommand(homer);
  Runner hep = AddHomerHepCommand(homer);
  return [homer, cmd, flags, url, hep]() -> int {
    if (cmd->parsed()) return RunSettings(*flags);
    for (auto* step : homer->get_subcommands()) {
      if (step->get_name() == "url") return url();
      if (step->get_name() == "hep") return hep();
    }
    return kExitUsage;
  };
}

}  // namespace ferry::cli
