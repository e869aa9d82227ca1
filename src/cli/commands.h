// The subcommands. Each registers its flags on the CLI11 app and returns the
// callback that runs it; the callback returns the process exit code. Flags
// become a validated options struct before any work starts.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace ferry::cli {

using Runner = std::function<int()>;

Runner AddCopyCommand(CLI::App& app);
Runner AddInspectCommand(CLI::App& app);
Runner AddHomarrCommand(CLI::App& app);
Runner AddVerifyCommand(CLI::App& app);
Runner AddRunCommand(CLI::App& app);
Runner AddSerCommand(CLI::App& app);
Runner AddHomerCommand(CLI::App& app);  // homer settings, hep, url
Runner AddHepCommand(CLI::App& app);    // hep listen
Runner AddBackupCommand(CLI::App& app);  // backup, backup list/check/prune
Runner AddRestoreCommand(CLI::App& app);
// Under `ferry homer`: `url` (homer_url_command.cc).
Runner AddHomerUrlCommand(CLI::App* homer);
// Under `ferry homer`: `hep` (homer_hep_command.cc).
Runner AddHomerHepCommand(CLI::App* homer);

// Shared: print an error under the program's name on stderr.
void PrintError(const std::string& message);

}  // namespace ferry::cli
