// Running a shell command from a test (peer tools: node scripts, npm), its
// stdout and stderr together.
#pragma once

#include <string>

namespace ferry::test {

struct Command {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

Command Shell(const std::string& command);

// Installs the npm `packages` ("name@version ...") into a new temp
// directory once per test binary and `packages` string, and returns it; ""
// after a test failure naming what is missing (node, npm, the registry).
std::string NpmInstall(const std::string& packages);

}  // namespace ferry::test
