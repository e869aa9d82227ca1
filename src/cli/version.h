// What `ferry --version` prints: ferry's version and git commit, and the
// versions of the engine libraries this binary runs with (read from the
// libraries themselves at run time, so a user can report them exactly).
#pragma once

#include <string>

namespace ferry::cli {

std::string VersionText();

}  // namespace ferry::cli
