// ferry: move an application's data between database engines and prove
// nothing was lost. This file only dispatches to the subcommands.
#include <csignal>
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "cli/version.h"
#include "cli/exit_codes.h"
#include "cli/unknown_args.h"

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App app{
      "ferry: copy whole databases between SQLite, PostgreSQL, MySQL/MariaDB and DuckDB,\n"
      "faithfully and fast, and account for every row.\n\n"
      "URIs: sqlite:///path.db  postgres://user:pw@host:5432/db  mysql://user:pw@host/db\n"
      "      duckdb:///path.duckdb   csv:///dir  jsonl:///dir  parquet:///dir (one file per table)\n"
      "      archive:///dir/NAME-YYYYMMDDTHHMMSSZ (a backup archive: Parquet + manifest)\n"
      "      (passwords may also come from PGPASSWORD/.pgpass, MYSQL_PWD)\n\n"
      "Exit codes: 0 ok, 1 internal error, 2 usage or refused plan, 3 rows need attention,\n"
      "            4 source error, 5 target error, 6 unsupported, 7 local file error,\n"
      "            8 interrupted or --max-rejects crossed, 9 verify (or backup check) found differences,\n"
      "            10 --on-conflict error met a key the target already holds",
      "ferry"};
  app.set_version_flag("--version", ferry::cli::VersionText);
  app.require_subcommand(1);
  std::vector<ferry::cli::Runner> runners;
  auto copy = ferry::cli::AddCopyCommand(app);
  auto inspect = ferry::cli::AddInspectCommand(app);
  auto verify = ferry::cli::AddVerifyCommand(app);
  auto run = ferry::cli::AddRunCommand(app);
  auto homarr = ferry::cli::AddHomarrCommand(app);
  auto ser = ferry::cli::AddSerCommand(app);
  auto homer = ferry::cli::AddHomerCommand(app);
  auto hep = ferry::cli::AddHepCommand(app);
  auto backup = ferry::cli::AddBackupCommand(app);
  auto restore = ferry::cli::AddRestoreCommand(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // A mistyped flag or command is named with its nearest known spelling;
    // other refusals keep CLI11's words.
    std::string unknown = ferry::cli::ExplainUnknownArgs(app, argc, argv);
    ferry::cli::PrintError(unknown.empty() ? e.what() : unknown);
    std::fprintf(stderr, "run 'ferry --help' or 'ferry <command> --help' for usage\n");
    return ferry::kExitUsage;
  }
  for (auto* sub : app.get_subcommands()) {
    if (sub->get_name() == "copy") return copy();
    if (sub->get_name() == "inspect") return inspect();
    if (sub->get_name() == "verify") return verify();
    if (sub->get_name() == "run") return run();
    if (sub->get_name() == "homarr") return homarr();
    if (sub->get_name() == "ser") return ser();
    if (sub->get_name() == "homer") return homer();
    if (sub->get_name() == "hep") return hep();
    if (sub->get_name() == "backup") return backup();
    if (sub->get_name() == "restore") return restore();
  }
  return ferry::kExitUsage;
}
