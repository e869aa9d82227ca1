// `ferry backup SRC DIR`: new archives DIR/NAME-<UTC time>/ (a copy of SRC
// into archive://, run by the copy runner like any copy; one per database
// with --all-databases and per PostgreSQL schema, backup/server.h), then rotation
// of DIR by the --keep-* rules. `ferry backup prune DIR` applies the rules
// alone. `list` and `check` are in backup_inspect_command.cc.
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "backup/rotation.h"
#include "backup/server.h"
#include "cli/backup_commands.h"
#include "cli/commands.h"
#include "cli/copy_run.h"
#include "cli/exit_codes.h"
#include "cli/flags.h"
#include "core/temporal.h"
#include "core/uri.h"
#include "engines/archive/layout.h"
#include "engines/archive/manifest.h"
#include "report/log.h"

namespace ferry::cli {
namespace {

namespace fs = std::filesystem;

struct RotationFlags {
  backup::RetentionPolicy policy;
  std::string within;
};

struct BackupFlags {
  CopyRun run;
  std::string dir, name, time;
  bool all_databases = false;
  std::vector<std::string> tables, excludes;
  RotationFlags rotation;
};

void AddRotationFlags(CLI::App* cmd, RotationFlags* f) {
  cmd->add_option("--keep-last", f->policy.last, "Keep the N newest archives")->check(CLI::NonNegativeNumber);
  cmd->add_option("--keep-hourly", f->policy.hourly, "Keep the newest archive of each of the last N hours that have one")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--keep-daily", f->policy.daily, "... of each of the last N days (UTC)")->check(CLI::NonNegativeNumber);
  cmd->add_option("--keep-weekly", f->policy.weekly, "... of each of the last N ISO weeks")->check(CLI::NonNegativeNumber);
  cmd->add_option("--keep-monthly", f->policy.monthly, "... of each of the last N months")->check(CLI::NonNegativeNumber);
  cmd->add_option("--keep-yearly", f->policy.yearly, "... of each of the last N years")->check(CLI::NonNegativeNumber);
  cmd->add_option("--keep-within", f->within,
                  "Keep every archive newer than the newest one's time minus DURATION (30d, 12h, 1y2m)");
}

// The policy from the flags; an unparsable duration is kInvalidInput.
Result<backup::RetentionPolicy> PolicyOf(const RotationFlags& f) {
  backup::RetentionPolicy policy = f.policy;
  if (!f.within.empty()) {
    auto within = backup::ParseKeepDuration(f.within);
    if (!within.ok()) return within.status().WithContext("--keep-within '" + f.within + "'");
    policy.within = *within;
  }
  return policy;
}

// NAME's default: the database's name (a server URI's database, an
// embedded file's name without its extension).
std::string DefaultName(const Uri& uri) {
  if (uri.scheme == "postgres" || uri.scheme == "mysql") return uri.path.empty() ? uri.user : uri.path;
  return fs::path(uri.path).stem().string();
}

// --time's value in seconds since 1970 (now when empty).
Result<int64_t> ArchiveTime(const std::string& text) {
  if (text.empty())
    return static_cast<int64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  auto micros = ParseTimestamp(text);
  if (!micros) return Status::InvalidInput("--time '" + text + "' is not an RFC 3339 time (2026-12-03T02:00:00Z)");
  return *micros / kMicrosPerSecond;
}

// One archive of the run: DIR/NAME-<time>, a copy of the unit's URI into it.
int BackupOne(const BackupFlags& f, const backup::BackupUnit& unit, int64_t time) {
  const std::string name = archive::SafeArchiveName(unit.name);
  const fs::path folder = fs::path(f.dir) / archive::ArchiveFolderName(name, time);
  std::error_code ec;
  if (fs::exists(folder, ec)) {
    // The same archive again (same NAME and --time): an interrupted one is
    // resumed by the copy's checkpoints; a complete one is never rewritten.
    auto manifest = archive::ReadManifest(folder.string());
    if (!manifest.ok() || manifest->complete) {
      PrintError("archive " + folder.string() + " exists already (one archive per name and second; see --time, --name)");
      return kExitUsage;
    }
    log::Info("backup", "resuming the interrupted archive " + folder.string());
  }
  CopyRun run = f.run;
  run.command = "backup";
  run.source = unit.uri;
  run.target = "archive://" + fs::absolute(folder).string();
  run.options.tables = SplitCommas(f.tables);
  run.options.excludes = SplitCommas(f.excludes);
  run.options.allow_no_tables = run.options.tables.empty();  // an empty database is one too
  log::Info("backup", "into " + folder.string());
  return RunCopyJob(run);
}

int RunBackup(const BackupFlags& f) {
  auto source = ParseUri(f.run.source, "source");
  auto policy = PolicyOf(f.rotation);
  auto time = ArchiveTime(f.time);
  for (const Status& st : {source.status(), policy.status(), time.status()})
    if (!st.ok()) {
      PrintError(st.message());
      return kExitUsage;
    }
  // Every archive of the run shares its time, which is how a restore finds
  // the run's archives (backup/restore_set.h).
  auto units = backup::BackupUnits(f.run.source, f.all_databases,
                                   f.all_databases || !f.name.empty() ? f.name : DefaultName(*source));
  if (!units.ok()) {
    PrintError(units.status().message());
    return ExitCodeFor(units.status());
  }
  int code = kExitOk;
  for (const auto& unit : *units) {
    int one = BackupOne(f, unit, *time);
    if (one != kExitOk && one != kExitRejected) return one;  // no rotation after a failed backup
    if (one != kExitOk) code = one;
  }
  if (policy->empty()) return code;
  std::error_code ec;
  if (f.run.dry_run && !fs::exists(f.dir, ec)) {
    std::printf("-- rotation: %s holds no archives yet\n", f.dir.c_str());
    return code;
  }
  int rotated = RunRotation(f.dir, *policy, f.run.dry_run);
  return code != kExitOk ? code : rotated;
}

}  // namespace

int RunRotation(const std::string& dir, const backup::RetentionPolicy& policy, bool dry_run) {
  auto steps = backup::PlanRotation(dir, policy);
  if (!steps.ok()) {
    PrintError(steps.status().message());
    return ExitCodeFor(steps.status());
  }
  for (const auto& s : *steps) {
    std::string reasons;
    for (const auto& r : s.decision.reasons) reasons += (reasons.empty() ? "" : ", ") + r;
    std::printf("%s %s (%s)\n", s.decision.keep ? "keep  " : (dry_run ? "would remove" : "remove"),
                s.decision.archive.name.c_str(), reasons.c_str());
  }
  std::fflush(stdout);
  if (dry_run) return kExitOk;
  Status st = backup::ApplyRotation(*steps);
  if (!st.ok()) {
    PrintError(st.message());
    return ExitCodeFor(st);
  }
  return kExitOk;
}

Runner AddBackupCommand(CLI::App& app) {
  auto flags = std::make_shared<BackupFlags>();
  CLI::App* cmd = app.add_subcommand(
      "backup",
      "Back up SRC into a new archive DIR/NAME-YYYYMMDDTHHMMSSZ (one zstd Parquet file per table plus "
      "manifest.json; restorable into any engine with `ferry restore`), then rotate DIR by the --keep-* rules. "
      "Subcommands: list, check, prune");
  cmd->add_option("SRC", flags->run.source, "Source database URI (opened read-only)");
  cmd->add_option("DIR", flags->dir, "The backup directory (made when missing)");
  cmd->add_option("--name", flags->name, "NAME of the archive folder (default: the source database's name)");
  cmd->add_option("--time", flags->time,
                  "The archive's time, RFC 3339 (default: now), for imports and tests, as restic's --time");
  cmd->add_option("--tables,-t", flags->tables, "Only these tables (glob patterns, comma-separated or repeated)");
  cmd->add_option("--exclude,-x", flags->excludes, "Skip these tables (glob patterns)");
  cmd->add_flag("--all-databases", flags->all_databases,
                "SRC is a server (postgres://, mysql://): one archive per database, templates and system "
                "databases left out, all with the same time (ferry restore --all-databases puts them back)");
  AddRotationFlags(cmd, &flags->rotation);
  AddRunFlags(cmd, &flags->run);
  AddDevCloneFlags(cmd, &flags->run);
  Runner list = AddBackupListCommand(cmd);
  Runner check = AddBackupCheckCommand(cmd);
  auto prune_flags = std::make_shared<std::pair<std::string, RotationFlags>>();
  auto prune_dry = std::make_shared<bool>(false);
  CLI::App* prune = cmd->add_subcommand("prune", "Remove the archives of DIR the --keep-* rules do not keep "
                                                 "(the newest complete archive always stays)");
  prune->add_option("DIR", prune_flags->first, "The backup directory")->required();
  AddRotationFlags(prune, &prune_flags->second);
  prune->add_flag("--dry-run,-n", *prune_dry, "Remove nothing: list what would go");
  cmd->require_subcommand(0, 1);
  return [flags, cmd, list, check, prune, prune_flags, prune_dry]() -> int {
    if (cmd->got_subcommand("list")) return list();
    if (cmd->got_subcommand("check")) return check();
    if (prune->parsed()) {
      auto policy = PolicyOf(prune_flags->second);
      if (!policy.ok() || policy->empty()) {
        PrintError(policy.ok() ? "backup prune needs at least one --keep-* rule" : policy.status().message());
        return kExitUsage;
      }
      return RunRotation(prune_flags->first, *policy, *prune_dry);
    }
    if (flags->run.source.empty() || flags->dir.empty()) {
      PrintError("backup needs SRC and DIR (ferry backup SRC DIR), or one of: list, check, prune");
      return kExitUsage;
    }
    return RunBackup(*flags);
  };
}

}  // namespace ferry::cli
