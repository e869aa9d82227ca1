// The parts of `ferry backup` shared between its files: the subcommands
// that read archives (backup_inspect_command.cc) and the rotation step
// (backup_command.cc). Main thread only.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "backup/retention.h"
#include "cli/commands.h"

namespace ferry::cli {

// `backup list DIR` and `backup check ARCHIVE`, under `backup`.
Runner AddBackupListCommand(CLI::App* backup);
Runner AddBackupCheckCommand(CLI::App* backup);

// Prints each archive's fate under `policy` and, unless `dry_run`, removes
// those not kept. Returns the exit code.
int RunRotation(const std::string& dir, const backup::RetentionPolicy& policy, bool dry_run);

}  // namespace ferry::cli
