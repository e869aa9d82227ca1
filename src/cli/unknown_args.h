// Explains a command line CLI11 refused, in the words a user typed: the
// first word that names no command, or the first flag the command has not,
// with the nearest known name (core/edit_distance.h). Main thread only.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace ferry::cli {

// "unknown flag --tabels for 'ferry copy': did you mean --tables?",
// "unknown command 'cpoy': did you mean 'copy'?"; "" when every command and
// flag is known (CLI11's own message then says what is wrong).
std::string ExplainUnknownArgs(const CLI::App& app, int argc, char** argv);

}  // namespace ferry::cli
