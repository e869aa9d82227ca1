// `ferry restore ARCHIVE_OR_DIR DST`: a copy from archive:// into DST, run
// by the copy runner (tables, keys, indexes, FKs as the archive recorded
// them), per archive of what backup/restore_set.h chooses (a backup
// directory: its newest run; --all-databases: every database of it, each
// made on DST's server when missing). Opening an archive checks every file
// against the manifest, so a damaged archive is refused before the target
// is even opened.
#include <filesystem>

#include "backup/restore_set.h"
#include "backup/server.h"
#include "cli/commands.h"
#include "cli/copy_run.h"
#include "cli/exit_codes.h"
#include "cli/flags.h"
#include "report/log.h"

namespace ferry::cli {
namespace {

namespace fs = std::filesystem;

struct RestoreFlags {
  CopyRun run;
  std::string from;
  std::vector<std::string> tables, excludes;
  bool data_only = false, truncate = false, drop = false, all_databases = false;
};

int RunRestore(const RestoreFlags& f) {
  auto items = backup::PlanRestore(f.from, f.run.target, f.all_databases);
  if (!items.ok()) {
    PrintError(items.status().message());
    return ExitCodeFor(items.status());
  }
  int code = kExitOk;
  for (const auto& item : *items) {
    if (!item.database.empty()) {
      bool created = false;
      Status st = backup::CreateDatabaseIfMissing(f.run.target, item.database, f.run.dry_run, &created);
      if (!st.ok()) {
        PrintError(st.message());
        return ExitCodeFor(st);
      }
      if (created) log::Info("restore", (f.run.dry_run ? "would create database " : "created database ") + item.database);
    }
    CopyRun run = f.run;
    run.command = "restore";
    run.source = "archive://" + fs::absolute(item.archive).string();
    run.target = item.target;
    log::Info("restore", "from " + item.archive);
    run.options.tables = SplitCommas(f.tables);
    run.options.excludes = SplitCommas(f.excludes);
    run.options.allow_no_tables = run.options.tables.empty();  // an empty database is one too
    run.options.mode = f.data_only ? SchemaMode::kDataOnly : SchemaMode::kCreate;
    run.options.truncate = f.truncate;
    run.options.drop_existing = f.drop;
    int one = RunCopyJob(run);
    if (one != kExitOk && one != kExitRejected) return one;  // the rest waits for this one's fix
    if (one != kExitOk) code = one;
  }
  return code;
}

}  // namespace

Runner AddRestoreCommand(CLI::App& app) {
  auto flags = std::make_shared<RestoreFlags>();
  CLI::App* cmd = app.add_subcommand(
      "restore",
      "Restore an archive (or a backup directory's newest complete archive) into DST, any engine: tables, keys, "
      "indexes and FKs as recorded. A damaged or incomplete archive is refused before DST is touched");
  cmd->add_option("ARCHIVE_OR_DIR", flags->from, "An archive folder, or a backup directory")->required();
  cmd->add_option("DST", flags->run.target, "Target database URI")->required();
  cmd->add_option("--tables,-t", flags->tables, "Only these tables (glob patterns, comma-separated or repeated)");
  cmd->add_option("--exclude,-x", flags->excludes, "Skip these tables (glob patterns)");
  cmd->add_flag("--data-only", flags->data_only,
                "Load into the tables that already exist in DST (the application's schema)");
  cmd->add_flag("--truncate", flags->truncate, "With --data-only: empty the target tables first");
  cmd->add_flag("--drop", flags->drop, "Drop target tables of the same name before creating them");
  cmd->add_flag("--all-databases", flags->all_databases,
                "ARCHIVE_OR_DIR holds a whole server's backup (ferry backup --all-databases): restore each database "
                "of its newest run into the database of that name on DST's server, made when missing");
  AddRunFlags(cmd, &flags->run);
  AddDevCloneFlags(cmd, &flags->run);
  return [flags] { return RunRestore(*flags); };
}

}  // namespace ferry::cli
