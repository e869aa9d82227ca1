// `ferry backup list DIR`: the archives of a backup directory, one line
// each (time, tables, rows, size, complete). `ferry backup check ARCHIVE`:
// every file's size and SHA-256 and every table's row count against the
// manifest; each difference named; exit 9 when any.
#include <cstdio>
#include <filesystem>

#include "backup/archive_digests.h"
#include "cli/backup_commands.h"
#include "cli/exit_codes.h"
#include "engines/archive/archive_check.h"
#include "engines/archive/layout.h"
#include "engines/archive/manifest.h"
#include "report/progress.h"

namespace ferry::cli {
namespace {

namespace fs = std::filesystem;

int ListArchivesOf(const std::string& dir) {
  auto found = archive::ListArchives(dir);
  if (!found.ok()) {
    PrintError(found.status().message());
    return ExitCodeFor(found.status());
  }
  std::printf("%-40s %-20s %6s %12s %10s  %s\n", "archive", "time", "tables", "rows", "size", "complete");
  for (const auto& a : *found) {
    const std::string folder = fs::path(a.path).filename().string();
    auto m = archive::ReadManifest(a.path);
    if (!m.ok()) {
      std::printf("%-40s %-20s %6s %12s %10s  %s\n", folder.c_str(), archive::FormatRfc3339(a.folder.time).c_str(), "-",
                  "-", "-", "no (no readable manifest)");
      continue;
    }
    int64_t rows = 0, bytes = 0;
    for (const auto& t : m->tables) {
      rows += std::max<int64_t>(0, t.rows);
      bytes += std::max<int64_t>(0, t.bytes);
    }
    std::printf("%-40s %-20s %6zu %12s %10s  %s\n", folder.c_str(), archive::FormatRfc3339(a.folder.time).c_str(),
                m->tables.size(), Progress::Count(rows).c_str(), Progress::Bytes(bytes).c_str(),
                m->complete ? "yes" : "no");
  }
  return kExitOk;
}

// The problems of one archive: its files, then the rows of the files
// whose bytes are as recorded.
std::vector<std::string> ProblemsOf(const std::string& path) {
  auto m = archive::ReadManifest(path);
  if (!m.ok()) return {m.status().message()};
  std::vector<std::string> problems = archive::CheckFiles(path, *m);
  std::vector<std::string> damaged;
  for (const auto& t : m->tables)
    for (const auto& p : problems)
      if (p.rfind(t.file + ":", 0) == 0) damaged.push_back(t.file);
  for (auto& p : archive::CheckRows(path, *m, damaged)) problems.push_back(std::move(p));
  if (!problems.empty() || !m->complete) return problems;
  // The files are as written: their rows, read back as a restore reads
  // them, against the digests recorded as they were written.
  auto digests = backup::CheckDigests(path, *m);
  if (!digests.ok()) return {digests.status().message()};
  for (auto& p : *digests) problems.push_back(std::move(p));
  return problems;
}

// ARCHIVE, or every archive of a backup directory.
int CheckArchives(const std::string& path) {
  std::vector<std::string> archives;
  std::error_code ec;
  if (fs::exists(fs::path(path) / archive::kManifestFile, ec) || !fs::is_directory(path, ec)) {
    archives.push_back(path);
  } else {
    auto found = archive::ListArchives(path);
    if (found.ok())
      for (const auto& a : *found) archives.push_back(a.path);
    if (archives.empty()) archives.push_back(path);  // its missing manifest is named
  }
  bool all_good = true;
  for (const auto& a : archives) {
    std::vector<std::string> problems = ProblemsOf(a);
    if (problems.empty()) {
      std::printf("%s: ok (every file, row count and checksum as in the manifest)\n", a.c_str());
      continue;
    }
    all_good = false;
    for (const auto& p : problems) std::printf("%s: %s\n", a.c_str(), p.c_str());
  }
  std::fflush(stdout);
  if (all_good) return kExitOk;
  PrintError("the archive differs from its manifest (listed above): do not restore it");
  return kExitDifferent;
}

}  // namespace

Runner AddBackupListCommand(CLI::App* backup) {
  auto dir = std::make_shared<std::string>();
  CLI::App* cmd = backup->add_subcommand("list", "List the archives of a backup directory: time, tables, rows, size, "
                                                 "complete");
  cmd->add_option("DIR", *dir, "The backup directory")->required();
  return [dir] { return ListArchivesOf(*dir); };
}

Runner AddBackupCheckCommand(CLI::App* backup) {
  auto path = std::make_shared<std::string>();
  CLI::App* cmd = backup->add_subcommand(
      "check", "Check an archive (or every archive of a backup directory) against its manifest: each file's size and "
               "SHA-256, each table's row count and rows (checksum), completeness. Exit 9 when anything differs");
  cmd->add_option("ARCHIVE", *path, "An archive folder, or a backup directory")->required();
  return [path] { return CheckArchives(*path); };
}

}  // namespace ferry::cli
