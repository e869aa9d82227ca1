// `ferry restore ARCHIVE_OR_DIR DST`: a copy from archive:// into DST, run
// by the copy runner (tables, keys, indexes, FKs as the archive recorded
// them). A backup directory means its newest complete archive. Opening the
// archive checks every file against the manifest, so a damaged or
// incomplete archive is refused before the target is even opened.
#include <filesystem>

#include "cli/commands.h"
#include "cli/copy_run.h"
#include "cli/exit_codes.h"
#include "cli/flags.h"
#include "engines/archive/layout.h"
#include "engines/archive/manifest.h"
#include "report/log.h"

namespace ferry::cli {
namespace {

namespace fs = std::filesystem;

struct RestoreFlags {
  CopyRun run;
  std::string from;
  std::vector<std::string> tables, excludes;
  bool data_only = false, truncate = false, drop = false;
};

// `path` itself when it is an archive, else the newest complete archive
// directly under it.
Result<std::string> ArchiveToRestore(const std::string& path) {
  std::error_code ec;
  if (fs::exists(fs::path(path) / archive::kManifestFile, ec)) return path;
  auto found = archive::ListArchives(path);
  if (!found.ok()) return Status::NotFound(path + " is neither an archive (no manifest.json) nor a backup directory");
  for (auto it = found->rbegin(); it != found->rend(); ++it) {
    auto m = archive::ReadManifest(it->path);
    if (m.ok() && m->complete) return it->path;
    log::Warn("restore", "skipping " + it->path + ": " + (m.ok() ? "incomplete" : m.status().message()));
  }
  return Status::NotFound("no complete archive in " + path + " (see ferry backup list " + path + ")");
}

int RunRestore(const RestoreFlags& f) {
  auto chosen = ArchiveToRestore(f.from);
  if (!chosen.ok()) {
    PrintError(chosen.status().message());
    return ExitCodeFor(chosen.status());
  }
  CopyRun run = f.run;
  run.command = "restore";
  run.source = "archive://" + fs::absolute(*chosen).string();
  log::Info("restore", "from " + *chosen);
  run.options.tables = SplitCommas(f.tables);
  run.options.excludes = SplitCommas(f.excludes);
  run.options.mode = f.data_only ? SchemaMode::kDataOnly : SchemaMode::kCreate;
  run.options.truncate = f.truncate;
  run.options.drop_existing = f.drop;
  return RunCopyJob(run);
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
  AddRunFlags(cmd, &flags->run);
  AddDevCloneFlags(cmd, &flags->run);
  return [flags] { return RunRestore(*flags); };
}

}  // namespace ferry::cli
