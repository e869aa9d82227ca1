#include "cli/unknown_args.h"

#include <vector>

#include "core/edit_distance.h"

namespace ferry::cli {

namespace {

// The option of `app` (or of a parent it lets options fall through to)
// called `--name` (long) or `-c` (short).
const CLI::Option* FindOption(const CLI::App* app, const std::string& name, bool long_name) {
  for (; app != nullptr; app = app->get_fallthrough() ? app->get_parent() : nullptr) {
    for (const CLI::Option* opt : app->get_options()) {
      const auto& names = long_name ? opt->get_lnames() : opt->get_snames();
      for (const auto& n : names)
        if (n == name) return opt;
    }
  }
  return nullptr;
}

std::vector<std::string> LongFlags(const CLI::App* app) {
  std::vector<std::string> out;
  for (const CLI::Option* opt : app->get_options())
    for (const auto& n : opt->get_lnames()) out.push_back("--" + n);
  return out;
}

std::vector<std::string> Commands(const CLI::App* app) {
  std::vector<std::string> out;
  for (const CLI::App* sub : app->get_subcommands([](const CLI::App*) { return true; })) {
    out.push_back(sub->get_name());
    for (const auto& alias : sub->get_aliases()) out.push_back(alias);
  }
  return out;
}

const CLI::App* FindCommand(const CLI::App* app, const std::string& word) {
  for (const CLI::App* sub : app->get_subcommands([](const CLI::App*) { return true; }))
    if (sub->check_name(word)) return sub;
  return nullptr;
}

bool TakesPositionals(const CLI::App* app) {
  for (const CLI::Option* opt : app->get_options())
    if (opt->get_positional()) return true;
  return false;
}

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

}  // namespace

std::string ExplainUnknownArgs(const CLI::App& root, int argc, char** argv) {
  const CLI::App* app = &root;
  std::string path = root.get_name();
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") break;  // positionals only from here
    if (arg.size() > 2 && arg.compare(0, 2, "--") == 0) {
      const std::string name = arg.substr(2, arg.find('=') == std::string::npos ? std::string::npos : arg.find('=') - 2);
      const CLI::Option* opt = FindOption(app, name, true);
      if (!opt) {
        std::string out = "unknown flag --" + name + " for '" + path + "'";
        if (auto near = NearestWord("--" + name, LongFlags(app))) return out + ": did you mean " + *near + "?";
        return out + " (see '" + path + " --help')";
      }
      if (opt->get_type_size_max() > 0 && arg.find('=') == std::string::npos) ++i;  // its value
      continue;
    }
    if (arg.size() > 1 && arg[0] == '-') {
      const CLI::Option* opt = FindOption(app, arg.substr(1, 1), false);
      if (!opt) return "unknown flag " + arg.substr(0, 2) + " for '" + path + "' (see '" + path + " --help')";
      if (opt->get_type_size_max() > 0 && arg.size() == 2) ++i;
      continue;
    }
    if (const CLI::App* sub = FindCommand(app, arg)) {
      app = sub;
      path += " " + sub->get_name();
      continue;
    }
    // A positional value: CLI11 places it, or says itself there is one too many.
    if (TakesPositionals(app)) continue;
    std::vector<std::string> commands = Commands(app);
    if (commands.empty()) continue;
    std::string out = "unknown command '" + arg + "'" + (app == &root ? "" : " for '" + path + "'");
    if (auto near = NearestWord(arg, commands)) return out + ": did you mean '" + *near + "'?";
    return out + " (commands: " + Join(commands) + ")";
  }
  return "";
}

}  // namespace ferry::cli
