#include "support/shell.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <map>

#include "support/test_env.h"

namespace ferry::test {

Command Shell(const std::string& command) {
  Command c;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return c;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) c.output.append(buf, n);
  int status = pclose(pipe);
  c.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return c;
}

std::string NpmInstall(const std::string& packages) {
  static std::map<std::string, std::string> installed;
  if (auto it = installed.find(packages); it != installed.end()) return it->second;
  for (const char* tool : {"node", "npm"}) {
    if (Shell(std::string("command -v ") + tool).exit_code != 0) {
      ADD_FAILURE() << tool << " not found on PATH: this peer test needs Node.js and npm "
                    << "(apt-get install nodejs npm; scripts/setup.sh installs npm when missing)";
      return "";
    }
  }
  std::string dir = TempDir();
  Command npm = Shell("cd '" + dir + "' && npm install --prefer-offline --no-audit --no-fund --silent " + packages);
  if (npm.exit_code != 0) {
    ADD_FAILURE() << "npm install " << packages << " failed (exit " << npm.exit_code
                  << "; the npm registry or npm's cache is needed):\n" << npm.output;
    return "";
  }
  installed[packages] = dir;
  return dir;
}

}  // namespace ferry::test
